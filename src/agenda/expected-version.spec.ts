import { AppError } from '../common/errors';
import { expectedVersion } from './expected-version';

function error(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

describe('expectedVersion', () => {
  it('takes the body version or the If-Match header (plain or as a quoted ETag)', () => {
    expect(expectedVersion(3, undefined)).toBe(3);
    expect(expectedVersion(undefined, '4')).toBe(4);
    expect(expectedVersion(undefined, '"5"')).toBe(5);
    expect(expectedVersion(undefined, 'W/"6"')).toBe(6);
    expect(expectedVersion(7, '7')).toBe(7);
  });
  it('refuses a missing version with 400', () => {
    expect(error(() => expectedVersion(undefined, undefined)).status).toBe(400);
    expect(error(() => expectedVersion(undefined, '  ')).status).toBe(400);
  });
  it('refuses a malformed header and a header that disagrees with the body', () => {
    expect(error(() => expectedVersion(undefined, 'abc')).status).toBe(400);
    expect(error(() => expectedVersion(undefined, '0')).status).toBe(400);
    expect(error(() => expectedVersion(2, '3')).status).toBe(400);
  });
});
