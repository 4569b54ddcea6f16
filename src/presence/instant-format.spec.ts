import { formatInZone } from '../common/time/time';
import { InstantFormatter } from './instant-format';

describe('InstantFormatter', () => {
  const fmt = new InstantFormatter();

  it('formats like formatInZone (luxon), across zones, offsets of 30/45 minutes and daylight-saving changes', () => {
    const zones = ['Asia/Ho_Chi_Minh', 'UTC', 'Europe/London', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Australia/Adelaide'];
    const instants = [
      Date.UTC(2021, 6, 10, 1, 0, 0, 123),
      Date.UTC(2021, 2, 28, 0, 59, 59, 999), Date.UTC(2021, 2, 28, 1, 0, 0, 0), // London to summer time
      Date.UTC(2021, 10, 7, 5, 59, 59, 999), Date.UTC(2021, 10, 7, 6, 0, 0, 0), // New York back to standard time
      Date.UTC(2021, 3, 3, 14, 59, 59, 999), Date.UTC(2021, 3, 3, 15, 0, 0, 0), // Lord Howe (+11 → +10:30)
    ];
    let seed = 42;
    for (let i = 0; i < 300; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      instants.push(Date.UTC(2020, 0, 1) + (seed % (3 * 365 * 86400)) * 1000 + (seed % 1000));
    }
    for (const zone of zones) for (const ms of instants) expect(fmt.format(ms, zone)).toBe(formatInZone(new Date(ms), zone));
  });

  it('renders null as null', () => {
    expect(fmt.formatOrNull(null, 'Asia/Ho_Chi_Minh')).toBeNull();
    expect(fmt.formatOrNull(Date.UTC(2021, 6, 10, 1), 'Asia/Ho_Chi_Minh')).toBe('2021-07-10T08:00:00.000+07:00');
  });

  it('is many times faster than luxon (a 10,000-point snapshot formats 20,000 instants), and faster again for instants seen before', () => {
    const base = Date.UTC(2021, 6, 10);
    const time = (f: (i: number) => unknown, n: number) => {
      const start = performance.now();
      for (let i = 0; i < n; i++) f(i);
      return (performance.now() - start) / n;
    };
    const fresh = new InstantFormatter();
    fresh.format(base, 'Asia/Ho_Chi_Minh');
    const luxon = time((i) => formatInZone(new Date(base + i * 997), 'Asia/Ho_Chi_Minh'), 2000);
    const ours = time((i) => fresh.format(base + 5_000_000 + i * 997, 'Asia/Ho_Chi_Minh'), 2000);
    const again = time((i) => fresh.format(base + 5_000_000 + i * 997, 'Asia/Ho_Chi_Minh'), 2000);
    expect(ours * 4).toBeLessThan(luxon);
    expect(again * 4).toBeLessThan(luxon);
  });
});
