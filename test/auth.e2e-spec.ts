import { createTestApp, login, TestApp, ADMIN, userWithRole } from './helpers/test-app';

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
    const created = await t.http().post('/api/users').set('Authorization', admin).send({ username: 'DieuHanh', password: 'operator-pass-1', role: 'operator' }).expect(201);
    expect(created.body).toMatchObject({ username: 'DieuHanh', role: 'operator', pointId: null });
    expect(created.body.passwordHash).toBeUndefined();
    const dup = await t.http().post('/api/users').set('Authorization', admin).send({ username: 'dieuhanh', password: 'operator-pass-1', role: 'operator' }).expect(409);
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

  it('throttles repeated failed sign-ins with 429, even with the right password', async () => {
    const organizer = await userWithRole(t, 'organizer');
    expect(organizer).toMatch(/^Bearer /);
    for (let i = 0; i < 5; i++) await t.http().post('/api/auth/login').send({ username: 'admin', password: `wrong-${i}-password` });
    const res = await t.http().post('/api/auth/login').send(ADMIN).expect(429);
    expect(res.body.code).toBe('rate_limited');
  });

  it('reports health and serves the OpenAPI document', async () => {
    const health = await t.http().get('/api/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', db: 'up' });
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/auth/login');
  });
});
