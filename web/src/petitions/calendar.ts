import { DateTime } from 'luxon';
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import type { WorkingDay } from './types';

/** Deadlines are counted in the province's zone. */
export const ZONE = 'Asia/Ho_Chi_Minh';

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

/** The end (17:00 in the zone) of the n-th working day after `from`'s day, as the API computes `workingDays`. */
export function nthWorkingDayEnd(days: Map<string, boolean>, from: DateTime, n: number): DateTime | null {
  let d = from.setZone(ZONE).startOf('day');
  let left = n;
  for (let i = 0; i < 400 && left > 0; i++) {
    d = d.plus({ days: 1 });
    const w = days.get(d.toISODate()!);
    if (w === undefined) return null;
    if (w) left--;
  }
  return left === 0 ? d.set({ hour: 17 }) : null;
}

/**
 * Working days from today to a due date, as the server's `workingDaysLeft`: positive = days left (the due day
 * counts, today does not), 0 = due today, negative = working days late (today counts, the due day does not).
 * Null when the calendar does not cover the range.
 */
export function workingDaysUntil(days: Map<string, boolean>, dueIso: string): number | null {
  const due = DateTime.fromISO(dueIso).setZone(ZONE).startOf('day');
  const t = today();
  if (due.equals(t)) return 0;
  const [from, to, sign] = due > t ? [t, due, 1] : [due, t, -1];
  let n = 0;
  for (let d = from.plus({ days: 1 }); d <= to; d = d.plus({ days: 1 })) {
    const w = days.get(d.toISODate()!);
    if (w === undefined) return null;
    if (w) n++;
  }
  return sign * n;
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
