import { randomBytes } from 'node:crypto';
import { ask, connectLive, next, waitFor } from './helpers/live-client';
import { buildServer, type ServerBuild, type ServerProcess, startServer, tearDownServers } from './helpers/server-process';
import { freshDatabaseEnv, login, type TestApp } from './helpers/test-app';
import { postEvent, startZaloStub, zaloEnv, zaloEvent, type ZaloStub } from './helpers/zalo';

/**
 * The server as operators run it (the compiled build, child processes) on one database: events stored by an
 * instance killed before it processed them are processed once after the restart; the refresh token Zalo gave last
 * (single-use) is the one used after a restart; two instances racing on an expired token refresh once (PostgreSQL).
 */
describe('Zalo across restarts and instances (child processes)', () => {
  let build: ServerBuild | undefined;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let stub: ZaloStub;
  const postgres = /^postgres/.test(process.env.DATABASE_URL ?? '');

  const start = (extra: Record<string, string> = {}): Promise<ServerProcess> => startServer(build!.dir, { ...env, ...zaloEnv(stub), ...extra });
  const feedbackOf = async (t: TestApp, admin: string, zaloUserId: string) => {
    const list = await t.http().get('/api/petitions?channel=zalo&limit=100').set('Authorization', admin);
    if (list.status !== 200) throw new Error(`GET /api/petitions: ${list.status} ${JSON.stringify(list.body)}`);
    for (const p of list.body.items as Array<{ id: string }>) {
      const d = await t.http().get(`/api/petitions/${p.id}`).set('Authorization', admin);
      if (d.body.submitter.zaloUserId === zaloUserId) return d.body;
    }
    return null;
  };

  beforeAll(async () => {
    stub = await startZaloStub();
    build = await buildServer();
    ({ env, cleanup } = await freshDatabaseEnv());
  }, 300_000);

  afterAll(() => tearDownServers(build, () => stub?.close(), cleanup));

  it('events stored before a SIGKILL are processed once after the restart; the last refresh token is used after a restart', async () => {
    // An instance that only stores (its worker off), killed right after the 200s: nothing was processed.
    const first = await start({ ZALO_WORKER: 'false' });
    const w = '8491000001';
    const events = [1, 2, 3].map((i) => zaloEvent('user_send_text', { sender: w, msgId: `${w}-${i}`, text: `Tin nhắn ${i}` }));
    for (const e of events) expect((await postEvent(first.t, e)).status).toBe(200);
    expect((await postEvent(first.t, events[1])).status).toBe(200);
    await first.stop('SIGKILL');

    const second = await start();
    const admin = await login(second.t);
    const f = await waitFor(async () => {
      const x = await feedbackOf(second.t, admin, w);
      return x && x.thread.length === 3 ? x : null;
    }, 20_000);
    expect(f.thread.map((m: { text: string }) => m.text)).toEqual(['Tin nhắn 1', 'Tin nhắn 2', 'Tin nhắn 3']);
    // The first reply refreshes with ZALO_REFRESH_TOKEN (there is no access token yet); Zalo gives a new pair.
    expect((await second.t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Đã nhận' })).status).toBe(201);
    expect(stub.state.refreshes).toBe(1);
    await second.stop('SIGKILL');

    // Zalo revokes the access token; after a restart the instance must refresh with the refresh token it stored
    // (the one in ZALO_REFRESH_TOKEN was single-use and is refused now).
    stub.state.accessToken = 'revoked';
    const third = await start();
    const admin3 = await login(third.t);
    const again = await feedbackOf(third.t, admin3, w);
    expect(again.thread.filter((m: { direction: string }) => m.direction === 'in')).toHaveLength(3);
    const res = await third.t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin3).send({ text: 'Sau khởi động lại' });
    expect(res.status).toBe(201);
    expect(stub.state.refreshes).toBe(2);
    expect(third.log()).not.toContain(stub.state.refreshToken);
    expect(third.log()).not.toContain(stub.state.accessToken!);
    await third.stop('SIGKILL');
  });

  it('two instances racing on a rejected token refresh once (PostgreSQL)', async () => {
    if (!postgres) {
      console.log('skipped: two instances sharing one database need PostgreSQL (DATABASE_URL=postgres://…)');
      return;
    }
    const [a, b] = await Promise.all([start(), start()]);
    const admin = await login(a.t);
    const workers = ['8492000001', '8492000002'];
    for (const w of workers) await postEvent(a.t, zaloEvent('user_send_text', { sender: w, text: `Phản ánh ${w}` }));
    const [fa, fb] = await Promise.all(workers.map((w) => waitFor(() => feedbackOf(a.t, admin, w), 20_000)));
    const before = stub.state.refreshes;
    stub.state.accessToken = 'revoked-again';
    stub.state.refreshDelayMs = 300;
    const [ra, rb] = await Promise.all([
      a.t.http().post(`/api/petitions/${fa.id}/replies`).set('Authorization', admin).send({ text: 'Từ máy A' }),
      b.t.http().post(`/api/petitions/${fb.id}/replies`).set('Authorization', admin).send({ text: 'Từ máy B' }),
    ]);
    stub.state.refreshDelayMs = 0;
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(stub.state.refreshes).toBe(before + 1);
    await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
  });

  it('ten replies to one petition at once, split across two instances, with 8 free replies: 8 sent, 2 refused 409 (PostgreSQL)', async () => {
    if (!postgres) {
      console.log('skipped: two instances sharing one database need PostgreSQL (DATABASE_URL=postgres://…)');
      return;
    }
    const [a, b] = await Promise.all([start(), start()]);
    const admin = await login(a.t);
    const w = '8493000001';
    await postEvent(a.t, zaloEvent('user_send_text', { sender: w, msgId: `${w}-1`, text: 'Chúng tôi bị nợ lương' }));
    const f = await waitFor(() => feedbackOf(a.t, admin, w), 20_000);
    // A send that takes a while keeps every reply in flight at once: without a lock across instances all ten
    // would find the window open.
    const sentBefore = stub.state.sent.length;
    stub.state.sendDelayMs = 200;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? b : a).t
          .http()
          .post(`/api/petitions/${f.id}/replies`)
          .set('Authorization', admin)
          .send({ text: `Trả lời ${i + 1}` }),
      ),
    );
    stub.state.sendDelayMs = 0;
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(8).fill(201), 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'outside_reply_window', details: { repliesUsed: 8 } });
    expect(stub.state.sent.length - sentBefore).toBe(8);
    const after = await feedbackOf(b.t, admin, w);
    const out = after.thread.filter((m: { direction: string }) => m.direction === 'out');
    expect(out).toHaveLength(8);
    expect(out.every((m: { status: string }) => m.status === 'sent')).toBe(true);
    await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
  });

  it("a page watching on one instance is told of a receipt and a worker's message processed by the other (PostgreSQL, Redis)", async () => {
    const redisUrl = process.env.REDIS_URL;
    if (!postgres || !redisUrl) {
      console.log('skipped: two instances need PostgreSQL (DATABASE_URL=postgres://…) and a shared Redis (REDIS_URL)');
      return;
    }
    const redis = { REDIS_URL: redisUrl, REDIS_PREFIX: `test-${randomBytes(6).toString('hex')}:` };
    // Only `a` runs the inbox worker, so every thread change is announced there; the page's socket is on `b`.
    const [a, b] = await Promise.all([start(redis), start({ ...redis, ZALO_WORKER: 'false' })]);
    const admin = await login(a.t);
    const w = '8494000001';
    await postEvent(a.t, zaloEvent('user_send_text', { sender: w, msgId: `${w}-1`, text: 'Hỏi về ca đêm' }));
    const f = await waitFor(() => feedbackOf(a.t, admin, w), 20_000);
    const reply = await a.t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Đã nhận' });
    expect(reply.status).toBe(201);
    const s = await connectLive(b.t, admin);
    expect(await ask(s, 'petition:watch', { petitionId: f.id })).toEqual({ ok: true });
    type Push = { messageId: string; status: string; change: string; direction: string };
    const seen = next<Push>(s, 'petition:thread', (p) => p.status === 'seen', 3000);
    let started = Date.now();
    await postEvent(a.t, zaloEvent('user_seen_message', { sender: 'oa', recipient: w, msgIds: [stub.state.sent.at(-1)!.messageId] }));
    expect(await seen).toMatchObject({ messageId: reply.body.id, status: 'seen', change: 'status' });
    expect(Date.now() - started).toBeLessThan(1000);
    const added = next<Push>(s, 'petition:thread', (p) => p.change === 'added' && p.direction === 'in', 3000);
    started = Date.now();
    await postEvent(a.t, zaloEvent('user_send_text', { sender: w, msgId: `${w}-2`, text: 'Cảm ơn' }));
    await added;
    expect(Date.now() - started).toBeLessThan(1000);
    s.close();
    await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
  });
});
