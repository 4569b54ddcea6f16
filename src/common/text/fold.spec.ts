import { containsPattern, escapeLike, fold } from './fold';

describe('fold', () => {
  it('drops Vietnamese diacritics and lower-cases', () => {
    expect(fold('Thuận Thành')).toBe('thuan thanh');
    expect(fold('THUẬN THÀNH')).toBe('thuan thanh');
    expect(fold('Ủy ban nhân dân tỉnh Bắc Ninh')).toBe('uy ban nhan dan tinh bac ninh');
    expect(fold('Thị xã Từ Sơn')).toBe('thi xa tu son');
    expect(fold('Quế Võ, Gia Bình, Lương Tài')).toBe('que vo, gia binh, luong tai');
    expect(fold('Phường Vũ Ninh – Khu công nghiệp Yên Phong')).toBe('phuong vu ninh – khu cong nghiep yen phong');
  });

  it('turns đ and Đ into d (they have no decomposition)', () => {
    expect(fold('Đông Anh')).toBe('dong anh');
    expect(fold('Đường ĐỨC')).toBe('duong duc');
    expect(fold('đ')).toBe('d');
  });

  it('treats precomposed and decomposed input the same', () => {
    const composed = 'Thuận Thành'.normalize('NFC');
    const decomposed = 'Thuận Thành'.normalize('NFD');
    expect(composed).not.toBe(decomposed);
    expect(fold(composed)).toBe(fold(decomposed));
  });

  it('collapses and trims white space (tabs, non-breaking spaces, new lines)', () => {
    expect(fold('  Thuận \t  Thành\n ')).toBe('thuan thanh');
    expect(fold('Thuận\u00a0Thành')).toBe('thuan thanh');
    expect(fold('   ')).toBe('');
  });

  it('keeps codes, digits and punctuation', () => {
    expect(fold('H-THUANTHANH_01 UBND')).toBe('h-thuanthanh_01 ubnd');
  });
});

describe('LIKE patterns', () => {
  it('escapes wildcard characters so they match literally', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });

  it('builds a contains pattern on the folded query, or null for a blank one', () => {
    expect(containsPattern('Thuận Thành')).toBe('%thuan thanh%');
    expect(containsPattern(' 100% ')).toBe('%100\\%%');
    expect(containsPattern('  ')).toBeNull();
  });
});
