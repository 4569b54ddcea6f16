import { formatInZone, parseInstant } from '../common/time/time';
import { plusMinutes } from './agenda-times';
import { formatInstant, formatInstantOrNull } from './instant-format';

describe('formatInstant', () => {
  it('renders exactly what formatInZone (luxon) renders, minute by minute across DST changes and odd offsets', () => {
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
        expect(`${zone} ${formatInstant(at, zone)}`).toBe(`${zone} ${formatInZone(at, zone)}`);
        at = plusMinutes(at, 7);
      }
    }
  });

  it('keeps seconds and milliseconds', () => {
    const at = parseInstant('2021-07-10T08:12:34.567+07:00');
    expect(formatInstant(at, 'Asia/Ho_Chi_Minh')).toBe('2021-07-10T08:12:34.567+07:00');
  });

  it('passes null through', () => {
    expect(formatInstantOrNull(null, 'Asia/Ho_Chi_Minh')).toBeNull();
  });
});
