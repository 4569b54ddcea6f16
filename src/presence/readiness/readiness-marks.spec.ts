import { readinessCounts, ReadinessTally, withMark, type ReadinessMarks } from './readiness-marks';

describe('ReadinessTally', () => {
  const keys = ['connected', 'av', 'slides'];

  it('starts from the points given, every invited point in the total', () => {
    const tally = new ReadinessTally(keys, [
      ['a', withMark(undefined, 'connected', true, 1)],
      ['b', undefined],
      ['c', withMark(withMark(undefined, 'connected', true, 1), 'av', false, 2)],
    ]);
    expect(tally.counts()).toEqual({ connected: { ok: 2, total: 3 }, av: { ok: 0, total: 3 }, slides: { ok: 0, total: 3 } });
  });

  it('after any sequence of changes, counts what counting every point again counts', () => {
    // A deterministic pseudo-random sequence: points report, fail, report again, new points appear.
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const current = new Map<string, ReadinessMarks | undefined>();
    const tally = new ReadinessTally(keys);
    for (let i = 0; i < 2000; i++) {
      const pointId = `p${next(60)}`;
      const marks = next(10) === 0 ? undefined : withMark(current.get(pointId), keys[next(3)], next(2) === 0, i);
      current.set(pointId, marks);
      tally.set(pointId, marks);
      if (i % 250 === 0) tally.set(pointId, marks); // the same marks twice change nothing
    }
    expect(tally.counts()).toEqual(readinessCounts(keys, [...current.values()]));
  });
});
