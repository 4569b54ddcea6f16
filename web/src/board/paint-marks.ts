/**
 * Performance marks of the board's first load, read by `npm run bench:board` and the browser tests:
 * `board:snapshot` when the first snapshot is in the store, `board:painted` once its tiles are all on screen.
 * Each is set once per page load (a re-join or a second board in the same tab does not move them).
 */
export type PaintMark = 'board:snapshot' | 'board:painted';

export function markOnce(name: PaintMark): void {
  if (typeof performance === 'undefined' || performance.getEntriesByName(name).length) return;
  performance.mark(name);
}

/** After the frame that shows what was just rendered: the next animation frame, then the task after its paint. */
export function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}
