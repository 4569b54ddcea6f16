import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../common/config/app-config';
import type { HealthService } from '../../health/health.service';
import type { MetricsService } from '../../metrics/metrics.service';
import { RedisService } from '../../redis/redis.service';
import { LiveRecord, newRecord, RosterPoint } from '../presence-state';
import type { PointRecords } from './presence-store';
import { RedisPresenceStore } from './redis-presence-store';
import { withMark } from '../readiness/readiness-marks';
import { readinessSequence } from '../../../test/helpers/readiness-sequence';

/** Read, change, compare-and-set, retried when the other instance wrote meanwhile (what PresenceTransitions does). */
async function change(store: PointRecords, c: string, id: string, fn: (r: LiveRecord) => LiveRecord): Promise<LiveRecord> {
  for (;;) {
    const before = (await store.read(c, id))!;
    const after = fn(before);
    if (await store.replace(c, id, before, after)) return after;
  }
}

/** Needs a Redis (REDIS_URL); two stores with their own connections and instance ids stand for two instances. */
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('src/presence/store/redis-presence-store.spec.ts skipped: REDIS_URL is not set.');
const describeRedis = redisUrl ? describe : describe.skip;

const C = 'c1';
const point = (pointId: string, level: RosterPoint['level']): RosterPoint => ({
  pointId,
  code: pointId.toUpperCase(),
  name: `Điểm ${pointId}`,
  level,
  parentId: null,
});
const roster = [point('h', 'province'), point('d1', 'district'), point('d2', 'district'), point('x1', 'commune')];
const records = () => new Map(roster.map((p) => [p.pointId, newRecord(0)]));
const withSocket = (r: LiveRecord, socket: string): LiveRecord => ({ ...r, state: 'online', sockets: [...r.sockets, socket] });

describeRedis('RedisPresenceStore (two instances on one Redis)', () => {
  const prefix = `spec-${randomBytes(6).toString('hex')}:`;
  const services: RedisService[] = [];
  let one: RedisPresenceStore;
  let two: RedisPresenceStore;

  async function instance(): Promise<{ redis: RedisService; store: RedisPresenceStore }> {
    const config = { redisUrl, redisPrefix: prefix } as AppConfig;
    const redis = new RedisService(
      config,
      { register: () => undefined } as unknown as HealthService,
      { leaseRenewed: () => undefined } as unknown as MetricsService,
    );
    services.push(redis); // before connecting: services[i] is the i-th instance however the connections race
    await redis.onModuleInit();
    return { redis, store: new RedisPresenceStore(redis) };
  }

  beforeAll(async () => {
    const [a, b] = await Promise.all([instance(), instance()]);
    one = a.store;
    two = b.store;
    expect(await one.isLoaded(C)).toBe(false);
    expect(await one.claimLoad(C)).toBe(true); // takes the load lock
    await one.load(C, roster, records());
    expect(await two.isLoaded(C)).toBe(true);
    expect(await two.claimLoad(C)).toBe(false);
  });
  afterAll(async () => {
    const keys = (await services[0].command(['KEYS', `${prefix}*`])) as string[];
    if (keys.length) await services[0].command(['DEL', ...keys]);
    for (const s of services) await s.onApplicationShutdown();
  });

  it('applies concurrent updates from both instances without losing one (compare-and-set), counts in step', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => change(i % 2 ? one : two, C, 'd1', (r) => ({ ...r, drops: r.drops + 1 }))));
    expect((await two.views(C, ['d1']))[0].record.drops).toBe(40);
    await change(one, C, 'd1', (r) => withSocket(r, 's1'));
    await change(two, C, 'd2', (r) => withSocket(r, 's2'));
    await change(two, C, 'x1', (r) => ({ ...r, state: 'left' }));
    const snap = await one.snapshot(C);
    expect(snap.counts).toEqual({
      total: 4,
      online: 2,
      unstable: 0,
      offline: 0,
      absent: 1,
      left: 1,
      byLevel: { province: { total: 1, online: 0 }, district: { total: 2, online: 2 }, commune: { total: 1, online: 0 } },
    });
    expect(snap.views.map((v) => v.point.pointId)).toEqual(['h', 'd1', 'd2', 'x1']);
    expect(await two.snapshot(C)).toEqual(snap);
    // The counts alone, from either instance: the snapshot without its views.
    for (const store of [one, two]) expect(await store.counts(C)).toEqual({ seq: snap.seq, counts: snap.counts, readinessOk: snap.readinessOk });
  });

  it('numbers deltas from one counter whichever instance takes them; a snapshot carries the latest seq', async () => {
    const seqs = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).takeDelta(C, ['d1']).then((d) => d.seq)));
    expect(new Set(seqs).size).toBe(20);
    expect((await two.snapshot(C)).seq).toBe(Math.max(...seqs));
  });

  it('records checked-in sockets per instance, forgets a socket that closes wherever it closes', async () => {
    const [idOne, idTwo] = services.map((s) => s.instanceId);
    expect(await one.instanceSockets(idOne)).toEqual([{ conferenceId: C, pointId: 'd1', socketId: 's1' }]);
    expect(await one.instanceSockets(idTwo)).toEqual([{ conferenceId: C, pointId: 'd2', socketId: 's2' }]);
    await change(two, C, 'd1', (r) => ({ ...r, sockets: [], state: 'unstable' })); // closed through the other instance
    expect(await one.instanceSockets(idOne)).toEqual([]);
    expect(await one.instanceUnstable(idTwo)).toEqual([{ conferenceId: C, pointId: 'd1' }]);
  });

  it('keeps one open roll call per conference across instances; answers and targets once each', async () => {
    const deadline = Date.now() + 60_000;
    expect(await one.startRollcall({ id: 'r1', conferenceId: C, deadline, targets: ['d1', 'd2'], answered: [], open: true })).toBe(true);
    expect(await two.startRollcall({ id: 'r2', conferenceId: C, deadline, targets: [], answered: [], open: true })).toBe(false);
    expect(await two.answerRollcall('r1', 'd2')).toBe(true);
    expect(await one.answerRollcall('r1', 'd2')).toBe(false);
    expect(await one.addRollcallTarget('r1', 'h')).toBe(true);
    expect(await two.rollcall('r1')).toEqual({ id: 'r1', conferenceId: C, deadline, targets: ['d1', 'd2', 'h'], answered: ['d2'], open: true });
    // Without the lists, as one point sees it (an answer, a check-in while it is open), from either instance
    expect(await two.openRollcallFor(C, 'd2')).toEqual({ id: 'r1', conferenceId: C, deadline, open: true, answeredByPoint: true });
    expect(await one.openRollcallFor(C, 'd1')).toEqual({ id: 'r1', conferenceId: C, deadline, open: true, answeredByPoint: false });
    expect(await one.rollcallFor('r1', 'd2')).toEqual({ id: 'r1', conferenceId: C, deadline, open: true, answeredByPoint: true });
    expect(await one.rollcallFor('nope', 'd2')).toBeNull();
    expect(await one.dueRollcalls(deadline)).toEqual(['r1']);
    expect(await two.closeRollcall('r1')).toBe(true);
    expect(await one.closeRollcall('r1')).toBe(false); // closed once: only one instance sends the final result
    expect(await one.rollcall('r1')).toMatchObject({ open: false });
    expect(await one.dueRollcalls(deadline)).toEqual([]);
    expect(await one.openRollcallFor(C, 'd1')).toBeNull();
    expect(await two.rollcallFor('r1', 'd1')).toMatchObject({ open: false, answeredByPoint: false });
    expect(await one.answerRollcall('r1', 'd1')).toBe(false);
    // A roll call left open past its deadline (its instance died) does not block the next one.
    expect(await one.startRollcall({ id: 'r3', conferenceId: C, deadline: Date.now() - 1, targets: [], answered: [], open: true })).toBe(true);
    expect(await two.startRollcall({ id: 'r4', conferenceId: C, deadline, targets: [], answered: [], open: true })).toBe(true);
  });

  it('checking whether a conference is loaded takes no lock: another instance loads it at once', async () => {
    expect(await one.isLoaded('c2')).toBe(false); // e.g. a check-in by a point that turns out not to be invited
    expect(await one.isLoaded('c2')).toBe(false);
    expect(await two.claimLoad('c2')).toBe(true); // not blocked by a lock the first instance never released
    await two.load('c2', roster, records());
    expect(await one.isLoaded('c2')).toBe(true);
  });

  it('gives the places under a cap once across both instances; a place not given back is free again when it expires', async () => {
    await one.load('c-cap', roster, records());
    await change(one, 'c-cap', 'd1', (r) => withSocket(r, 's1')); // one point online
    // Cap 3: one counted, so two places; ten check-ins at once on both instances take them.
    const holds = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).holdPlace('c-cap', 3, `h${i}`)));
    expect(holds.filter((h) => h.held)).toHaveLength(2);
    expect(holds.every((h) => h.counted === 1)).toBe(true);
    const [first] = holds.flatMap((h, i) => (h.held ? [`h${i}`] : []));
    await two.releasePlace('c-cap', first);
    expect(await one.holdPlace('c-cap', 3, 'late')).toEqual({ held: true, counted: 1 });
    expect(await two.holdPlace('c-cap', 3, 'later')).toEqual({ held: false, counted: 1 });
    // An instance that died holding a place: its place expires (set here as if taken PLACE_HOLD_MS ago).
    await services[0].command(['ZADD', `${prefix}c:c-cap:places`, '1', 'late']);
    expect(await two.holdPlace('c-cap', 3, 'later')).toEqual({ held: true, counted: 1 });
  });

  it('notices that Redis lost a conference it had loaded (restart, flush) instead of believing it is still there', async () => {
    await one.load('c3', roster, records());
    expect(await two.isLoaded('c3')).toBe(true);
    const keys = (await services[0].command(['KEYS', `${prefix}c:c3:*`])) as string[];
    await services[0].command(['DEL', ...keys]);
    await expect(two.read('c3', 'd1')).rejects.toThrow(/gone/);
    expect(await two.isLoaded('c3')).toBe(false);
    await expect(one.counts('c3')).rejects.toThrow(/gone/);
    await expect(two.holdPlace('c3', 5, 'h')).rejects.toThrow(/gone/);
    await expect(one.snapshot('c3')).rejects.toThrow(/gone/);
    expect(await one.isLoaded('c3')).toBe(false);
  });

  it('removes a point no longer invited for every instance', async () => {
    await one.load('c4', roster, records());
    await change(one, 'c4', 'd2', (r) => withSocket(r, 's9'));
    await two.changeRoster('c4', [], new Map(), ['d2']);
    expect(await one.read('c4', 'd2')).toBeNull();
    expect(await one.point('c4', 'd2')).toBeNull();
    expect((await one.snapshot('c4')).counts).toMatchObject({ total: 3, online: 0, byLevel: { district: { total: 1, online: 0 } } });
  });

  it('keeps the readiness keys ok counted with the records, whichever instance writes, as counting every record does', async () => {
    const reads = await readinessSequence([one, two], 'c-readiness');
    expect(reads).toHaveLength(7);
    for (const { kept, counted } of reads) expect(kept).toEqual(counted);
    expect(Object.keys(reads.at(-1)!.counted).sort()).toEqual(['av', 'connected', 'technician']);
    // Both instances read the same counts (no copy of its own that the other's writes leave behind).
    expect((await two.takeDelta('c-readiness', [])).readinessOk).toEqual(reads.at(-1)!.kept);
  });

  it('counts the readiness of a conference the previous version loaded, once, when an instance of this version first sees it', async () => {
    const marked: LiveRecord = { ...newRecord(0), readiness: withMark(undefined, 'connected', true, 1) };
    await one.load('c5', roster, new Map(roster.map((p, i) => [p.pointId, i < 3 ? marked : newRecord(0)])));
    expect((await one.snapshot('c5')).readinessOk).toEqual({ connected: 3 });
    // As the previous version left it: no rk: fields, `loaded` "1".
    await services[0].command(['HDEL', `${prefix}c:c5:counts`, 'rk:connected']);
    await services[0].command(['SET', `${prefix}c:c5:loaded`, '1']);
    const upgraded = await instance();
    expect(await upgraded.store.isLoaded('c5')).toBe(true);
    expect((await upgraded.store.snapshot('c5')).readinessOk).toEqual({ connected: 3 });
    expect(await services[0].command(['GET', `${prefix}c:c5:loaded`])).toBe('2');
    expect(await two.isLoaded('c5')).toBe(true); // a second instance counts nothing twice
    expect((await two.snapshot('c5')).readinessOk).toEqual({ connected: 3 });
  });

  it('reads a cold roster once for a burst of concurrent callers (a restarted instance under a check-in storm)', async () => {
    const cold = await instance();
    const hgetall = jest.spyOn(cold.redis, 'command');
    const ids = Array.from({ length: 500 }, (_, i) => roster[i % roster.length].pointId);
    const found = await Promise.all(ids.map((id) => cold.store.point(C, id)));
    expect(found.map((p) => p?.pointId)).toEqual(ids);
    expect(hgetall.mock.calls.filter(([args]) => args[0] === 'HGETALL')).toHaveLength(1);
    // A point nobody knows: one more read (the refresh), then the answer null for all of them.
    const unknown = await Promise.all(Array.from({ length: 50 }, () => cold.store.point(C, 'nobody')));
    expect(unknown.every((p) => p === null)).toBe(true);
    expect(hgetall.mock.calls.filter(([args]) => args[0] === 'HGETALL').length).toBeLessThanOrEqual(3);
  });
});
