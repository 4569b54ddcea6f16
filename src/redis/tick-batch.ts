/**
 * Collects the calls made during one turn of the event loop and runs them as one batch (`setImmediate`): during a
 * check-in burst Node reads hundreds of sockets in one poll phase, and one Redis command for all of them costs far
 * less CPU than one each (node-redis spends its time per command, not per byte). Nothing waits longer than that turn.
 *
 * `run` gets the items in call order and answers one result per item, in the same order; when it rejects, every call
 * of the batch rejects with that error.
 */
export class TickBatch<I, O> {
  private items: I[] = [];
  private waiters: Array<{ resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly run: (items: I[]) => Promise<O[]>) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.items.push(item);
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    this.scheduled = false;
    this.run(items).then(
      (out) => waiters.forEach((w, i) => w.resolve(out[i])),
      (e: unknown) => waiters.forEach((w) => w.reject(e)),
    );
  }
}
