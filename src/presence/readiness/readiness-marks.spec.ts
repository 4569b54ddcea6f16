import { okKeys, readinessCounts, withMark } from './readiness-marks';

describe('readiness counts', () => {
  it('counts every key a point has ok, whatever the conference lists; a key nobody has ok counts 0', () => {
    const marks = withMark(withMark(withMark(undefined, 'connected', true, 1), 'av', false, 2), 'slides', true, 3);
    expect(okKeys(marks)).toEqual(['connected', 'slides']);
    expect(okKeys(undefined)).toEqual([]);
    expect(readinessCounts(['connected', 'av', 'technician'], { readinessOk: { connected: 3, slides: 1 }, counts: { total: 4 } })).toEqual({
      connected: { ok: 3, total: 4 },
      av: { ok: 0, total: 4 },
      technician: { ok: 0, total: 4 },
    });
  });
});
