import { randomBytes, randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { ask, checkedIn, closeAllSockets, connectLive, liveConference, roleToken, waitFor } from './helpers/live-client';
import { makePoint } from './helpers/points.factory';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * Presence with its state in Redis (REDIS_URL), one instance in this process, under a key prefix of this run's
 * own: what happens when Redis loses the data (restart without persistence, eviction, flush — simulated by deleting
 * this run's keys, never FLUSHALL), and the load lock that a check-in which loads nothing must not take.
 */

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('test/presence-redis.e2e-spec.ts skipped: REDIS_URL is not set (these tests need a Redis).');
const describeRedis = redisUrl ? describe : describe.skip;

describeRedis('presence state in Redis (e2e)', () => {
  const prefix = `${process.env.REDIS_PREFIX ?? 'presence-spec:'}${randomBytes(4).toString('hex')}:`;
  let t: TestApp;
  let operator: string;
  const redis = createClient({ url: redisUrl });

  const keys = async (pattern: string): Promise<string[]> => {
    const found: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${prefix}${pattern}`, COUNT: 500 })) found.push(...(Array.isArray(batch) ? batch : [batch]));
    return found;
  };

  beforeAll(async () => {
    await redis.connect();
    t = await createTestApp({ REDIS_URL: redisUrl!, REDIS_PREFIX: prefix, PRESENCE_GRACE_MS: '60000' });
    operator = await roleToken(t, 'operator');
  });
  afterAll(async () => {
    closeAllSockets();
    await t?.close();
    const left = await keys('*');
    if (left.length) await redis.del(left);
    await redis.quit();
  });

  it('an instance notices that Redis lost a conference it had loaded and rebuilds it from the event log', async () => {
    const c = await liveConference(t, ['district', 'district', 'commune']);
    const cid = c.conference.id;
    const s = await checkedIn(t, c.links.get(c.points[0].id)!, cid);
    expect(await ask(s, 'status', { conferenceId: cid, audio: 'ok', video: 'fail' })).toEqual({ ok: true });
    const before = await t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', operator).expect(200);
    expect(before.body.counts).toMatchObject({ total: 4, online: 1 });

    const gone = await keys('*');
    expect(gone.length).toBeGreaterThan(0);
    const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    await redis.del(gone); // Redis restarted without persistence
    // The instance finds its lease gone at its next renewal and closes its sockets, so that their clients check in again.
    expect(await closed).toBe('io server disconnect');

    // The state comes back from the log: the point that was online dropped (its socket is no longer known).
    const after = await t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', operator).expect(200);
    expect(after.body.counts).toMatchObject({ total: 4, online: 0, unstable: 1, absent: 3 });
    const entry = after.body.points.find((p: { pointId: string }) => p.pointId === c.points[0].id);
    expect(entry).toMatchObject({ state: 'unstable', drops: 1, audio: 'ok', video: 'fail', connections: 0 });

    // Its client checks in again (the reconnect protocol) and is the same entry.
    const again = await checkedIn(t, c.links.get(c.points[0].id)!, cid);
    expect(again.connected).toBe(true);
    await waitFor(async () => {
      const res = await t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', operator).expect(200);
      return res.body.points.find((p: { pointId: string }) => p.pointId === c.points[0].id).state === 'online';
    });
    const log = await t.http().get(`/api/conferences/${cid}/presence/events?pointId=${c.points[0].id}`).set('Authorization', operator).expect(200);
    expect(log.body.map((e: { type: string; detail: { reason?: string } | null }) => [e.type, e.detail?.reason ?? null])).toEqual([
      ['checkin', null],
      ['status', null],
      ['disconnect', 'state_lost'],
      ['connect', null],
    ]);
  }, 30_000);

  it('a check-in by a point that is not invited loads nothing and leaves no load lock behind', async () => {
    const c = await liveConference(t, ['district']);
    const cid = c.conference.id;
    const outsider = await makePoint(t, { level: 'district' });
    const s = await connectLive(t, await roleToken(t, 'point', outsider.id));
    expect(await ask(s, 'checkin', { conferenceId: cid })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(s, 'checkin', { conferenceId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await keys(`c:${cid}:*`)).toEqual([]); // neither loaded nor locked: another instance may load it at once
  });
});
