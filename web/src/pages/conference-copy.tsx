import { useEffect, useState } from 'preact/hooks';
import { DateTimeField } from '../components/date-time-field';
import { DateTime } from 'luxon';
import { post } from '../api';
import { useT, errorText } from '../i18n';
import { useL } from '../i18n-live';
import { navigate } from '../router';
import { fromLocalInput, toLocalInput } from '../time';
import type { Conference, ConferenceCopy } from '../types';
import { Notice } from '../components/ui';

const FLASH = 'diemcau.flash';

export interface Flash {
  kind: 'success';
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

/**
 * Copy / reschedule: one request (`POST /api/conferences/:id/copy`) makes a new draft with the same title, description,
 * host, hotline, invited points (each with its mode) and agenda, at a new start (same length), all or nothing. Points
 * that clash at the new time, or were deactivated since, are not invited, and the page says which. A failure leaves
 * no draft: the dialog stays open with the error, and trying again is safe.
 */
export function CopyDialog({ conf, onClose }: { conf: Conference; onClose: () => void }) {
  const T = useT();
  const L = useL();
  const tz = conf.timezone;
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
      const copy = await post<ConferenceCopy>(`/api/conferences/${conf.id}/copy`, { startsAt });
      const { skipped, agendaItems } = copy.copy;
      const named = (ids: string[]) => (conf.points ?? []).filter((p) => ids.includes(p.pointId)).map((p) => p.name);
      const text = [
        // every invited point, the host included: the number the copy's page shows beside "Điểm cầu được mời"
        L.copyDone(copy.points.length, agendaItems),
        skipped.clashed.length ? L.copyClashed(named(skipped.clashed).join(', ')) : '',
        skipped.inactive.length ? L.copyInactive(named(skipped.inactive).join(', ')) : '',
      ];
      sessionStorage.setItem(FLASH, JSON.stringify({ kind: 'success', text: text.filter(Boolean).join(' ') } satisfies Flash));
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
