import { useT } from '../i18n';
import { fmtRange } from '../time';
import type { Clash } from '../types';

/** A schedule clash (409 `schedule_clash`): which point, which conference, when; and the way to go ahead anyway. */
export function ClashBox({
  clashes,
  names,
  tz,
  onForce,
  onCancel,
}: {
  clashes: Clash[];
  names: Map<string, string>;
  tz: string;
  onForce: () => void;
  onCancel: () => void;
}) {
  const T = useT();
  return (
    <div class="msg warning clash span2" role="alert" data-error="schedule_clash">
      <div>
        <strong>{T.clashTitle}</strong>
        <ul class="clash-groups">
          {groupByConference(clashes).map((g) => (
            <li key={g.conferenceId} data-clash-conference={g.conferenceId}>
              <span>
                {T.clashWith(g.title)} ({fmtRange(g.startsAt, g.endsAt, tz)}) —{' '}
                <a href={`/conferences/${g.conferenceId}`} target="_blank" rel="noopener">
                  {T.edit}
                </a>
              </span>
              <ul class="clash-points">
                {g.pointIds.map((id) => (
                  <li key={id}>
                    <strong>{names.get(id) ?? id}</strong>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </div>
      <div class="msg-action">
        <button type="button" class="btn" onClick={onForce}>
          {T.forceInvite}
        </button>
        <button type="button" class="btn ghost" onClick={onCancel}>
          {T.cancel}
        </button>
      </div>
    </div>
  );
}

/** One entry per conflicting conference, with the points it holds (the API lists one row per point and conference). */
export function groupByConference(clashes: Clash[]): Array<{ conferenceId: string; title: string; startsAt: string; endsAt: string; pointIds: string[] }> {
  const groups = new Map<string, { conferenceId: string; title: string; startsAt: string; endsAt: string; pointIds: string[] }>();
  for (const c of clashes) {
    const g = groups.get(c.conferenceId) ?? { conferenceId: c.conferenceId, title: c.title, startsAt: c.startsAt, endsAt: c.endsAt, pointIds: [] };
    if (!g.pointIds.includes(c.pointId)) g.pointIds.push(c.pointId);
    groups.set(c.conferenceId, g);
  }
  return [...groups.values()];
}

export function clashesOf(e: unknown): Clash[] | null {
  const err = e as { code?: string; details?: unknown };
  return err?.code === 'schedule_clash' && Array.isArray(err.details) ? (err.details as Clash[]) : null;
}
