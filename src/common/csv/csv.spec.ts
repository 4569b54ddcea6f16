import { safeCsvCell, toCsv } from './csv';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+84912345678', `'+84912345678`],
    ['-1', `'-1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tx', `'\tx`],
    ['Công ty TNHH Ánh Dương', 'Công ty TNHH Ánh Dương'],
    [null, ''],
    [42, '42'],
  ])('%p → %p', (input, out) => {
    expect(safeCsvCell(input)).toBe(out);
  });

  it('starts with a BOM, quotes what needs it and ends lines with CRLF', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        { a: 'x, y', b: '=1+1' },
        { a: 'dòng "2"', b: null },
      ],
    );
    expect(csv).toBe('\uFEFFa,b\r\n"x, y",\'=1+1\r\n"dòng ""2""",\r\n');
  });
});
