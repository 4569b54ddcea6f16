import { editedKeys, rebase } from './form-rebase';

const loaded = { title: 'Hội thảo PCI', start: '2026-12-10T08:00', place: 'Hội trường A' };

describe('form rebase', () => {
  it('names only the fields the user changed', () => {
    expect(editedKeys(loaded, loaded)).toEqual([]);
    expect(editedKeys({ ...loaded, title: 'Hội nghị PCI' }, loaded)).toEqual(['title']);
  });

  it("keeps the user's edits and takes the other person's changes to the fields the user did not touch", () => {
    const typed = { ...loaded, title: 'Hội nghị PCI' };
    const fresh = { ...loaded, start: '2026-12-10T14:00' };
    const { form, clashes } = rebase(typed, loaded, fresh);
    expect(form).toEqual({ title: 'Hội nghị PCI', start: '2026-12-10T14:00', place: 'Hội trường A' });
    expect(clashes).toEqual([]);
    // What a save then sends: the user's field only, so the other person's new start stays.
    expect(editedKeys(form, fresh)).toEqual(['title']);
  });

  it('reports a field both changed to different values, keeping what the user typed', () => {
    const typed = { ...loaded, title: 'Hội nghị PCI' };
    const fresh = { ...loaded, title: 'Hội nghị công bố PCI' };
    expect(rebase(typed, loaded, fresh)).toEqual({ form: typed, clashes: ['title'] });
    // Both typed the same thing: nothing to report, nothing left to send.
    const same = rebase(typed, loaded, { ...loaded, title: 'Hội nghị PCI' });
    expect(same.clashes).toEqual([]);
    expect(editedKeys(same.form, { ...loaded, title: 'Hội nghị PCI' })).toEqual([]);
  });
});
