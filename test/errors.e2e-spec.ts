import { randomUUID } from 'node:crypto';
import { ask, closeAllSockets, connectError, connectLive, roleToken } from './helpers/live-client';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * Errors carry their code, their params and the message in each language apart, over REST and over the socket:
 * nothing a page shows has the other language glued to it.
 */
describe('error bodies and ack errors (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    closeAllSockets();
    await t.close();
  });

  const noEnglishIn = (vi: string | string[]) => {
    for (const line of ([] as string[]).concat(vi)) {
      expect(line).not.toContain(' / ');
      expect(line).not.toMatch(/\bmust\b|\bshould\b|not found/);
    }
  };

  it('words class-validator refusals in both languages, with the rule arguments, and changes nothing', async () => {
    const organizer = await roleToken(t, 'organizer');
    const before = (await t.http().get('/api/conferences?limit=1').set('Authorization', organizer).expect(200)).body.total;
    const res = await t
      .http()
      .post('/api/conferences')
      .set('Authorization', organizer)
      .send({
        title: 'x'.repeat(501),
        startsAt: '2031-01-01T08:00:00',
        endsAt: '2031-01-01T10:00:00+07:00',
        hostPointId: 'nope',
        extra: 1,
      })
      .expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.messages.vi).toEqual(
      expect.arrayContaining([
        'Trường extra không được phép gửi',
        'title tối đa 500 ký tự',
        'startsAt phải là thời điểm ISO-8601 có múi giờ, ví dụ 2021-07-10T08:00:00+07:00',
        'hostPointId phải là mã UUID',
      ]),
    );
    expect(res.body.messages.en).toEqual(
      expect.arrayContaining(['property extra should not exist', 'title must be at most 500 characters', 'hostPointId must be a UUID']),
    );
    noEnglishIn(res.body.messages.vi);
    expect(res.body.message).toEqual(res.body.messages.vi.map((v: string, i: number) => `${v} / ${res.body.messages.en[i]}`));
    expect((await t.http().get('/api/conferences?limit=1').set('Authorization', organizer).expect(200)).body.total).toBe(before);
  });

  it('gives not-found its entity and id as params, and a malformed id the same entity', async () => {
    const operator = await roleToken(t, 'operator');
    const id = randomUUID();
    const missing = await t.http().get(`/api/conferences/${id}`).set('Authorization', operator).expect(404);
    expect(missing.body).toMatchObject({
      code: 'not_found',
      params: { entity: 'conference', id },
      messages: { vi: `Không tìm thấy hội nghị ${id}`, en: `Conference ${id} not found` },
    });
    for (const path of ['/api/conferences/abc', '/api/conferences/abc/presence', '/api/conferences/abc/agenda', '/api/points/abc']) {
      const bad = await t.http().get(path).set('Authorization', operator).expect(400);
      expect([path, bad.body.code, bad.body.params?.reason]).toEqual([path, 'validation_failed', 'malformed_id']);
      noEnglishIn(bad.body.messages.vi);
    }
  });

  it('gives socket ack errors and the handshake refusal the same fields', async () => {
    const s = await connectLive(t, await roleToken(t, 'operator'));
    const bad = await ask(s, 'board:join', { conferenceId: 'nope' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'bad_request', messages: { vi: 'conferenceId phải là mã UUID', en: 'conferenceId must be a UUID' } },
    });
    const unknown = await ask(s, 'board:join', { conferenceId: randomUUID() });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found', params: { entity: 'conference' } } });
    const refused = (await connectError(t, 'not-a-token')) as Error & { data?: { code: string; messages: { vi: string; en: string } } };
    expect(refused.message).toBe('unauthorized');
    expect(refused.data).toMatchObject({
      code: 'unauthorized',
      messages: { vi: 'Chưa đăng nhập hoặc mã truy cập không hợp lệ', en: 'Missing or invalid token' },
    });
  });
});
