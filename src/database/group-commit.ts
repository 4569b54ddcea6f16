/**
 * Group commit for an append-only hot path: `add` queues an item and resolves once the batch holding it is
 * committed (reject: its batch failed). One batch is written at a time; what arrives meanwhile waits at most
 * `tickMs` (or until `maxItems`) and goes into the next one, so a burst of thousands of requests costs a handful of
 * transactions instead of thousands. The age is also checked on every `add`, not only by the timer: during a burst
 * Node reads many sockets before it runs any timer.
 */
export class GroupCommit<T> {
  private items: T[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  /** When the first queued item came. */
  private since = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    /** Writes one batch (all or nothing). */
    private readonly write: (items: T[]) => Promise<void>,
    private readonly tickMs: number,
    private readonly maxItems: number,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.items.length === 0) this.since = Date.now();
      this.items.push(item);
      this.waiters.push({ resolve, reject });
      if (this.inFlight) return; // written as soon as the current batch ends
      if (this.items.length >= this.maxItems || Date.now() - this.since >= this.tickMs) this.start();
      else this.timer ??= setTimeout(() => this.start(), this.tickMs);
    });
  }

  /** Writes everything queued so far (shutdown, tests); resolves when it is committed or failed. */
  async flush(): Promise<void> {
    while (this.inFlight || this.items.length > 0) {
      if (!this.inFlight) this.start();
      await this.inFlight;
    }
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight || this.items.length === 0) return;
    const items = this.items.splice(0, this.maxItems);
    const waiters = this.waiters.splice(0, items.length);
    this.inFlight = this.write(items)
      .then(
        () => waiters.forEach((w) => w.resolve()),
        (e: unknown) => waiters.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        this.inFlight = null;
        if (this.items.length > 0) this.start();
      });
  }
}
