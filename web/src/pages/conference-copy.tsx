import { useEffect, useState } from 'preact/hooks';
import { DateTimeField } from '../components/date-time-field';
import { DateTime } from 'luxon';
import { ApiError, get, post } from '../api';
import { useT, errorText } from '../i18n';
import { useL } from '../i18n-live';
import { navigate } from '../router';
import { epoch, fromLocalInput, toLocalInput } from '../time';
import type { Agenda, Conference } from '../types';
import { Notice } from '../components/ui';

const FLASH = 'diemcau.flash';

export interface Flash {
  kind: 'success' | 'warning';
  text: string;
}

/** A message for the next page (the copy's page), shown once. */
export function takeFlash(): Flash | null {
  const v = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  try {
    return v ? (JSON.parse(v) as Flash) : null;
  } catch {
    return null;
  }
}

/** The points an invitation was refused for: clashing at the new time, or no longer active (or gone) since. */
function refusedPoints(e: unknown): { clashed: string[]; inactive: string[] } | null {
  if (!(e instanceof ApiError)) return null;
  if (e.code === 'schedule_clash' && Array.isArray(e.details))
    return { clashed: [...new Set((e.details as Array<{ pointId: string }>).map((d) => d.pointId))], inactive: [] };
  const d = e.details as { unknownPointIds?: string[]; inactivePointIds?: string[] } | undefined;
  const inactive = [...(d?.unknownPointIds ?? []), ...(d?.inactivePointIds ?? [])];
  return e.status === 400 && inactive.length ? { clashed: [], inactive } : null;
}

/** Invites these points with one mode; points refused (a schedule clash, deactivated since) are left out and returned. */
async function inviteSkippingRefused(conferenceId: string, pointIds: string[], mode: string): Promise<{ clashed: string[]; inactive: string[] }> {
  const left = { clashed: [] as string[], inactive: [] as string[] };
  let rest = pointIds;
  // Each round leaves out what the previous refused (a clash is only checked once the points are all active).
  for (let round = 0; round < 3 && rest.length; round++) {
    try {
      await post(`/api/conferences/${conferenceId}/points`, { pointIds: rest, mode });
      return left;
    } catch (e) {
      const refused = refusedPoints(e);
      if (!refused) throw e;
      left.clashed.push(...refused.clashed);
      left.inactive.push(...refused.inactive);
      rest = rest.filter((id) => !refused.clashed.includes(id) && !refused.inactive.includes(id));
    }
  }
  if (rest.length) await post(`/api/conferences/${conferenceId}/points`, { pointIds: rest, mode });
  return left;
}

/**
 * Copy / reschedule: a new draft with the same title, description, host, hotline, invited points (each with its mode)
 * and agenda, at a new start (same length). Points that clash at the new time, or were deactivated since, are not
 * invited, and the page says which. Once the draft exists, a later failure still opens it, saying what was not copied:
 * trying again would make a second draft.
 */
export function CopyDialog({ conf, onClose }: { conf: Conference; onClose: () => void }) {
  const T = useT();
  const L = useL();
  const tz = conf.timezone;
  const lengthMs = epoch(conf.endsAt) - epoch(conf.startsAt);
  const suggested = (() => {
    const start = DateTime.fromISO(conf.startsAt).setZone(tz);
    const now = DateTime.now().setZone(tz);
    return start > now ? start : now.plus({ days: 1 }).set({ hour: start.hour, minute: start.minute, second: 0, millisecond: 0 });
  })();
  const [start, setStart] = useState(toLocalInput(suggested.toISO()!, tz));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => document.querySelector<HTMLInputElement>('input[name=copyStartDate]')?.focus(), []);

  async function go(e: Event) {
    e.preventDefault();
    const startsAt = fromLocalInput(start, tz);
    if (!startsAt) return setError(T.invalidTime);
    setBusy(true);
    setError(null);
    try {
      const endsAt = DateTime.fromISO(startsAt).plus({ milliseconds: lengthMs }).setZone(tz).toISO()!;
      const body: Record<string, unknown> = { title: conf.title, format: conf.format, timezone: tz, startsAt, endsAt, hostPointId: conf.hostPointId };
      for (const k of ['description', 'category', 'contactName', 'contactPhone'] as const) if (conf[k]) body[k] = conf[k];
      const agenda = await get<Agenda>(`/api/conferences/${conf.id}/agenda`);
      const copy = await post<Conference>('/api/conferences', body);
      const others = (conf.points ?? []).filter((p) => p.role !== 'host');
      const clashed: string[] = [];
      const inactive: string[] = [];
      let copiedItems = 0;
      let failed: string | null = null;
      try {
        for (const mode of ['online', 'in_person']) {
          const left = await inviteSkippingRefused(
            copy.id,
            others.filter((p) => p.mode === mode).map((p) => p.pointId),
            mode,
          );
          clashed.push(...left.clashed);
          inactive.push(...left.inactive);
        }
        let version = (await get<Agenda>(`/api/conferences/${copy.id}/agenda`)).version;
        for (const it of agenda.items) {
          const item: Record<string, unknown> = { version, title: it.title, kind: it.kind, durationMinutes: it.durationMinutes };
          for (const k of ['presenter', 'responsibleUnit', 'pointId', 'notes'] as const) if (it[k]) item[k] = it[k];
          if (item.pointId && (clashed.includes(String(item.pointId)) || inactive.includes(String(item.pointId)))) delete item.pointId;
          version = (await post<Agenda>(`/api/conferences/${copy.id}/agenda/items`, item)).version;
          copiedItems++;
        }
      } catch (err) {
        failed = errorText(err);
      }
      const named = (ids: string[]) => (conf.points ?? []).filter((p) => ids.includes(p.pointId)).map((p) => p.name);
      const flash = failed
        ? [L.copyIncomplete(copiedItems, agenda.items.length, failed)]
        : [
            L.copyDone(others.length - clashed.length - inactive.length, agenda.items.length),
            clashed.length ? L.copyClashed(named(clashed).join(', ')) : '',
            inactive.length ? L.copyInactive(named(inactive).join(', ')) : '',
          ];
      sessionStorage.setItem(FLASH, JSON.stringify({ kind: failed ? 'warning' : 'success', text: flash.filter(Boolean).join(' ') } satisfies Flash));
      onClose();
      navigate(`/conferences/${copy.id}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="cp-h" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form class="dialog" onSubmit={go} data-dialog="copy-conference">
        <h2 id="cp-h">{L.copyTitle}</h2>
        <p class="muted">{L.copyHint}</p>
        <DateTimeField name="copyStart" label={L.copyStart(T.inZone(tz))} value={start} onChange={setStart} />
        {error && <Notice kind="error">{error}</Notice>}
        <div class="row wrap end">
          <button type="button" class="btn" onClick={onClose}>
            {T.cancel}
          </button>
          <button type="submit" class="btn primary" disabled={busy} data-action="copy-go">
            {busy ? T.saving : L.copyGo}
          </button>
        </div>
      </form>
    </div>
  );
}
