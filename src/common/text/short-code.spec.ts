import { normalizeShortCode } from './short-code';

describe('normalizeShortCode (the server and the check-in page agree on what a typed code is)', () => {
  it.each([
    ['K7M2QX9RTB', 'K7M2QX9RTB'],
    ['k7m2qx9rtb', 'K7M2QX9RTB'],
    ['k7m2q x9rtb', 'K7M2QX9RTB'],
    [' K7M2-QX9R-TB ', 'K7M2QX9RTB'],
  ])('%p is the code %p', (typed, code) => {
    expect(normalizeShortCode(typed)).toBe(code);
  });

  it.each([
    ['K7M2QX9RT', 'one character short'],
    ['K7M2QX9RTBB', 'one too many'],
    ['K7M2QX9RO0', 'O and 0 are not in the alphabet'],
    ['K7M2QX9RI1', 'I and 1 are not in the alphabet'],
    ['K7M2QX9RTL', 'L is not in the alphabet'],
    ['K7M2QX9RT_', 'not a letter or digit'],
    ['', 'empty'],
  ])('%p is refused (%s)', (typed) => {
    expect(normalizeShortCode(typed)).toBeNull();
  });
});
