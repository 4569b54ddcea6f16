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

/** A message for the next page (the copy's page), shown once. */
export function takeFlash(): string | null {
  const v = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  return v;
}

/** Invites these points with one mode; points refused for a schedule clash are left out and returned. */
async function inviteSkippingClashes(conferenceId: string, pointIds: string[], mode: string): Promise<string[]> {
  if (!pointIds.length) return [];
  try {
    await post(`/api/conferences/${conferenceId}/points`, { pointIds, mode });
    return [];
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'schedule_clash' && Array.isArray(e.details))) throw e;
    const clashed = [...new Set((e.details as Array<{ pointId: string }>).map((d) => d.pointId))];
    const rest = pointIds.filter((id) => !clashed.includes(id));
    if (rest.length) await post(`/api/conferences/${conferenceId}/points`, { pointIds: rest, mode });
    return clashed;
  }
}

/**
 * Copy / reschedule: a new draft with the same title, description, host, hotline, invited points (each with its mode)
 * and agenda, at a new start (same length). Points that clash at the new time are not invited, and the page says which.
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
      for (const mode of ['online', 'in_person']) {
        clashed.push(
          ...(await inviteSkippingClashes(
            copy.id,
            others.filter((p) => p.mode === mode).map((p) => p.pointId),
            mode,
          )),
        );
      }
      let version = (await get<Agenda>(`/api/conferences/${copy.id}/agenda`)).version;
      for (const it of agenda.items) {
        const item: Record<string, unknown> = { version, title: it.title, kind: it.kind, durationMinutes: it.durationMinutes };
        for (const k of ['presenter', 'responsibleUnit', 'pointId', 'notes'] as const) if (it[k]) item[k] = it[k];
        if (item.pointId && clashed.includes(String(item.pointId))) delete item.pointId;
        version = (await post<Agenda>(`/api/conferences/${copy.id}/agenda/items`, item)).version;
      }
      const names = (conf.points ?? []).filter((p) => clashed.includes(p.pointId)).map((p) => p.name);
      sessionStorage.setItem(
        FLASH,
        [L.copyDone(others.length - clashed.length, agenda.items.length), names.length ? L.copyClashed(names.join(', ')) : ''].filter(Boolean).join(' '),
      );
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
