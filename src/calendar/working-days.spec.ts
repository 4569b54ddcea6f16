import { daysInclusive, isIsoDate, localDate, publicHolidays, loadHolidays, WorkingCalendar, WorkingDayCounter } from './working-days';

const off = (cal: WorkingCalendar, from: string, to: string) =>
  cal
    .range(from, to)
    .filter((d) => !d.working)
    .map((d) => d.date);

// The holiday library is loaded on first use (as `CalendarService` does); these tests build calendars themselves.
beforeAll(() => loadHolidays());

describe('Vietnam public holidays (computed, never typed in)', () => {
  // [year, Tết eve … 4th day, Hùng Kings' day] — lunar dates as published for those years.
  const lunar: Array<[number, string[], string]> = [
    [2021, ['2021-02-11', '2021-02-12', '2021-02-13', '2021-02-14', '2021-02-15'], '2021-04-21'],
    [2024, ['2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13'], '2024-04-18'],
    [2025, ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01'], '2025-04-07'],
    [2026, ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'], '2026-04-26'],
  ];

  it.each(lunar)('%i: five days of Tết, Hùng Kings, and the fixed days with National Day + the day after', (year, tet, hung) => {
    const days = publicHolidays(year);
    expect([...days.keys()].sort()).toEqual([`${year}-01-01`, ...tet, hung, `${year}-04-30`, `${year}-05-01`, `${year}-09-02`, `${year}-09-03`].sort());
    expect(days.get(tet[0])).toMatch(/giao thừa/);
    expect(days.get(hung)).toBe('Giỗ Tổ Hùng Vương');
  });
});

describe('working-day calendar', () => {
  const cal = new WorkingCalendar();

  it('weekends are off, weekdays are working', () => {
    expect(cal.range('2024-03-04', '2024-03-10').map((d) => d.working)).toEqual([true, true, true, true, true, false, false]);
    expect(cal.day('2024-03-09')).toEqual({ date: '2024-03-09', working: false });
  });

  it('holidays are off and carry their name', () => {
    expect(cal.day('2024-02-12')).toEqual({ date: '2024-02-12', working: false, holiday: 'Tết Nguyên Đán (mùng 3)' });
    expect(off(cal, '2024-02-08', '2024-02-15')).toEqual(['2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13']);
  });

  it('overrides win: a make-up Saturday works, a substitute day is off with its name', () => {
    const withOverrides = new WorkingCalendar(
      new Map([
        ['2024-02-08', { working: false, name: 'Nghỉ bù Tết' }],
        ['2024-02-17', { working: true, name: 'Làm bù' }],
        ['2024-09-03', { working: true, name: 'Ngày liền kề là 1/9' }],
        ['2024-08-30', { working: false, name: 'Quốc khánh (ngày liền kề)' }],
      ]),
    );
    expect(withOverrides.day('2024-02-08')).toEqual({ date: '2024-02-08', working: false, holiday: 'Nghỉ bù Tết' });
    expect(withOverrides.day('2024-02-17')).toEqual({ date: '2024-02-17', working: true });
    expect(withOverrides.day('2024-09-03').working).toBe(true);
    expect(withOverrides.day('2024-08-30').working).toBe(false);
    expect(cal.day('2024-09-03').working).toBe(false);
  });

  it('adds working days after the day of assignment, skipping weekends and holidays', () => {
    expect(cal.addWorkingDays('2024-03-04', 7)).toBe('2024-03-13'); // Monday + 7 → Wednesday next week
    expect(cal.addWorkingDays('2024-03-08', 1)).toBe('2024-03-11'); // Friday + 1 → Monday
    expect(cal.addWorkingDays('2024-02-07', 2)).toBe('2024-02-14'); // Wednesday 7/2: Thursday 8/2, then Tết 9–13/2, then Wednesday 14/2
    expect(cal.addWorkingDays('2024-04-26', 3)).toBe('2024-05-03'); // Friday 26/4: Monday 29/4, then 30/4 and 1/5 off, then 2/5 and 3/5
    expect(cal.addWorkingDays('2024-03-09', 1)).toBe('2024-03-11'); // assigned on a Saturday
  });

  it('crosses year boundaries (New Year, and Tết in late January)', () => {
    expect(cal.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
    expect(cal.addWorkingDays('2024-12-27', 3)).toBe('2025-01-02');
    expect(cal.addWorkingDays('2025-01-24', 7)).toBe('2025-02-10'); // Tết 28/1–1/2/2025: 27/1, then 3–7/2 and 10/2
    expect(cal.workingDaysBetween('2024-12-27', '2025-01-02')).toBe(3);
    expect(cal.workingDaysBetween('2025-01-02', '2024-12-27')).toBe(-3);
  });

  it('counts working days between two dates, excluding the first', () => {
    expect(cal.workingDaysBetween('2024-03-04', '2024-03-04')).toBe(0);
    expect(cal.workingDaysBetween('2024-03-04', '2024-03-13')).toBe(7);
    for (const n of [1, 5, 7, 20, 60]) expect(cal.workingDaysBetween('2024-01-15', cal.addWorkingDays('2024-01-15', n))).toBe(n);
  });

  it('a due date is 17:00 Asia/Ho_Chi_Minh of the N-th working day, whatever the UTC day of assignment', () => {
    // 2024-03-08 23:30 UTC is Saturday 9/3 06:30 in Hà Nội: the count starts from Saturday.
    expect(cal.dueAfter(new Date('2024-03-08T23:30:00Z'), 1).toISOString()).toBe('2024-03-11T10:00:00.000Z');
    expect(cal.dueAfter(new Date('2024-03-04T02:00:00Z'), 7).toISOString()).toBe('2024-03-13T10:00:00.000Z');
    expect(localDate(new Date('2024-12-31T17:30:00Z'))).toBe('2025-01-01');
    expect(localDate(new Date('2024-12-31T16:59:59Z'))).toBe('2024-12-31');
    // A zone with DST: the day of the change is answered exactly.
    expect(localDate(new Date('2021-03-28T22:30:00Z'), 'Europe/Berlin')).toBe('2021-03-29');
    expect(localDate(new Date('2021-03-27T23:30:00Z'), 'Europe/Berlin')).toBe('2021-03-28');
    expect(localDate(new Date('2021-10-31T22:59:00Z'), 'Europe/Berlin')).toBe('2021-10-31');
    expect(localDate(new Date('2021-10-31T23:00:00Z'), 'Europe/Berlin')).toBe('2021-11-01');
  });

  it('checks ISO dates and counts days inclusively', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
    expect(daysInclusive('2024-01-01', '2024-12-31')).toBe(366);
  });
});

describe('working-day counter (reports)', () => {
  it('gives the same answers as workingDaysBetween, across years and overrides, in any order of questions', () => {
    const cal = new WorkingCalendar(
      new Map([
        ['2025-01-02', { working: false, name: 'Nghỉ bù' }],
        ['2025-02-08', { working: true, name: 'Làm bù' }],
      ]),
    );
    const counter = new WorkingDayCounter(cal);
    const pairs: Array<[string, string]> = [
      ['2025-03-01', '2025-03-31'],
      ['2024-12-20', '2025-02-15'],
      ['2023-01-01', '2023-02-01'],
      ['2026-12-30', '2027-01-05'],
      ['2025-02-10', '2025-01-20'],
      ['2025-01-02', '2025-01-02'],
    ];
    for (const [a, b] of pairs) expect([a, b, counter.between(a, b)]).toEqual([a, b, cal.workingDaysBetween(a, b)]);
  });
});
