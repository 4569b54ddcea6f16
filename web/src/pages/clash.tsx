import { useT } from '../i18n';
import { fmtRange } from '../time';
import type { Clash } from '../types';

/** A schedule clash (409 `schedule_clash`): which point, which conference, when; and the way to go ahead anyway. */
export function ClashBox({ clashes, names, tz, onForce, onCancel }: { clashes: Clash[]; names: Map<string, string>; tz: string; onForce: () => void; onCancel: () => void }) {
  const T = useT();
  return (
    <div class="msg warning clash" role="alert" data-error="schedule_clash">
      <div>
        <strong>{T.clashTitle}</strong>
        <ul>
          {clashes.map((c) => (
            <li key={`${c.pointId}-${c.conferenceId}`}>
              <strong>{names.get(c.pointId) ?? c.pointId}</strong>: {T.clashWith(c.title)} ({fmtRange(c.startsAt, c.endsAt, tz)}) —{' '}
              <a href={`/conferences/${c.conferenceId}`} target="_blank" rel="noopener">
                {T.edit}
              </a>
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

export function clashesOf(e: unknown): Clash[] | null {
  const err = e as { code?: string; details?: unknown };
  return err?.code === 'schedule_clash' && Array.isArray(err.details) ? (err.details as Clash[]) : null;
}
