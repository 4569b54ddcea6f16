/**
 * The report's interval arithmetic, from a conference's event log (pure: no I/O, no clock; instants in epoch ms).
 *
 * A point is connected from a `checkin` or `connect` line until the next `disconnect` (a drop, or the server
 * restarting: detail.reason = 'server_restart') or `checkout`. `lost` only says the grace ran out after a drop
 * (the interval already closed at the drop). Intervals are clipped to the conference window [startsAt, endsAt]; one
 * still open at `now` (no closing line yet) ends at `now`, and is reported open (`to: null`) while the window is
 * still running; once the window has ended it is closed at `endsAt`.
 * `drops` counts the point's drops inside the window; a server restart is not the site's drop and is not counted.
 */

export interface LogLine {
  pointId: string;
  at: number;
  type: string;
  detail: Record<string, unknown> | null;
}

export interface Window {
  startsAt: number;
  endsAt: number;
}

export interface Interval {
  from: number;
  /** null: still connected now (and the window is not over). */
  to: number | null;
}

export interface PointIntervals {
  intervals: Interval[];
  drops: number;
  connectedMs: number;
  /** Connected at `startsAt` (unclipped). */
  onlineAtStart: boolean;
}

/**
 * A point's answer to a roll call. A roll call's start and its closing result are logged as `rollcall` lines too
 * (`detail.started`, `detail.closed`, under the host point): they are not answers.
 */
export function isRollcallAnswer(l: Pick<LogLine, 'type' | 'detail'>): boolean {
  return l.type === 'rollcall' && !l.detail?.started && !l.detail?.closed && !!l.detail?.rollcallId;
}

/** Raw (unclipped) connected intervals of one point's lines (oldest first); the last may be open (`to: null`). */
export function rawIntervals(lines: readonly LogLine[]): Interval[] {
  const out: Interval[] = [];
  let open: number | null = null;
  for (const l of lines) {
    if (l.type === 'checkin' || l.type === 'connect') {
      if (open === null) open = l.at;
    } else if (l.type === 'disconnect' || l.type === 'checkout') {
      if (open !== null) out.push({ from: open, to: l.at });
      open = null;
    }
  }
  if (open !== null) out.push({ from: open, to: null });
  return out;
}

/** One point's report figures from its lines (oldest first). */
export function pointIntervals(lines: readonly LogLine[], w: Window, now: number): PointIntervals {
  const raw = rawIntervals(lines);
  const windowOver = now >= w.endsAt;
  const intervals: Interval[] = [];
  let connectedMs = 0;
  for (const r of raw) {
    const from = Math.max(r.from, w.startsAt);
    const openNow = r.to === null && !windowOver;
    const end = Math.min(r.to ?? now, w.endsAt);
    if (openNow ? now < w.startsAt : end <= from) continue;
    intervals.push({ from, to: openNow ? null : end });
    connectedMs += Math.max(0, end - from);
  }
  const drops = lines.filter((l) => l.type === 'disconnect' && l.detail?.reason !== 'server_restart' && l.at >= w.startsAt && l.at <= w.endsAt).length;
  const onlineAtStart = raw.some((r) => r.from <= w.startsAt && (r.to === null ? now > w.startsAt : r.to > w.startsAt));
  return { intervals, drops, connectedMs, onlineAtStart };
}

/** The most points connected at once (intervals are half-open [from, to); an open one runs to `now`). */
export function peakConcurrent(all: ReadonlyArray<readonly Interval[]>, now: number): number {
  const edges: Array<[number, number]> = [];
  for (const list of all)
    for (const i of list) {
      const to = i.to ?? now;
      if (to <= i.from) continue;
      edges.push([i.from, 1], [to, -1]);
    }
  // At the same instant an end comes before a start: touching intervals are not concurrent.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let peak = 0;
  for (const [, d] of edges) {
    cur += d;
    if (cur > peak) peak = cur;
  }
  return peak;
}

/** Whole minutes actual − planned (positive when late), rounded to the nearest minute. */
export function delayMinutes(planned: number, actual: number | null): number | null {
  return actual === null ? null : Math.round((actual - planned) / 60_000);
}
