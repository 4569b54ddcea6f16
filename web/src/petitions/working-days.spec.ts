import { DateTime } from 'luxon';
import { dayEnd, earliestDueDay, nthWorkingDayEnd, shownWorkingDays, workingDaysUntil, ZONE } from './working-days';

/**
 * A calendar like the server's for late April – May 2026: weekends off, 30/4 and 1/5 off (Thursday, Friday),
 * plus a make-up Saturday 9/5 that an admin recorded as a working day.
 */
function calendar(): Map<string, boolean> {
  const m = new Map<string, boolean>();
  for (let d = DateTime.fromISO('2026-04-20', { zone: ZONE }); d <= DateTime.fromISO('2026-05-31', { zone: ZONE }); d = d.plus({ days: 1 })) {
    m.set(d.toISODate()!, d.weekday <= 5);
  }
  m.set('2026-04-30', false);
  m.set('2026-05-01', false);
  m.set('2026-05-09', true);
  return m;
}
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });

describe('nthWorkingDayEnd (the assign form’s due date preview)', () => {
  it.each([
    ['a Monday, 7 working days', '2026-04-20T09:00', 7, '2026-04-29T17:00'],
    ['over 30/4 and 1/5 and a weekend', '2026-04-28T15:00', 2, '2026-05-04T17:00'],
    ['the make-up Saturday counts', '2026-05-07T10:00', 2, '2026-05-09T17:00'],
    ['assigned on a Sunday: Monday is the first', '2026-05-03T20:00', 1, '2026-05-04T17:00'],
    ['late in the evening, the day of assignment never counts', '2026-04-21T23:30', 1, '2026-04-22T17:00'],
  ])('%s', (_name, from, n, due) => {
    expect(nthWorkingDayEnd(calendar(), at(from), n)?.toISO()).toBe(at(due).toISO());
  });

  it('is null when the calendar does not reach the due day', () => {
    expect(nthWorkingDayEnd(calendar(), at('2026-05-25T09:00'), 20)).toBeNull();
  });
});

describe('workingDaysUntil (working days left / late, as the server counts them)', () => {
  it.each([
    ['due today', '2026-04-22T10:00', '2026-04-22T17:00:00+07:00', 0],
    ['due tomorrow', '2026-04-22T10:00', '2026-04-23T17:00:00+07:00', 1],
    ['over the holidays and the weekend', '2026-04-29T10:00', '2026-05-04T17:00:00+07:00', 1],
    ['a week ahead', '2026-04-20T08:00', '2026-04-27T17:00:00+07:00', 5],
    ['one working day late', '2026-04-23T08:00', '2026-04-22T17:00:00+07:00', -1],
    ['late over the holidays: only working days count', '2026-05-04T08:00', '2026-04-29T17:00:00+07:00', -1],
    ['a due time given in UTC is read in the province’s zone', '2026-04-22T10:00', '2026-04-22T20:00:00Z', 1],
  ])('%s', (_name, today, due, expected) => {
    expect(workingDaysUntil(calendar(), due, at(today))).toBe(expected);
  });

  it('is null outside the calendar', () => {
    expect(workingDaysUntil(calendar(), '2026-07-01T17:00:00+07:00', at('2026-05-04T08:00'))).toBeNull();
  });
});

describe('shownWorkingDays (the due cell)', () => {
  it('shows days left and days late, but neither for a petition past its deadline with no working day gone by', () => {
    const days = calendar();
    // Due Wednesday 29/4 at 17:00; Thursday 30/4 and Friday 1/5 are holidays, then the weekend.
    const due = '2026-04-29T10:00:00.000Z';
    expect(shownWorkingDays(workingDaysUntil(days, due, at('2026-04-27T09:00')), false)).toBe(2);
    expect(shownWorkingDays(workingDaysUntil(days, due, at('2026-04-29T09:00')), false)).toBe(0); // due today
    expect(shownWorkingDays(workingDaysUntil(days, due, at('2026-04-29T18:00')), true)).toBeNull(); // its evening
    expect(shownWorkingDays(workingDaysUntil(days, due, at('2026-05-02T09:00')), true)).toBeNull(); // holidays, weekend
    expect(shownWorkingDays(workingDaysUntil(days, due, at('2026-05-04T09:00')), true)).toBe(-1); // Monday: 1 day late
    expect(shownWorkingDays(null, true)).toBeNull();
  });
});

describe('earliestDueDay (the first day the assign form lets one choose)', () => {
  it.each([
    ['in the morning: today', '2026-05-04T09:00:00+07:00', '2026-05-04'],
    ['a minute before 17:00: today', '2026-05-04T16:59:00+07:00', '2026-05-04'],
    ['at 17:00 sharp: tomorrow (a deadline must be in the future)', '2026-05-04T17:00:00+07:00', '2026-05-05'],
    ['in the evening: tomorrow', '2026-05-04T21:30:00+07:00', '2026-05-05'],
    ['just before midnight at the end of a month: the next month', '2026-05-31T23:59:00+07:00', '2026-06-01'],
  ])('%s', (_name, now, day) => {
    expect(earliestDueDay(DateTime.fromISO(now, { setZone: true }))).toBe(day);
  });

  it("counts in Vietnam's zone whatever zone the clock is read in", () => {
    // 10:30 UTC is 17:30 in Hà Nội: today's 17:00 there is gone, even though it is still morning in UTC
    expect(earliestDueDay(DateTime.fromISO('2026-05-04T10:30:00Z', { zone: 'UTC' }))).toBe('2026-05-05');
    // 20:00 in New York on 3/5 is 07:00 on 4/5 in Hà Nội: the 4th, not the 3rd
    expect(earliestDueDay(DateTime.fromISO('2026-05-03T20:00:00', { zone: 'America/New_York' }))).toBe('2026-05-04');
  });

  it("the earliest day's end is after the clock, the day before's is not", () => {
    const now = DateTime.fromISO('2026-05-04T18:00:00+07:00', { setZone: true });
    const first = earliestDueDay(now);
    expect(dayEnd(first)!.toMillis()).toBeGreaterThan(now.toMillis());
    expect(dayEnd(DateTime.fromISO(first, { zone: ZONE }).minus({ days: 1 }).toISODate()!)!.toMillis()).toBeLessThanOrEqual(now.toMillis());
  });
});

describe('dayEnd', () => {
  it('is 17:00 of the day in the zone, null for anything else', () => {
    expect(dayEnd('2026-05-04')!.toISO()).toBe('2026-05-04T17:00:00.000+07:00');
    expect(dayEnd('')).toBeNull();
    expect(dayEnd('04/05/2026')).toBeNull();
  });
});
