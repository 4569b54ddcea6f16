import { formatInZone } from '../common/time/time';
import { formatZoned } from './zoned-format';

describe('formatZoned', () => {
  it('renders exactly as formatInZone across zones, half- and quarter-hour offsets and daylight-saving changes', () => {
    const zones = ['Asia/Ho_Chi_Minh', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Europe/Berlin', 'America/New_York', 'UTC', 'America/St_Johns', 'Pacific/Chatham'];
    const instants: number[] = [];
    for (const iso of ['2021-03-14T06:59:59.999Z', '2021-03-14T07:00:00.000Z', '2021-03-28T00:59:00.000Z', '2021-03-28T01:00:00.000Z', '2021-10-31T00:59:59.999Z', '2021-10-31T01:00:00.001Z', '2021-04-03T15:00:00.000Z', '2021-10-02T15:30:00.000Z', '1969-12-31T23:59:59.999Z', '2031-06-01T01:23:45.678Z']) {
      instants.push(Date.parse(iso));
    }
    for (let i = 0; i < 700; i++) instants.push(Date.UTC(2021, 0, 1) + i * 45_678_913);
    for (const zone of zones) {
      const fast = instants.map((ms) => `${ms} ${formatZoned(new Date(ms), zone)}`);
      const luxon = instants.map((ms) => `${ms} ${formatInZone(new Date(ms), zone)}`);
      expect([zone, fast]).toEqual([zone, luxon]);
    }
  });

  it('is much faster than luxon for a page of conferences', () => {
    const dates = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2031, 5, 1) + i * 3_600_000));
    const time = (f: (d: Date) => string) => {
      const s = performance.now();
      for (let r = 0; r < 5; r++) for (const d of dates) f(d);
      return performance.now() - s;
    };
    formatZoned(dates[0], 'Asia/Ho_Chi_Minh');
    const fast = time((d) => formatZoned(d, 'Asia/Ho_Chi_Minh'));
    const slow = time((d) => formatInZone(d, 'Asia/Ho_Chi_Minh'));
    expect(fast * 3).toBeLessThan(slow);
  });
});
