import { TickBatch } from './tick-batch';

describe('TickBatch', () => {
  it('runs the calls of one turn as one batch, in call order, and answers each its own result', async () => {
    const batches: number[][] = [];
    const b = new TickBatch<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 10);
    });
    const first = await Promise.all([b.add(1), b.add(2), b.add(3)]);
    const second = await b.add(4);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects every call of a failed batch, and the next batch runs again', async () => {
    let fail = true;
    const b = new TickBatch<string, string>(async (items) => {
      if (fail) throw new Error('redis down');
      return items;
    });
    const results = await Promise.allSettled([b.add('a'), b.add('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(b.add('c')).resolves.toBe('c');
  });
});
