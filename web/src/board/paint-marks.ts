import { useEffect, useState } from 'preact/hooks';

/**
 * Performance marks of the board's first load, read by `npm run bench:board` and the browser tests:
 * `board:snapshot` when the first snapshot is in the store, `board:painted` once its tiles are all on screen.
 * Each is set once per page load (a re-join or a second board in the same tab does not move them).
 */
export type PaintMark = 'board:snapshot' | 'board:painted';

const hasMark = (name: PaintMark) => typeof performance !== 'undefined' && performance.getEntriesByName(name).length > 0;
const onPainted = new Set<() => void>();

export function markOnce(name: PaintMark): void {
  if (typeof performance === 'undefined' || hasMark(name)) return;
  performance.mark(name);
  if (name === 'board:painted') for (const fn of [...onPainted]) fn();
}

/** After the frame that shows what was just rendered: the next animation frame, then the task after its paint. */
export function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/**
 * Resolves once this page load's board has painted its tiles, or after `maxMs` (a refused join paints none). The
 * board's secondary reads (agenda, readiness, releases, petitions) wait for it, so that they do not queue before the
 * snapshot and the socket's join on a single-threaded server: on a 100-point board they held the join's handshake
 * back by ~60 ms (bench:board --timeline).
 */
export function afterFirstPaint(maxMs = 3000): Promise<void> {
  if (hasMark('board:painted')) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      onPainted.delete(done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    onPainted.add(done);
  });
}

/** {@link afterFirstPaint} as state: false until the board's tiles are painted (or `maxMs` passed). */
export function useAfterFirstPaint(maxMs = 3000): boolean {
  const [done, setDone] = useState(() => hasMark('board:painted'));
  useEffect(() => {
    if (done) return;
    let live = true;
    void afterFirstPaint(maxMs).then(() => live && setDone(true));
    return () => {
      live = false;
    };
  }, []);
  return done;
}
