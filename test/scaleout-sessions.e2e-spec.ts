import { randomBytes } from 'node:crypto';
import { SOCKETS_PER_TOKEN } from '../src/presence/ws/ws-rate-limit';
import { ask, closeAllSockets, connectError, connectLive, liveConference, LiveConference, LiveSocket, next, waitFor } from './helpers/live-client';
import { buildServer, ServerBuild, ServerProcess, startServer, tearDownServers } from './helpers/server-process';
import { freshDatabaseEnv, login, userWithRole } from './helpers/test-app';

/**
 * Issue 12, across instances (REDIS_URL): the socket cap of a token and a sign-out hold on every instance, not only on
 * the one that saw them. Two (then three) compiled servers on one PostgreSQL database and one Redis.
 */

/** Lease TTL (src/redis/redis.service.ts): a killed instance's socket places stop counting when its lease expires. */
const LEASE_TTL_MS = 10_000;

const redisUrl = process.env.REDIS_URL;
const postgres = /^postgres/.test(process.env.DATABASE_URL ?? '');
const why = [!redisUrl && 'REDIS_URL is not set', !postgres && 'DATABASE_URL is not a postgres:// URL'].filter(Boolean).join(' and ');
if (why) console.warn(`test/scaleout-sessions.e2e-spec.ts skipped: ${why} (two instances need a shared Redis and a shared PostgreSQL database).`);
const describeScaleOut = why ? describe.skip : describe;

describeScaleOut('socket cap and sign-out across instances (child processes)', () => {
  let build: ServerBuild | undefined;
  let env: Record<string, string>;
  let cleanup: (() => Promise<void>) | undefined;
  let a: ServerProcess;
  let b: ServerProcess;
  let c: LiveConference;

  const start = () => startServer(build!.dir, env);
  const link = (i: number) => c.links.get(c.points[i].id)!;
  /** `n` sockets of one token on one instance. */
  const open = async (s: ServerProcess, token: string, n: number) => {
    const sockets: LiveSocket[] = [];
    for (let i = 0; i < n; i++) sockets.push(await connectLive(s.t, token));
    return sockets;
  };
  const refusedWith = async (s: ServerProcess, token: string) => {
    const e = (await connectError(s.t, token)) as Error & { data?: { code: string; messages?: { vi: string; en: string } } };
    return { message: e.message, code: e.data?.code, messages: e.data?.messages };
  };

  beforeAll(async () => {
    build = await buildServer();
    ({ env, cleanup } = await freshDatabaseEnv({
      REDIS_URL: redisUrl!,
      REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}:`,
      DB_POOL_SIZE: '5',
    }));
    [a, b] = await Promise.all([start(), start()]);
    c = await liveConference(a.t, ['district', 'district', 'commune']);
  }, 300_000);

  afterEach(() => closeAllSockets());
  afterAll(() => tearDownServers(build, cleanup));

  it(`refuses socket ${SOCKETS_PER_TOKEN + 1} of one token on either instance, as on one instance; closing one frees a place everywhere`, async () => {
    const onA = await open(a, link(0), SOCKETS_PER_TOKEN / 2);
    await open(b, link(0), SOCKETS_PER_TOKEN / 2);
    const refused = await refusedWith(b, link(0));
    expect(refused).toEqual({
      message: 'rate_limited',
      code: 'rate_limited',
      messages: {
        vi: `Mã truy cập này đã mở quá nhiều kết nối (tối đa ${SOCKETS_PER_TOKEN}); hãy đóng bớt các thẻ hoặc thiết bị`,
        en: `Too many connections for this token (at most ${SOCKETS_PER_TOKEN}); close some tabs or devices`,
      },
    });
    expect(await refusedWith(a, link(0))).toEqual(refused);
    // Another point's link is not affected.
    (await connectLive(b.t, link(1))).close();
    // A socket closed on A gives its place back to a handshake on B.
    onA[0].close();
    const again = await waitFor(() => connectLive(b.t, link(0)).catch(() => null), 5_000, 100);
    expect(again.connected).toBe(true);
    expect(await refusedWith(a, link(0))).toEqual(refused);
  }, 60_000);

  it('frees the places of a SIGKILLed instance once its lease has expired', async () => {
    const third = await start();
    await open(third, link(2), SOCKETS_PER_TOKEN - 2);
    await open(b, link(2), 2);
    expect((await refusedWith(b, link(2))).code).toBe('rate_limited');
    await third.stop('SIGKILL');
    // Its lease outlives it (renewed every 3 s, 10 s to live): still full right after the kill.
    expect((await refusedWith(b, link(2))).code).toBe('rate_limited');
    const killedAt = Date.now();
    const freed = await waitFor(() => connectLive(b.t, link(2)).catch(() => null), LEASE_TTL_MS + 5_000, 250);
    expect(freed.connected).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(LEASE_TTL_MS + 5_000);
    // Every place of the dead instance is back: B holds the token's whole allowance, and no more.
    await open(b, link(2), SOCKETS_PER_TOKEN - 3);
    expect((await refusedWith(a, link(2))).code).toBe('rate_limited');
  }, 120_000);

  it('a logout on A is refused on B at once: an old token gets 401 there and the user’s board socket on B is closed', async () => {
    const bearer = await userWithRole(a.t, 'operator');
    // B has read (and cached) the user and holds a board socket of this token.
    await b.t.http().get('/api/auth/me').set('Authorization', bearer).expect(200);
    const board = await connectLive(b.t, bearer);
    expect(await ask(board, 'board:join', { conferenceId: c.conference.id })).toMatchObject({ ok: true });
    const revoked = next(board, 'revoked');
    const closed = new Promise<string>((resolve) => board.once('disconnect', resolve));

    await a.t.http().post('/api/auth/logout').set('Authorization', bearer).expect(204);
    // No wait: the logout answered only after every instance had applied it.
    await b.t.http().get('/api/auth/me').set('Authorization', bearer).expect(401);
    await b.t.http().get(`/api/conferences/${c.conference.id}/presence`).set('Authorization', bearer).expect(401);
    expect(await revoked).toEqual({ reason: 'signed_out' });
    expect(await closed).toBe('io server disconnect');
    expect((await connectError(b.t, bearer)).message).toBe('unauthorized');
  }, 60_000);

  it('an account locked on A is refused on B at once (its socket there closed); unlocked on A, its new sign-in works on B at once', async () => {
    const admin = await login(a.t);
    const username = `khoa${randomBytes(3).toString('hex')}`;
    const created = await a.t
      .http()
      .post('/api/users')
      .set('Authorization', admin)
      .send({ username, password: 'lock-test-password', role: 'operator' })
      .expect(201);
    const bearer = await login(b.t, username, 'lock-test-password');
    const board = await connectLive(b.t, bearer);
    expect(await ask(board, 'board:join', { conferenceId: c.conference.id })).toMatchObject({ ok: true });
    const revoked = next(board, 'revoked');

    await a.t.http().patch(`/api/users/${created.body.id}`).set('Authorization', admin).send({ active: false }).expect(200);
    // B has just read (and cached) the account as locked.
    await b.t.http().get('/api/auth/me').set('Authorization', bearer).expect(401);
    expect(await revoked).toEqual({ reason: 'signed_out' });
    await b.t.http().post('/api/auth/login').send({ username, password: 'lock-test-password' }).expect(403);

    await a.t.http().patch(`/api/users/${created.body.id}`).set('Authorization', admin).send({ active: true }).expect(200);
    const again = await login(b.t, username, 'lock-test-password');
    await b.t.http().get('/api/auth/me').set('Authorization', again).expect(200);
  }, 60_000);
});
