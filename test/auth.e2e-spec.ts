import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ask, closeAllSockets, connectError, connectLive, next } from './helpers/live-client';
import { createTestApp, login, TestApp, ADMIN } from './helpers/test-app';

describe('auth and users (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs the admin in and tells who it is', async () => {
    const res = await t.http().post('/api/auth/login').send(ADMIN).expect(200);
    expect(res.body.user).toMatchObject({ username: 'admin', role: 'admin', pointId: null });
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin' });
  });

  it('answers bad credentials the same way whether the user exists or not', async () => {
    const a = await t.http().post('/api/auth/login').send({ username: 'admin', password: 'wrong-password' }).expect(401);
    const b = await t.http().post('/api/auth/login').send({ username: 'nobody-here', password: 'wrong-password' }).expect(401);
    expect(a.body).toEqual(b.body);
    expect(a.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'unauthorized' });
  });

  it('refuses requests without a token or with a forged one', async () => {
    const none = await t.http().get('/api/users').expect(401);
    expect(none.body.code).toBe('unauthorized');
    await t.http().get('/api/users').set('Authorization', 'Bearer abc.def.ghi').expect(401);
  });

  it('validates the login body and refuses unknown fields', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'admin', password: 'x', extra: 1 }).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(Array.isArray(res.body.message)).toBe(true);
  });

  it('creates users (admin only), unique regardless of case, and lists them', async () => {
    const admin = await login(t);
    const created = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin)
      .send({ username: 'DieuHanh', password: 'operator-pass-1', role: 'operator' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'DieuHanh', role: 'operator', pointId: null });
    expect(created.body.passwordHash).toBeUndefined();
    const dup = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin)
      .send({ username: 'dieuhanh', password: 'operator-pass-1', role: 'operator' })
      .expect(409);
    expect(dup.body.code).toBe('conflict');
    await t.http().post('/api/users').set('Authorization', admin).send({ username: 'ab', password: 'operator-pass-1', role: 'operator' }).expect(400);
    await t.http().post('/api/users').set('Authorization', admin).send({ username: 'shortpw', password: 'short', role: 'operator' }).expect(400);
    await t.http().post('/api/users').set('Authorization', admin).send({ username: 'pointless', password: 'operator-pass-1', role: 'point' }).expect(400);
    const list = await t.http().get('/api/users?limit=1').set('Authorization', admin).expect(200);
    expect(list.body.total).toBeGreaterThanOrEqual(2);
    expect(list.body.items).toHaveLength(1);
    await t.http().get('/api/users?limit=1001').set('Authorization', admin).expect(400);

    const operator = await login(t, 'dieuhanh', 'operator-pass-1');
    const forbidden = await t.http().get('/api/users').set('Authorization', operator).expect(403);
    expect(forbidden.body.code).toBe('forbidden');
  });

  /** A user of its own for each throttle test (the limits are per username), and an address of its own. */
  let addressSeq = 0;
  const address = () => `198.51.100.${++addressSeq}`;
  const freshUser = async () => {
    const username = `throttled${addressSeq}${Date.now().toString(36)}`;
    await t
      .http()
      .post('/api/users')
      .set('Authorization', await login(t))
      .send({ username, password: 'right-password-1', role: 'operator' })
      .expect(201);
    return username;
  };
  const attempt = (username: string, password: string, from: string) =>
    t.http().post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });

  it('throttles repeated failed sign-ins with 429, even with the right password, for that address only', async () => {
    const username = await freshUser();
    const from = address();
    for (let i = 0; i < 5; i++) expect((await attempt(username, `wrong-${i}-password`, from)).status).toBe(401);
    const blocked = await attempt(username, 'right-password-1', from).expect(429);
    expect(blocked.body.code).toBe('rate_limited');
    expect(blocked.body.details.retryAfterSeconds).toBeGreaterThan(0);
    // The same account from another address still signs in.
    await attempt(username, 'right-password-1', address()).expect(200);
  });

  it('counts each attempt before checking the password: 40 concurrent wrong passwords, at most 5 checked', async () => {
    const username = await freshUser();
    const from = address();
    const res = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(username, `wrong-${i}-password`, from)));
    const statuses = res.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('limits failed sign-ins per account across addresses: 12 wrong passwords from 12 addresses end in 429', async () => {
    const username = await freshUser();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt(username, `wrong-${i}-password`, address())).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Blocked from a 13th address too, even with the right password.
    await attempt(username, 'right-password-1', address()).expect(429);
  });

  it('refuses a validly signed token of a user that does not exist', async () => {
    const forged = jwt.sign({ typ: 'user', sub: randomUUID(), username: 'ghost', role: 'admin', pointId: null }, t.env.JWT_SECRET, {
      algorithm: 'HS256',
      expiresIn: 600,
    });
    expect((await t.http().get('/api/users').set('Authorization', `Bearer ${forged}`).expect(401)).body.code).toBe('unauthorized');
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('signs out everywhere: POST /api/auth/logout revokes every token of the user, a new sign-in works', async () => {
    const username = await freshUser();
    const first = `Bearer ${(await attempt(username, 'right-password-1', address()).expect(200)).body.accessToken}`;
    const second = `Bearer ${(await attempt(username, 'right-password-1', address()).expect(200)).body.accessToken}`;
    await t.http().get('/api/conferences').set('Authorization', second).expect(200);
    await t.http().post('/api/auth/logout').set('Authorization', first).expect(204);
    await t.http().get('/api/conferences').set('Authorization', first).expect(401);
    await t.http().get('/api/conferences').set('Authorization', second).expect(401);
    await t.http().post('/api/auth/logout').set('Authorization', second).expect(401);
    const third = `Bearer ${(await attempt(username, 'right-password-1', address()).expect(200)).body.accessToken}`;
    await t.http().get('/api/auth/me').set('Authorization', third).expect(200);
  });

  it('closes the sockets opened before their user signed out, after telling them why', async () => {
    const username = await freshUser();
    const token = (await attempt(username, 'right-password-1', address()).expect(200)).body.accessToken as string;
    const s = await connectLive(t, token);
    try {
      const before = await ask(s, 'board:join', { conferenceId: randomUUID() });
      expect((before.error as { code: string }).code).toBe('not_found');
      const revoked = next(s, 'revoked');
      const closed = new Promise<string>((resolve) => s.once('disconnect', resolve));
      await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
      expect(await revoked).toEqual({ reason: 'signed_out' });
      expect(await closed).toBe('io server disconnect');
      expect(s.connected).toBe(false);
      expect((await connectError(t, token)).message).toBe('unauthorized');
    } finally {
      closeAllSockets();
    }
  });

  it('reports health and serves the OpenAPI document', async () => {
    const health = await t.http().get('/api/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', db: 'up' });
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/auth/login');
  });
});
