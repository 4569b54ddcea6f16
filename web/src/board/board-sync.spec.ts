import type { PresenceDelta, PresenceEntry, PresenceSnapshot, PresenceState, WsError } from '../../../src/presence/presence.events';
import { BoardSync, type JoinReply } from './board-sync';
import { BoardStore } from './store';

const C = 'c1';
const counts = { total: 2, online: 0, unstable: 0, offline: 0, absent: 2, left: 0, byLevel: {} };
const entry = (pointId: string, state: PresenceState): PresenceEntry => ({
  pointId,
  code: pointId.toUpperCase(),
  name: `Điểm ${pointId}`,
  level: 'district',
  parentId: null,
  state,
  since: '2021-07-10T08:00:00.000+07:00',
  lastSeenAt: null,
  audio: null,
  video: null,
  note: null,
  connections: state === 'online' ? 1 : 0,
  drops: 0,
  attendance: null,
  attendanceReason: null,
  agendaVersion: null,
  release: null,
  readiness: {},
});
const snapshot = (seq: number, a: PresenceState = 'absent', b: PresenceState = 'absent'): PresenceSnapshot => ({
  conferenceId: C,
  seq,
  counts,
  points: [entry('a', a), entry('b', b)],
});
const delta = (seq: number, pointId: string, state: PresenceState, conferenceId = C): PresenceDelta => ({
  conferenceId,
  seq,
  changes: [entry(pointId, state)],
  counts,
});

/** A `board:join` whose answer the test releases when it wants (to deliver deltas while the join is on its way). */
class FakeServer {
  joins = 0;
  private pending: Array<(r: JoinReply) => void> = [];
  join = (conferenceId: string): Promise<JoinReply> => {
    expect(conferenceId).toBe(C);
    this.joins++;
    return new Promise((resolve) => this.pending.push(resolve));
  };
  answer(r: JoinReply): void {
    const next = this.pending.shift();
    if (!next) throw new Error('no join waiting');
    next(r);
  }
  get waiting(): number {
    return this.pending.length;
  }
}

function setup() {
  const store = new BoardStore();
  const server = new FakeServer();
  const joined: boolean[] = [];
  const refused: WsError[] = [];
  const sync = new BoardSync(C, store, server.join, { joined: (rejoin) => joined.push(rejoin), refused: (e) => refused.push(e) });
  const state = (id: string) => store.entries.get(id)?.state;
  return { store, server, sync, joined, refused, state };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('BoardSync (the board join / buffer / re-join protocol)', () => {
  it('joins on connect and loads the snapshot; later deltas apply in order', async () => {
    const { server, sync, joined, state, store } = setup();
    const done = sync.connected();
    server.answer({ ok: true, snapshot: snapshot(5) });
    await done;
    expect([joined, store.seq, state('a')]).toEqual([[false], 5, 'absent']);
    sync.delta(delta(6, 'a', 'online'));
    sync.delta(delta(7, 'b', 'online'));
    expect([store.seq, state('a'), state('b')]).toEqual([7, 'online', 'online']);
    expect(server.joins).toBe(1);
  });

  it('buffers deltas that arrive while the join is on its way and applies only those newer than the snapshot', async () => {
    const { server, sync, state, store } = setup();
    const done = sync.connected();
    sync.delta(delta(4, 'a', 'online')); // already in the snapshot (seq 5)
    sync.delta(delta(5, 'a', 'offline')); // same
    sync.delta(delta(6, 'b', 'online')); // newer
    server.answer({ ok: true, snapshot: snapshot(5, 'online') });
    await done;
    expect([store.seq, state('a'), state('b')]).toEqual([6, 'online', 'online']);
    expect(server.joins).toBe(1);
  });

  it('keeps an early view that its join confirms without redrawing it, and replaces one that the join finds old', async () => {
    const { server, sync, state, store } = setup();
    const early = snapshot(5, 'online');
    store.load(early); // drawn before the join (the board page's early REST read)
    let redrawn = 0;
    store.subscribePoint('a', () => redrawn++);
    store.subscribeStructure(() => redrawn++);
    const first = sync.connected();
    sync.delta(delta(6, 'b', 'online')); // sent while the join is on its way
    server.answer({ ok: true, snapshot: { ...early, currentPetition: null } }); // the same read, confirmed by the ack
    await first;
    expect([redrawn, store.seq, state('a'), state('b')]).toEqual([0, 6, 'online', 'online']);
    // a later join with a newer snapshot replaces everything
    sync.delta(delta(8, 'a', 'offline')); // 7 was missed: join again
    const again = server.answer.bind(server);
    await flush();
    again({ ok: true, snapshot: snapshot(9, 'offline', 'absent') });
    await flush();
    expect([store.seq, state('a'), state('b')]).toEqual([9, 'offline', 'absent']);
    expect(redrawn).toBeGreaterThan(0);
  });

  it('joins again when the roster changed (a point invited or removed), even while a join is on its way', async () => {
    const { server, sync, joined, store } = setup();
    const first = sync.connected();
    server.answer({ ok: true, snapshot: snapshot(1) });
    await first;
    // "b" removed, "c" invited: a delta cannot say that a tile is gone, a new snapshot can
    const again = sync.roster({ conferenceId: C, added: ['c'], removed: ['b'] });
    expect(server.waiting).toBe(1);
    void sync.roster({ conferenceId: 'other', added: ['x'], removed: [] }); // another conference: nothing
    // a second change while that join is on its way: its answer may be older than the change, so it is asked again
    void sync.roster({ conferenceId: C, added: ['d'], removed: [] });
    server.answer({ ok: true, snapshot: { ...snapshot(2), points: [entry('a', 'absent'), entry('c', 'absent')] } });
    await flush();
    expect(server.waiting).toBe(1);
    server.answer({ ok: true, snapshot: { ...snapshot(3), points: [entry('a', 'absent'), entry('c', 'absent'), entry('d', 'absent')] } });
    await again;
    await flush();
    expect([[...store.entries.keys()], store.seq, server.joins, joined]).toEqual([['a', 'c', 'd'], 3, 3, [false, true]]);
  });

  it('joins again on a gap, and counts it as a re-join', async () => {
    const { server, sync, joined, state, store } = setup();
    const first = sync.connected();
    server.answer({ ok: true, snapshot: snapshot(1) });
    await first;
    sync.delta(delta(3, 'a', 'online')); // 2 was missed
    expect(server.waiting).toBe(1);
    expect(state('a')).toBe('absent');
    sync.delta(delta(4, 'b', 'online')); // buffered meanwhile
    server.answer({ ok: true, snapshot: snapshot(3, 'online') });
    await flush();
    expect([store.seq, state('a'), state('b'), joined]).toEqual([4, 'online', 'online', [false, true]]);
  });

  it('joins again when a buffered delta leaves a gap after the snapshot', async () => {
    const { server, sync, store } = setup();
    const first = sync.connected();
    sync.delta(delta(9, 'a', 'online')); // snapshot will be 5: 6..8 missing
    server.answer({ ok: true, snapshot: snapshot(5) });
    await flush();
    expect(server.joins).toBe(2);
    server.answer({ ok: true, snapshot: snapshot(9, 'online') });
    await first;
    await flush();
    expect(store.seq).toBe(9);
  });

  it('sends one join at a time, however many gaps or reconnects arrive meanwhile', async () => {
    const { server, sync } = setup();
    void sync.connected();
    void sync.connected();
    sync.delta(delta(10, 'a', 'online'));
    expect(server.joins).toBe(1);
  });

  it('joins again on the new connection when the socket reconnected while a join was on its way', async () => {
    const { server, sync, joined, state, store } = setup();
    const first = sync.connected();
    const second = sync.connected(); // the socket dropped and came back before the first join answered
    expect(server.joins).toBe(1); // still one join at a time
    server.answer({ ok: true, snapshot: snapshot(5) }); // answered for the old connection, which is gone
    await flush();
    expect(server.joins).toBe(2); // the new connection joins the board's room too
    expect(joined).toEqual([]); // not shown online from the old connection's join
    server.answer({ ok: true, snapshot: snapshot(7, 'online') });
    await Promise.all([first, second]);
    expect([joined, store.seq, state('a')]).toEqual([[false], 7, 'online']);
    sync.delta(delta(8, 'b', 'online')); // deltas now reach the board
    expect([store.seq, state('b'), server.joins]).toEqual([8, 'online', 2]);
  });

  it('joins again after a reconnect even when the join on the old connection was refused or timed out', async () => {
    const { server, sync, joined, refused, store } = setup();
    const first = sync.connected();
    void sync.connected();
    server.answer({ ok: false, error: { code: 'no_answer' as WsError['code'], message: '', messages: { vi: '', en: '' } } });
    await flush();
    expect([server.joins, refused]).toEqual([2, []]);
    server.answer({ ok: true, snapshot: snapshot(3) });
    await first;
    expect([joined, store.seq]).toEqual([[false], 3]);
  });

  it('reports a refused join and keeps the store as it was; ignores other conferences and anything after dispose', async () => {
    const { server, sync, refused, store, joined } = setup();
    const done = sync.connected();
    server.answer({ ok: false, error: { code: 'forbidden', message: 'x / y', messages: { vi: 'x', en: 'y' } } });
    await done;
    expect([refused.map((e) => e.code), store.seq, joined]).toEqual([['forbidden'], -1, []]);
    const again = sync.connected();
    server.answer({ ok: true, snapshot: snapshot(2) });
    await again;
    sync.delta(delta(3, 'a', 'online', 'other-conference'));
    expect(store.seq).toBe(2);
    sync.dispose();
    sync.delta(delta(3, 'a', 'online'));
    expect(store.seq).toBe(2);
  });
});
