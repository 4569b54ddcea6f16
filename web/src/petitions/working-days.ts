import { DateTime } from 'luxon';

/** Deadlines are counted in the province's zone. */
export const ZONE = 'Asia/Ho_Chi_Minh';

/** The hour (in the zone) at which a due day ends: a deadline is 17:00 of its day. */
export const DUE_HOUR = 17;

/** A date typed as YYYY-MM-DD, taken as the end (17:00) of that day in the province's zone; null when it is not a date. */
export function dayEnd(date: string): DateTime | null {
  const d = DateTime.fromISO(date, { zone: ZONE });
  return d.isValid ? d.set({ hour: DUE_HOUR, minute: 0, second: 0, millisecond: 0 }) : null;
}

/**
 * The earliest day (YYYY-MM-DD, in the zone) a chosen deadline may fall on: the first day whose 17:00 in the zone
 * is still after `now` (today before 17:00, else tomorrow), since the server refuses a deadline in the past.
 */
export function earliestDueDay(now: DateTime): string {
  const today = now.setZone(ZONE).startOf('day');
  const first = today.set({ hour: DUE_HOUR }) > now ? today : today.plus({ days: 1 });
  return first.toISODate()!;
}

/** A stretch of the working-day calendar (`GET /api/calendar/working-days`): `YYYY-MM-DD` → working. */
export type Calendar = ReadonlyMap<string, boolean>;

/** The end (17:00 in the zone) of the n-th working day after `from`'s day, as the API computes `workingDays`. */
export function nthWorkingDayEnd(days: Calendar, from: DateTime, n: number): DateTime | null {
  let d = from.setZone(ZONE).startOf('day');
  let left = n;
  for (let i = 0; i < 400 && left > 0; i++) {
    d = d.plus({ days: 1 });
    const w = days.get(d.toISODate()!);
    if (w === undefined) return null;
    if (w) left--;
  }
  return left === 0 ? d.set({ hour: DUE_HOUR }) : null;
}

/**
 * Working days from `today` to a due date, as the server's `workingDaysLeft`: positive = days left (the due day
 * counts, today does not), 0 = due today, negative = working days late (today counts, the due day does not).
 * Null when the calendar does not cover the range.
 */
export function workingDaysUntil(days: Calendar, dueIso: string, today: DateTime): number | null {
  const due = DateTime.fromISO(dueIso).setZone(ZONE).startOf('day');
  const t = today.setZone(ZONE).startOf('day');
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

/**
 * The count a petition's due cell shows: none for a petition past its deadline with no working day gone by since
 * (0 or more: the due day's evening, a weekend or a holiday), which is neither due today nor has days left.
 */
export function shownWorkingDays(counted: number | null, overdue: boolean): number | null {
  return counted !== null && overdue && counted >= 0 ? null : counted;
}
