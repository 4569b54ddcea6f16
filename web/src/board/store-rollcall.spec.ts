import type { PresenceLogEvent } from '../types';
import { BoardStore } from './store';

const R = 'r1';
const line = (pointId: string, detail: Record<string, unknown>): PresenceLogEvent =>
  ({ at: '2021-07-10T08:00:00.000+07:00', pointId, type: 'rollcall', detail }) as PresenceLogEvent;
const started = line('host', { rollcallId: R, started: true, targets: 2, by: 'operator' });
const answer = line('a', { rollcallId: R });
const closed = line('host', { rollcallId: R, closed: true, answered: ['a'], missing: ['b'] });

describe('BoardStore roll call (what the roll-call panel shows)', () => {
  it('counts down from the time left that the server stated, whatever the clock of the page says', () => {
    const store = new BoardStore();
    const now = 1_000_000; // this PC's clock, hours away from the server's deadline below
    store.setRollcall({ rollcallId: R, answered: [], missing: ['a'], done: false, deadline: '2030-01-01T09:00:00.000+07:00', remainingMs: 20_000 }, now);
    expect(store.rollcallSecondsLeft(now)).toBe(20);
    expect(store.rollcallSecondsLeft(now + 5_000)).toBe(15);
    // a later result recounts from what it states; one that states nothing keeps the deadline known
    store.setRollcall({ rollcallId: R, answered: ['a'], missing: [], done: false, remainingMs: 10_000 }, now + 9_000);
    expect(store.rollcallSecondsLeft(now + 9_000)).toBe(10);
    store.setRollcall({ rollcallId: R, answered: ['a'], missing: [], done: false }, now + 12_000);
    expect(store.rollcallSecondsLeft(now + 12_000)).toBe(7);
    expect(store.rollcallSecondsLeft(now + 60_000)).toBe(0);
  });

  it('after a reload, restores a roll call that is still open as running, and a closed one as done', () => {
    const open = new BoardStore();
    open.restoreRollcall([started, answer]);
    expect(open.rollcall).toMatchObject({ rollcallId: R, answered: ['a'], done: false, restored: true, endsAt: null });
    expect(open.rollcallSecondsLeft()).toBeNull(); // running, its deadline comes with the server's result
    const done = new BoardStore();
    done.restoreRollcall([started, answer, closed]);
    expect(done.rollcall).toMatchObject({ rollcallId: R, answered: ['a'], done: true, restored: true });
  });

  it('keeps the live result of the open roll call, and replaces it with the log once the log shows it closed', () => {
    const store = new BoardStore();
    const live = { rollcallId: R, answered: ['a'], missing: ['b'], done: false, remainingMs: 30_000 };
    store.setRollcall(live);
    store.restoreRollcall([started, answer]);
    expect(store.rollcall).toMatchObject({ missing: ['b'], done: false });
    expect(store.rollcall?.restored).toBeUndefined();
    store.restoreRollcall([started, answer, closed]); // its final result was missed while the board was away
    expect(store.rollcall).toMatchObject({ rollcallId: R, done: true, restored: true });
  });
});
