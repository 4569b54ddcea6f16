import { DateTime } from 'luxon';
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import type { WorkingDay } from './types';
import { ZONE } from './working-days';

export { nthWorkingDayEnd, ZONE } from './working-days';

const cache = new Map<string, Promise<Map<string, boolean> | null>>();

/** `GET /api/calendar/working-days` for a range (at most 366 days), as date → working; null when it cannot be read. */
export function loadWorkingDays(from: string, to: string): Promise<Map<string, boolean> | null> {
  const key = `${from}/${to}`;
  let p = cache.get(key);
  if (!p) {
    p = get<WorkingDay[]>(`/api/calendar/working-days?from=${from}&to=${to}`)
      .then((days) => new Map(days.map((d) => [d.date, d.working])))
      .catch(() => {
        cache.delete(key);
        return null;
      });
    cache.set(key, p);
  }
  return p;
}

export function today(): DateTime {
  return DateTime.now().setZone(ZONE).startOf('day');
}

/** The calendar covering the given due dates (clipped to a year around today), for "N working days left". */
export function useCalendarFor(dues: Array<string | null | undefined>): Map<string, boolean> | null {
  const [days, setDays] = useState<Map<string, boolean> | null>(null);
  const t = today();
  let lo = t;
  let hi = t.plus({ days: 45 });
  for (const iso of dues) {
    if (!iso) continue;
    const d = DateTime.fromISO(iso).setZone(ZONE).startOf('day');
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (lo < t.minus({ days: 180 })) lo = t.minus({ days: 180 });
  if (hi > lo.plus({ days: 365 })) hi = lo.plus({ days: 365 });
  // round the range to whole months so that paging through the list reuses one request
  const from = lo.startOf('month').toISODate()!;
  let toD = hi.endOf('month');
  if (toD.diff(DateTime.fromISO(from, { zone: ZONE }), 'days').days > 365) toD = DateTime.fromISO(from, { zone: ZONE }).plus({ days: 365 });
  const to = toD.toISODate()!;
  const wanted = dues.some((d) => !!d);
  useEffect(() => {
    if (!wanted) return;
    let stop = false;
    void loadWorkingDays(from, to).then((m) => !stop && setDays(m));
    return () => {
      stop = true;
    };
  }, [from, to, wanted]);
  return days;
}

export function fmtDay(iso: string | null | undefined): string {
  return iso ? DateTime.fromISO(iso).setZone(ZONE).toFormat('dd/MM/yyyy') : '';
}
export function fmtDayTime(iso: string | null | undefined): string {
  return iso ? DateTime.fromISO(iso).setZone(ZONE).toFormat('HH:mm dd/MM/yyyy') : '';
}
