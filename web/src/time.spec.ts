import { fmtMove } from './time';

describe('fmtMove (a retimed item, as the point page shows it)', () => {
  const tz = 'Asia/Ho_Chi_Minh';
  it('names the time alone on the same day, the date too when the day changed (a date-only move read "14:40 → 14:40")', () => {
    expect(fmtMove('2026-12-07T14:40:00.000+07:00', '2026-12-07T15:10:00.000+07:00', tz)).toBe('14:40 → 15:10');
    expect(fmtMove('2026-12-07T14:40:00.000+07:00', '2026-12-08T14:40:00.000+07:00', tz)).toBe('14:40 07/12/2026 → 14:40 08/12/2026');
  });
  it('compares the days in the conference zone, not in UTC', () => {
    // 16:30Z and 17:30Z fall on one UTC day, on two days in Vietnam
    expect(fmtMove('2026-12-07T16:30:00.000Z', '2026-12-07T17:30:00.000Z', tz)).toBe('23:30 07/12/2026 → 00:30 08/12/2026');
    expect(fmtMove('2026-12-07T01:00:00.000Z', '2026-12-07T02:00:00.000Z', tz)).toBe('08:00 → 09:00');
  });
});
