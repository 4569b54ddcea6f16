import type Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../common/time/time';

/** One day of the working-day calendar (`GET /api/calendar/working-days`). */
export interface CalendarDay {
  date: string;
  working: boolean;
  holiday?: string;
}

/** An admin's override of one day: a substitute day off (`working: false`) or a make-up Saturday (`working: true`). */
export interface CalendarOverride {
  working: boolean;
  name: string;
}

/** The hour (local) at which a due day ends. */
export const DUE_HOUR = 17;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` that names a real day. */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

const DAY_MS = 86_400_000;

/** `date` moved by whole days (plain UTC arithmetic on a calendar date: no zone, no DST). */
function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const computed = new Map<number, ReadonlyMap<string, string>>();
let library: Holidays | null = null;

/**
 * Loads `date-holidays` the first time a calendar is needed (`CalendarService.calendar()` awaits it), not at start-up:
 * the library and its rules for every country add ~20 MB to the resident memory of every instance, most of which
 * never count a working day. Idempotent.
 */
export async function loadHolidays(): Promise<void> {
  if (library) return;
  const { default: HolidaysLibrary } = await import('date-holidays');
  library ??= new HolidaysLibrary('VN', { timezone: 'UTC' });
}

/**
 * Vietnam's public holidays of a year (Labour Code 2019, art. 112), computed: `date-holidays` gives the fixed days and
 * the lunar ones (the first day of Tết, Hùng Kings' day on 10/3 lunar); the rest is derived as the law says: Tết is
 * the lunar new year's eve and the first four days of the lunar year (the library lists only the eve and the first
 * day as public), National Day is 2/9 and the day after (the library lists only 2/9). Substitute days are overrides.
 */
export function publicHolidays(year: number): ReadonlyMap<string, string> {
  let days = computed.get(year);
  if (days) return days;
  if (!library) throw new Error('the holiday library is not loaded yet: await loadHolidays() first');
  const out = new Map<string, string>();
  const list = library.getHolidays(year) as Array<{ date: string; rule: string; type: string }>;
  const ruleDate = (rule: string) => list.find((h) => h.rule === rule)?.date.slice(0, 10);
  out.set(`${year}-01-01`, 'Tết Dương lịch');
  const tet = ruleDate('vietnamese 1-0-1');
  if (!tet) throw new Error(`date-holidays gave no lunar new year for ${year}`);
  out.set(plusDays(tet, -1), 'Tết Nguyên Đán (giao thừa)');
  for (let i = 0; i < 4; i++) out.set(plusDays(tet, i), `Tết Nguyên Đán (mùng ${i + 1})`);
  const hung = ruleDate('vietnamese 3-0-10');
  if (!hung) throw new Error(`date-holidays gave no Hùng Kings' day for ${year}`);
  out.set(hung, 'Giỗ Tổ Hùng Vương');
  out.set(`${year}-04-30`, 'Ngày Chiến thắng');
  out.set(`${year}-05-01`, 'Ngày Quốc tế Lao động');
  out.set(`${year}-09-02`, 'Quốc khánh');
  out.set(`${year}-09-03`, 'Quốc khánh (ngày liền kề)');
  days = out;
  computed.set(year, days);
  return days;
}

/**
 * The working-day calendar: Saturdays and Sundays off, computed public holidays off, and admins' overrides win over
 * both (a substitute day off, a make-up working Saturday). Pure: the overrides are handed in.
 */
export class WorkingCalendar {
  constructor(private readonly overrides: ReadonlyMap<string, CalendarOverride> = new Map()) {}

  day(date: string): CalendarDay {
    const o = this.overrides.get(date);
    if (o) return o.working ? { date, working: true } : { date, working: false, holiday: o.name };
    const holiday = publicHolidays(Number(date.slice(0, 4))).get(date);
    if (holiday) return { date, working: false, holiday };
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday, 6 = Saturday
    return { date, working: weekday !== 0 && weekday !== 6 };
  }

  isWorking(date: string): boolean {
    return this.day(date).working;
  }

  /** Every day from `from` to `to`, both inclusive. */
  range(from: string, to: string): CalendarDay[] {
    const out: CalendarDay[] = [];
    for (let d = from; d <= to; d = plusDays(d, 1)) out.push(this.day(d));
    return out;
  }

  /** The `n`-th working day after `date` (not counting `date` itself); `n` ≥ 1. */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    let left = n;
    while (left > 0) {
      d = plusDays(d, 1);
      if (this.isWorking(d)) left--;
    }
    return d;
  }

  /**
   * Working days from `from` to `to`: those after `from` up to and including `to` (0 when `to` is not after `from`);
   * negative when `to` is before `from` (days overdue).
   */
  workingDaysBetween(from: string, to: string): number {
    this.counter ??= new WorkingDayCounter(this);
    return this.counter.between(from, to);
  }

  private counter: WorkingDayCounter | undefined;

  /** The end (17:00 in `zone`) of the `n`-th working day after the local day of `at`. */
  dueAfter(at: Date, n: number, zone: string = DEFAULT_TIMEZONE): Date {
    const day = localDate(at, zone);
    const due = this.addWorkingDays(day, n);
    return DateTime.fromISO(due, { zone }).set({ hour: DUE_HOUR }).toUTC().toJSDate();
  }
}

/** Per zone: the offset (minutes) of each UTC day, or null when it changes during that day. */
const dayOffsets = new Map<string, Map<number, number | null>>();

/**
 * The local day of an instant as a day number (days since 1970-01-01 in the zone's calendar). Reports turn 100,000
 * instants into days: luxon (an `Intl` lookup) is asked for the zone's offset at the start and the end of each UTC day
 * only; when both agree the whole day has that offset, otherwise (a DST change that day) luxon answers for the instant.
 */
export function localDayNumber(at: Date, zone: string = DEFAULT_TIMEZONE): number {
  const ms = at.getTime();
  const utcDay = Math.floor(ms / DAY_MS);
  let days = dayOffsets.get(zone);
  if (!days) dayOffsets.set(zone, (days = new Map()));
  let offset = days.get(utcDay);
  if (offset === undefined) {
    const a = DateTime.fromMillis(utcDay * DAY_MS, { zone }).offset;
    const b = DateTime.fromMillis((utcDay + 1) * DAY_MS - 1, { zone }).offset;
    offset = a === b ? a : null;
    if (days.size > 50_000) days.clear();
    days.set(utcDay, offset);
  }
  if (offset === null) offset = DateTime.fromMillis(ms, { zone }).offset;
  return Math.floor((ms + offset * 60_000) / DAY_MS);
}

/** The local calendar date (`YYYY-MM-DD`) of an instant. */
export function localDate(at: Date, zone: string = DEFAULT_TIMEZONE): string {
  return new Date(localDayNumber(at, zone) * DAY_MS).toISOString().slice(0, 10);
}

/** Days between two ISO dates, both inclusive (1 for the same day). */
export function daysInclusive(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days) + 1;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD`. */
function epochDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/**
 * Counts working days between many pairs of dates quickly (reports over 100,000 petitions): whether each day works is
 * decided once, and a prefix sum answers each pair in constant time. Same answers as `workingDaysBetween`.
 */
export class WorkingDayCounter {
  private start = 0;
  private prefix: Int32Array = new Int32Array(1);

  constructor(private readonly calendar: WorkingCalendar) {}

  between(from: string, to: string): number {
    return this.betweenDays(epochDay(from), epochDay(to));
  }

  /** The same with day numbers (days since 1970-01-01, see `localDayNumber`). */
  betweenDays(a: number, b: number): number {
    if (b < a) return -this.betweenDays(b, a);
    this.cover(a, b);
    return this.prefix[b - this.start + 1] - this.prefix[a - this.start + 1];
  }

  /** prefix[i + 1] = working days among start … start + i. */
  private cover(a: number, b: number): void {
    const end = this.start + this.prefix.length - 1;
    if (this.prefix.length > 1 && a >= this.start && b < end) return;
    const start = Math.min(a, this.prefix.length > 1 ? this.start : a) - 31;
    const last = Math.max(b, this.prefix.length > 1 ? end : b) + 366;
    const prefix = new Int32Array(last - start + 2);
    for (let d = start; d <= last; d++) {
      const date = new Date(d * DAY_MS).toISOString().slice(0, 10);
      prefix[d - start + 1] = prefix[d - start] + (this.calendar.isWorking(date) ? 1 : 0);
      // (each day decided once per counter; the calendar is rebuilt when an override changes)
    }
    this.start = start;
    this.prefix = prefix;
  }
}
