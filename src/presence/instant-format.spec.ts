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

  it('formats a 10,000-point snapshot (20,000 instants) quickly, and instants seen before faster still', () => {
    const base = Date.UTC(2021, 6, 10);
    /** Best of five rounds: the machine is shared, the best round is the least disturbed one. */
    const time = (f: (i: number, round: number) => unknown, n: number) => {
      let best = Infinity;
      for (let round = 0; round < 5; round++) {
        const start = performance.now();
        for (let i = 0; i < n; i++) f(i, round);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const fresh = new InstantFormatter();
    const first = time((i, round) => fresh.format(base + round * 100_000_000 + i * 997, 'Asia/Ho_Chi_Minh'), 20_000);
    const warm = new InstantFormatter();
    for (let i = 0; i < 20_000; i++) warm.format(base + i * 997, 'Asia/Ho_Chi_Minh');
    const again = time((i) => warm.format(base + i * 997, 'Asia/Ho_Chi_Minh'), 20_000);
    expect(first).toBeLessThan(1000);
    expect(again * 3).toBeLessThan(first);
  });
});
