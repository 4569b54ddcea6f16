import { fileSlug, titledFileName } from './file-slug';

describe('file names from titles', () => {
  it('drops the marks, keeps letters and digits joined by dashes, and cuts at a whole character', () => {
    expect(fileSlug('Hội nghị sơ kết 6 tháng đầu năm 2021')).toBe('hoi-nghi-so-ket-6-thang-dau-nam-2021');
    expect(fileSlug('  Đối thoại với doanh nghiệp FDI (lần 2)!  ')).toBe('doi-thoai-voi-doanh-nghiep-fdi-lan-2');
    expect(fileSlug('Hội nghị'.normalize('NFD'))).toBe('hoi-nghi');
    expect(fileSlug('a'.repeat(49) + ' b', 50)).toBe('a'.repeat(49));
    expect(fileSlug('«»…')).toBe('');
  });

  it('names a file after a title and an id, leaving out the parts that are empty', () => {
    const id = '3f2a9c1e-0000-4000-8000-000000000000';
    expect(titledFileName('tham-du', 'Sơ kết quý III', id, 'csv')).toBe('tham-du-so-ket-quy-iii-3f2a.csv');
    expect(titledFileName('', 'Hội nghị xúc tiến đầu tư', id, 'ics')).toBe('hoi-nghi-xuc-tien-dau-tu-3f2a.ics');
    expect(titledFileName('tham-du', '…', id, 'xlsx')).toBe('tham-du-3f2a.xlsx');
  });
});
