import { delayMinutes, peakConcurrent, pointIntervals, rawIntervals, type LogLine } from './report-intervals';

const M = 60_000;
const S = 1_000_000_000_000; // the conference start (epoch ms)
const W = { startsAt: S, endsAt: S + 120 * M };
/** A line `minutes` after the start. */
const l = (type: string, minutes: number, detail: Record<string, unknown> | null = null): LogLine => ({ pointId: 'p', at: S + minutes * M, type, detail });
const span = (from: number, to: number | null) => ({ from: S + from * M, to: to === null ? null : S + to * M });

describe('report intervals', () => {
  const after = S + 200 * M; // the window is over
  const during = S + 60 * M; // the conference is running

  it.each<[string, LogLine[], number, ReturnType<typeof span>[], number, number]>([
    ['never connected', [], after, [], 0, 0],
    ['connected the whole time, checked out at the end', [l('checkin', 0), l('checkout', 120)], after, [span(0, 120)], 0, 120],
    [
      'a drop and a reconnect: two bars, one drop',
      [l('checkin', 0), l('disconnect', 30), l('lost', 31), l('connect', 40), l('checkout', 100)],
      after,
      [span(0, 30), span(40, 100)],
      1,
      90,
    ],
    [
      "a server restart closes the interval but is not the point's drop",
      [l('checkin', 10), l('disconnect', 50, { reason: 'server_restart' }), l('connect', 52)],
      after,
      [span(10, 50), span(52, 120)],
      0,
      108,
    ],
    ['checked in before the start: clipped to the start', [l('checkin', -30), l('disconnect', 20)], after, [span(0, 20)], 1, 20],
    ['connected only before the start (test connection): no bar in the window, the drop not counted', [l('checkin', -40), l('checkout', -20)], after, [], 0, 0],
    ['still connected after the end: clipped to the end, closed', [l('checkin', 100)], after, [span(100, 120)], 0, 20],
    ['still connected while it runs: open interval (to null), counted up to now', [l('checkin', 10)], during, [span(10, null)], 0, 50],
    ['dropped and not back yet while it runs', [l('checkin', 10), l('disconnect', 20), l('lost', 21)], during, [span(10, 20)], 1, 10],
    ['a second checkin while connected (another socket) changes nothing', [l('checkin', 0), l('checkin', 5), l('checkout', 60)], after, [span(0, 60)], 0, 60],
    [
      'status, rollcall and readiness lines do not touch the intervals',
      [l('checkin', 0), l('status', 1), l('rollcall', 2), l('readiness', 3), l('checkout', 10)],
      after,
      [span(0, 10)],
      0,
      10,
    ],
    ['checked out, then back', [l('checkin', 0), l('checkout', 10), l('checkin', 20), l('checkout', 30)], after, [span(0, 10), span(20, 30)], 0, 20],
  ])('%s', (_name, lines, now, intervals, drops, minutes) => {
    const r = pointIntervals(lines, W, now);
    expect(r.intervals).toEqual(intervals);
    expect(r.drops).toBe(drops);
    expect(r.connectedMs).toBe(minutes * M);
  });

  it('an open interval before the window starts shows nothing yet', () => {
    expect(pointIntervals([l('checkin', -10)], W, S - 5 * M).intervals).toEqual([]);
  });

  it('online at start: connected at startsAt (unclipped)', () => {
    expect(pointIntervals([l('checkin', -10)], W, during).onlineAtStart).toBe(true);
    expect(pointIntervals([l('checkin', 0)], W, during).onlineAtStart).toBe(true);
    expect(pointIntervals([l('checkin', 1)], W, during).onlineAtStart).toBe(false);
    expect(pointIntervals([l('checkin', -10), l('disconnect', -1)], W, during).onlineAtStart).toBe(false);
  });

  it('raw intervals keep the open one open', () => {
    expect(rawIntervals([l('checkin', 0), l('disconnect', 5), l('connect', 6)])).toEqual([span(0, 5), span(6, null)]);
  });

  it('peak: touching intervals are not concurrent; open ones run to now', () => {
    expect(peakConcurrent([[span(0, 10)], [span(10, 20)]], after)).toBe(1);
    expect(peakConcurrent([[span(0, 10)], [span(5, 20)], [span(6, null)]], during)).toBe(3);
    expect(peakConcurrent([], after)).toBe(0);
  });

  it('delay in whole minutes, positive when late, null when not started', () => {
    expect(delayMinutes(S, S + 7 * M)).toBe(7);
    expect(delayMinutes(S, S - 2 * M)).toBe(-2);
    expect(delayMinutes(S, S + 20_000)).toBe(0);
    expect(delayMinutes(S, null)).toBeNull();
  });
});
