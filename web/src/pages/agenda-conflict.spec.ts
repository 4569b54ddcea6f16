import { changedFields, takeTheirs } from './agenda-conflict';

interface Item {
  title: string;
  durationMinutes: string;
  presenter: string;
  notes: string;
}
const ORDER: Array<keyof Item> = ['title', 'durationMinutes', 'presenter', 'notes'];
const base: Item = { title: 'Khai mạc', durationMinutes: '20', presenter: '', notes: '' };
// A saved first: a new duration and a presenter.
const theirs: Item = { ...base, durationMinutes: '45', presenter: 'Đồng chí Chủ tịch UBND tỉnh' };

describe('agenda edit conflict', () => {
  it('lists the fields the other person changed, in form order, with the value before and now', () => {
    expect(changedFields(ORDER, base, base)).toEqual([]);
    expect(changedFields(ORDER, base, theirs)).toEqual([
      ['durationMinutes', '20', '45'],
      ['presenter', '', 'Đồng chí Chủ tịch UBND tỉnh'],
    ]);
  });

  it("'take theirs' takes their values in the listed fields and keeps the user's edits in every other field", () => {
    // B changed the duration too (a clash) and typed a note A never touched.
    const mine: Item = { ...base, durationMinutes: '50', notes: 'Chuẩn bị máy chiếu' };
    const merged = takeTheirs(mine, changedFields(ORDER, base, theirs));
    expect(merged).toEqual({ title: 'Khai mạc', durationMinutes: '45', presenter: 'Đồng chí Chủ tịch UBND tỉnh', notes: 'Chuẩn bị máy chiếu' });
    // Against their version as the new base, the next save sends only the note.
    expect(changedFields(ORDER, theirs, merged)).toEqual([['notes', '', 'Chuẩn bị máy chiếu']]);
    expect(mine.notes).toBe('Chuẩn bị máy chiếu'); // the form itself is not changed in place
    expect(mine.durationMinutes).toBe('50');
  });

  it("with no other edits, 'take theirs' gives exactly their version", () => {
    const changed = changedFields(ORDER, base, theirs);
    expect(takeTheirs(base, changed)).toEqual(theirs);
    expect(takeTheirs({ ...base, presenter: 'Ông Nguyễn Văn A' }, changed)).toEqual(theirs);
  });
});
