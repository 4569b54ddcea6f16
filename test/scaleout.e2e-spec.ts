import { randomBytes } from 'node:crypto';
import {
  ask,
  boardOf,
  checkedIn,
  closeAllSockets,
  collect,
  connectLive,
  issueLinks,
  liveConference,
  LiveConference,
  next,
  sleep,
  waitFor,
} from './helpers/live-client';
import { makePoint } from './helpers/points.factory';
import { buildServer, ServerBuild, ServerProcess, startServer, tearDownServers } from './helpers/server-process';
import { freshDatabaseEnv } from './helpers/test-app';

/**
 * Several instances (REDIS_URL): two compiled servers as child processes on one PostgreSQL database and one
 * Redis (a key prefix of this run's own). Rooms span the instances (Socket.IO Redis adapter), the presence
 * state is shared (Redis store), and a dead or stopped instance's points are taken over by the other one.
 */

const GRACE_MS = 1500;
/** Lease TTL 10 s, renewed (and dead instances looked for) every 3 s: see src/redis/redis.service.ts. */
const TAKEOVER_MS = 10_000 + 3_000;

const redisUrl = process.env.REDIS_URL;
const postgres = /^postgres/.test(process.env.DATABASE_URL ?? '');
const why = [!redisUrl && 'REDIS_URL is not set', !postgres && 'DATABASE_URL is not a postgres:// URL'].filter(Boolean).join(' and ');
if (why) console.warn(`test/scaleout.e2e-spec.ts skipped: ${why} (two instances need a shared Redis and a shared PostgreSQL database).`);
const describeScaleOut = why ? describe.skip : describe;

type Entry = { pointId: string; state: string; connections: number; drops: number };

describeScaleOut('several instances behind one Redis (child processes)', () => {
  let build: ServerBuild | undefined;
  let env: Record<string, string>;
  let cleanup: (() => Promise<void>) | undefined;
  let a: ServerProcess;
  let b: ServerProcess;
  let c: LiveConference;
  let cid: string;
  let operator: string;

  const start = () => startServer(build!.dir, env);
  const link = (i: number) => c.links.get(c.points[i].id)!;
  const pid = (i: number) => c.points[i].id;
  const snapshot = async (s: ServerProcess) => {
    const res = await s.t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', operator).expect(200);
    return res.body as { seq: number; counts: Record<string, unknown>; points: Entry[] };
  };
  const entry = async (s: ServerProcess, pointId: string) => (await snapshot(s)).points.find((p) => p.pointId === pointId)!;
  const events = async (s: ServerProcess, pointId: string) => {
    const res = await s.t.http().get(`/api/conferences/${cid}/presence/events?pointId=${pointId}`).set('Authorization', operator).expect(200);
    return (res.body as Array<{ type: string }>).map((e) => e.type);
  };

  beforeAll(async () => {
    build = await buildServer();
    ({ env, cleanup } = await freshDatabaseEnv({
      REDIS_URL: redisUrl!,
      METRICS_TOKEN: 'metrics-token-of-the-scale-out-test',
      REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}:`,
      PRESENCE_GRACE_MS: String(GRACE_MS),
      DB_POOL_SIZE: '5',
    }));
    // Both at the same moment, on an empty database: the migrations must not race (advisory lock).
    [a, b] = await Promise.all([start(), start()]);
    // Points 5–7: the readiness-counts test only (7 also receives the `conference` push afterwards).
    c = await liveConference(a.t, ['district', 'district', 'commune', 'commune', 'enterprise', 'commune', 'commune', 'enterprise']);
    cid = c.conference.id;
    operator = c.organizer;
  }, 300_000);

  afterEach(() => closeAllSockets());
  afterAll(() => tearDownServers(build, cleanup));

  it('reports redis up in health on both instances', async () => {
    for (const s of [a, b]) expect((await s.t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
    expect((await a.t.http().get('/metrics').set('Authorization', 'Bearer metrics-token-of-the-scale-out-test').expect(200)).text).toContain(
      '# TYPE diemcau_lease_age_seconds gauge',
    );
  });

  it('a point that checks in on instance A shows on a board joined on instance B, and both serve the same snapshot', async () => {
    const board = await boardOf(b.t, cid);
    expect(board.entry(pid(0))).toMatchObject({ state: 'absent' });
    await checkedIn(a.t, link(0), cid);
    await waitFor(() => board.entry(pid(0))?.state === 'online' || null);
    // A second socket of the same point, on the other instance: one entry, two connections.
    await checkedIn(b.t, link(0), cid);
    await waitFor(async () => (await entry(a, pid(0))).connections === 2 || null);
    // A delta may still be on its way between the two reads (seq moves): read again until both agree.
    const [fromA, fromB] = await waitFor(async () => {
      const both = await Promise.all([snapshot(a), snapshot(b)]);
      return JSON.stringify(both[0]) === JSON.stringify(both[1]) ? both : null;
    });
    expect(fromB).toEqual(fromA);
    expect(fromA.points.filter((p) => p.pointId === pid(0))).toHaveLength(1);
    expect(fromA.counts).toMatchObject({ online: 1 });
    // Every delta is sent once, whichever instance made the change, with seq from Redis (no duplicates).
    const seqs = board.deltas.map((d) => d.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('every delta counts the readiness the store holds at its seq, whichever instance sends it', async () => {
    const board = await boardOf(b.t, cid);
    // A check-in ticks `connected`; each one is written through another instance than the one before.
    for (const [i, s] of [
      [5, a],
      [6, b],
      [7, a],
    ] as const) {
      await checkedIn(s.t, link(i), cid);
      await waitFor(() => board.entry(pid(i))?.state === 'online' || null);
    }
    // Replay the deltas in seq order over the join snapshot. A delta's counts are the store's at its seq: they may
    // already hold a change whose entry comes in the next delta (from either instance), never lag one already sent.
    const entries = new Map(board.snapshot.points.map((p) => [p.pointId as string, p]));
    const connectedOk = () => [...entries.values()].filter((e) => (e.readiness as Record<string, { ok: boolean } | null>).connected?.ok).length;
    const deltas = board.deltas.filter((d) => d.seq > board.snapshot.seq).sort((x, y) => x.seq - y.seq);
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, k) => board.snapshot.seq + 1 + k));
    const counted = deltas.map((d) => {
      for (const e of d.changes) entries.set(e.pointId as string, e);
      const { ok, total } = (d.counts.readiness as Record<string, { ok: number; total: number }>).connected;
      expect(total).toBe(entries.size);
      return { sent: ok, replayed: connectedOk() };
    });
    for (const { sent, replayed } of counted) expect(sent).toBeGreaterThanOrEqual(replayed);
    expect(counted.at(-1)!.sent).toBe(counted.at(-1)!.replayed);
    expect(counted.at(-1)!.replayed).toBeGreaterThanOrEqual(3); // 5, 6, 7, and 0 and 1 after the tests before
  });

  it('roll call and notice reach sockets on the other instance', async () => {
    const point = await checkedIn(a.t, link(1), cid);
    const ops = await boardOf(b.t, cid);
    const results = collect<{ rollcallId: string; answered: string[]; done: boolean }>(ops.socket, 'rollcall:result');
    const prompt = next<{ rollcallId: string }>(point, 'rollcall');
    const started = await ask(ops.socket, 'rollcall:start', { conferenceId: cid, timeoutSeconds: 5 });
    expect(started).toMatchObject({ ok: true });
    expect((await prompt).rollcallId).toBe(started.rollcallId);
    expect(await ask(point, 'rollcall:answer', { rollcallId: started.rollcallId })).toEqual({ ok: true });
    await waitFor(() => results.find((r) => r.rollcallId === started.rollcallId && r.answered.includes(pid(1))) ?? null);
    const done = await waitFor(() => results.find((r) => r.rollcallId === started.rollcallId && r.done) ?? null, 10_000);
    expect(done.answered).toContain(pid(1));

    const notice = next<{ text: string }>(point, 'notice');
    expect(await ask(ops.socket, 'notice', { conferenceId: cid, text: 'Kiểm tra âm thanh', to: { pointIds: [pid(1)] } })).toEqual({ ok: true, delivered: 1 });
    expect((await notice).text).toBe('Kiểm tra âm thanh');
  });

  it('an edit through instance A reaches a point and a board on B (`conference`); an invitation and its removal reach the board, and the removal reaches the point on B too (`roster`)', async () => {
    const point = await checkedIn(b.t, link(7), cid); // point 7: no later test counts its drops
    const ops = await boardOf(b.t, cid);
    const before = (await a.t.http().get(`/api/conferences/${cid}?points=none`).set('Authorization', operator).expect(200)).body;
    const [pushed, boardPushed] = [next(point, 'conference'), next(ops.socket, 'conference')];
    const edited = (
      await a.t
        .http()
        .patch(`/api/conferences/${cid}`)
        .set('Authorization', operator)
        .send({ version: before.version, title: `${before.title} (đổi tên)` })
        .expect(200)
    ).body;
    const expected = { conferenceId: cid, status: 'live', startsAt: edited.startsAt, version: edited.version, updatedAt: edited.updatedAt };
    expect(await pushed).toMatchObject(expected);
    expect(await boardPushed).toMatchObject(expected);

    const late = await makePoint(a.t, { level: 'commune' });
    const invited = next(ops.socket, 'roster');
    await a.t
      .http()
      .post(`/api/conferences/${cid}/points`)
      .set('Authorization', operator)
      .send({ pointIds: [late.id], force: true })
      .expect(200);
    expect(await invited).toEqual({ conferenceId: cid, added: [late.id], removed: [] });
    // checked in through B, removed through A: its socket on B hears its own removal and leaves the conference's room
    const [lateLink] = (
      await a.t
        .http()
        .post(`/api/conferences/${cid}/checkin-links`)
        .set('Authorization', operator)
        .send({ pointIds: [late.id] })
        .expect(201)
    ).body as Array<{ token: string }>;
    const latePoint = await checkedIn(b.t, lateLink.token, cid);
    const lateAgendas = collect(latePoint, 'agenda');
    const [removed, told] = [next(ops.socket, 'roster'), next(latePoint, 'roster')];
    await a.t.http().delete(`/api/conferences/${cid}/points/${late.id}`).set('Authorization', operator).expect(200);
    expect(await removed).toEqual({ conferenceId: cid, added: [], removed: [late.id] });
    expect(await told).toEqual({ conferenceId: cid, added: [], removed: [late.id] });
    const agenda = next(point, 'agenda');
    const current = (await a.t.http().get(`/api/conferences/${cid}/agenda`).set('Authorization', operator).expect(200)).body;
    await a.t
      .http()
      .post(`/api/conferences/${cid}/agenda/items`)
      .set('Authorization', operator)
      .send({ version: current.version, title: 'Phát biểu bế mạc', kind: 'report', durationMinutes: 5 })
      .expect(201);
    await agenda;
    await ask(latePoint, 'agenda:state', { conferenceId: cid }); // a round trip through B after the push
    expect(lateAgendas).toEqual([]);
  });

  it('the connection cap holds across instances: of eight points checking in at once on both, a cap of four with two in lets two more in', async () => {
    const capped = await liveConference(
      a.t,
      Array.from({ length: 10 }, () => 'commune' as const),
    );
    const id = capped.conference.id;
    const v = (await a.t.http().get(`/api/conferences/${id}`).set('Authorization', capped.organizer)).body.version;
    await a.t.http().patch(`/api/conferences/${id}`).set('Authorization', capped.organizer).send({ version: v, maxConnectedPoints: 4 }).expect(200);
    // One point in through each instance first: both have the conference loaded, so the eight below overlap.
    await checkedIn(a.t, capped.links.get(capped.points[0].id)!, id);
    await checkedIn(b.t, capped.links.get(capped.points[1].id)!, id);
    const rest = capped.points.slice(2);
    const sockets = await Promise.all(rest.map((p, i) => connectLive((i % 2 ? a : b).t, capped.links.get(p.id)!)));
    const answers = await Promise.all(sockets.map((s) => ask(s, 'checkin', { conferenceId: id })));
    expect(answers.filter((x) => x.ok)).toHaveLength(2);
    for (const x of answers.filter((y) => !y.ok)) expect(x.error).toMatchObject({ code: 'conflict', details: { reason: 'capacity' } });
    for (const s of [a, b]) {
      const snap = (await s.t.http().get(`/api/conferences/${id}/presence`).set('Authorization', capped.organizer).expect(200)).body;
      expect(snap.counts.online).toBe(4);
    }
  });

  it('a checkout on one instance takes the sockets of the point on the other out of the conference room (no agenda push)', async () => {
    const here = await checkedIn(a.t, link(5), cid);
    const there = await checkedIn(b.t, link(5), cid);
    const stayer = await checkedIn(b.t, link(6), cid);
    const pushes = { here: collect(here, 'agenda'), there: collect(there, 'agenda'), stayer: collect(stayer, 'agenda') };
    expect(await ask(here, 'checkout', { conferenceId: cid })).toEqual({ ok: true, state: 'left' });
    const agenda = await a.t.http().get(`/api/conferences/${cid}/agenda`).set('Authorization', c.organizer).expect(200);
    await a.t
      .http()
      .post(`/api/conferences/${cid}/agenda/items`)
      .set('Authorization', c.organizer)
      .send({ version: agenda.body.version, title: 'Phát biểu của doanh nghiệp', kind: 'speech', durationMinutes: 5 })
      .expect(201);
    await waitFor(() => pushes.stayer.length === 1);
    await sleep(200);
    expect([pushes.here.length, pushes.there.length]).toEqual([0, 0]);
  });

  it('SIGKILL of instance A: its points go offline on B within the grace plus the lease, each transition logged once', async () => {
    const board = await boardOf(b.t, cid);
    await checkedIn(a.t, link(2), cid);
    // Point 0 has a socket on each instance.
    await checkedIn(a.t, link(0), cid);
    await checkedIn(b.t, link(0), cid);
    await waitFor(() => board.entry(pid(2))?.state === 'online' || null);
    await waitFor(async () => (await entry(b, pid(0))).connections === 2 || null);
    // Point 4 dropped on A just before the kill: its grace timer was running there.
    const dropping = await checkedIn(a.t, link(4), cid);
    await waitFor(() => board.entry(pid(4))?.state === 'online' || null);
    dropping.close();
    await waitFor(async () => (await entry(b, pid(4))).state === 'unstable' || null);
    // The drop is acknowledged to nobody: wait until A's event log has committed it before killing A.
    await waitFor(async () => (await events(b, pid(4))).includes('disconnect') || null);
    const point0Events = (await events(b, pid(0))).length;
    const killedAt = Date.now();
    await a.stop('SIGKILL');
    await waitFor(async () => (await entry(b, pid(2))).state === 'offline' || null, TAKEOVER_MS + GRACE_MS + 5_000, 200);
    expect(Date.now() - killedAt).toBeLessThan(TAKEOVER_MS + GRACE_MS + 5_000);
    expect(await entry(b, pid(2))).toMatchObject({ connections: 0, drops: 1 });
    await sleep(3_500); // one more take-over round: nothing is written twice
    expect(await events(b, pid(2))).toEqual(['checkin', 'disconnect', 'lost']);
    // Its grace timer died with A: B runs what was left of it.
    expect(await entry(b, pid(4))).toMatchObject({ state: 'offline', drops: 1 });
    expect(await events(b, pid(4))).toEqual(['checkin', 'disconnect', 'lost']);
    // Point 0 keeps its socket on B: it stays online with that one, no drop.
    expect(await entry(b, pid(0))).toMatchObject({ state: 'online', connections: 1 });
    expect((await events(b, pid(0))).slice(point0Events)).toEqual([]);
  }, 60_000);

  it('SIGTERM of an instance while its point reconnects to another: the point is never marked offline', async () => {
    a = await start();
    const board = await boardOf(b.t, cid);
    const s = await checkedIn(a.t, link(3), cid);
    await waitFor(() => board.entry(pid(3))?.state === 'online' || null);
    const closed = new Promise((r) => s.once('disconnect', r));
    const stopped = a.stop('SIGTERM');
    await closed; // the instance closed its sockets: the client reconnects, through the balancer, to B
    await checkedIn(b.t, link(3), cid);
    await stopped;
    expect(a.child.exitCode ?? a.child.signalCode).not.toBeNull();
    await sleep(3_000 + GRACE_MS + 1_000); // a take-over round and a whole grace
    expect(await entry(b, pid(3))).toMatchObject({ state: 'online', connections: 1 });
    expect(
      board.deltas
        .flatMap((d) => d.changes)
        .filter((e) => e.pointId === pid(3))
        .map((e) => e.state),
    ).not.toContain('offline');
    expect(await events(b, pid(3))).not.toContain('lost');
  }, 60_000);

  it('links reissued through one instance close the sockets of the revoked links on the other, with the reason logged', async () => {
    a = await start();
    const s = await checkedIn(b.t, link(1), cid);
    const revoked = next<{ conferenceId: string; reason: string }>(s, 'revoked', () => true, 10_000);
    const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    c.links = await issueLinks(a.t, cid); // revokes every earlier link of the conference
    expect(await revoked).toEqual({ conferenceId: cid, reason: 'link_revoked' });
    expect(await closed).toBe('io server disconnect');
    await waitFor(async () => {
      const res = await b.t
        .http()
        .get(`/api/conferences/${cid}/presence/events?pointId=${pid(1)}`)
        .set('Authorization', operator)
        .expect(200);
      const last = (res.body as Array<{ type: string; detail: { reason?: string } | null }>).at(-1);
      return last?.type === 'disconnect' && last.detail?.reason === 'link_revoked';
    });
    // The reissued link works on either instance.
    expect((await checkedIn(a.t, link(1), cid)).connected).toBe(true);
  }, 60_000);
});
