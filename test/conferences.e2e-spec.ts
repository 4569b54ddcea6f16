import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DateTime } from 'luxon';
import { ConferencesService } from '../src/conferences/conferences.service';
import { InvitationsService } from '../src/conferences/invitations.service';
import { ConferenceBody, makeConference, organizerAuth } from './helpers/conferences.factory';
import { makePoint, TestPoint } from './helpers/points.factory';
import { createTestApp, login, TestApp, userWithRole } from './helpers/test-app';

/** A day of March 2031 at hh:mm in Hà Nội time (far from other tests' "tomorrow"). */
const at = (day: number, hour: number, minute = 0, month = 3) =>
  DateTime.fromObject({ year: 2031, month, day, hour, minute }, { zone: 'Asia/Ho_Chi_Minh' }).toISO({ suppressMilliseconds: true })!;
/** The same instant as the API renders it (milliseconds, +07:00). */
const shown = (iso: string, zone = 'Asia/Ho_Chi_Minh') => DateTime.fromISO(iso, { setZone: true }).setZone(zone).toISO()!;

describe('conferences (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let organizer: string;
  let operator: string;
  let pointUser: string;
  let pointOfUser: TestPoint;

  const http = () => t.http();
  const get = async (id: string): Promise<ConferenceBody> => (await http().get(`/api/conferences/${id}`).set('Authorization', organizer).expect(200)).body;
  const history = async (id: string) => (await http().get(`/api/conferences/${id}/history`).set('Authorization', organizer).expect(200)).body;
  /** What a refused request must leave untouched. */
  const snapshot = async (id: string) => ({ conference: await get(id), history: await history(id) });
  const province = () => makePoint(t, { level: 'province' });
  const district = (parentId?: string) => makePoint(t, { level: 'district', ...(parentId ? { parentId } : {}) });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    organizer = await organizerAuth(t);
    operator = await userWithRole(t, 'operator');
    pointOfUser = await makePoint(t, { level: 'district' });
    pointUser = await userWithRole(t, 'point', pointOfUser.id);
  }, 60000);
  afterAll(async () => {
    await t?.close();
  });

  describe('POST /api/conferences', () => {
    it('creates a draft at version 1, renders times in the conference zone and invites the host as host, in person', async () => {
      const host = await province();
      const res = await http()
        .post('/api/conferences')
        .set('Authorization', organizer)
        .send({
          title: 'Hội nghị trực tuyến triển khai nhiệm vụ phát triển kinh tế - xã hội',
          description: 'Chủ trì: đồng chí Chủ tịch UBND tỉnh',
          format: 'hybrid',
          category: 'dialogue',
          startsAt: '2031-03-02T01:00:00Z',
          endsAt: '2031-03-02T04:30:00.000Z',
          hostPointId: host.id,
        })
        .expect(201);
      expect(res.body).toMatchObject({
        title: 'Hội nghị trực tuyến triển khai nhiệm vụ phát triển kinh tế - xã hội',
        description: 'Chủ trì: đồng chí Chủ tịch UBND tỉnh',
        format: 'hybrid',
        category: 'dialogue',
        startsAt: '2031-03-02T08:00:00.000+07:00',
        endsAt: '2031-03-02T11:30:00.000+07:00',
        timezone: 'Asia/Ho_Chi_Minh',
        hostPointId: host.id,
        status: 'draft',
        version: 1,
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.createdAt).toMatch(/\+07:00$/);
      expect(res.body.updatedAt).toMatch(/\+07:00$/);
      expect(res.body.points).toEqual([
        { pointId: host.id, code: host.code, name: host.name, level: 'province', role: 'host', mode: 'in_person', expectedAttendees: null },
      ]);
      const again = await get(res.body.id);
      expect(again).toEqual(res.body);
      expect(await history(res.body.id)).toEqual([]);
    });

    it('renders in the zone it is given, and defaults the format to hybrid', async () => {
      const host = await province();
      const res = await http()
        .post('/api/conferences')
        .set('Authorization', organizer)
        .send({ title: 'Hội nghị xúc tiến đầu tư tại Tokyo', startsAt: at(3, 8), endsAt: at(3, 10), timezone: 'Asia/Tokyo', hostPointId: host.id })
        .expect(201);
      expect(res.body).toMatchObject({
        timezone: 'Asia/Tokyo',
        format: 'hybrid',
        startsAt: '2031-03-03T10:00:00.000+09:00',
        endsAt: '2031-03-03T12:00:00.000+09:00',
        description: null,
        category: null,
      });
    });

    it('refuses bad bodies with 400 and creates nothing', async () => {
      const host = await province();
      const inactive = await province();
      await http().delete(`/api/points/${inactive.id}`).set('Authorization', admin).expect(200);
      const good = { title: 'Hội nghị', startsAt: at(4, 8), endsAt: at(4, 10), hostPointId: host.id };
      const before = (await http().get('/api/conferences?limit=1').set('Authorization', organizer).expect(200)).body.total;
      const bad: Array<[string, Record<string, unknown>]> = [
        ['no title', { ...good, title: undefined }],
        ['empty title', { ...good, title: '' }],
        ['start without offset', { ...good, startsAt: '2031-03-04T08:00:00' }],
        ['end without offset', { ...good, endsAt: '2031-03-04 10:00' }],
        ['not a date', { ...good, startsAt: 'ngày mai' }],
        ['ends before it starts', { ...good, startsAt: at(4, 10), endsAt: at(4, 8) }],
        ['ends when it starts', { ...good, endsAt: good.startsAt }],
        ['unknown field', { ...good, room: 'Phòng họp số 1' }],
        ['a title of spaces only', { ...good, title: '   \n ' }],
        ['bad format', { ...good, format: 'video' }],
        ['bad timezone', { ...good, timezone: 'GMT+7' }],
        ['host not a uuid', { ...good, hostPointId: 'T-BACNINH' }],
        ['unknown host', { ...good, hostPointId: randomUUID() }],
        ['inactive host', { ...good, hostPointId: inactive.id }],
        ['status is not settable', { ...good, status: 'live' }],
        ['force not boolean', { ...good, force: 'yes' }],
      ];
      for (const [why, body] of bad) {
        const res = await http().post('/api/conferences').set('Authorization', organizer).send(body);
        expect([why, res.status, res.body.code]).toEqual([why, 400, 'validation_failed']);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
      const after = (await http().get('/api/conferences?limit=1').set('Authorization', organizer).expect(200)).body.total;
      expect(after).toBe(before);
    });

    it('needs a token (401) and the organizer role (403 for operator and point); admin may', async () => {
      const host = await province();
      const body = { title: 'Hội nghị', startsAt: at(5, 8), endsAt: at(5, 10), hostPointId: host.id };
      const before = (await http().get(`/api/conferences?pointId=${host.id}`).set('Authorization', organizer)).body.total;
      const none = await http().post('/api/conferences').send(body).expect(401);
      expect(none.body.code).toBe('unauthorized');
      await http().post('/api/conferences').set('Authorization', 'Bearer not.a.token').send(body).expect(401);
      for (const who of [operator, pointUser]) {
        const res = await http().post('/api/conferences').set('Authorization', who).send(body).expect(403);
        expect(res.body.code).toBe('forbidden');
      }
      expect((await http().get(`/api/conferences?pointId=${host.id}`).set('Authorization', organizer)).body.total).toBe(before);
      await http().post('/api/conferences').set('Authorization', admin).send(body).expect(201);
    });

    it('checks the host for a schedule clash (409 with details, nothing created) unless force', async () => {
      const host = await province();
      const first = await makeConference(t, { title: 'Giao ban trực tuyến tháng 3', hostPointId: host.id, startsAt: at(6, 8), endsAt: at(6, 10) });
      const body = { title: 'Hội nghị trùng giờ', startsAt: at(6, 9), endsAt: at(6, 11), hostPointId: host.id };
      const res = await http().post('/api/conferences').set('Authorization', organizer).send(body).expect(409);
      expect(res.body.code).toBe('schedule_clash');
      expect(res.body.details).toEqual([
        {
          pointId: host.id,
          conferenceId: first.id,
          title: 'Giao ban trực tuyến tháng 3',
          startsAt: '2031-03-06T08:00:00.000+07:00',
          endsAt: '2031-03-06T10:00:00.000+07:00',
        },
      ]);
      expect(res.body.message).toContain('Giao ban trực tuyến tháng 3');
      const listed = await http().get(`/api/conferences?pointId=${host.id}`).set('Authorization', organizer).expect(200);
      expect(listed.body.total).toBe(1);
      // touching intervals do not clash
      await http()
        .post('/api/conferences')
        .set('Authorization', organizer)
        .send({ ...body, startsAt: at(6, 10), endsAt: at(6, 12) })
        .expect(201);
      const forced = await http()
        .post('/api/conferences')
        .set('Authorization', organizer)
        .send({ ...body, force: true })
        .expect(201);
      expect(forced.body.points.map((p: { pointId: string }) => p.pointId)).toEqual([host.id]);
    });
  });

  describe('GET /api/conferences', () => {
    // A window of its own (May 2031) so other tests do not land in it.
    let host: TestPoint;
    let guest: TestPoint;
    const c: Record<string, ConferenceBody> = {};
    beforeAll(async () => {
      host = await province();
      guest = await district();
      c.early = await makeConference(t, { title: 'Sớm', hostPointId: host.id, startsAt: at(10, 7, 0, 5), endsAt: at(10, 8, 0, 5) });
      c.touchingEnd = await makeConference(t, { title: 'Kết thúc đúng lúc bắt đầu cửa sổ', startsAt: at(10, 6, 0, 5), endsAt: at(10, 9, 0, 5) });
      c.inside = await makeConference(t, {
        title: 'Trong cửa sổ',
        hostPointId: host.id,
        startsAt: at(10, 9, 0, 5),
        endsAt: at(10, 11, 0, 5),
        invite: [guest.id],
        status: 'scheduled',
      });
      c.spanning = await makeConference(t, { title: 'Bao trùm', startsAt: at(10, 8, 30, 5), endsAt: at(10, 16, 0, 5), status: 'live' });
      c.touchingStart = await makeConference(t, {
        title: 'Bắt đầu đúng lúc cửa sổ kết thúc',
        startsAt: at(10, 12, 0, 5),
        endsAt: at(10, 13, 0, 5),
        status: 'cancelled',
      });
      c.later = await makeConference(t, { title: 'Muộn', hostPointId: host.id, startsAt: at(11, 8, 0, 5), endsAt: at(11, 9, 0, 5) });
    }, 30000);
    const list = (query: string, auth = organizer) => http().get(`/api/conferences${query}`).set('Authorization', auth);
    const titles = (body: { items: Array<{ title: string }> }) => body.items.map((x) => x.title);

    it('lists the conferences overlapping [from, to), ordered by start (touching ones excluded)', async () => {
      const from = encodeURIComponent(at(10, 9, 0, 5));
      const to = encodeURIComponent(at(10, 12, 0, 5));
      const res = await list(`?from=${from}&to=${to}`).expect(200);
      expect(titles(res.body)).toEqual(['Bao trùm', 'Trong cửa sổ']);
      expect(res.body.total).toBe(2);
      expect(res.body.items[0]).toEqual({ ...c.spanning, points: undefined, version: c.spanning.version });
      expect(res.body.items[0].points).toBeUndefined();
    });

    it('accepts an unencoded + in the offset, Z, and either bound alone', async () => {
      const res = await list(`?from=2031-05-10T09:00:00+07:00&to=2031-05-10T05:00:00Z`).expect(200);
      expect(titles(res.body)).toEqual(['Bao trùm', 'Trong cửa sổ']);
      const fromOnly = await list(`?from=${encodeURIComponent(at(10, 16, 0, 5))}&pointId=${host.id}`).expect(200);
      expect(titles(fromOnly.body)).toEqual(['Muộn']);
      const toOnly = await list(`?to=${encodeURIComponent(at(10, 9, 0, 5))}&pointId=${host.id}`).expect(200);
      expect(titles(toOnly.body)).toEqual(['Sớm']);
    });

    it('filters by status (one or several) and by invited point, and pages with total', async () => {
      const win = `from=${encodeURIComponent(at(10, 0, 0, 5))}&to=${encodeURIComponent(at(12, 0, 0, 5))}`;
      expect(titles((await list(`?${win}&status=live`).expect(200)).body)).toEqual(['Bao trùm']);
      expect(titles((await list(`?${win}&status=scheduled,cancelled`).expect(200)).body)).toEqual(['Trong cửa sổ', 'Bắt đầu đúng lúc cửa sổ kết thúc']);
      expect(titles((await list(`?${win}&pointId=${guest.id}`).expect(200)).body)).toEqual(['Trong cửa sổ']);
      expect(titles((await list(`?${win}&pointId=${host.id}`).expect(200)).body)).toEqual(['Sớm', 'Trong cửa sổ', 'Muộn']);
      const page = await list(`?${win}&limit=2&offset=2`).expect(200);
      expect(page.body.total).toBe(6);
      expect(titles(page.body)).toEqual(['Bao trùm', 'Trong cửa sổ']);
      expect((await list(`?${win}&offset=10`).expect(200)).body).toEqual({ items: [], total: 6 });
      expect((await list(`?pointId=${randomUUID()}`).expect(200)).body).toEqual({ items: [], total: 0 });
    });

    it('is readable by every signed-in role, not without a token', async () => {
      await list('?limit=1', operator).expect(200);
      await list('?limit=1', pointUser).expect(200);
      await http().get('/api/conferences').expect(401);
    });

    it('refuses bad queries with 400', async () => {
      for (const q of [
        '?from=2031-05-10T09:00:00',
        '?to=2031-05-10',
        '?from=hôm nay',
        `?from=${encodeURIComponent(at(10, 12, 0, 5))}&to=${encodeURIComponent(at(10, 9, 0, 5))}`,
        `?from=${encodeURIComponent(at(10, 9, 0, 5))}&to=${encodeURIComponent(at(10, 9, 0, 5))}`,
        '?status=postponed',
        '?status=live,paused',
        '?pointId=abc',
        '?limit=0',
        '?limit=1001',
        '?offset=-1',
        '?colour=red',
      ]) {
        const res = await list(q);
        expect([q, res.status, res.body.code]).toEqual([q, 400, 'validation_failed']);
      }
    });
  });

  describe('GET /api/conferences/:id', () => {
    it('answers 404 for an unknown id and 400 for one that is not a UUID', async () => {
      const res = await http().get(`/api/conferences/${randomUUID()}`).set('Authorization', organizer).expect(404);
      expect(res.body.code).toBe('not_found');
      await http().get('/api/conferences/khong-phai-uuid').set('Authorization', organizer).expect(400);
      await http().get(`/api/conferences/${randomUUID()}/history`).set('Authorization', organizer).expect(404);
      await http().get(`/api/conferences/${randomUUID()}/calendar.ics`).set('Authorization', organizer).expect(404);
    });

    it('is readable by operators and point accounts', async () => {
      const conf = await makeConference(t);
      expect((await http().get(`/api/conferences/${conf.id}`).set('Authorization', operator).expect(200)).body.id).toBe(conf.id);
      expect((await http().get(`/api/conferences/${conf.id}`).set('Authorization', pointUser).expect(200)).body.id).toBe(conf.id);
      await http().get(`/api/conferences/${conf.id}`).expect(401);
    });

    it('with points=none answers the conference without its invited points (the check-in page); a bad value is 400', async () => {
      const p = await makePoint(t, { level: 'district' });
      const conf = await makeConference(t, { invite: [p.id] });
      const full = (await http().get(`/api/conferences/${conf.id}`).set('Authorization', pointUser).expect(200)).body;
      expect(full.points.map((x: { pointId: string }) => x.pointId).sort()).toEqual([conf.hostPointId, p.id].sort());
      const bare = (await http().get(`/api/conferences/${conf.id}?points=none`).set('Authorization', pointUser).expect(200)).body;
      const { points, ...rest } = full;
      expect(points).toHaveLength(2);
      expect(bare).toEqual(rest);
      expect((await http().get(`/api/conferences/${conf.id}?points=all`).set('Authorization', pointUser).expect(200)).body).toEqual(full);
      const bad = await http().get(`/api/conferences/${conf.id}?points=few`).set('Authorization', pointUser).expect(400);
      expect(bad.body.code).toBe('validation_failed');
      await http().get(`/api/conferences/${randomUUID()}?points=none`).set('Authorization', pointUser).expect(404);
    });
  });

  describe('PATCH /api/conferences/:id', () => {
    it('changes the title with the version in the body, bumps the version and keeps the change in the history', async () => {
      const conf = await makeConference(t, { title: 'Hội nghị sơ kết 6 tháng', startsAt: at(12, 8), endsAt: at(12, 10) });
      const res = await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .send({ title: 'Hội nghị sơ kết 6 tháng đầu năm 2031', version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({ title: 'Hội nghị sơ kết 6 tháng đầu năm 2031', version: 2, startsAt: conf.startsAt });
      expect(res.body.points).toEqual(conf.points);
      const h = await history(conf.id);
      expect(h).toEqual([
        {
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/),
          by: expect.stringMatching(/^organizer/),
          field: 'title',
          from: 'Hội nghị sơ kết 6 tháng',
          to: 'Hội nghị sơ kết 6 tháng đầu năm 2031',
        },
      ]);
    });

    it('takes the version from If-Match, moves the times (history in the conference zone) and clears nullable fields', async () => {
      const conf = await makeConference(t, { description: 'Mô tả', category: 'dialogue', startsAt: at(13, 8), endsAt: at(13, 10) });
      const res = await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .set('If-Match', '"1"')
        .send({ startsAt: '2031-03-13T07:00:00Z', endsAt: '2031-03-13T09:00:00Z', description: null, category: null, format: 'online' })
        .expect(200);
      expect(res.body).toMatchObject({
        version: 2,
        startsAt: '2031-03-13T14:00:00.000+07:00',
        endsAt: '2031-03-13T16:00:00.000+07:00',
        description: null,
        category: null,
        format: 'online',
      });
      const moved = await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .set('If-Match', '2')
        .send({ endsAt: at(13, 17), timezone: 'Asia/Bangkok' })
        .expect(200);
      expect(moved.body).toMatchObject({ version: 3, timezone: 'Asia/Bangkok', endsAt: '2031-03-13T17:00:00.000+07:00' });
      const h = await history(conf.id);
      expect(h.map((e: { field: string; from: string; to: string }) => [e.field, e.from, e.to])).toEqual([
        ['startsAt', '2031-03-13T08:00:00.000+07:00', '2031-03-13T14:00:00.000+07:00'],
        ['endsAt', '2031-03-13T10:00:00.000+07:00', '2031-03-13T16:00:00.000+07:00'],
        ['endsAt', '2031-03-13T16:00:00.000+07:00', '2031-03-13T17:00:00.000+07:00'],
      ]);
    });

    it('refuses a missing, contradictory or stale version, and bad bodies, changing nothing', async () => {
      const conf = await makeConference(t, { title: 'Hội nghị gốc', startsAt: at(14, 8), endsAt: at(14, 10) });
      await http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).send({ title: 'Lần một', version: 1 }).expect(200);
      const before = await snapshot(conf.id);

      const missing = await http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).send({ title: 'Không có phiên bản' }).expect(400);
      expect(missing.body.code).toBe('validation_failed');
      await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .set('If-Match', '2')
        .send({ title: 'Mâu thuẫn', version: 1 })
        .expect(400);
      await http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).set('If-Match', 'abc').send({ title: 'Sai' }).expect(400);

      const stale = await http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).send({ title: 'Cũ', version: 1 }).expect(409);
      expect(stale.body).toMatchObject({ statusCode: 409, code: 'stale_version', details: { currentVersion: 2 } });
      const staleHeader = await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .set('If-Match', '1')
        .send({ title: 'Cũ' })
        .expect(409);
      expect(staleHeader.body.details).toEqual({ currentVersion: 2 });
      await http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).send({ title: 'Tương lai', version: 3 }).expect(409);

      for (const body of [
        { version: 2, startsAt: '2031-03-14T09:00:00' },
        { version: 2, endsAt: at(14, 7) },
        { version: 2, startsAt: at(14, 10) },
        { version: 2, title: '' },
        { version: 2, title: null },
        { version: 2, format: 'video' },
        { version: 2, timezone: 'Hà Nội' },
        { version: 2, status: 'live' },
        { version: 2, room: 'A1' },
        { version: 2, hostPointId: randomUUID() },
        { version: 2 },
        { version: '2', title: 'Chuỗi' },
      ]) {
        const res = await http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).send(body);
        expect([body, res.status, res.body.code]).toEqual([body, 400, 'validation_failed']);
      }
      expect(await snapshot(conf.id)).toEqual(before);
    });

    it('is for organizers only (403 for operator and point), 401 without a token, 404 for an unknown id', async () => {
      const conf = await makeConference(t, { startsAt: at(15, 8), endsAt: at(15, 10) });
      const before = await snapshot(conf.id);
      for (const who of [operator, pointUser]) {
        const res = await http().patch(`/api/conferences/${conf.id}`).set('Authorization', who).send({ title: 'Không được', version: 1 }).expect(403);
        expect(res.body.code).toBe('forbidden');
      }
      await http().patch(`/api/conferences/${conf.id}`).send({ title: 'Không được', version: 1 }).expect(401);
      const missing = await http()
        .patch(`/api/conferences/${randomUUID()}`)
        .set('Authorization', organizer)
        .send({ title: 'Không có', version: 1 })
        .expect(404);
      expect(missing.body.code).toBe('not_found');
      expect(await snapshot(conf.id)).toEqual(before);
      await http().patch(`/api/conferences/${conf.id}`).set('Authorization', admin).send({ title: 'Quản trị sửa được', version: 1 }).expect(200);
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const conf = await makeConference(t, { title: 'Tranh chấp', startsAt: at(16, 8), endsAt: at(16, 10) });
      const results = await Promise.all(
        ['Bản A', 'Bản B', 'Bản C', 'Bản D'].map((title) =>
          http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).send({ title, version: 1 }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409]);
      const winner = results.find((r) => r.status === 200)!.body.title;
      const now = await get(conf.id);
      expect(now).toMatchObject({ title: winner, version: 2 });
      expect((await history(conf.id)).map((h: { to: string }) => h.to)).toEqual([winner]);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.details).toEqual({ currentVersion: 2 });
    });

    it('re-checks every invited point when the times move (409 with details, nothing written) unless force', async () => {
      const shared = await district();
      const busy = await makeConference(t, { title: 'Hội nghị chiều', startsAt: at(17, 14), endsAt: at(17, 16), invite: [shared.id], status: 'scheduled' });
      const conf = await makeConference(t, { title: 'Hội nghị sáng', startsAt: at(17, 8), endsAt: at(17, 10), invite: [shared.id] });
      const before = await snapshot(conf.id);
      const res = await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .send({ version: 1, startsAt: at(17, 13), endsAt: at(17, 15) })
        .expect(409);
      expect(res.body.code).toBe('schedule_clash');
      expect(res.body.details).toEqual([
        { pointId: shared.id, conferenceId: busy.id, title: 'Hội nghị chiều', startsAt: shown(at(17, 14)), endsAt: shown(at(17, 16)) },
      ]);
      expect(await snapshot(conf.id)).toEqual(before);
      // touching is fine
      await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .send({ version: 1, startsAt: at(17, 12), endsAt: at(17, 14) })
        .expect(200);
      const forced = await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .send({ version: 2, startsAt: at(17, 13), endsAt: at(17, 15), force: true })
        .expect(200);
      expect(forced.body).toMatchObject({ version: 3, startsAt: shown(at(17, 13)) });
    });

    it('changes the host: the new one is invited as host in person, the old one stays as a participant', async () => {
      const conf = await makeConference(t, { startsAt: at(18, 8), endsAt: at(18, 10) });
      const newHost = await province();
      const res = await http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).send({ version: 1, hostPointId: newHost.id }).expect(200);
      expect(res.body.hostPointId).toBe(newHost.id);
      expect(res.body.points.map((p: { pointId: string; role: string; mode: string }) => [p.pointId, p.role, p.mode])).toEqual([
        [newHost.id, 'host', 'in_person'],
        [conf.hostPointId, 'participant', 'in_person'],
      ]);
    });
  });

  describe('POST /api/conferences/:id/status', () => {
    it('walks draft → scheduled (organizer) → live (operator) → ended, bumping the version and keeping the history', async () => {
      const conf = await makeConference(t, { startsAt: at(19, 8), endsAt: at(19, 10) });
      const s1 = await http().post(`/api/conferences/${conf.id}/status`).set('Authorization', organizer).send({ status: 'scheduled', version: 1 }).expect(200);
      expect(s1.body).toMatchObject({ status: 'scheduled', version: 2 });
      const s2 = await http()
        .post(`/api/conferences/${conf.id}/status`)
        .set('Authorization', operator)
        .set('If-Match', '2')
        .send({ status: 'live' })
        .expect(200);
      expect(s2.body).toMatchObject({ status: 'live', version: 3 });
      const s3 = await http().post(`/api/conferences/${conf.id}/status`).set('Authorization', operator).send({ status: 'ended', version: 3 }).expect(200);
      expect(s3.body).toMatchObject({ status: 'ended', version: 4 });
      const h = await history(conf.id);
      expect(h.map((e: { field: string; from: string; to: string }) => [e.field, e.from, e.to])).toEqual([
        ['status', 'draft', 'scheduled'],
        ['status', 'scheduled', 'live'],
        ['status', 'live', 'ended'],
      ]);
      expect(h[1].by).toMatch(/^operator/);
    });

    it('refuses illegal transitions (409 illegal_transition), stale or missing versions, bad bodies and the point role, changing nothing', async () => {
      const conf = await makeConference(t, { startsAt: at(20, 8), endsAt: at(20, 10) });
      const before = await snapshot(conf.id);
      const post = (body: object, auth = organizer) => http().post(`/api/conferences/${conf.id}/status`).set('Authorization', auth).send(body);
      for (const status of ['live', 'ended', 'draft']) {
        const res = await post({ status, version: 1 }).expect(409);
        expect(res.body.code).toBe('illegal_transition');
        expect(res.body.details).toMatchObject({ from: 'draft', to: status });
      }
      expect((await post({ status: 'scheduled', version: 5 }).expect(409)).body).toMatchObject({ code: 'stale_version', details: { currentVersion: 1 } });
      expect((await post({ status: 'scheduled' }).expect(400)).body.code).toBe('validation_failed');
      await post({ status: 'postponed', version: 1 }).expect(400);
      await post({ status: 'scheduled', version: 1, reason: 'x' }).expect(400);
      expect((await post({ status: 'scheduled', version: 1 }, pointUser).expect(403)).body.code).toBe('forbidden');
      await http().post(`/api/conferences/${conf.id}/status`).send({ status: 'scheduled', version: 1 }).expect(401);
      await http().post(`/api/conferences/${randomUUID()}/status`).set('Authorization', organizer).send({ status: 'scheduled', version: 1 }).expect(404);
      expect(await snapshot(conf.id)).toEqual(before);
    });

    it('closes ended and cancelled conferences to every change (409 illegal_transition) but keeps them readable', async () => {
      for (const status of ['ended', 'cancelled'] as const) {
        const extra = await district();
        const conf = await makeConference(t, { startsAt: at(21, 8), endsAt: at(21, 10), invite: [extra.id], status });
        const before = await snapshot(conf.id);
        const v = conf.version;
        const attempts = [
          http().patch(`/api/conferences/${conf.id}`).set('Authorization', organizer).send({ title: 'Sửa sau khi đóng', version: v }),
          http().post(`/api/conferences/${conf.id}/status`).set('Authorization', organizer).send({ status: 'live', version: v }),
          http().post(`/api/conferences/${conf.id}/status`).set('Authorization', organizer).send({ status: 'cancelled', version: v }),
          http()
            .post(`/api/conferences/${conf.id}/points`)
            .set('Authorization', organizer)
            .send({ pointIds: [(await district()).id] }),
          http().delete(`/api/conferences/${conf.id}/points/${extra.id}`).set('Authorization', organizer),
          http().post(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', organizer),
        ];
        for (const res of await Promise.all(attempts)) expect([status, res.status, res.body.code]).toEqual([status, 409, 'illegal_transition']);
        expect(await snapshot(conf.id)).toEqual(before);
        await http().get(`/api/conferences/${conf.id}/calendar.ics`).set('Authorization', organizer).expect(200);
      }
    });
  });

  describe('POST /api/conferences/:id/points', () => {
    it('invites points by id without touching the version; re-inviting updates the mode and never duplicates; the host stays host', async () => {
      const conf = await makeConference(t, { startsAt: at(22, 8), endsAt: at(22, 10) });
      const [a, b] = [await district(), await district()];
      const res = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [a.id, b.id, a.id], expectedAttendees: 20 })
        .expect(200);
      expect(res.body.version).toBe(1);
      expect(res.body.updatedAt).toBe(conf.updatedAt);
      const byId = (body: ConferenceBody) => Object.fromEntries(body.points.map((p) => [p.pointId, p]));
      expect(res.body.points).toHaveLength(3);
      expect(byId(res.body)[a.id]).toEqual({
        pointId: a.id,
        code: a.code,
        name: a.name,
        level: 'district',
        role: 'participant',
        mode: 'online',
        expectedAttendees: 20,
      });
      expect(res.body.points[0]).toMatchObject({ pointId: conf.hostPointId, role: 'host' });

      const again = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [a.id, conf.hostPointId], mode: 'in_person' })
        .expect(200);
      expect(again.body.points).toHaveLength(3);
      expect(byId(again.body)[a.id]).toMatchObject({ mode: 'in_person', role: 'participant', expectedAttendees: 20 });
      expect(byId(again.body)[b.id]).toMatchObject({ mode: 'online' });
      expect(byId(again.body)[conf.hostPointId]).toMatchObject({ role: 'host', mode: 'in_person' });
      const online = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [conf.hostPointId], mode: 'online', role: 'participant' })
        .expect(200);
      expect(byId(online.body)[conf.hostPointId]).toMatchObject({ role: 'host', mode: 'online' });
      expect(online.body.version).toBe(1);
      expect(await history(conf.id)).toEqual([]);
    });

    it('invites every active point of a subtree at the chosen levels', async () => {
      const root = await province();
      const d1 = await district(root.id);
      const d2 = await district(root.id);
      const c1 = await makePoint(t, { level: 'commune', parentId: d1.id });
      const c2 = await makePoint(t, { level: 'commune', parentId: d2.id });
      const gone = await makePoint(t, { level: 'commune', parentId: d2.id });
      const e1 = await makePoint(t, { level: 'enterprise', parentId: d1.id });
      await http().delete(`/api/points/${gone.id}`).set('Authorization', admin).expect(200);
      const conf = await makeConference(t, { hostPointId: root.id, startsAt: at(23, 8), endsAt: at(23, 10), format: 'in_person' });
      const res = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ subtreeOf: root.id, levels: ['district', 'commune'] })
        .expect(200);
      const ids = res.body.points.map((p: { pointId: string }) => p.pointId);
      expect(new Set(ids)).toEqual(new Set([root.id, d1.id, d2.id, c1.id, c2.id]));
      expect(ids).not.toContain(gone.id);
      expect(ids).not.toContain(e1.id);
      // the host's own level is not "under" it; the host stays host; in-person conferences invite in person by default
      expect(res.body.points.filter((p: { role: string }) => p.role === 'host').map((p: { pointId: string }) => p.pointId)).toEqual([root.id]);
      expect(res.body.points.filter((p: { role: string }) => p.role === 'participant').every((p: { mode: string }) => p.mode === 'in_person')).toBe(true);
      const all = await http().post(`/api/conferences/${conf.id}/points`).set('Authorization', organizer).send({ subtreeOf: root.id }).expect(200);
      expect(all.body.points).toHaveLength(6);
    });

    it('refuses unknown or inactive points and bad bodies with 400, adding nothing', async () => {
      const conf = await makeConference(t, { startsAt: at(24, 8), endsAt: at(24, 10) });
      const ok = await district();
      const inactive = await district();
      await http().delete(`/api/points/${inactive.id}`).set('Authorization', admin).expect(200);
      const before = await snapshot(conf.id);
      const unknown = randomUUID();
      const res = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [ok.id, unknown] })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', details: { unknownPointIds: [unknown], inactivePointIds: [] } });
      const res2 = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [ok.id, inactive.id] })
        .expect(400);
      expect(res2.body.details).toEqual({ unknownPointIds: [], inactivePointIds: [inactive.id] });
      for (const body of [
        {},
        { pointIds: [] },
        { pointIds: ['abc'] },
        { pointIds: ok.id },
        { levels: ['district'] },
        { subtreeOf: randomUUID() },
        { pointIds: [ok.id], mode: 'video' },
        { pointIds: [ok.id], role: 'chair' },
        { pointIds: [ok.id], role: 'host' },
        { pointIds: [ok.id], subtreeOf: ok.id, levels: ['county'] },
        { pointIds: [ok.id], expectedAttendees: -1 },
        { pointIds: [ok.id], colour: 'red' },
        { pointIds: [ok.id], force: 'true' },
      ]) {
        const r = await http().post(`/api/conferences/${conf.id}/points`).set('Authorization', organizer).send(body);
        expect([body, r.status, r.body.code]).toEqual([body, 400, 'validation_failed']);
      }
      expect(await snapshot(conf.id)).toEqual(before);
    });

    it('refuses a schedule clash with 409 listing every clash and adds nothing, unless force; ended, cancelled and touching conferences do not clash', async () => {
      const [p1, p2, p3, free] = [await district(), await district(), await district(), await district()];
      const morning = await makeConference(t, { title: 'Giao ban sáng', startsAt: at(25, 8), endsAt: at(25, 10), invite: [p1.id, p2.id], status: 'live' });
      const noon = await makeConference(t, { title: 'Họp trưa', startsAt: at(25, 10), endsAt: at(25, 12), invite: [p3.id] });
      const cancelled = await makeConference(t, { title: 'Đã hủy', startsAt: at(25, 8), endsAt: at(25, 12), invite: [free.id], status: 'cancelled' });
      const ended = await makeConference(t, { title: 'Đã xong', startsAt: at(25, 8), endsAt: at(25, 12), invite: [free.id], status: 'ended', force: true });
      expect(cancelled.status).toBe('cancelled');
      expect(ended.status).toBe('ended');
      const conf = await makeConference(t, { title: 'Hội nghị chen ngang', startsAt: at(25, 9), endsAt: at(25, 10) });
      const before = await snapshot(conf.id);
      const res = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [free.id, p2.id, p3.id, p1.id] })
        .expect(409);
      expect(res.body.code).toBe('schedule_clash');
      expect(res.body.details).toHaveLength(2);
      expect(res.body.details).toEqual(
        expect.arrayContaining(
          [p1.id, p2.id].map((pointId) => ({
            pointId,
            conferenceId: morning.id,
            title: 'Giao ban sáng',
            startsAt: '2031-03-25T08:00:00.000+07:00',
            endsAt: '2031-03-25T10:00:00.000+07:00',
          })),
        ),
      );
      expect(await snapshot(conf.id)).toEqual(before);
      // touching intervals do not clash: p3's noon conference starts when this one ends
      expect(res.body.details.map((d: { conferenceId: string }) => d.conferenceId)).not.toContain(noon.id);

      const ok = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [free.id, p3.id] })
        .expect(200);
      expect(ok.body.points).toHaveLength(3);
      const forced = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [p1.id, p2.id], force: true })
        .expect(200);
      expect(forced.body.points).toHaveLength(5);
      expect(forced.body.version).toBe(1);
    });

    it('keeps concurrent changes apart: a refused invitation rolls back only itself', async () => {
      const busyPoint = await district();
      await makeConference(t, { startsAt: at(26, 14), endsAt: at(26, 16), invite: [busyPoint.id] });
      const conf = await makeConference(t, { startsAt: at(26, 15), endsAt: at(26, 17) });
      const fresh = await Promise.all(Array.from({ length: 6 }, () => district()));
      const invitations = t.app.get(InvitationsService);
      const settle = (p: Promise<unknown>) =>
        p.then(
          () => 200,
          (e: { status?: number }) => e.status ?? 500,
        );
      const results = await Promise.all([
        ...fresh.flatMap((p) => [
          settle(invitations.invite(conf.id, { pointIds: [p.id] })),
          settle(invitations.invite(conf.id, { pointIds: [busyPoint.id, p.id] })),
        ]),
        settle(t.app.get(ConferencesService).update(conf.id, { title: 'Đổi tên song song' }, 1, 'organizer')),
      ]);
      expect(results).toEqual([...fresh.flatMap(() => [200, 409]), 200]);
      const now = await get(conf.id);
      expect(now).toMatchObject({ title: 'Đổi tên song song', version: 2 });
      expect(new Set(now.points.map((p) => p.pointId))).toEqual(new Set([conf.hostPointId, ...fresh.map((p) => p.id)]));
      expect(await history(conf.id)).toHaveLength(1);
    });

    it('is for organizers (403 for operator and point), 401 without a token, 404 for an unknown conference', async () => {
      const conf = await makeConference(t, { startsAt: at(26, 8), endsAt: at(26, 10) });
      const p = await district();
      const before = await snapshot(conf.id);
      for (const who of [operator, pointUser])
        await http()
          .post(`/api/conferences/${conf.id}/points`)
          .set('Authorization', who)
          .send({ pointIds: [p.id] })
          .expect(403);
      await http()
        .post(`/api/conferences/${conf.id}/points`)
        .send({ pointIds: [p.id] })
        .expect(401);
      await http()
        .post(`/api/conferences/${randomUUID()}/points`)
        .set('Authorization', organizer)
        .send({ pointIds: [p.id] })
        .expect(404);
      expect(await snapshot(conf.id)).toEqual(before);
    });

    it('invites thousands of points in one request quickly', async () => {
      const root = await province();
      const res = await http()
        .post('/api/points/import')
        .set('Authorization', admin)
        .set('Content-Type', 'text/csv')
        .send(
          [
            'code,name,level,parentCode,address,contactName,contactPhone,capacity',
            `${root.code},${root.name},province,,,,,`,
            ...Array.from({ length: 2000 }, (_, i) => `BULK-${i},Xã số ${i},commune,${root.code},,,,`),
          ].join('\n'),
        );
      expect([res.status, res.body.created]).toEqual([200, 2000]);
      const conf = await makeConference(t, { hostPointId: root.id, startsAt: at(27, 8), endsAt: at(27, 10) });
      const started = performance.now();
      const invited = await http()
        .post(`/api/conferences/${conf.id}/points`)
        .set('Authorization', organizer)
        .send({ subtreeOf: root.id, levels: ['commune'] })
        .expect(200);
      const firstMs = performance.now() - started;
      expect(invited.body.points).toHaveLength(2001);
      // a second conference at the same time: 2000 clashes found with one set query
      const other = await makeConference(t, { startsAt: at(27, 9), endsAt: at(27, 11) });
      const started2 = performance.now();
      const clash = await http()
        .post(`/api/conferences/${other.id}/points`)
        .set('Authorization', organizer)
        .send({ subtreeOf: root.id, levels: ['commune'] })
        .expect(409);
      const clashMs = performance.now() - started2;
      expect(clash.body.details).toHaveLength(2000);
      expect((await get(other.id)).points).toHaveLength(1);
      console.log(`invite 2000: ${firstMs.toFixed(0)} ms; clash 2000: ${clashMs.toFixed(0)} ms`);
      expect(firstMs).toBeLessThan(5000);
      expect(clashMs).toBeLessThan(5000);
    }, 60000);
  });

  describe('DELETE /api/conferences/:id/points/:pointId', () => {
    it('withdraws an invited point (200 with the conference); 404 when not invited; 409 for the host; organizers only', async () => {
      const p = await district();
      const conf = await makeConference(t, { startsAt: at(28, 8), endsAt: at(28, 10), invite: [p.id] });
      for (const who of [operator, pointUser]) await http().delete(`/api/conferences/${conf.id}/points/${p.id}`).set('Authorization', who).expect(403);
      await http().delete(`/api/conferences/${conf.id}/points/${p.id}`).expect(401);
      const before = await snapshot(conf.id);
      const host = await http().delete(`/api/conferences/${conf.id}/points/${conf.hostPointId}`).set('Authorization', organizer).expect(409);
      expect(host.body.code).toBe('conflict');
      expect(await snapshot(conf.id)).toEqual(before);
      const res = await http().delete(`/api/conferences/${conf.id}/points/${p.id}`).set('Authorization', organizer).expect(200);
      expect(res.body.points.map((x: { pointId: string }) => x.pointId)).toEqual([conf.hostPointId]);
      expect(res.body.version).toBe(1);
      expect((await http().delete(`/api/conferences/${conf.id}/points/${p.id}`).set('Authorization', organizer).expect(404)).body.code).toBe('not_found');
      await http().delete(`/api/conferences/${conf.id}/points/${randomUUID()}`).set('Authorization', organizer).expect(404);
      await http().delete(`/api/conferences/${randomUUID()}/points/${p.id}`).set('Authorization', organizer).expect(404);
      await http().delete(`/api/conferences/${conf.id}/points/abc`).set('Authorization', organizer).expect(400);
    });
  });

  describe('check-in links', () => {
    it('issues a link per invited point; the token acts as that point for that conference only; issuing again revokes the old ones', async () => {
      const p = await district();
      const conf = await makeConference(t, { startsAt: at(29, 8), endsAt: at(29, 10), invite: [p.id], status: 'scheduled' });
      const other = await makeConference(t, { startsAt: at(29, 8), endsAt: at(29, 10) });
      for (const who of [operator, pointUser]) await http().post(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', who).expect(403);
      await http().post(`/api/conferences/${conf.id}/checkin-links`).expect(401);
      await http().post(`/api/conferences/${randomUUID()}/checkin-links`).set('Authorization', organizer).expect(404);

      const res = await http().post(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', organizer).expect(201);
      expect(res.body).toHaveLength(2);
      const link = res.body.find((l: { pointId: string }) => l.pointId === p.id);
      expect(link).toEqual({
        pointId: p.id,
        code: p.code,
        name: p.name,
        token: expect.any(String),
        url: `${t.url}/checkin#token=${link.token}`,
        shortCode: expect.stringMatching(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/),
        expiresAt: '2031-03-30T10:00:00.000+07:00',
      });
      const version = (await get(conf.id)).version;
      const token = `Bearer ${link.token}`;

      const me = await http().get('/api/auth/me').set('Authorization', token).expect(200);
      expect(me.body).toMatchObject({ role: 'point', pointId: p.id, conferenceId: conf.id, point: { code: p.code, name: p.name } });
      expect((await http().get(`/api/conferences/${conf.id}`).set('Authorization', token).expect(200)).body.id).toBe(conf.id);
      const ics = await http().get(`/api/conferences/${conf.id}/calendar.ics`).set('Authorization', token).expect(200);
      expect(ics.text).toContain(`UID:${conf.id}@diemcau`);
      expect((await http().get(`/api/conferences/${other.id}`).set('Authorization', token).expect(403)).body.code).toBe('forbidden');
      await http().get('/api/conferences').set('Authorization', token).expect(403);
      await http().post(`/api/conferences/${conf.id}/status`).set('Authorization', token).send({ status: 'live', version }).expect(403);
      await http().patch(`/api/conferences/${conf.id}`).set('Authorization', token).send({ title: 'x', version }).expect(403);
      expect((await get(conf.id)).status).toBe('scheduled');

      const reissued = await http()
        .post(`/api/conferences/${conf.id}/checkin-links`)
        .set('Authorization', organizer)
        .set('Host', 'diemcau.bacninh.gov.vn')
        .expect(201);
      const fresh = reissued.body.find((l: { pointId: string }) => l.pointId === p.id);
      // Without PUBLIC_URL the URL is the address the server listens on, whatever Host the request names.
      expect(fresh.url).toBe(`${t.url}/checkin#token=${fresh.token}`);
      expect((await http().get('/api/auth/me').set('Authorization', token).expect(401)).body.code).toBe('unauthorized');
      await http().get(`/api/conferences/${conf.id}`).set('Authorization', token).expect(401);
      await http().get('/api/auth/me').set('Authorization', `Bearer ${fresh.token}`).expect(200);
      expect((await get(conf.id)).version).toBe(version);
    });

    it('uses PUBLIC_URL for the link when it is configured', async () => {
      const t2 = await createTestApp({ PUBLIC_URL: 'https://hoinghi.bacninh.gov.vn/' });
      try {
        const conf = await makeConference(t2, { startsAt: at(30, 8), endsAt: at(30, 10), timezone: 'Asia/Tokyo' });
        const res = await t2
          .http()
          .post(`/api/conferences/${conf.id}/checkin-links`)
          .set('Authorization', await organizerAuth(t2))
          .expect(201);
        expect(res.body[0].url).toBe(`https://hoinghi.bacninh.gov.vn/checkin#token=${res.body[0].token}`);
        expect(res.body[0].expiresAt).toBe('2031-03-31T12:00:00.000+09:00');
      } finally {
        await t2.close();
      }
    });
  });

  describe('GET /api/conferences/:id/calendar.ics', () => {
    const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');
    it('serves one VEVENT with a stable UID, SEQUENCE = version, UTC times, title, description and the host as location; cancelled shows STATUS:CANCELLED', async () => {
      const host = await makePoint(t, { level: 'province', name: 'Văn phòng UBND tỉnh Bắc Ninh' });
      const conf = await makeConference(t, {
        hostPointId: host.id,
        title: 'Hội nghị đối thoại doanh nghiệp FDI',
        description: 'Chủ trì: Chủ tịch UBND tỉnh',
        startsAt: at(31, 8),
        endsAt: at(31, 11, 30),
      });
      const res = await http().get(`/api/conferences/${conf.id}/calendar.ics`).set('Authorization', operator).expect(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      // named after the conference (an office keeps several in one folder), not "hoi-nghi.ics" for all of them
      expect(res.headers['content-disposition']).toBe(`inline; filename="hoi-nghi-doi-thoai-doanh-nghiep-fdi-${conf.id.slice(0, 4)}.ics"`);
      const ics = unfold(res.text);
      expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(ics).toContain('VERSION:2.0');
      expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
      expect(ics).toContain(`UID:${conf.id}@diemcau`);
      expect(ics).toContain('SEQUENCE:1');
      expect(ics).toContain('DTSTART:20310331T010000Z');
      expect(ics).toContain('DTEND:20310331T043000Z');
      expect(ics).toContain('SUMMARY:Hội nghị đối thoại doanh nghiệp FDI');
      expect(ics).toContain('DESCRIPTION:Chủ trì: Chủ tịch UBND tỉnh');
      expect(ics).toContain('LOCATION:Văn phòng UBND tỉnh Bắc Ninh');
      expect(ics).not.toContain('STATUS:CANCELLED');

      await http()
        .patch(`/api/conferences/${conf.id}`)
        .set('Authorization', organizer)
        .send({ version: 1, title: 'Đối thoại doanh nghiệp (dời giờ)', startsAt: at(31, 14), endsAt: at(31, 16) })
        .expect(200);
      await http().post(`/api/conferences/${conf.id}/status`).set('Authorization', organizer).send({ status: 'cancelled', version: 2 }).expect(200);
      const after = unfold((await http().get(`/api/conferences/${conf.id}/calendar.ics`).set('Authorization', organizer).expect(200)).text);
      expect(after).toContain(`UID:${conf.id}@diemcau`);
      expect(after).toContain('SEQUENCE:3');
      expect(after).toContain('DTSTART:20310331T070000Z');
      expect(after).toContain('SUMMARY:Đối thoại doanh nghiệp (dời giờ)');
      expect(after).toContain('STATUS:CANCELLED');
      await http().get(`/api/conferences/${conf.id}/calendar.ics`).expect(401);
    });
  });

  describe('points in use and domain events', () => {
    it('refuses to deactivate a point invited to a scheduled or live conference (409, still active), allows it once the conference ended', async () => {
      const p = await district();
      const conf = await makeConference(t, { startsAt: at(1, 8, 0, 4), endsAt: at(1, 10, 0, 4), invite: [p.id], status: 'scheduled' });
      const refused = await http().delete(`/api/points/${p.id}`).set('Authorization', admin).expect(409);
      expect(refused.body.code).toBe('point_in_use');
      expect(refused.body.details.conferences).toEqual([expect.objectContaining({ conferenceId: conf.id, status: 'scheduled' })]);
      expect((await http().get(`/api/points/${p.id}`).set('Authorization', admin).expect(200)).body.active).toBe(true);
      await http().post(`/api/conferences/${conf.id}/status`).set('Authorization', operator).send({ status: 'live', version: conf.version }).expect(200);
      await http().delete(`/api/points/${p.id}`).set('Authorization', admin).expect(409);
      await http().delete(`/api/points/${conf.hostPointId}`).set('Authorization', admin).expect(409);
      expect((await http().get(`/api/points/${p.id}`).set('Authorization', admin).expect(200)).body.active).toBe(true);
      await http()
        .post(`/api/conferences/${conf.id}/status`)
        .set('Authorization', operator)
        .send({ status: 'ended', version: conf.version + 1 })
        .expect(200);
      const ok = await http().delete(`/api/points/${p.id}`).set('Authorization', admin).expect(200);
      expect(ok.body.active).toBe(false);
    });

    it('also refuses while the conference is a draft, not once it is cancelled; the error reaches emitAsync callers', async () => {
      const p = await district();
      const conf = await makeConference(t, { startsAt: at(2, 8, 0, 4), endsAt: at(2, 10, 0, 4), invite: [p.id] });
      const events = t.app.get(EventEmitter2);
      await expect(events.emitAsync('point.deactivating', { pointId: p.id })).rejects.toMatchObject({ code: 'point_in_use', status: 409 });
      await http().delete(`/api/points/${p.id}`).set('Authorization', admin).expect(409);
      await http().post(`/api/conferences/${conf.id}/status`).set('Authorization', organizer).send({ status: 'cancelled', version: 1 }).expect(200);
      // once cancelled, no listener refuses any more: the same call is accepted, and the point really deactivates
      const outcome = await events.emitAsync('point.deactivating', { pointId: p.id }).then(
        () => 'accepted',
        (e: { code?: string }) => e.code,
      );
      expect(outcome).toBe('accepted');
      const deactivated = await http().delete(`/api/points/${p.id}`).set('Authorization', admin).expect(200);
      expect(deactivated.body.active).toBe(false);
    });

    it('emits conference.changed after create, edit and status change, not for invitations', async () => {
      const seen: Array<{ conferenceId: string; status: string; startsAt: Date; endsAt: Date; version: number }> = [];
      const events = t.app.get(EventEmitter2);
      const listener = (e: (typeof seen)[number]) => seen.push(e);
      events.on('conference.changed', listener);
      try {
        const conf = await makeConference(t, { startsAt: at(3, 8, 0, 4), endsAt: at(3, 10, 0, 4) });
        await http()
          .post(`/api/conferences/${conf.id}/points`)
          .set('Authorization', organizer)
          .send({ pointIds: [(await district()).id] })
          .expect(200);
        await http()
          .patch(`/api/conferences/${conf.id}`)
          .set('Authorization', organizer)
          .send({ version: 1, startsAt: at(3, 9, 0, 4) })
          .expect(200);
        await http().post(`/api/conferences/${conf.id}/status`).set('Authorization', organizer).send({ status: 'scheduled', version: 2 }).expect(200);
        const mine = seen.filter((e) => e.conferenceId === conf.id);
        expect(mine.map((e) => [e.status, e.version, e.startsAt.toISOString(), e.endsAt.toISOString()])).toEqual([
          ['draft', 1, '2031-04-03T01:00:00.000Z', '2031-04-03T03:00:00.000Z'],
          ['draft', 2, '2031-04-03T02:00:00.000Z', '2031-04-03T03:00:00.000Z'],
          ['scheduled', 3, '2031-04-03T02:00:00.000Z', '2031-04-03T03:00:00.000Z'],
        ]);
      } finally {
        events.off('conference.changed', listener);
      }
    });
  });

  it('documents every conference route in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body;
    for (const [path, methods] of Object.entries({
      '/api/conferences': ['get', 'post'],
      '/api/conferences/{id}': ['get', 'patch'],
      '/api/conferences/{id}/status': ['post'],
      '/api/conferences/{id}/history': ['get'],
      '/api/conferences/{id}/points': ['post'],
      '/api/conferences/{id}/points/{pointId}': ['delete'],
      '/api/conferences/{id}/checkin-links': ['get', 'post'],
      '/api/conferences/{id}/calendar.ics': ['get'],
    })) {
      for (const m of methods) expect([path, m, !!doc.paths[path]?.[m]]).toEqual([path, m, true]);
    }
    const schemaOf = (content: Record<string, { schema: unknown }>) => content['application/json'].schema;
    expect(schemaOf(doc.paths['/api/conferences'].post.requestBody.content)).toEqual({ $ref: '#/components/schemas/CreateConferenceDto' });
    expect(schemaOf(doc.paths['/api/conferences/{id}/points'].post.responses['200'].content)).toEqual({
      $ref: '#/components/schemas/ConferenceDetailResponse',
    });
  });
});
