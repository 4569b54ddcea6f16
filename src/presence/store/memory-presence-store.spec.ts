import { AppError, ErrorCode } from '../../common/errors';
import { LiveRecord, newRecord, RosterPoint } from '../presence-state';
import { MemoryPresenceStore } from './memory-presence-store';

const C = 'c1';
const point = (pointId: string, level: RosterPoint['level']): RosterPoint => ({ pointId, code: pointId.toUpperCase(), name: `Điểm ${pointId}`, level, parentId: null });
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
    await store.update(C, 'd1', (r) => online(r));
    await store.update(C, 'x1', (r) => ({ ...r, state: 'left' }));
    const snap = await store.snapshot(C);
    expect(snap.counts).toEqual({
      total: 4, online: 1, unstable: 0, offline: 0, absent: 2, left: 1,
      byLevel: { province: { total: 1, online: 0 }, district: { total: 2, online: 1 }, commune: { total: 1, online: 0 } },
    });
    await store.update(C, 'd1', (r) => ({ ...r, state: 'unstable', sockets: [] }));
    expect((await store.snapshot(C)).counts).toMatchObject({ online: 0, unstable: 1, byLevel: { district: { total: 2, online: 0 } } });
  });

  it('leaves the record as it was when the update refuses or changes nothing', async () => {
    const store = await loaded();
    const before = (await store.views(C, ['d1']))[0].record;
    await expect(store.update(C, 'd1', () => { throw new AppError(ErrorCode.Conflict, { vi: 'không', en: 'no' }); })).rejects.toThrow('no');
    expect(await store.update(C, 'd1', () => null)).toBe(before);
    expect((await store.views(C, ['d1']))[0].record).toBe(before);
    expect((await store.snapshot(C)).counts.absent).toBe(4);
  });

  it('raises seq by one per delta; a snapshot carries the seq of the latest delta and the newest records', async () => {
    const store = await loaded();
    expect((await store.snapshot(C)).seq).toBe(0);
    await store.update(C, 'd1', (r) => online(r));
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
    await store.update(C, 'd1', (r) => online(r));
    await store.addPoints(C, [point('d1', 'district'), point('e1', 'enterprise')], new Map([['d1', newRecord(5)], ['e1', newRecord(5)]]));
    expect(await store.point(C, 'e1')).toMatchObject({ level: 'enterprise' });
    expect((await store.views(C, ['d1']))[0].record.state).toBe('online');
    await store.load(C, [], new Map());
    expect((await store.snapshot(C)).counts).toMatchObject({ total: 5, online: 1, byLevel: { enterprise: { total: 1, online: 0 } } });
    expect(await store.point(C, 'nobody')).toBeNull();
    await expect(store.update(C, 'nobody', (r) => r)).rejects.toThrow(/not invited/);
  });

  it('holds one open roll call per conference; answers count once and only while it is open', async () => {
    const store = await loaded();
    const rc = { id: 'r1', conferenceId: C, deadline: 1000, targets: ['d1', 'd2'], answered: [], open: true };
    expect(await store.startRollcall(rc)).toBe(true);
    expect(await store.startRollcall({ ...rc, id: 'r2' })).toBe(false);
    expect(await store.answerRollcall('r1', 'd1')).toBe(true);
    expect(await store.answerRollcall('r1', 'd1')).toBe(false);
    expect(await store.addRollcallTarget('r1', 'x1')).toBe(true);
    expect(await store.addRollcallTarget('r1', 'x1')).toBe(false);
    expect((await store.openRollcall(C))?.id).toBe('r1');
    const closed = await store.closeRollcall('r1');
    expect(closed).toMatchObject({ open: false, answered: ['d1'], targets: ['d1', 'd2', 'x1'] });
    expect(await store.answerRollcall('r1', 'd2')).toBe(false);
    expect(await store.openRollcall(C)).toBeNull();
    expect(await store.startRollcall({ ...rc, id: 'r3' })).toBe(true);
    expect(await store.rollcall('nope')).toBeNull();
  });
});
