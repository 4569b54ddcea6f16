import { shortName } from './short-name';

describe('shortName: a tile shows the part of the name that tells sites apart', () => {
  it.each([
    ['UBND xã Xuân Hòa 49', 'Xuân Hòa 49'],
    ['UBND huyện Thuận Thành', 'Thuận Thành'],
    ['UBND huyện Tiên Du', 'Tiên Du'],
    ['UBND thị xã Từ Sơn', 'Từ Sơn'],
    ['UBND thành phố Bắc Ninh', 'Bắc Ninh'],
    ['UBND phường Đông Ngàn', 'Đông Ngàn'],
    ['UBND thị trấn Hồ', 'Hồ'],
    ['Ủy ban nhân dân xã Đại Đồng Thành', 'Đại Đồng Thành'],
    ['Uỷ ban nhân dân huyện Lương Tài', 'Lương Tài'],
    ['ỦY BAN NHÂN DÂN THÀNH PHỐ BẮC NINH', 'BẮC NINH'],
    ['ubnd XÃ an hòa', 'an hòa'],
    ['UBND   xã   Yên  Phong', 'Yên  Phong'],
    ['UBND Quế Võ', 'Quế Võ'],
  ])('%s → %s', (name, short) => {
    expect(shortName(name)).toBe(short);
  });

  it('keeps the level of a numbered ward ("UBND phường 3" → "phường 3") and of the province, unlike the city', () => {
    expect(shortName('UBND phường 3')).toBe('phường 3');
    expect(shortName('UBND tỉnh Bắc Ninh')).toBe('tỉnh Bắc Ninh');
    expect(shortName('UBND thành phố Bắc Ninh')).toBe('Bắc Ninh');
  });

  it('strips the same prefix when the name is written decomposed (NFD)', () => {
    expect(shortName('UBND xã Xuân Hòa'.normalize('NFD'))).toBe('Xuân Hòa');
  });

  it.each(['UBND xã', 'UBND huyện ', 'Ủy ban nhân dân', 'UBND', 'ubnd thị xã', 'UBND tỉnh'])('a name that is only a prefix keeps its full text: %j', (name) => {
    expect(shortName(name)).toBe(name);
  });

  it.each(['Trung tâm Hội nghị tỉnh', 'Công ty Điện lực Bắc Ninh', 'Xã An Hòa', 'UBNDxã Hòa', 'Sở Y tế'])('leaves other names as they are: %s', (name) => {
    expect(shortName(name)).toBe(name);
  });
});
