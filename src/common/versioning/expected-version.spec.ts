import { expectedVersion } from './expected-version';

describe('expectedVersion', () => {
  it('reads If-Match in its usual spellings or the body field', () => {
    expect(expectedVersion('3', undefined)).toBe(3);
    expect(expectedVersion('"4"', undefined)).toBe(4);
    expect(expectedVersion('W/"5"', undefined)).toBe(5);
    expect(expectedVersion(undefined, 6)).toBe(6);
    expect(expectedVersion('7', 7)).toBe(7);
  });

  it('refuses a missing, malformed or contradictory version with 400', () => {
    for (const [h, b] of [
      [undefined, undefined],
      ['', undefined],
      ['abc', undefined],
      ['0', undefined],
      ['*', 2],
      ['2', 3],
    ] as const) {
      expect(() => expectedVersion(h, b)).toThrow(expect.objectContaining({ status: 400, code: 'validation_failed' }));
    }
  });
});
