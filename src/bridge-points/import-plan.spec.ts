import { ExistingPoint, planImport } from './import-plan';
import { CSV_COLUMNS, parsePointsCsv } from './points-csv';

const HEADER = CSV_COLUMNS.join(',');
const csv = (...rows: string[]) => parsePointsCsv([HEADER, ...rows].join('\n'));
let n = 0;
const ids = () => `new-${++n}`;

const STORED: ExistingPoint[] = [
  { id: 'id-tinh', code: 'T-BACNINH', level: 'province', parentId: null },
  { id: 'id-huyen', code: 'H-THUANTHANH', level: 'district', parentId: 'id-tinh' },
  { id: 'id-xa', code: 'X-HOAITHUONG', level: 'commune', parentId: 'id-huyen' },
];

function errorsOf(plan: ReturnType<typeof planImport>) {
  if (plan.ok) throw new Error('expected errors');
  return plan.errors;
}

describe('planImport', () => {
  beforeEach(() => (n = 0));

  it('creates new codes and updates stored ones (codes match regardless of case), resolving parents in the file and in the database', () => {
    const plan = planImport(
      csv(
        'h-thuanthanh,Huyện Thuận Thành (mới),district,T-BACNINH,,,,', // update, stored parent
        'H-GIABINH,Huyện Gia Bình,district,T-BACNINH,,,,',
        'X-DONGBINH,Xã Đông Bình,commune,H-GIABINH,,,,', // parent defined above
        'DN-CANON,Công ty Canon Việt Nam,enterprise,X-HOAITHUONG,,,,',
      ),
      STORED,
      ids,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.updates).toEqual([expect.objectContaining({ id: 'id-huyen', code: 'h-thuanthanh', name: 'Huyện Thuận Thành (mới)', parentId: 'id-tinh' })]);
    expect(plan.creates.map((p) => [p.code, p.id, p.parentId])).toEqual([
      ['H-GIABINH', 'new-1', 'id-tinh'],
      ['X-DONGBINH', 'new-2', 'new-1'],
      ['DN-CANON', 'new-3', 'id-xa'],
    ]);
  });

  it('refuses a parent defined only further down the file, or nowhere', () => {
    const errors = errorsOf(planImport(csv('X-A,Xã A,commune,H-B,,,,', 'H-B,Huyện B,district,,,,,', 'X-C,Xã C,commune,NOPE,,,,'), STORED, ids));
    expect(errors).toMatchObject([
      { line: 2, message: expect.stringMatching(/H-B phải được khai báo ở một dòng phía trên \(đang ở dòng 3\)/) },
      { line: 4, message: expect.stringMatching(/Không có điểm cầu cấp trên mã NOPE/) },
    ]);
  });

  it('checks the level rule against the final state, including stored children of a point whose level changes', () => {
    const errors = errorsOf(
      planImport(
        csv(
          'T-BACNINH,Tỉnh,province,,,,,', // unchanged level: fine
          'H-THUANTHANH,Huyện,commune,T-BACNINH,,,,', // now commune: stored child X-HOAITHUONG (commune) breaks
          'X-MOI,Xã mới,commune,X-HOAITHUONG,,,,', // commune under commune
          'DN-1,Doanh nghiệp,enterprise,,,,,',
          'DN-2,Doanh nghiệp 2,enterprise,DN-1,,,,', // under an enterprise
        ),
        STORED,
        ids,
      ),
    );
    expect(errors.map((e) => e.line)).toEqual([3, 4, 6]);
    expect(errors[0].message).toMatch(/X-HOAITHUONG \(cấp xã\)/);
    expect(errors[1].message).toMatch(/cấp xã không thể trực thuộc điểm cầu cấp xã/);
    expect(errors[2].message).toMatch(/^Doanh nghiệp không thể là điểm cầu cấp trên/);
  });

  it('refuses a row that is its own parent, duplicate codes, and cycles through the database', () => {
    const errors = errorsOf(
      planImport(
        csv(
          'H-X,Huyện X,district,H-X,,,,',
          'H-Y,Huyện Y,district,,,,,',
          'h-y,Huyện Y lặp,district,,,,,',
          'T-BACNINH,Tỉnh,province,X-HOAITHUONG,,,,', // province under its own grandchild: level error and cycle
        ),
        STORED,
        ids,
      ),
    );
    expect(errors.map((e) => e.line)).toEqual([2, 4, 5]);
    expect(errors[0].message).toMatch(/không thể là cấp trên của chính nó/);
    expect(errors[1].message).toMatch(/h-y đã có ở dòng 3/);
    expect(errors[2].message).toMatch(/cấp tỉnh không thể trực thuộc.*vòng lặp/);
  });

  it('a line with field errors is also told that its parent does not exist (one round of fixes, not two)', () => {
    const errors = errorsOf(planImport(csv('X TEST3,UBND xã Song Liễu,commune,H-KHONGCO,,,,abc'), STORED, ids));
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(2);
    expect(errors[0].messages.vi).toMatch(/^code phải gồm/);
    expect(errors[0].messages.vi).toMatch(/capacity/);
    expect(errors[0].messages.vi).toMatch(/Không có điểm cầu cấp trên mã H-KHONGCO/);
  });

  it('merges field errors with the cross-row ones and does not cascade from an invalid parent row', () => {
    const errors = errorsOf(planImport(csv('H-A,Huyện A,huyen,,,,,', 'X-B,Xã B,commune,H-A,,,,'), [], ids));
    expect(errors).toMatchObject([{ line: 2, messages: { vi: expect.stringMatching(/^level phải là một trong/) } }]);
  });
});
