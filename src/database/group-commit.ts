interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  /** How many of the batch's items are this append's (they are consecutive). */
  items: number;
}

interface Batch<T> {
  items: T[];
  waiters: Waiter[];
  /** When its first item came. */
  since: number;
}

const emptyBatch = <T>(): Batch<T> => ({ items: [], waiters: [], since: 0 });

/**
 * Group commit for an append-only hot path (the presence event log, the Zalo webhook intake): `addAll` queues items
 * and resolves once the batch holding them is committed (reject: its batch failed). One batch is written at a time;
 * what arrives meanwhile waits at most `tickMs` (or until `maxItems`) and goes into the next one, so a burst of
 * thousands of requests costs a handful of transactions instead of thousands. The age is also checked on every add,
 * not only by the timer: during a burst Node reads many sockets before it runs any timer.
 *
 * No batch is larger than `maxItems` (the items of one `addAll` are never split): with SQLite a write is synchronous
 * and holds the event loop for its whole length, so a burst is several short writes with socket reads in between,
 * not one long one. Consecutive batches are started from `setImmediate`, so I/O runs between them.
 */
export class GroupCommit<T> {
  private pending: Batch<T> = emptyBatch();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    /** Writes one batch (all or nothing). */
    private readonly write: (items: T[]) => Promise<void>,
    private readonly tickMs: number,
    private readonly maxItems: number,
  ) {}

  add(item: T): Promise<void> {
    return this.addAll([item]);
  }

  /** Queues the items as one append (they are written in the same batch). */
  addAll(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const p = this.pending;
      if (p.items.length === 0) p.since = Date.now();
      p.items.push(...items);
      p.waiters.push({ resolve, reject, items: items.length });
      if (this.inFlight) return; // written as soon as the current batch ends
      if (p.items.length >= this.maxItems || Date.now() - p.since >= this.tickMs) this.start();
      else this.timer ??= setTimeout(() => this.start(), this.tickMs);
    });
  }

  /** Writes everything queued so far (shutdown, tests); resolves when it is committed or failed. */
  async flush(): Promise<void> {
    while (this.inFlight || this.pending.items.length > 0) {
      if (!this.inFlight) this.start();
      await this.inFlight;
    }
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight || this.pending.items.length === 0) return;
    const batch = this.take();
    this.inFlight = this.write(batch.items)
      .then(
        () => batch.waiters.forEach((w) => w.resolve()),
        (e: unknown) => batch.waiters.forEach((w) => w.reject(e)),
      )
      .finally(() => {
        this.inFlight = null;
        // Not straight on: the socket reads (and timers) that waited for this write run first.
        if (this.pending.items.length > 0) setImmediate(() => this.start());
      });
  }

  /** The oldest appends, whole, up to `maxItems` items (at least one append); the rest stays pending. */
  private take(): Batch<T> {
    const p = this.pending;
    if (p.items.length <= this.maxItems) {
      this.pending = emptyBatch();
      return p;
    }
    let items = 0;
    let waiters = 0;
    while (waiters < p.waiters.length && (waiters === 0 || items + p.waiters[waiters].items <= this.maxItems)) items += p.waiters[waiters++].items;
    // What stays waited for `maxItems` already: it goes as soon as this write is done.
    this.pending = { items: p.items.slice(items), waiters: p.waiters.slice(waiters), since: p.since };
    return { items: p.items.slice(0, items), waiters: p.waiters.slice(0, waiters), since: p.since };
  }
}
