import { readinessCounts, ReadinessTally, withMark, type ReadinessMarks } from './readiness-marks';

describe('ReadinessTally', () => {
  it('keeps the same counts as a full recount while points change one by one', () => {
    const keys = ['connected', 'av', 'slides'];
    const marks = new Map<string, ReadinessMarks | undefined>();
    for (let i = 0; i < 50; i++) marks.set(`p${i}`, i % 3 === 0 ? withMark(undefined, 'connected', true, 1) : undefined);
    const tally = new ReadinessTally(keys, marks);
    expect(tally.counts()).toEqual(readinessCounts(keys, [...marks.values()]));
    // A fixed pseudo-random walk: marks set ok and not ok, points cleared, new points joining.
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let step = 0; step < 2000; step++) {
      const id = `p${rnd(60)}`;
      const next = rnd(5) === 0 ? undefined : withMark(marks.get(id), keys[rnd(3)], rnd(2) === 0, step);
      marks.set(id, next);
      tally.set(id, next);
      expect(tally.counts()).toEqual(readinessCounts(keys, [...marks.values()]));
    }
    expect(tally.counts().connected.total).toBe(marks.size);
  });

  it('counts a point given the same marks twice once', () => {
    const m = withMark(undefined, 'av', true, 1);
    const tally = new ReadinessTally(['av'], [['p1', m]]);
    tally.set('p1', m);
    tally.set('p2', undefined);
    expect(tally.counts()).toEqual({ av: { ok: 1, total: 2 } });
  });
});
