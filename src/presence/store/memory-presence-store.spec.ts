import { AppError, ErrorCode } from '../../common/errors';
import { LiveRecord, newRecord, RosterPoint } from '../presence-state';
import { CLOSED_ROLLCALL_RETAIN_MS, MemoryPresenceStore } from './memory-presence-store';
import type { PointRecords } from './presence-store';
import { readinessSequence } from '../../../test/helpers/readiness-sequence';

/** Read, change, compare-and-set (what PresenceTransitions does, without the log): resolves with the record now stored. */
async function change(store: PointRecords, c: string, id: string, fn: (r: LiveRecord) => LiveRecord | null): Promise<LiveRecord> {
  const before = await store.read(c, id);
  if (!before) throw new Error(`not invited: ${id}`);
  const after = fn(before);
  if (!after) return before;
  expect(await store.replace(c, id, before, after)).toBe(true);
  return after;
}

const C = 'c1';
const point = (pointId: string, level: RosterPoint['level']): RosterPoint => ({
  pointId,
  code: pointId.toUpperCase(),
  name: `Điểm ${pointId}`,
  level,
  parentId: null,
});
const roster = [point('h', 'province'), point('d1', 'district'), point('d2', 'district'), point('x1', 'commune')];
const online = (r: LiveRecord, socket = 's'): LiveRecord => ({ ...r, state: 'online', sockets: [...r.sockets, socket] });

async function loaded(): Promise<MemoryPresenceStore> {
  const store = new MemoryPresenceStore();
  await store.load(C, roster, new Map(roster.map((p) => [p.pointId, newRecord(0)])));
  return store;
}

describe('MemoryPresenceStore', () => {
  it('keeps counts per state and per level up to date on every write', async () => {
    const store = await loaded();
    await change(store, C, 'd1', (r) => online(r));
    await change(store, C, 'x1', (r) => ({ ...r, state: 'left' }));
    const snap = await store.snapshot(C);
    expect(snap.counts).toEqual({
      total: 4,
      online: 1,
      unstable: 0,
      offline: 0,
      absent: 2,
      left: 1,
      byLevel: { province: { total: 1, online: 0 }, district: { total: 2, online: 1 }, commune: { total: 1, online: 0 } },
    });
    await change(store, C, 'd1', (r) => ({ ...r, state: 'unstable', sockets: [] }));
    expect((await store.snapshot(C)).counts).toMatchObject({ online: 0, unstable: 1, byLevel: { district: { total: 2, online: 0 } } });
    // The counts alone: the snapshot without its views.
    await store.takeDelta(C, ['d1']);
    const { views, ...counts } = await store.snapshot(C);
    expect(views).toHaveLength(4);
    expect(await store.counts(C)).toEqual(counts);
  });

  it('gives the places under a cap once, counting the points online or unstable, and takes them back', async () => {
    const store = await loaded();
    await change(store, C, 'd1', (r) => online(r));
    await change(store, C, 'd2', (r) => ({ ...online(r), state: 'unstable', sockets: [] }));
    expect(await store.holdPlace(C, 3, 'a')).toEqual({ held: true, counted: 2 });
    expect(await store.holdPlace(C, 3, 'b')).toEqual({ held: false, counted: 2 });
    await store.releasePlace(C, 'a');
    expect(await store.holdPlace(C, 3, 'b')).toEqual({ held: true, counted: 2 });
  });

  it('leaves the record as it was when the update refuses or changes nothing', async () => {
    const store = await loaded();
    const before = (await store.views(C, ['d1']))[0].record;
    await expect(
      change(store, C, 'd1', () => {
        throw new AppError(ErrorCode.Conflict, { vi: 'không', en: 'no' });
      }),
    ).rejects.toThrow('no');
    expect(await change(store, C, 'd1', () => null)).toBe(before);
    expect((await store.views(C, ['d1']))[0].record).toBe(before);
    expect((await store.snapshot(C)).counts.absent).toBe(4);
  });

  it('raises seq by one per delta; a snapshot carries the seq of the latest delta and the newest records', async () => {
    const store = await loaded();
    expect((await store.snapshot(C)).seq).toBe(0);
    await change(store, C, 'd1', (r) => online(r));
    const d1 = await store.takeDelta(C, ['d1', 'unknown']);
    expect(d1.seq).toBe(1);
    expect(d1.views.map((v) => v.point.pointId)).toEqual(['d1']);
    expect(d1.counts.online).toBe(1);
    expect((await store.takeDelta(C, ['d2'])).seq).toBe(2);
    const snap = await store.snapshot(C);
    expect(snap.seq).toBe(2);
    expect(snap.views.map((v) => v.point.pointId)).toEqual(['h', 'd1', 'd2', 'x1']);
  });

  it('adds points invited later without touching the records it has; a second load changes nothing', async () => {
    const store = await loaded();
    await change(store, C, 'd1', (r) => online(r));
    await store.changeRoster(
      C,
      [point('d1', 'district'), point('e1', 'enterprise')],
      new Map([
        ['d1', newRecord(5)],
        ['e1', newRecord(5)],
      ]),
      [],
    );
    expect(await store.point(C, 'e1')).toMatchObject({ level: 'enterprise' });
    expect((await store.views(C, ['d1']))[0].record.state).toBe('online');
    await store.load(C, [], new Map());
    expect((await store.snapshot(C)).counts).toMatchObject({ total: 5, online: 1, byLevel: { enterprise: { total: 1, online: 0 } } });
    expect(await store.point(C, 'nobody')).toBeNull();
    await expect(change(store, C, 'nobody', (r) => r)).rejects.toThrow(/not invited/);
  });

  it('removes points no longer invited, with their counts; a stale compare-and-set writes nothing', async () => {
    const store = await loaded();
    const before = await change(store, C, 'd1', (r) => online(r));
    await store.changeRoster(C, [], new Map(), ['d1']);
    expect(await store.point(C, 'd1')).toBeNull();
    expect(await store.read(C, 'd1')).toBeNull();
    expect((await store.snapshot(C)).counts).toMatchObject({ total: 3, online: 0, byLevel: { district: { total: 1, online: 0 } } });
    const d2 = (await store.read(C, 'd2'))!;
    expect(await store.replace(C, 'd2', d2, online(d2))).toBe(true);
    expect(await store.replace(C, 'd2', d2, { ...d2, drops: 9 })).toBe(false);
    expect((await store.read(C, 'd2'))!.drops).toBe(0);
    expect(await store.replace(C, 'd1', before, newRecord(0))).toBe(false);
  });

  it('keeps the readiness keys ok counted through reports, clears and roster changes, as counting every record does', async () => {
    const reads = await readinessSequence([new MemoryPresenceStore()], 'c-readiness');
    expect(reads).toHaveLength(7);
    for (const { kept, counted } of reads) expect(kept).toEqual(counted);
    expect(Object.keys(reads.at(-1)!.counted).sort()).toEqual(['av', 'connected', 'technician']);
  });

  it('holds one open roll call per conference; answers count once and only while it is open', async () => {
    const store = await loaded();
    const rc = { id: 'r1', conferenceId: C, deadline: Date.now() + 60_000, targets: ['d1', 'd2'], answered: [], open: true };
    expect(await store.startRollcall(rc)).toBe(true);
    expect(await store.startRollcall({ ...rc, id: 'r2' })).toBe(false);
    expect(await store.answerRollcall('r1', 'd1')).toBe(true);
    expect(await store.answerRollcall('r1', 'd1')).toBe(false);
    expect(await store.addRollcallTarget('r1', 'x1')).toBe(true);
    expect(await store.addRollcallTarget('r1', 'x1')).toBe(false);
    expect(await store.openRollcallFor(C, 'd1')).toEqual({ id: 'r1', conferenceId: C, deadline: rc.deadline, open: true, answeredByPoint: true });
    expect(await store.openRollcallFor(C, 'x1')).toMatchObject({ id: 'r1', answeredByPoint: false });
    expect(await store.dueRollcalls(Date.now())).toEqual([]);
    expect(await store.dueRollcalls(rc.deadline)).toEqual(['r1']);
    expect(await store.closeRollcall('r1')).toBe(true);
    expect(await store.closeRollcall('r1')).toBe(false); // closed once: only one caller sends the final result
    expect(await store.rollcall('r1')).toMatchObject({ open: false, answered: ['d1'], targets: ['d1', 'd2', 'x1'] });
    expect(await store.dueRollcalls(rc.deadline)).toEqual([]);
    expect(await store.answerRollcall('r1', 'd2')).toBe(false);
    expect(await store.openRollcallFor(C, 'd1')).toBeNull();
    expect(await store.rollcallFor('r1', 'd1')).toMatchObject({ open: false, answeredByPoint: true });
    expect(await store.startRollcall({ ...rc, id: 'r3' })).toBe(true);
    expect(await store.rollcall('nope')).toBeNull();
    expect(await store.rollcallFor('nope', 'd1')).toBeNull();
  });

  it('drops closed roll calls after a while (memory does not grow with every roll call)', async () => {
    const store = await loaded();
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      await store.startRollcall({ id: `r${i}`, conferenceId: C, deadline: t0 + 1000, targets: [], answered: [], open: true });
      await store.closeRollcall(`r${i}`);
    }
    expect(store.rollcallsKept).toBe(5);
    await store.dueRollcalls(t0 + CLOSED_ROLLCALL_RETAIN_MS + 60_000);
    expect(store.rollcallsKept).toBe(0);
  });
});
