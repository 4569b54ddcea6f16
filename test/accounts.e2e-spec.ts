import { randomBytes, randomUUID } from 'node:crypto';
import { ask, bare, closeAllSockets, connectError, connectLive, next } from './helpers/live-client';
import { makePoint, uniquePointCode } from './helpers/points.factory';
import { ADMIN, createTestApp, login, type TestApp } from './helpers/test-app';

/**
 * Accounts after their creation (v2.3): GET/PATCH /api/users/:id (lock, unlock, role, point), an admin's password
 * reset (POST /api/users/:id/password) and a user's own change (POST /api/auth/password). Each sign-out they cause
 * revokes the account's tokens and closes its open live sockets with `revoked`; each refusal changes nothing.
 */
describe('account management (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    adminId = (await t.http().get('/api/auth/me').set('Authorization', admin).expect(200)).body.id as string;
  });
  afterAll(async () => {
    closeAllSockets();
    await t.close();
  });

  /** Each sign-in from an address of its own, so the failures a test makes do not throttle the others. */
  let seq = 0;
  const signIn = (username: string, password: string) =>
    t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', `203.0.113.${++seq % 250}`)
      .send({ username, password });

  /** A fresh account of the role (created by the admin), signed in. */
  async function account(role: 'admin' | 'operator' | 'organizer' = 'operator') {
    const username = `acc${++seq}${randomBytes(2).toString('hex')}`;
    const password = 'first-password-1';
    const created = await t.http().post('/api/users').set('Authorization', admin).send({ username, password, role }).expect(201);
    expect(created.body.active).toBe(true);
    const bearer = `Bearer ${(await signIn(username, password).expect(200)).body.accessToken}`;
    return { id: created.body.id as string, username, password, bearer };
  }
  const read = async (id: string) => (await t.http().get(`/api/users/${id}`).set('Authorization', admin).expect(200)).body;
  const patch = (id: string, body: object, as = admin) => t.http().patch(`/api/users/${id}`).set('Authorization', as).send(body);
  const tokenWorks = async (bearer: string) => (await t.http().get('/api/auth/me').set('Authorization', bearer)).status === 200;

  it('reads one account (404 for an unknown id, 400 for a malformed one) and filters the list by active', async () => {
    const a = await account();
    expect(await read(a.id)).toEqual({
      id: a.id,
      username: a.username,
      role: 'operator',
      pointId: null,
      departmentId: null,
      active: true,
      lastSignInAt: expect.any(String),
    });
    expect((await t.http().get(`/api/users/${randomUUID()}`).set('Authorization', admin).expect(404)).body.code).toBe('not_found');
    await t.http().get('/api/users/not-an-id').set('Authorization', admin).expect(400);
    await patch(a.id, { active: false }).expect(200);
    const locked = (await t.http().get('/api/users?active=false').set('Authorization', admin).expect(200)).body;
    expect(locked.items.map((u: { username: string }) => u.username)).toContain(a.username);
    expect(locked.items.every((u: { active: boolean }) => !u.active)).toBe(true);
    const active = (await t.http().get('/api/users?active=true').set('Authorization', admin).expect(200)).body;
    expect(active.items.map((u: { username: string }) => u.username)).not.toContain(a.username);
    const all = (await t.http().get('/api/users').set('Authorization', admin).expect(200)).body;
    expect(all.total).toBe(locked.total + active.total);
    await t.http().get('/api/users?active=maybe').set('Authorization', admin).expect(400);
  });

  it('locking signs the account out everywhere (its socket gets `revoked` and is closed) and refuses its sign-in with 403; unlocking lets it in again', async () => {
    const a = await account();
    const s = await connectLive(t, bare(a.bearer));
    const before = await ask(s, 'board:join', { conferenceId: randomUUID() });
    expect((before.error as { code: string }).code).toBe('not_found');
    const revoked = next(s, 'revoked');
    const closed = new Promise<string>((resolve) => s.once('disconnect', resolve));

    const res = await patch(a.id, { active: false }).expect(200);
    expect(res.body).toMatchObject({ id: a.id, active: false, role: 'operator' });
    expect(await revoked).toEqual({ reason: 'signed_out' });
    expect(await closed).toBe('io server disconnect');
    expect((await connectError(t, bare(a.bearer))).message).toBe('unauthorized');
    expect((await t.http().get('/api/conferences').set('Authorization', a.bearer).expect(401)).body.code).toBe('unauthorized');

    const refused = await signIn(a.username, a.password).expect(403);
    expect(refused.body.code).toBe('forbidden');
    expect(refused.body.messages.vi).toMatch(/^Tài khoản đã bị khóa/);
    expect(refused.body.messages.en).toMatch(/locked/);
    // Without the password a lock reveals nothing: the same 401 as an unknown user.
    const wrong = await signIn(a.username, 'not-the-password').expect(401);
    const unknown = await signIn(`nobody${seq}`, 'not-the-password').expect(401);
    expect(wrong.body).toEqual(unknown.body);

    const unlocked = await patch(a.id, { active: true }).expect(200);
    expect(unlocked.body.active).toBe(true);
    const again = `Bearer ${(await signIn(a.username, a.password).expect(200)).body.accessToken}`;
    expect(await tokenWorks(again)).toBe(true);
    expect(await tokenWorks(a.bearer)).toBe(false); // unlocking gives the old tokens nothing back
  });

  it('changing the role or the point signs the account out; the next sign-in carries the new role', async () => {
    const a = await account();
    const point = await makePoint(t, { level: 'district' });
    const res = await patch(a.id, { role: 'point', pointId: point.id }).expect(200);
    expect(res.body).toMatchObject({ role: 'point', pointId: point.id, active: true });
    expect(await tokenWorks(a.bearer)).toBe(false);
    const signed = await signIn(a.username, a.password).expect(200);
    expect(signed.body.user).toMatchObject({ role: 'point', pointId: point.id });
    // Leaving role point without naming a point drops it.
    const back = await patch(a.id, { role: 'organizer' }).expect(200);
    expect(back.body).toMatchObject({ role: 'organizer', pointId: null });
    expect(await tokenWorks(`Bearer ${signed.body.accessToken}`)).toBe(false);
  });

  it('a change that does not touch what the token carries keeps the account signed in', async () => {
    const a = await account();
    await patch(a.id, { role: 'operator', active: true }).expect(200);
    expect(await tokenWorks(a.bearer)).toBe(true);
  });

  it('refuses an account that breaks the create rules, and unknown or ill-typed fields, with 400 and changes nothing', async () => {
    const a = await account();
    const was = await read(a.id);
    const bodies: object[] = [
      { role: 'point' }, // no pointId
      { role: 'point', pointId: randomUUID() }, // no such point
      { pointId: randomUUID() }, // pointId for an operator
      { role: 'department' }, // no departmentId
      { role: 'chief' },
      { active: 'no' },
      { role: null },
      { username: 'renamed' },
      { password: 'another-password-1' },
    ];
    for (const body of bodies) {
      const res = await patch(a.id, body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), 400, 'validation_failed']);
    }
    expect(await read(a.id)).toEqual(was);
    expect(await tokenWorks(a.bearer)).toBe(true);
    expect((await patch(randomUUID(), { active: false }).expect(404)).body.code).toBe('not_found');
  });

  it('refuses locking or demoting yourself with 409 and changes nothing', async () => {
    for (const body of [{ active: false }, { role: 'operator' }]) {
      const res = await patch(adminId, body).expect(409);
      expect(res.body).toMatchObject({ code: 'conflict', params: { reason: 'self' } });
      expect(res.body.messages.vi).toMatch(/chính|tài khoản đang đăng nhập/);
    }
    expect(await read(adminId)).toMatchObject({ role: 'admin', active: true });
    expect(await tokenWorks(admin)).toBe(true);
  });

  it('never leaves no active admin: two admins locking each other at once, one of them is refused', async () => {
    const a = await account('admin');
    const b = await account('admin');
    // Lock every other admin first, so a and b are the only active ones.
    const others = (await t.http().get('/api/users?active=true&limit=1000').set('Authorization', admin).expect(200)).body.items.filter(
      (u: { role: string; id: string }) => u.role === 'admin' && u.id !== a.id && u.id !== b.id && u.id !== adminId,
    );
    for (const u of others) await patch(u.id, { active: false }, a.bearer).expect(200);
    await patch(adminId, { active: false }, a.bearer).expect(200);
    const [ab, ba] = await Promise.all([patch(b.id, { active: false }, a.bearer), patch(a.id, { active: false }, b.bearer)]);
    const statuses = [ab.status, ba.status].sort();
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const refused = ab.status === 200 ? ba : ab;
    if (refused.status === 409) expect(refused.body.params).toEqual({ reason: 'last_admin' });
    // The admin left can still sign in and act.
    const survivor = ab.status === 200 ? a : b;
    const bearer = `Bearer ${(await signIn(survivor.username, survivor.password).expect(200)).body.accessToken}`;
    const remaining = (await t.http().get('/api/users?active=true&limit=1000').set('Authorization', bearer).expect(200)).body.items;
    expect(remaining.filter((u: { role: string }) => u.role === 'admin').map((u: { username: string }) => u.username)).toEqual([survivor.username]);
    // Put the first admin back for the tests after this one.
    await patch(adminId, { active: true }, bearer).expect(200);
    admin = await login(t);
  });

  it('an admin resets a password: the old one is refused, the new one works, the old tokens are revoked', async () => {
    const a = await account();
    await t.http().post(`/api/users/${a.id}/password`).set('Authorization', admin).send({ password: 'short' }).expect(400);
    await t.http().post(`/api/users/${a.id}/password`).set('Authorization', admin).send({ password: 'reset-password-1', extra: 1 }).expect(400);
    expect(await tokenWorks(a.bearer)).toBe(true); // refused: nothing changed
    await t.http().post(`/api/users/${randomUUID()}/password`).set('Authorization', admin).send({ password: 'reset-password-1' }).expect(404);

    const res = await t.http().post(`/api/users/${a.id}/password`).set('Authorization', admin).send({ password: 'reset-password-1' }).expect(204);
    expect(res.text).toBe('');
    expect(await tokenWorks(a.bearer)).toBe(false);
    await signIn(a.username, a.password).expect(401);
    await signIn(a.username, 'reset-password-1').expect(200);
  });

  it('a user changes their own password: a fresh token for this session, the others revoked; a wrong current password changes nothing', async () => {
    const a = await account();
    const other = `Bearer ${(await signIn(a.username, a.password).expect(200)).body.accessToken}`;
    const change = (body: object, from = '192.0.2.10') =>
      t.http().post('/api/auth/password').set('Authorization', a.bearer).set('X-Forwarded-For', from).send(body);

    const wrong = await change({ currentPassword: 'not-my-password', newPassword: 'second-password-2' }).expect(400);
    expect(wrong.body).toMatchObject({ code: 'validation_failed', params: { field: 'currentPassword', reason: 'wrong_password' } });
    expect(wrong.body.messages).toEqual({ vi: ['Mật khẩu hiện tại không đúng'], en: ['The current password is wrong'] });
    expect((await change({ currentPassword: a.password, newPassword: 'short' }).expect(400)).body.code).toBe('validation_failed');
    expect((await change({ currentPassword: a.password, newPassword: a.password }).expect(400)).body.params).toEqual({
      field: 'newPassword',
      reason: 'same_password',
    });
    expect([await tokenWorks(a.bearer), await tokenWorks(other)]).toEqual([true, true]);
    await signIn(a.username, 'second-password-2').expect(401);

    const res = await change({ currentPassword: a.password, newPassword: 'second-password-2' }).expect(200);
    expect(Object.keys(res.body)).toEqual(['accessToken']);
    const fresh = `Bearer ${res.body.accessToken}`;
    expect((await t.http().get('/api/auth/me').set('Authorization', fresh).expect(200)).body).toMatchObject({ id: a.id, username: a.username });
    expect([await tokenWorks(a.bearer), await tokenWorks(other)]).toEqual([false, false]);
    await signIn(a.username, a.password).expect(401);
    await signIn(a.username, 'second-password-2').expect(200);
  });

  it('wrong current passwords count towards the sign-in limit (429 after five from one address)', async () => {
    const a = await account();
    const change = (currentPassword: string) =>
      t
        .http()
        .post('/api/auth/password')
        .set('Authorization', a.bearer)
        .set('X-Forwarded-For', '192.0.2.77')
        .send({ currentPassword, newPassword: 'second-password-2' });
    for (let i = 0; i < 5; i++) await change(`wrong-${i}-password`).expect(400);
    expect((await change(a.password).expect(429)).body.code).toBe('rate_limited');
    await signIn(a.username, a.password).expect(200); // the password did not change
  });

  it('refuses the admin routes to a non-admin with 403, and changes nothing', async () => {
    const a = await account('organizer');
    const target = await account();
    for (const req of [
      t.http().get(`/api/users/${target.id}`),
      t.http().patch(`/api/users/${target.id}`).send({ active: false }),
      t.http().post(`/api/users/${target.id}/password`).send({ password: 'taken-over-password' }),
      t.http().get(`/api/users/${target.id}/history`),
    ]) {
      expect((await req.set('Authorization', a.bearer).expect(403)).body.code).toBe('forbidden');
    }
    expect(await read(target.id)).toMatchObject({ active: true });
    // refused: no history row either (the account's only entry is its creation)
    const rows = (await t.http().get(`/api/users/${target.id}/history`).set('Authorization', admin).expect(200)).body;
    expect(rows.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(await tokenWorks(target.bearer)).toBe(true);
    await signIn(target.username, target.password).expect(200);
    await t.http().patch(`/api/users/${target.id}`).send({ active: false }).expect(401);
  });

  type Entry = { at: string; action: string; by: { id: string; username: string } | null; from?: string | null; to?: string | null };
  const history = async (id: string): Promise<Entry[]> => (await t.http().get(`/api/users/${id}/history`).set('Authorization', admin).expect(200)).body;
  /** The entries without their instants, newest first: `[action, by's username or null, from, to]`. */
  const actions = async (id: string) => (await history(id)).map((e) => [e.action, e.by?.username ?? null, e.from, e.to]);

  it('keeps an account history: each change one row (per changed field) by who made it, newest first, never a password', async () => {
    const adminName = (await t.http().get('/api/auth/me').set('Authorization', admin).expect(200)).body.username as string;
    const a = await account();
    // As this admin (the factory's admin token was revoked when the first admin was locked above).
    const code = uniquePointCode();
    const point = (
      await t
        .http()
        .post('/api/points')
        .set('Authorization', admin)
        .send({ code, name: `Điểm cầu ${code}`, level: 'district' })
        .expect(201)
    ).body;
    await patch(a.id, { active: false }).expect(200);
    await patch(a.id, { active: true }).expect(200);
    await patch(a.id, { role: 'point', pointId: point.id }).expect(200);
    await patch(a.id, { role: 'organizer' }).expect(200); // the point is cleared with the role: two rows
    await t.http().post(`/api/users/${a.id}/password`).set('Authorization', admin).send({ password: 'reset-password-1' }).expect(204);
    const own = `Bearer ${(await signIn(a.username, 'reset-password-1').expect(200)).body.accessToken}`;
    await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', own)
      .send({ currentPassword: 'reset-password-1', newPassword: 'second-password-2' })
      .expect(200);

    expect(await actions(a.id)).toEqual([
      ['password_change', a.username, undefined, undefined],
      ['password_reset', adminName, undefined, undefined],
      ['point', adminName, point.id, null],
      ['role', adminName, 'point', 'organizer'],
      ['point', adminName, null, point.id],
      ['role', adminName, 'operator', 'point'],
      ['unlock', adminName, undefined, undefined],
      ['lock', adminName, undefined, undefined],
      ['create', adminName, undefined, undefined],
    ]);
    const entries = await history(a.id);
    expect(entries.every((e) => e.by === null || e.by.id === adminId || e.by.id === a.id)).toBe(true);
    const instants = entries.map((e) => Date.parse(e.at));
    expect(instants).toEqual([...instants].sort((x, y) => y - x));
    expect(entries[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
    const text = JSON.stringify(entries);
    for (const secret of [a.password, 'reset-password-1', 'second-password-2', '$argon', '$2']) expect(text).not.toContain(secret);
    // The first admin was made by the system at start-up: `by` is null.
    expect((await history(adminId)).at(-1)).toMatchObject({ action: 'create', by: null });
  });

  it('writes no history for a refused change (400, 409, 404), and an empty change writes none either', async () => {
    const a = await account();
    const before = await history(a.id);
    const adminBefore = await history(adminId);
    expect(before.map((e) => e.action)).toEqual(['create']);
    await patch(a.id, { role: 'point' }).expect(400);
    await patch(a.id, { role: 'operator', active: true }).expect(200); // nothing changes
    await patch(a.id, {}).expect(200);
    await patch(adminId, { active: false }).expect(409);
    await t.http().post(`/api/users/${a.id}/password`).set('Authorization', admin).send({ password: 'short' }).expect(400);
    const change = (body: object) => t.http().post('/api/auth/password').set('Authorization', a.bearer).set('X-Forwarded-For', '192.0.2.31').send(body);
    await change({ currentPassword: 'not-my-password', newPassword: 'second-password-2' }).expect(400);
    await change({ currentPassword: a.password, newPassword: a.password }).expect(400);
    await t.http().post('/api/users').set('Authorization', admin).send({ username: a.username, password: 'another-password', role: 'operator' }).expect(409);
    expect(await history(a.id)).toEqual(before);
    expect(await history(adminId)).toEqual(adminBefore);
    // A non-admin cannot read a history; an unknown account is 404, a malformed id 400.
    expect((await t.http().get(`/api/users/${a.id}/history`).set('Authorization', a.bearer).expect(403)).body.code).toBe('forbidden');
    expect((await t.http().get(`/api/users/${randomUUID()}/history`).set('Authorization', admin).expect(404)).body.code).toBe('not_found');
    await t.http().get('/api/users/not-an-id/history').set('Authorization', admin).expect(400);
    await t.http().get(`/api/users/${a.id}/history`).expect(401);
  });

  it('keeps the last sign-in: set by a password sign-in, not by a wrong password nor by a locked account', async () => {
    const username = `last${++seq}${randomBytes(2).toString('hex')}`;
    const password = 'first-password-1';
    const created = await t.http().post('/api/users').set('Authorization', admin).send({ username, password, role: 'operator' }).expect(201);
    expect(created.body.lastSignInAt).toBeNull();
    expect((await read(created.body.id)).lastSignInAt).toBeNull();
    await signIn(username, 'not-the-password').expect(401);
    expect((await read(created.body.id)).lastSignInAt).toBeNull();

    const started = Date.now();
    const signed = await signIn(username, password).expect(200);
    const first = (await read(created.body.id)).lastSignInAt as string;
    expect(signed.body.user.lastSignInAt).toBe(first);
    expect(first).toMatch(/\+07:00$/);
    expect(Date.parse(first)).toBeGreaterThanOrEqual(started - 1000);
    expect(Date.parse(first)).toBeLessThanOrEqual(Date.now() + 1000);

    await signIn(username, 'not-the-password').expect(401);
    expect((await read(created.body.id)).lastSignInAt).toBe(first);
    await patch(created.body.id, { active: false }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await signIn(username, password).expect(403);
    expect((await read(created.body.id)).lastSignInAt).toBe(first);
    await patch(created.body.id, { active: true }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await signIn(username, password).expect(200);
    expect(Date.parse((await read(created.body.id)).lastSignInAt)).toBeGreaterThan(Date.parse(first));
    // The list carries it too.
    const listed = (await t.http().get('/api/users?limit=1000').set('Authorization', admin).expect(200)).body.items;
    expect(listed.find((u: { id: string }) => u.id === created.body.id).lastSignInAt).not.toBeNull();
  });

  it('keeps the first admin usable', async () => {
    await signIn(ADMIN.username, ADMIN.password).expect(200);
  });
});
