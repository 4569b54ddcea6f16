import { isValidTaxCode, taxCodeCheckDigit } from './tax-code';

describe('tax code check digit', () => {
  it.each([
    ['010010910', 6], // 0100109106
    ['030314774', 9], // 0303147749
    ['100000008', null], // sum mod 11 = 0 → 10: no valid code
  ])('check digit of %s is %p', (nine, digit) => {
    expect(taxCodeCheckDigit(nine)).toBe(digit);
  });

  it.each([
    ['0100109106', true],
    ['0100109106-001', true],
    ['0100109107', false], // wrong check digit
    ['010010910', false], // nine digits
    ['01001091060', false], // eleven digits
    ['0100109106-01', false],
    ['0100109106 001', false],
    ['01001O9106', false],
    ['', false],
    ['1000000080', false], // check would be 10
  ])('%s valid: %p', (code, valid) => {
    expect(isValidTaxCode(code)).toBe(valid);
  });

  it('exactly one check digit in ten is right for any nine digits that allow one', () => {
    for (const nine of ['123456789', '987654321', '000000001', '450000000', '100000008']) {
      const valid = [...'0123456789'].filter((d) => isValidTaxCode(nine + d));
      const expected = taxCodeCheckDigit(nine);
      expect(valid).toEqual(expected === null ? [] : [String(expected)]);
    }
  });
});
