import { DateTime } from 'luxon';
import { nthWorkingDayEnd, shownWorkingDays, workingDaysUntil, ZONE } from './working-days';

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
