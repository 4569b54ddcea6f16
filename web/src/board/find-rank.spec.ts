import { rankMatches } from './find-rank';

const p = (code: string, name: string) => ({ code, name });
const names = (ps: Array<{ name: string }>) => ps.map((x) => x.name);

describe('rankMatches: the board search, best match first', () => {
  const board = [
    p('C49', 'UBND xã Xuân Hòa 49'),
    p('C50', 'UBND xã Thuận Hòa'),
    p('C12', 'UBND xã An Hòa 12'),
    p('C7', 'UBND xã An Hòa 7'),
    p('C3', 'UBND xã Hòa An'),
  ];

  it('puts a name whose words start with the query words before a name that only contains it ("an hoa")', () => {
    expect(names(rankMatches(board, 'an hoa'))).toEqual(['UBND xã An Hòa 12', 'UBND xã An Hòa 7', 'UBND xã Xuân Hòa 49', 'UBND xã Thuận Hòa']);
  });

  it('is accent- and case-insensitive both ways, and collapses spaces', () => {
    expect(names(rankMatches(board, '  ÂN   HÒA '))).toEqual(names(rankMatches(board, 'an hoa')));
    expect(names(rankMatches([p('D1', 'UBND huyện Đông Anh')], 'dong a'))).toEqual(['UBND huyện Đông Anh']);
  });

  it('matches the last query word as a word prefix ("an ho")', () => {
    expect(names(rankMatches(board, 'an ho')).slice(0, 2)).toEqual(['UBND xã An Hòa 12', 'UBND xã An Hòa 7']);
  });

  it('ranks the exact code first, then codes starting with the query, then names, then substrings', () => {
    const ps = [p('H-TIENDU', 'UBND huyện Tiên Du'), p('C1', 'UBND xã C1 mới'), p('C10', 'UBND xã Mười'), p('XC1', 'UBND xã Ấp'), p('C1', 'Trạm C1')];
    expect(rankMatches(ps, 'c1').map((x) => `${x.code} ${x.name}`)).toEqual(['C1 UBND xã C1 mới', 'C1 Trạm C1', 'C10 UBND xã Mười', 'XC1 UBND xã Ấp']);
  });

  it('finds a code in any case and a substring of a code', () => {
    expect(rankMatches([p('H-THUANTHANH', 'UBND huyện Thuận Thành')], 'thanh')).toHaveLength(1);
    expect(rankMatches([p('H-THUANTHANH', 'X')], 'h-thuan')).toHaveLength(1);
    expect(rankMatches([p('H-THUANTHANH', 'X')], 'uanth')).toHaveLength(1);
  });

  it('keeps the given order within one rank, and returns nothing for an empty or unmatched query', () => {
    expect(names(rankMatches(board, 'hoa'))).toEqual(['UBND xã Xuân Hòa 49', 'UBND xã Thuận Hòa', 'UBND xã An Hòa 12', 'UBND xã An Hòa 7', 'UBND xã Hòa An']);
    expect(rankMatches(board, '   ')).toEqual([]);
    expect(rankMatches(board, 'hà nội')).toEqual([]);
  });

  it('needs the query words in order at consecutive word starts for the word rank', () => {
    // "hoa an" starts words only in "Hòa An"; "An Hòa" holds neither that order nor the substring
    expect(names(rankMatches(board, 'hoa an'))).toEqual(['UBND xã Hòa An']);
  });

  it('takes any iterable (the store map values)', () => {
    const m = new Map(board.map((x) => [x.code, x]));
    expect(rankMatches(m.values(), 'C7')[0].name).toBe('UBND xã An Hòa 7');
  });
});
