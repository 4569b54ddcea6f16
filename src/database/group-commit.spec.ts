import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('a burst is written as one batch, and each add resolves only once its batch is written', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const g = new GroupCommit<number>(
      async (items) => {
        batches.push(items);
        await gate;
      },
      10,
      100,
    );
    let resolved = 0;
    const adds = [1, 2, 3].map((i) => g.add(i).then(() => resolved++));
    await new Promise((r) => setTimeout(r, 30));
    expect(batches).toEqual([[1, 2, 3]]);
    expect(resolved).toBe(0);
    release();
    await Promise.all(adds);
    expect(resolved).toBe(3);
  });

  it('what arrives while a batch is written goes into the next one; maxItems splits a burst', async () => {
    const batches: number[][] = [];
    const g = new GroupCommit<number>(
      async (items) => {
        batches.push(items);
        await new Promise((r) => setTimeout(r, 5));
      },
      10,
      2,
    );
    await Promise.all([1, 2, 3, 4, 5].map((i) => g.add(i)));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('a failed batch rejects its own adds only; the next batch is written', async () => {
    let calls = 0;
    const g = new GroupCommit<number>(
      async () => {
        if (++calls === 1) throw new Error('disk full');
      },
      1,
      1,
    );
    const [a, b] = await Promise.allSettled([g.add(1), g.add(2)]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('fulfilled');
    await g.flush();
  });
});
