import { validationMessages } from '../common/validation/validation-messages';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreatePointDto, POINT_MESSAGES } from './dto/create-point.dto';
import { CSV_COLUMNS, CsvRowCells, parsePointsCsv, parsePointsCsvAsync, rowProblems } from './points-csv';

const HEADER = CSV_COLUMNS.join(',');

describe('parsePointsCsv', () => {
  it('reads Vietnamese text, quoted fields with commas, quotes and line breaks', () => {
    const csv = [
      HEADER,
      'T-BACNINH,UBND tỉnh Bắc Ninh,province,,"Số 10 Phù Đổng Thiên Vương, TP Bắc Ninh",Nguyễn Văn An,0222 3822 456,120',
      'H-THUANTHANH,"UBND huyện ""Thuận Thành""",district,T-BACNINH,"Thị trấn Hồ,\nhuyện Thuận Thành",,,',
      'X-HOAIHAO,Xã Hoài Thượng,commune,H-THUANTHANH,,Đỗ Thị Đào,,15',
    ].join('\n');
    const { records, errors } = parsePointsCsv(csv);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.valid])).toEqual([
      [2, true],
      [3, true],
      [5, true],
    ]);
    expect(records[0].point).toEqual({
      code: 'T-BACNINH',
      name: 'UBND tỉnh Bắc Ninh',
      level: 'province',
      parentCode: null,
      address: 'Số 10 Phù Đổng Thiên Vương, TP Bắc Ninh',
      contactName: 'Nguyễn Văn An',
      contactPhone: '0222 3822 456',
      capacity: 120,
    });
    expect(records[1].point).toMatchObject({
      name: 'UBND huyện "Thuận Thành"',
      parentCode: 'T-BACNINH',
      address: 'Thị trấn Hồ,\nhuyện Thuận Thành',
      contactName: null,
      capacity: null,
    });
    expect(records[2].point).toMatchObject({ contactName: 'Đỗ Thị Đào', capacity: 15 });
  });

  it('accepts a BOM and CRLF line ends (spreadsheet exports) and a CRLF inside a quoted field', () => {
    const csv = `\uFEFF${HEADER}\r\nA1,Điểm A,district,,"dòng 1\r\ndòng 2",,,\r\n\r\nB1,Điểm B,district,,,,,\r\n`;
    const { records, errors } = parsePointsCsv(csv);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.code])).toEqual([
      [2, 'A1'],
      [5, 'B1'],
    ]);
    expect(records[0].point.address).toBe('dòng 1\ndòng 2');
  });

  it('accepts the columns in any order and without the optional ones; header names ignore case', () => {
    const { records, errors } = parsePointsCsv('Level,NAME,code\ndistrict,Huyện Gia Bình,H-GIABINH\n');
    expect(errors).toEqual([]);
    expect(records[0].point).toMatchObject({ code: 'H-GIABINH', name: 'Huyện Gia Bình', level: 'district', parentCode: null, capacity: null });
  });

  it('reports every bad line with its own line number (line 1 = header; multi-line records count from where they start)', () => {
    const csv = [
      HEADER,
      'OK-1,Tốt,district,,,,,', // 2
      'x,Mã quá ngắn,district,,,,,', // 3
      'OK-2,"Tên có', // 4 (record spans 4-5)
      'xuống dòng",village,,,,,', // 5
      'OK-3,,commune,,,,,', // 6
      'OK-4,Sức chứa,district,,,,abc,-5', // 7
      'OK-5,Số cột sai,district', // 8
      'OK-6,Mã cha sai,commune,bad code!,,,,', // 9
      'OK-7,Hết,district,,,,,', // 10
    ].join('\n');
    const { records, errors } = parsePointsCsv(csv);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 6, 7, 8, 9]);
    expect(errors[0].message).toMatch(/^code phải gồm 2–32 ký tự/);
    expect(errors[1].message).toMatch(/level phải là một trong/);
    expect(errors[2].message).toMatch(/name không được để trống/);
    expect(errors[3].message).toMatch(/contactPhone không hợp lệ.*capacity phải từ 1 trở lên/);
    expect(errors[4].message).toMatch(/Dòng có 3 cột, tiêu đề có 8 cột/);
    expect(errors[5].message).toMatch(/parentCode phải gồm/);
    expect(records.filter((r) => r.valid).map((r) => r.code)).toEqual(['OK-1', 'OK-7']);
    expect(records.map((r) => r.code)).toContain('OK-2');
  });

  it('refuses a capacity that is not a whole number', () => {
    const { errors } = parsePointsCsv(`${HEADER}\nA1,Điểm,district,,,,,12.5\nA2,Điểm,district,,,,,nhiều\n`);
    expect(errors.map((e) => [e.line, /capacity phải là số nguyên/.test(e.message)])).toEqual([
      [2, true],
      [3, true],
    ]);
  });

  it('skips blank lines and rows of empty cells', () => {
    const { records, errors } = parsePointsCsv(`${HEADER}\n\n,,,,,,,\nA1,Điểm,district,,,,,\n   \n`);
    expect(errors).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([4]);
  });

  it('reports an unknown, duplicate or missing header column on line 1', () => {
    expect(parsePointsCsv('code,name,level,email\nA1,Điểm,district,a@b.c\n').errors).toMatchObject([
      { line: 1, message: expect.stringMatching(/Cột không hợp lệ "email"/), messages: { en: expect.stringMatching(/^unknown column "email"/) } },
    ]);
    expect(parsePointsCsv('code,name,level,code\n').errors[0].message).toMatch(/Cột "code" bị lặp/);
    expect(parsePointsCsv('code,name\nA1,Điểm\n').errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/Thiếu cột level/) });
  });

  it('reports a syntax error at the line where the broken record starts, and still checks the rows above it', () => {
    const csv = [HEADER, 'x,Mã sai,district,,,,,', '', 'A2,"Không đóng ngoặc,district,,,,,', 'A3,Điểm,district,,,,,'].join('\n');
    const { errors } = parsePointsCsv(csv);
    expect(errors.map((e) => e.line)).toEqual([2, 4]);
    expect(errors[1].message).toMatch(/^Dấu ngoặc kép mở nhưng không được đóng/);

    const bad = parsePointsCsv([HEADER, 'A1,Điểm,district,,,,,', 'A2,"Tên"x,district,,,,,'].join('\n'));
    expect(bad.errors).toMatchObject([{ line: 3, messages: { vi: expect.stringMatching(/^Sau dấu ngoặc kép đóng/) } }]);
  });
});

describe('rowProblems agrees with CreatePointDto', () => {
  const base: CsvRowCells = { code: 'H-THUANTHANH', name: 'UBND huyện Thuận Thành', level: 'district' };
  const variants: Partial<CsvRowCells>[] = [
    {},
    { code: 'A' },
    { code: 'AB' },
    { code: 'A'.repeat(32) },
    { code: 'A'.repeat(33) },
    { code: 'HUYỆN' },
    { code: 'a b' },
    { code: 'a_b-C9' },
    { code: '' },
    { name: '' },
    { name: 'x'.repeat(255) },
    { name: 'x'.repeat(256) },
    { name: 'Đ'.repeat(255) },
    { level: 'central' },
    { level: 'enterprise' },
    { level: 'District' },
    { level: '' },
    { address: 'x'.repeat(500) },
    { address: 'x'.repeat(501) },
    { contactName: 'y'.repeat(256) },
    { contactPhone: '0222 3822 456' },
    { contactPhone: '+84 (222) 3822-456' },
    { contactPhone: '1' },
    { contactPhone: 'gọi 0912' },
    { contactPhone: '0'.repeat(33) },
    { capacity: '1' },
    { capacity: '100000' },
    { capacity: '100001' },
    { capacity: '0' },
    { capacity: '-3' },
    { capacity: '12.5' },
    { capacity: 'nhiều' },
    { capacity: '1e3' },
    { code: 'x', name: '', level: 'xa', capacity: '0' },
  ];
  it.each(variants.map((v) => [JSON.stringify(v), v]))('%s', (_label, variant) => {
    const cells = { ...base, ...(variant as Partial<CsvRowCells>) };
    const plain: Record<string, unknown> = { ...cells };
    if (cells.capacity !== undefined) plain.capacity = /^[+-]?\d+(\.\d+)?$/.test(cells.capacity) ? Number(cells.capacity) : cells.capacity;
    const dtoMessages = validationMessages(validateSync(plainToInstance(CreatePointDto, plain))).map((m) => m.vi);
    // For a value of the wrong type class-validator adds noise next to the useful message ("must be a string", or min/max
    // for a capacity that is not a number); the row check gives only the useful one.
    const notNumber = dtoMessages.includes(POINT_MESSAGES.capacityInt.vi);
    const expected = dtoMessages.filter(
      (m) => !/phải là chuỗi ký tự/.test(m) && !(notNumber && (m === POINT_MESSAGES.capacityMin.vi || m === POINT_MESSAGES.capacityMax.vi)),
    );
    expect(new Set(rowProblems(cells).map((m) => m.vi))).toEqual(new Set(expected));
  });
});

describe('parsePointsCsv on files longer than one slice', () => {
  it('keeps line numbers and records across slices, with quoted line breaks anywhere', async () => {
    const lines = [HEADER];
    const expected: Array<[number, string]> = [];
    let line = 2;
    for (let i = 0; i < 5_000; i++) {
      const multi = i % 7 === 0;
      lines.push(`P${i},Điểm ${i},district,,${multi ? '"dòng 1\ndòng 2"' : 'địa chỉ'},,,`);
      expected.push([line, `P${i}`]);
      line += multi ? 2 : 1;
    }
    lines.push('BAD,Điểm,huyen,,,,,');
    const { records, errors } = parsePointsCsv(lines.join('\n'));
    expect(records.slice(0, -1).map((r) => [r.line, r.code])).toEqual(expected);
    expect(errors).toEqual([expect.objectContaining({ line, message: expect.stringContaining('level') })]);
    // The asynchronous form gives the same answer.
    expect(await parsePointsCsvAsync(lines.join('\n'))).toEqual(parsePointsCsv(lines.join('\n')));
  });
});
