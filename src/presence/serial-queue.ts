/**
 * Runs pieces of work one after the other: a socket's `serial` queue (LiveClient, shared by real and fake clients)
 * and each point's queue of presence inputs (PresenceTransitions). Work starts at once when nothing is queued (no
 * extra microtask and promise per event: a burst of 10,000 check-ins goes through here), else after the last piece,
 * whether that one succeeded or failed. `onIdle` runs when the last piece ends with nothing queued behind it.
 */
export class SerialQueue {
  private tail: Promise<unknown> | null = null;

  constructor(private readonly onIdle?: () => void) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail ? this.tail.then(work, work) : work();
    const done = (): void => {
      if (this.tail !== tail) return;
      this.tail = null;
      this.onIdle?.();
    };
    const tail: Promise<unknown> = next.then(done, done);
    this.tail = tail;
    return next;
  }
}
