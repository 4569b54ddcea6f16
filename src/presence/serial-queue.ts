/**
 * A socket's `serial` queue (LiveClient), shared by real and fake clients. Work starts at once when nothing is
 * queued (no extra microtask and promise per event: a burst of 10,000 check-ins goes through here), else after the
 * last piece.
 */
export class SerialQueue {
  private tail: Promise<unknown> | null = null;

  run<T>(work: () => Promise<T>): Promise<T> {
    return serialRun(
      this.tail,
      work,
      (tail) => (this.tail = tail),
      () => this.tail,
    );
  }
}

/**
 * Runs `work` after `previous` (at once when there is none), stores the new tail with `set`, and clears it (`set(null)`)
 * when the work ends and nothing was queued behind it (`get()` is still that tail). Used by the per-socket and the
 * per-point queues.
 */
export function serialRun<T>(
  previous: Promise<unknown> | null | undefined,
  work: () => Promise<T>,
  set: (tail: Promise<unknown> | null) => void,
  get: () => Promise<unknown> | null | undefined,
): Promise<T> {
  const next = previous ? previous.then(work, work) : work();
  const done = (): void => {
    if (get() === tail) set(null);
  };
  const tail: Promise<unknown> = next.then(done, done);
  set(tail);
  return next;
}
