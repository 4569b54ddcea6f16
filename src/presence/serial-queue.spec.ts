import { SerialQueue } from './serial-queue';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SerialQueue', () => {
  it('runs each piece of work after the one before it, even when an earlier one fails', async () => {
    const q = new SerialQueue();
    const order: string[] = [];
    const a = q.run(async () => {
      await later(20);
      order.push('a');
      throw new Error('a failed');
    });
    const b = q.run(async () => {
      order.push('b');
      return 'b';
    });
    const c = q.run(async () => {
      await later(5);
      order.push('c');
    });
    await expect(a).rejects.toThrow('a failed');
    await expect(b).resolves.toBe('b');
    await c;
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('starts work at once when the queue is idle, and again after it emptied', async () => {
    const q = new SerialQueue();
    let started = false;
    const first = q.run(async () => {
      started = true;
    });
    expect(started).toBe(true);
    await first;
    await later(0);
    started = false;
    void q.run(async () => {
      started = true;
    });
    expect(started).toBe(true);
  });
});
