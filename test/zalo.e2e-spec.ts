import { DataSource } from 'typeorm';
import { departmentUser, makeDepartment } from './helpers/petitions.factory';
import { createTestApp, login, userWithRole, type TestApp } from './helpers/test-app';
import { ask, closeAllSockets, collect, connectLive, next, waitFor } from './helpers/live-client';
import { postEvent, signZaloEvent, startZaloStub, ZALO, zaloEnv, zaloEvent, type ZaloStub } from './helpers/zalo';
import { ZaloInbox } from '../src/zalo/zalo-inbox.service';
import { ZaloClock } from '../src/zalo/zalo-clock';
import { ZaloAttachments } from '../src/zalo/zalo-attachments.service';
import { ZaloTokenEntity } from '../src/zalo/entities/zalo.entities';
import { ZaloTokens } from '../src/zalo/zalo-tokens.service';

describe('Zalo: webhook, inbox, replies (SQLite or PostgreSQL as DATABASE_URL says)', () => {
  let t: TestApp;
  let stub: ZaloStub;
  let admin: string;
  let ds: DataSource;
  let user = 0;
  const worker = () => `84${Date.now()}${++user}`;

  beforeAll(async () => {
    stub = await startZaloStub();
    t = await createTestApp(zaloEnv(stub));
    admin = await login(t);
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    closeAllSockets();
    await t?.close();
    await stub?.close();
  });

  const inboxCount = async () => Number((await ds.query('SELECT COUNT(*) AS n FROM zalo_inbox'))[0].n);
  const settle = async () => {
    await t.app.get(ZaloInbox).idle();
    await waitFor(async () => (await t.app.get(ZaloInbox).pending()) === 0);
    await t.app.get(ZaloInbox).idle();
  };
  const feedbackOf = async (zaloUserId: string) => {
    const list = await t.http().get('/api/petitions?channel=zalo&limit=100').set('Authorization', admin);
    const ids: string[] = list.body.items.map((p: { id: string }) => p.id);
    for (const id of ids) {
      const d = await t.http().get(`/api/petitions/${id}`).set('Authorization', admin);
      if (d.body.submitter.zaloUserId === zaloUserId) return d.body;
    }
    return null;
  };

  describe('signature', () => {
    const body = () => zaloEvent('user_send_text', { sender: worker(), text: 'chữ ký' });
    it('a good signature is stored and answered 200', async () => {
      const before = await inboxCount();
      const res = await postEvent(t, body());
      expect(res.status).toBe(200);
      expect(await inboxCount()).toBe(before + 1);
    });
    it.each([
      ['missing', null],
      ['wrong', 'mac=' + '0'.repeat(64)],
      ['garbage', 'nonsense'],
    ])('%s signature → 401, nothing stored', async (_, signature) => {
      const before = await inboxCount();
      const res = await postEvent(t, body(), { signature });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
      expect(await inboxCount()).toBe(before);
    });
    it('another app_id, signed with our secret → 401, nothing stored', async () => {
      const before = await inboxCount();
      const res = await postEvent(t, { ...body(), app_id: '999' });
      expect(res.status).toBe(401);
      expect(await inboxCount()).toBe(before);
    });
    it('one byte of the body changed after signing → 401, nothing stored', async () => {
      const before = await inboxCount();
      const signed = signZaloEvent(body(), ZALO.oaSecret);
      const raw = signed.raw.replace('chữ ký', 'chữ kí');
      const res = await postEvent(t, {}, { raw, signature: signed.signature });
      expect(res.status).toBe(401);
      expect(await inboxCount()).toBe(before);
    });
    it('malformed JSON → 400; over 1 MB → 413; nothing stored', async () => {
      const before = await inboxCount();
      const bad = await postEvent(t, {}, { raw: '{"app_id": "1234567890", ', signature: 'mac=00' });
      expect(bad.status).toBe(400);
      const big = zaloEvent('user_send_text', { sender: worker(), text: 'x'.repeat(1024 * 1024 + 10) });
      const res = await postEvent(t, big);
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
      expect(await inboxCount()).toBe(before);
      expect((await t.http().get('/api/health')).status).toBe(200);
    });
  });

  it("a worker's messages of every kind become one anonymous feedback in received, duplicates stored once", async () => {
    const w = worker();
    const photo = stub.addFile('anh-1.jpg', Buffer.from('JPEGDATA-1'), 'image/jpeg');
    const events = [
      zaloEvent('user_send_text', { sender: w, msgId: `${w}-1`, text: 'Công ty nợ lương 2 tháng' }),
      zaloEvent('user_send_image', { sender: w, msgId: `${w}-2`, attachments: [{ type: 'image', payload: { url: photo, thumbnail: photo } }] }),
      zaloEvent('user_send_file', {
        sender: w,
        msgId: `${w}-3`,
        attachments: [{ type: 'file', payload: { url: `${stub.url}/files/missing.pdf`, name: 'bang-luong.pdf', size: '1200', type: 'pdf' } }],
      }),
      zaloEvent('user_send_link', {
        sender: w,
        msgId: `${w}-4`,
        attachments: [{ type: 'link', payload: { url: 'https://example.vn/bai-bao', description: 'Bài báo' } }],
      }),
      zaloEvent('user_send_location', {
        sender: w,
        msgId: `${w}-5`,
        attachments: [{ type: 'location', payload: { coordinates: { latitude: '21.18', longitude: '106.07' } } }],
      }),
      zaloEvent('user_send_sticker', {
        sender: w,
        msgId: `${w}-6`,
        attachments: [{ type: 'sticker', payload: { id: 'st1', url: 'https://zalo.me/sticker/1' } }],
      }),
      zaloEvent('user_send_audio', { sender: w, msgId: `${w}-7`, attachments: [{ type: 'audio', payload: { url: 'https://zalo.me/a.aac' } }] }),
      zaloEvent('user_send_video', { sender: w, msgId: `${w}-8`, attachments: [{ type: 'video', payload: { url: 'https://zalo.me/v.mp4' } }] }),
    ];
    const before = await inboxCount();
    for (const e of events) expect((await postEvent(t, e)).status).toBe(200);
    // Zalo retries: the same msg_id again, twice.
    expect((await postEvent(t, events[0])).status).toBe(200);
    expect((await postEvent(t, events[1])).status).toBe(200);
    expect(await inboxCount()).toBe(before + events.length);
    await settle();
    const f = await feedbackOf(w);
    expect(f).toMatchObject({ kind: 'feedback', channel: 'zalo', anonymous: true, status: 'received' });
    expect(f.title).toContain('Công ty nợ lương');
    const inbound = f.thread.filter((m: { direction: string }) => m.direction === 'in');
    expect(inbound).toHaveLength(events.length);
    expect(inbound.map((m: { zaloMessageId: string }) => m.zaloMessageId)).toEqual(events.map((e) => (e.message as { msg_id: string }).msg_id));
    expect(inbound[0]).toMatchObject({ text: 'Công ty nợ lương 2 tháng', status: 'received', by: null });
    expect(inbound[1].attachments[0]).toMatchObject({ url: photo, type: 'image' });
    expect(inbound[2].attachments[0]).toMatchObject({ name: 'bang-luong.pdf', size: 1200, type: 'pdf' });
    expect(inbound[3].attachments[0]).toMatchObject({ url: 'https://example.vn/bai-bao' });
    expect(inbound[4].text).toContain('21.18, 106.07');

    // The photo is kept by the server (Zalo removes files after about a week); the missing file keeps its url.
    await t.app.get(ZaloAttachments).idle();
    const copy = inbound[1].attachments[0];
    const got = await waitFor(async () => {
      const r = await t
        .http()
        .get(copy.downloadUrl)
        .set('Authorization', admin)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      return r.status === 200 ? r : null;
    });
    expect((got.body as Buffer).toString()).toBe('JPEGDATA-1');
    const missing = await t.http().get(inbound[2].attachments[0].downloadUrl).set('Authorization', admin).redirects(0);
    expect(missing.status).toBe(302);
    expect(missing.headers.location).toBe(`${stub.url}/files/missing.pdf`);
  });

  it('a failed download is retried later', async () => {
    const w = worker();
    stub.state.fileFailures = 1;
    const photo = stub.addFile('anh-2.jpg', Buffer.from('JPEGDATA-2'), 'image/jpeg');
    await postEvent(t, zaloEvent('user_send_image', { sender: w, attachments: [{ type: 'image', payload: { url: photo } }] }));
    await settle();
    await t.app.get(ZaloAttachments).idle();
    const rows = await ds.query(`SELECT status, attempts FROM zalo_attachments WHERE url = '${photo}'`);
    expect(rows[0]).toMatchObject({ status: 'pending' });
    expect(Number(rows[0].attempts)).toBe(1);
    await ds.query(`UPDATE zalo_attachments SET next_attempt_at = created_at WHERE url = '${photo}'`);
    t.app.get(ZaloAttachments).wake();
    await t.app.get(ZaloAttachments).idle();
    const after = await ds.query(`SELECT status FROM zalo_attachments WHERE url = '${photo}'`);
    expect(after[0].status).toBe('stored');
  });

  it("group messages go on the sender's feedback, and its replies go to the group", async () => {
    const w = worker();
    await postEvent(t, zaloEvent('user_send_group_text', { sender: w, recipient: 'group-77', text: 'Nhà ăn ca không đảm bảo vệ sinh' }));
    await settle();
    const f = await feedbackOf(w);
    expect(f.thread).toHaveLength(1);
    const res = await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Tổ công tác đã ghi nhận.' });
    expect(res.status).toBe(201);
    const sent = stub.state.sent.at(-1)!;
    expect(sent.path).toBe('/v3.0/oa/group/message');
    expect(sent.body).toEqual({ recipient: { group_id: 'group-77' }, message: { text: 'Tổ công tác đã ghi nhận.' } });
  });

  it('anonymous_send_text, follow and unfollow; status counts followers and open feedback, never a token', async () => {
    const a = worker();
    const b = worker();
    await postEvent(t, zaloEvent('follow', { follower: a }));
    await postEvent(t, zaloEvent('follow', { follower: b, at: new Date(Date.now() - 5) }));
    await postEvent(t, zaloEvent('unfollow', { follower: b }));
    await postEvent(t, zaloEvent('anonymous_send_text', { sender: a, text: 'Tôi không muốn nêu tên' }));
    await postEvent(t, zaloEvent('oa_send_text', { sender: 'oa' }));
    await settle();
    expect((await feedbackOf(a)).thread[0].text).toBe('Tôi không muốn nêu tên');
    const s = await t.http().get('/api/zalo/status').set('Authorization', admin);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ configured: true });
    expect(s.body.followers).toBeGreaterThanOrEqual(1);
    expect(s.body.openFeedback).toBeGreaterThanOrEqual(1);
    expect(s.body.lastWebhookAt).toMatch(/\+07:00$/);
    const text = JSON.stringify(s.body);
    for (const secret of [ZALO.oaSecret, ZALO.appSecret, stub.state.accessToken ?? 'none', stub.state.refreshToken]) expect(text).not.toContain(secret);
    const organizer = await userWithRole(t, 'organizer');
    expect((await t.http().get('/api/zalo/status').set('Authorization', organizer)).status).toBe(403);
  });

  it("the worker's Zalo id reaches organizers and admins only, never a department user", async () => {
    const w = worker();
    await postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Phản ánh về an toàn lao động' }));
    await settle();
    const f = await feedbackOf(w);
    expect(f.submitter.zaloUserId).toBe(w);
    const dep = await makeDepartment(t);
    const assign = await t.http().post(`/api/petitions/${f.id}/assign`).set('Authorization', admin).send({ leadDepartmentId: dep.id, version: f.version });
    expect(assign.status).toBe(200);
    const depUser = await departmentUser(t, dep.id);
    const seen = await t.http().get(`/api/petitions/${f.id}`).set('Authorization', depUser);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain(w);
    expect(seen.body.submitter.zaloUserId).toBeNull();
    const operator = await userWithRole(t, 'operator');
    expect((await t.http().get(`/api/petitions/${f.id}`).set('Authorization', operator)).body.submitter.zaloUserId).toBeNull();
  });

  it('replies: inside the window sent, delivered then seen; the 9th refused; after 48 hours refused (fake clock)', async () => {
    const w = worker();
    await postEvent(t, zaloEvent('user_send_text', { sender: w, msgId: `${w}-last`, text: 'Xin hỏi về bảo hiểm xã hội' }));
    await settle();
    const f = await feedbackOf(w);
    const first = await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Chào anh/chị, chúng tôi đã nhận.' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ direction: 'out', status: 'sent' });
    const sent = stub.state.sent.at(-1)!;
    expect(sent.path).toBe('/v3.0/oa/message/cs');
    expect(sent.body).toEqual({ recipient: { message_id: `${w}-last` }, message: { text: 'Chào anh/chị, chúng tôi đã nhận.' } });
    expect(first.body.zaloMessageId).toBe(sent.messageId);

    await postEvent(t, zaloEvent('user_received_message', { sender: 'oa', recipient: w, msgIds: [sent.messageId] }));
    await settle();
    const thread = async () => (await t.http().get(`/api/petitions/${f.id}`).set('Authorization', admin)).body.thread;
    expect((await thread()).find((m: { id: string }) => m.id === first.body.id).status).toBe('delivered');
    await postEvent(t, zaloEvent('user_seen_message', { sender: 'oa', recipient: w, msgIds: [sent.messageId] }));
    await settle();
    expect((await thread()).find((m: { id: string }) => m.id === first.body.id).status).toBe('seen');
    // A late "delivered" never moves a seen message back.
    await postEvent(t, { ...zaloEvent('user_received_message', { sender: 'oa', recipient: w, msgIds: [sent.messageId] }), timestamp: String(Date.now() + 1) });
    await settle();
    expect((await thread()).find((m: { id: string }) => m.id === first.body.id).status).toBe('seen');

    for (let i = 2; i <= 8; i++)
      expect(
        (
          await t
            .http()
            .post(`/api/petitions/${f.id}/replies`)
            .set('Authorization', admin)
            .send({ text: `Trả lời ${i}` })
        ).status,
      ).toBe(201);
    const win = await t.http().get(`/api/petitions/${f.id}/zalo-window`).set('Authorization', admin);
    expect(win.body).toMatchObject({ repliesUsed: 8, repliesLeft: 0, open: false });
    const sentBefore = stub.state.sent.length;
    const ninth = await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Trả lời 9' });
    expect(ninth.status).toBe(409);
    expect(ninth.body.code).toBe('outside_reply_window');
    expect(ninth.body.details).toMatchObject({ repliesUsed: 8 });
    expect(ninth.body.details.lastInboundAt).toMatch(/\+07:00$/);
    expect(stub.state.sent.length).toBe(sentBefore);
    expect((await thread()).filter((m: { direction: string }) => m.direction === 'out')).toHaveLength(8);

    // The worker writes again: a new window and count. Then 48 hours pass.
    await postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Còn một việc nữa' }));
    await settle();
    expect((await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Vâng' })).status).toBe(201);
    const clock = t.app.get(ZaloClock);
    clock.offsetMs = 48 * 3600_000 + 60_000;
    try {
      const late = await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Muộn rồi' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('outside_reply_window');
      expect(late.body.messages.vi).toContain('Đã quá 48 giờ');
      expect(late.body.details.repliesUsed).toBe(1);
    } finally {
      clock.offsetMs = 0;
    }
  });

  describe('live thread on /live (petition:watch → petition:thread)', () => {
    type Push = { petitionId: string; messageId: string; direction: string; status: string; change: string };
    /** The push matching `match`, and how long after `cause` was called it arrived (it is set up before the cause). */
    const pushAfter = async (s: Parameters<typeof next>[0], match: (p: Push) => boolean, cause: () => Promise<unknown>) => {
      const started = Date.now();
      const got = next<Push>(s, 'petition:thread', match, 3000);
      await cause();
      const push = await got;
      return { push, ms: Date.now() - started };
    };

    it("an organizer watching a petition gets the reply's delivered and seen receipts and a new worker message within a second", async () => {
      const w = worker();
      await postEvent(t, zaloEvent('user_send_text', { sender: w, msgId: `${w}-live`, text: 'Hỏi về tiền làm thêm giờ' }));
      await settle();
      const f = await feedbackOf(w);
      const organizer = await userWithRole(t, 'organizer');
      const s = await connectLive(t, organizer);
      const all = collect<Push>(s, 'petition:thread');
      expect(await ask(s, 'petition:watch', { petitionId: f.id })).toEqual({ ok: true });

      // The reply: sending → sent is pushed once Zalo answered.
      const sentPush = next<Push>(s, 'petition:thread', (p) => p.status === 'sent', 3000);
      const reply = await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', organizer).send({ text: 'Tổ công tác đã nhận.' });
      expect(reply.status).toBe(201);
      expect(await sentPush).toEqual({ petitionId: f.id, messageId: reply.body.id, direction: 'out', status: 'sent', change: 'status' });
      const zaloId = stub.state.sent.at(-1)!.messageId;

      const delivered = await pushAfter(
        s,
        (p) => p.status === 'delivered',
        () => postEvent(t, zaloEvent('user_received_message', { sender: 'oa', recipient: w, msgIds: [zaloId] })),
      );
      expect(delivered.push).toEqual({ petitionId: f.id, messageId: reply.body.id, direction: 'out', status: 'delivered', change: 'status' });
      expect(delivered.ms).toBeLessThan(1000);
      const seen = await pushAfter(
        s,
        (p) => p.status === 'seen',
        () => postEvent(t, zaloEvent('user_seen_message', { sender: 'oa', recipient: w, msgIds: [zaloId] })),
      );
      expect(seen.push).toMatchObject({ messageId: reply.body.id, status: 'seen', change: 'status' });
      expect(seen.ms).toBeLessThan(1000);

      const added = await pushAfter(
        s,
        (p) => p.change === 'added' && p.direction === 'in',
        () => postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Cảm ơn, tôi đã đọc' })),
      );
      expect(added.push).toMatchObject({ petitionId: f.id, direction: 'in', status: 'received', change: 'added' });
      expect(added.ms).toBeLessThan(1000);
      // The push names the message the thread (read over REST) now holds.
      const d = await t.http().get(`/api/petitions/${f.id}/thread`).set('Authorization', organizer);
      expect(d.body.items.find((m: { id: string }) => m.id === added.push.messageId)).toMatchObject({ text: 'Cảm ơn, tôi đã đọc', direction: 'in' });
      // Ids and status only: no Zalo id, no text, no name.
      expect(JSON.stringify(all)).not.toContain(w);
      expect(JSON.stringify(all)).not.toContain('Cảm ơn');

      // Unwatched: nothing more arrives.
      expect(await ask(s, 'petition:unwatch', { petitionId: f.id })).toEqual({ ok: true });
      const before = all.length;
      await postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Thêm một câu' }));
      await settle();
      await new Promise((r) => setTimeout(r, 200));
      expect(all.length).toBe(before);
      s.close();
    });

    it('a department user sees only the petitions its department leads; others are refused (not_found), as over REST', async () => {
      const w = worker();
      await postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Phản ánh về nhà vệ sinh' }));
      await settle();
      const f = await feedbackOf(w);
      const lead = await makeDepartment(t);
      const other = await makeDepartment(t);
      expect(
        (await t.http().post(`/api/petitions/${f.id}/assign`).set('Authorization', admin).send({ leadDepartmentId: lead.id, version: f.version })).status,
      ).toBe(200);
      const outsider = await connectLive(t, await departmentUser(t, other.id));
      const refused = await ask(outsider, 'petition:watch', { petitionId: f.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(JSON.stringify(refused)).not.toContain(w);
      const outsiderPushes = collect<Push>(outsider, 'petition:thread');

      const leader = await connectLive(t, await departmentUser(t, lead.id));
      expect(await ask(leader, 'petition:watch', { petitionId: f.id })).toEqual({ ok: true });
      const { push } = await pushAfter(
        leader,
        (p) => p.change === 'added',
        () => postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Vẫn chưa sửa' })),
      );
      expect(push).toMatchObject({ petitionId: f.id, direction: 'in', change: 'added' });
      expect(JSON.stringify(push)).not.toContain(w);
      expect(outsiderPushes).toEqual([]);
      outsider.close();
      leader.close();
    });

    it('malformed payloads are answered with bad_request and the socket stays connected', async () => {
      const s = await connectLive(t, admin);
      for (const bad of [{}, { petitionId: 'not-a-uuid' }, { petitionId: 42 }, { petitionId: '00000000-0000-4000-8000-000000000000', extra: 1 }, 'x', null]) {
        const ack = await ask(s, 'petition:watch', bad);
        expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      }
      expect(await ask(s, 'petition:unwatch', { petitionId: 7 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      // A well-formed id that names nothing: not_found, as GET /api/petitions/:id.
      expect(await ask(s, 'petition:watch', { petitionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(s.connected).toBe(true);
      s.close();
    });
  });

  it('-216 refreshes the token once and retries; another error is 502 zalo_error, kept failed, then retried', async () => {
    const w = worker();
    await postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Hỏi về ký túc xá' }));
    await settle();
    const f = await feedbackOf(w);
    const refreshesBefore = stub.state.refreshes;
    stub.state.accessToken = 'revoked-by-zalo';
    const ok = await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Đã nhận' });
    expect(ok.status).toBe(201);
    expect(stub.state.refreshes).toBe(refreshesBefore + 1);

    stub.state.expired = true;
    expect((await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Sau -220' })).status).toBe(201);
    expect(stub.state.refreshes).toBe(refreshesBefore + 2);

    stub.state.failNext.push({ error: -32, message: 'Exceeded rate limit' });
    const failed = await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Gửi lỗi' });
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({ code: 'zalo_error', details: { zaloError: -32, zaloMessage: 'Exceeded rate limit' } });
    const text = JSON.stringify(failed.body);
    expect(text).not.toContain(stub.state.accessToken!);
    const d = await t.http().get(`/api/petitions/${f.id}`).set('Authorization', admin);
    const kept = d.body.thread.find((m: { text: string }) => m.text === 'Gửi lỗi');
    expect(kept.status).toBe('failed');

    // no answer from Zalo at all (the connection cut): said as such, not as a refusal by Zalo; kept failed as well
    stub.state.dropNext = 1;
    const cut = await t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text: 'Mạng chập chờn' });
    expect([cut.status, cut.body.code, cut.body.params?.zaloError]).toEqual([502, 'zalo_error', -1]);
    expect(cut.body.messages.vi).toMatch(/^Không liên lạc được với Zalo/);
    expect(cut.body.messages.en).toMatch(/^Zalo could not be reached/);
    expect(JSON.stringify(cut.body.messages)).not.toMatch(/từ chối|refused/);
    expect(failed.body.params).toMatchObject({ zaloError: -32, zaloMessage: 'Exceeded rate limit' });

    stub.state.failNext.push({ error: -230 });
    const again = await t.http().post(`/api/petitions/${f.id}/replies/${kept.id}/retry`).set('Authorization', admin);
    expect(again.status).toBe(502);
    expect(again.body.details.zaloError).toBe(-230);
    const retried = await t.http().post(`/api/petitions/${f.id}/replies/${kept.id}/retry`).set('Authorization', admin);
    expect(retried.status).toBe(200);
    const m = retried.body.thread.find((x: { id: string }) => x.id === kept.id);
    expect(m.status).toBe('sent');
    expect(m.zaloMessageId).toBe(stub.state.sent.at(-1)!.messageId);
    expect((await t.http().post(`/api/petitions/${f.id}/replies/${kept.id}/retry`).set('Authorization', admin)).status).toBe(409);
  });

  it('a refresh token Zalo refuses: the reply says an admin must reconnect, the status says so until a send succeeds or a new refresh token is stored', async () => {
    const w = worker();
    await postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Hỏi về bảo hiểm xã hội' }));
    await settle();
    const f = await feedbackOf(w);
    const status = async () => (await t.http().get('/api/zalo/status').set('Authorization', admin)).body;
    const refusedRefreshes = () => (stub.state as unknown as { refusedRefreshes: number }).refusedRefreshes;
    const reply = (text: string) => t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text });
    const retry = (messageId: string) => t.http().post(`/api/petitions/${f.id}/replies/${messageId}/retry`).set('Authorization', admin);
    const storedTokens = () => ds.getRepository(ZaloTokenEntity).findOneByOrFail({ id: 'oa' });
    expect((await reply('Đã nhận')).status).toBe(201);
    expect(await status()).toMatchObject({ configured: true, connection: 'ok', lastRefreshError: null });
    const expiresBefore = (await status()).tokenExpiresAt;

    // the token expires and the stored refresh token was used elsewhere (a restored backup, another server)
    stub.state.expired = true;
    stub.state.refreshToken = 'someone-else-used-it';
    const started = Date.now();
    const res = await reply('Sẽ trả lời trong tuần');
    expect([res.status, res.body.code]).toEqual([502, 'zalo_error']);
    expect(res.body.params).toMatchObject({ reason: 'reauthorize', zaloError: -14014, zaloMessage: 'Refresh token is invalid or already used' });
    expect(res.body.details).toMatchObject({ zaloError: -14014, messageId: res.body.details.messageId });
    expect(res.body.messages.vi).toMatch(/^Kết nối Zalo đã hết hiệu lực/);
    expect(res.body.messages.vi).toContain('Quản trị viên cần kết nối lại Zalo OA');
    expect(res.body.messages.en).toMatch(/^The Zalo connection has expired/);
    expect(JSON.stringify(res.body.messages)).not.toMatch(/có thể gửi lại|can be sent again/);
    const failedId: string = res.body.details.messageId;
    const d = await t.http().get(`/api/petitions/${f.id}`).set('Authorization', admin);
    expect(d.body.thread.find((m: { id: string }) => m.id === failedId).status).toBe('failed');

    const broken = await status();
    expect(broken).toMatchObject({
      configured: true,
      tokenExpiresAt: expiresBefore,
      connection: 'reauthorize_needed',
      lastRefreshError: { code: -14014, message: 'Refresh token is invalid or already used' },
    });
    const at = Date.parse(broken.lastRefreshError.at);
    expect(at).toBeGreaterThanOrEqual(started - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    expect(broken.lastRefreshError.at).toMatch(/\+07:00$/);
    const stored = await storedTokens();
    for (const secret of [stored.refreshToken, stored.accessToken!, 'someone-else-used-it', ZALO.appSecret, ZALO.oaSecret])
      expect(JSON.stringify(broken) + JSON.stringify(res.body)).not.toContain(secret);
    // a retry is refused the same way
    const again = await retry(failedId);
    expect([again.status, again.body.params?.reason]).toEqual([502, 'reauthorize']);
    // the worker's timer does not ask Zalo again with the token it refused
    await ds.getRepository(ZaloTokenEntity).update({ id: 'oa' }, { expiresAt: new Date(Date.now() + 60_000) });
    const asked = refusedRefreshes();
    await t.app.get(ZaloTokens).refreshIfDue();
    expect(refusedRefreshes()).toBe(asked);

    // the access token works again (Zalo's side): a send that goes through clears the refusal
    await ds.getRepository(ZaloTokenEntity).update({ id: 'oa' }, { expiresAt: new Date(Date.now() + 3_600_000) });
    stub.state.expired = false;
    expect((await retry(failedId)).status).toBe(200);
    expect(await status()).toMatchObject({ connection: 'ok', lastRefreshError: null });

    // refused again; then the admin stores a new refresh token (docs/zalo.md): the status is clear before any send
    stub.state.expired = true;
    const second = await reply('Lần thứ hai');
    expect([second.status, second.body.params?.reason]).toEqual([502, 'reauthorize']);
    expect((await status()).connection).toBe('reauthorize_needed');
    stub.state.refreshToken = 'new-refresh-token-from-the-console';
    await ds.getRepository(ZaloTokenEntity).update({ id: 'oa' }, { refreshToken: 'new-refresh-token-from-the-console' });
    expect(await status()).toMatchObject({ connection: 'ok', lastRefreshError: null });
    const refreshes = stub.state.refreshes;
    const sent = await retry(second.body.details.messageId);
    expect(sent.status).toBe(200);
    expect(stub.state.refreshes).toBe(refreshes + 1);
    expect(await ds.getRepository(ZaloTokenEntity).findOneByOrFail({ id: 'oa' })).toMatchObject({
      refreshRefusedAt: null,
      refreshRefusedCode: null,
      refreshRefusedMessage: null,
      refreshRefusedToken: null,
    });
  });

  it('an admin reconnects with a new refresh token (PUT /api/zalo/refresh-token): tried at once, the refusal gone, a reply goes through; 401/403/400 otherwise; the token in no answer or log line', async () => {
    const w = worker();
    await postEvent(t, zaloEvent('user_send_text', { sender: w, text: 'Hỏi về phụ cấp độc hại' }));
    await settle();
    const f = await feedbackOf(w);
    const status = async () => (await t.http().get('/api/zalo/status').set('Authorization', admin)).body;
    const reply = (text: string) => t.http().post(`/api/petitions/${f.id}/replies`).set('Authorization', admin).send({ text });
    const put = (body: unknown, who: string | null = admin) => {
      const r = t.http().put('/api/zalo/refresh-token');
      return (who ? r.set('Authorization', who) : r).send(body as object);
    };
    const storedTokens = () => ds.getRepository(ZaloTokenEntity).findOneByOrFail({ id: 'oa' });

    // the connection breaks: the stored refresh token was used elsewhere
    stub.state.expired = true;
    stub.state.refreshToken = 'used-on-another-server';
    const broken = await reply('Đã nhận, đang xem xét');
    expect([broken.status, broken.body.params?.reason]).toEqual([502, 'reauthorize']);
    expect(await status()).toMatchObject({ connection: 'reauthorize_needed', lastRefreshError: { code: -14014 } });
    const before = await storedTokens();

    // every log line of the app while the tokens travel
    const lines: string[] = [];
    const keep = (...a: unknown[]) => void lines.push(a.map((x) => (x instanceof Error ? `${x.message} ${x.stack}` : String(x))).join(' '));
    t.app.useLogger({ log: keep, error: keep, warn: keep, debug: keep, verbose: keep, fatal: keep });
    const answers: string[] = [];
    const wrong = 'mistyped-refresh-token-4711';
    const fresh = 'fresh-refresh-token-from-the-console-0815';
    try {
      // not an admin: refused, nothing stored
      const organizer = await userWithRole(t, 'organizer');
      const asOrganizer = await put({ refreshToken: fresh }, organizer);
      expect([asOrganizer.status, asOrganizer.body.code]).toEqual([403, 'forbidden']);
      const anonymous = await put({ refreshToken: fresh }, null);
      expect(anonymous.status).toBe(401);
      // missing, empty, blank, too long, not a string, an unknown field: 400 validation_failed, nothing stored
      for (const body of [
        {},
        { refreshToken: '' },
        { refreshToken: '   \n\t' },
        { refreshToken: 'x'.repeat(2049) },
        { refreshToken: 42 },
        { refreshToken: fresh, by: 'me' },
      ]) {
        const res = await put(body);
        expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
        answers.push(JSON.stringify(res.body));
      }
      answers.push(JSON.stringify(asOrganizer.body), JSON.stringify(anonymous.body));
      expect(await storedTokens()).toMatchObject({ refreshToken: before.refreshToken, refreshRefusedCode: -14014 });

      // a token Zalo does not take: stored, tried at once, and the answer says so with Zalo's refusal
      const refused = await put({ refreshToken: wrong });
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({
        configured: true,
        tokenExpiresAt: null,
        connection: 'reauthorize_needed',
        lastRefreshError: { code: -14014, message: 'Refresh token is invalid or already used' },
      });
      answers.push(JSON.stringify(refused.body));

      // the right one (Zalo for Developers gives it; the stub takes it), pasted with a line break after it
      stub.state.refreshToken = fresh;
      const refreshes = stub.state.refreshes;
      const ok = await put({ refreshToken: `${fresh}\n` });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ configured: true, connection: 'ok', lastRefreshError: null });
      expect(ok.body.tokenExpiresAt).toMatch(/\+07:00$/);
      expect(Object.keys(ok.body).sort()).toEqual(Object.keys(await status()).sort());
      expect(stub.state.refreshes).toBe(refreshes + 1);
      answers.push(JSON.stringify(ok.body));
      const after = await storedTokens();
      // the single-use token was spent on the check: Zalo's new pair is stored, the refusal is gone
      expect(after).toMatchObject({
        refreshToken: stub.state.refreshToken,
        accessToken: stub.state.accessToken,
        ...{ refreshRefusedAt: null, refreshRefusedCode: null, refreshRefusedMessage: null, refreshRefusedToken: null },
      });
      expect(await status()).toMatchObject({ connection: 'ok', lastRefreshError: null });

      // a reply goes through with the new tokens, without another refresh
      const sent = await reply('Tổ công tác sẽ trả lời trong tuần');
      expect(sent.status).toBe(201);
      expect(stub.state.sent.at(-1)!.body.message).toEqual({ text: 'Tổ công tác sẽ trả lời trong tuần' });
      expect(stub.state.refreshes).toBe(refreshes + 1);
      answers.push(JSON.stringify(sent.body));
    } finally {
      t.app.useLogger(['error']);
    }
    expect(lines.join('\n')).toContain('a new refresh token was stored by an admin');
    for (const secret of [wrong, fresh, stub.state.refreshToken!, stub.state.accessToken!]) {
      expect(answers.join('\n')).not.toContain(secret);
      expect(lines.join('\n')).not.toContain(secret);
    }
  });
});

describe('Zalo not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('the webhook answers 404, status says configured: false, the routes are in the OpenAPI document', async () => {
    const res = await postEvent(t, zaloEvent('user_send_text', { sender: '1', text: 'x' }));
    expect(res.status).toBe(404);
    const s = await t
      .http()
      .get('/api/zalo/status')
      .set('Authorization', await login(t));
    expect(s.body).toMatchObject({ configured: false, tokenExpiresAt: null, connection: 'not_configured', lastRefreshError: null });
    const doc = await t.http().get('/api/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/webhooks/zalo',
        '/api/zalo/status',
        '/api/petitions/{id}/replies/{messageId}/retry',
        '/api/petitions/{id}/attachments/{attachmentId}',
      ]),
    );
  });

  it('PUT /api/zalo/refresh-token answers 409 conflict, worded in both languages, and stores nothing', async () => {
    const res = await t
      .http()
      .put('/api/zalo/refresh-token')
      .set('Authorization', await login(t))
      .send({ refreshToken: 'a-token-for-nothing' });
    expect([res.status, res.body.code]).toEqual([409, 'conflict']);
    expect(res.body.messages.vi).toMatch(/^Zalo chưa được cấu hình/);
    expect(res.body.messages.en).toMatch(/^Zalo is not configured/);
    expect(JSON.stringify(res.body)).not.toContain('a-token-for-nothing');
    expect(Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM zalo_tokens'))[0].n)).toBe(0);
  });
});
