import { DateTime } from 'luxon';
import { addMinutes, formatEpochInZone, formatInZone, formatInZoneOrNull, hasOffset, intervalsOverlap, parseInstant } from './time';

const luxon = (at: Date, zone: string) => DateTime.fromJSDate(at).setZone(zone).toISO();

describe('formatInZone', () => {
  it('renders exactly what luxon renders, minute by minute across DST changes and odd offsets', () => {
    const cases: Array<[string, string]> = [
      ['Asia/Ho_Chi_Minh', '2021-07-10T05:00:00+07:00'],
      ['Europe/Berlin', '2021-03-27T22:00:00Z'], // spring forward 2021-03-28 01:00Z
      ['Europe/Berlin', '2021-10-30T22:00:00Z'], // fall back 2021-10-31 01:00Z
      ['America/New_York', '2021-11-07T03:00:00Z'],
      ['Asia/Kathmandu', '2021-07-10T00:00:00Z'], // +05:45
      ['Australia/Lord_Howe', '2021-10-02T14:00:00Z'], // a 30-minute DST shift
      ['UTC', '2021-07-10T00:00:00Z'],
      ['Etc/UTC', '2021-07-10T00:00:00Z'],
    ];
    for (const [zone, from] of cases) {
      let at = parseInstant(from);
      for (let i = 0; i < 6 * 60; i += 7) {
        expect(`${zone} ${formatInZone(at, zone)}`).toBe(`${zone} ${luxon(at, zone)}`);
        at = addMinutes(at, 7);
      }
    }
  });

  it('keeps seconds and milliseconds', () => {
    const at = parseInstant('2021-07-10T08:12:34.567+07:00');
    expect(formatInZone(at, 'Asia/Ho_Chi_Minh')).toBe('2021-07-10T08:12:34.567+07:00');
  });

  it('renders one instant in each zone asked, in turns (the remembered last rendering never answers for another zone or instant)', () => {
    const at = parseInstant('2021-07-10T01:00:00Z').getTime();
    for (let i = 0; i < 3; i++) {
      expect(formatEpochInZone(at, 'Asia/Ho_Chi_Minh')).toBe('2021-07-10T08:00:00.000+07:00');
      expect(formatEpochInZone(at, 'Europe/Berlin')).toBe('2021-07-10T03:00:00.000+02:00');
      expect(formatEpochInZone(at + 1, 'Europe/Berlin')).toBe('2021-07-10T03:00:00.001+02:00');
      expect(formatInZone(new Date(at), 'UTC')).toBe('2021-07-10T01:00:00.000Z');
    }
  });

  it('passes null through', () => {
    expect(formatInZoneOrNull(null, 'Asia/Ho_Chi_Minh')).toBeNull();
  });
});

describe('parseInstant', () => {
  it('accepts ISO-8601 with an offset and stores UTC', () => {
    expect(parseInstant('2021-07-10T08:00:00+07:00').toISOString()).toBe('2021-07-10T01:00:00.000Z');
    expect(parseInstant('2021-07-10T01:00:00Z').toISOString()).toBe('2021-07-10T01:00:00.000Z');
  });

  it('refuses a time without an offset, whatever the machine zone', () => {
    expect(hasOffset('2021-07-10T08:00:00')).toBe(false);
    expect(hasOffset('2021-07-10')).toBe(false);
    expect(hasOffset('not a date')).toBe(false);
    expect(() => parseInstant('2021-07-10T08:00:00')).toThrow(RangeError);
  });
});

describe('intervalsOverlap', () => {
  const at = (h: number) => parseInstant(`2021-07-10T${String(h).padStart(2, '0')}:00:00+07:00`);
  it('treats touching intervals as not overlapping', () => {
    expect(intervalsOverlap(at(8), at(10), at(10), at(12))).toBe(false);
    expect(intervalsOverlap(at(8), at(10), at(9), at(12))).toBe(true);
    expect(intervalsOverlap(at(8), at(12), at(9), at(10))).toBe(true);
  });
});
