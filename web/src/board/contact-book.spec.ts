import { ContactBook } from './contact-book';

describe('ContactBook', () => {
  it('reads nothing on peek; reads each unknown contact once on request and tells listeners once for a burst', async () => {
    const asked: string[] = [];
    const book = new ContactBook(
      async (id) => {
        asked.push(id);
        if (id === 'bad') throw new Error('404');
        return { name: `Cán bộ ${id}`, phone: '0222 3822 456' };
      },
      1,
      (fn) => setTimeout(fn, 0),
    );
    let heard = 0;
    let firstHeard!: () => void;
    const heardOnce = new Promise<void>((r) => (firstHeard = r));
    book.subscribe(() => {
      heard++;
      firstHeard();
    });
    expect(book.peek({ pointId: 'a' })).toBeNull();
    expect(asked).toEqual([]);
    for (const id of ['a', 'a', 'b', 'bad']) book.request({ pointId: id });
    book.request({ pointId: 'c', contactName: 'Có sẵn', contactPhone: null });
    // the look-ups wait for the scheduler (the next paint on the page)
    expect(asked).toEqual([]);
    // waits for the listeners rather than for a fixed time: on a loaded machine the timers may fire late
    await heardOnce;
    expect(asked).toEqual(['a', 'b', 'bad']);
    // every answer has arrived before the one notice; no second one follows
    await new Promise((r) => setTimeout(r, 20));
    expect(heard).toBe(1);
    expect(book.peek({ pointId: 'a' })).toEqual({ name: 'Cán bộ a', phone: '0222 3822 456' });
    expect(book.peek({ pointId: 'bad' })).toEqual({ name: null, phone: null });
    expect(book.peek({ pointId: 'c', contactName: 'Có sẵn', contactPhone: null })).toEqual({ name: 'Có sẵn', phone: null });
  });
});
