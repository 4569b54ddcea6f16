import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DateTime } from 'luxon';
import { AgendaService } from '../src/agenda/agenda.service';
import { ConferenceBody, makeConference, organizerAuth } from './helpers/conferences.factory';
import { waitFor } from './helpers/live-client';
import { makePoint, TestPoint } from './helpers/points.factory';
import { createTestApp, login, TestApp, userWithRole } from './helpers/test-app';

/** A day of May 2032 at hh:mm in Hà Nội time (each test uses its own days). */
const at = (day: number, hour: number, minute = 0) =>
  DateTime.fromObject({ year: 2032, month: 5, day, hour, minute }, { zone: 'Asia/Ho_Chi_Minh' }).toISO({ suppressMilliseconds: true })!;
/** The same instant as the API renders it in a zone. */
const shown = (iso: string, zone = 'Asia/Ho_Chi_Minh') => DateTime.fromISO(iso, { setZone: true }).setZone(zone).toISO()!;

interface AgendaBody {
  version: number;
  items: Array<Record<string, unknown> & { id: string; title: string; pointId: string | null; startsAt: string; endsAt: string }>;
}

describe(`POST /api/conferences/:id/copy (e2e, ${/^postgres/.test(process.env.DATABASE_URL ?? '') ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let admin: string;
  let organizer: string;
  const http = () => t.http();
  const get = async (id: string): Promise<ConferenceBody & Record<string, unknown>> =>
    (await http().get(`/api/conferences/${id}`).set('Authorization', organizer).expect(200)).body;
  const agendaOf = async (id: string): Promise<AgendaBody> =>
    (await http().get(`/api/conferences/${id}/agenda`).set('Authorization', organizer).expect(200)).body;
  const historyOf = async (id: string) => (await http().get(`/api/conferences/${id}/history`).set('Authorization', organizer).expect(200)).body;
  const conferenceCount = async () => (await http().get('/api/conferences?limit=1').set('Authorization', organizer).expect(200)).body.total as number;
  const copy = (id: string, body: Record<string, unknown>, auth = organizer) =>
    http().post(`/api/conferences/${id}/copy`).set('Authorization', auth).send(body);
  const point = (level: 'province' | 'district' | 'commune' | 'enterprise', name?: string) => makePoint(t, { level, ...(name ? { name } : {}) });
  const deactivate = (p: TestPoint) => http().delete(`/api/points/${p.id}`).set('Authorization', admin).expect(200);
  async function setStatus(id: string, status: string): Promise<void> {
    const { version } = await get(id);
    await http().post(`/api/conferences/${id}/status`).set('Authorization', organizer).send({ status, version }).expect(200);
  }
  async function invite(id: string, pointIds: string[], extra: Record<string, unknown> = {}): Promise<void> {
    await http()
      .post(`/api/conferences/${id}/points`)
      .set('Authorization', organizer)
      .send({ pointIds, ...extra })
      .expect(200);
  }
  /** Adds items (each at the position given, else appended) and returns the agenda. */
  async function addItems(id: string, items: Array<Record<string, unknown>>): Promise<AgendaBody> {
    let agenda = await agendaOf(id);
    for (const item of items) {
      agenda = (
        await http()
          .post(`/api/conferences/${id}/agenda/items`)
          .set('Authorization', organizer)
          .send({ version: agenda.version, ...item })
          .expect(201)
      ).body;
    }
    return agenda;
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    organizer = await organizerAuth(t);
  }, 60000);
  afterAll(async () => {
    await t?.close();
  });

  it('makes a draft at the new time with the source fields, every point with its mode, the agenda in order; the source stays as it was', async () => {
    const host = await point('province', 'UBND tỉnh Bắc Ninh');
    const [online, inPerson, enterprise, notInvited] = [await point('district'), await point('district'), await point('enterprise'), await point('district')];
    const source = await makeConference(t, {
      title: 'Hội nghị đối thoại với doanh nghiệp FDI năm 2032',
      description: 'Chủ trì: đồng chí Chủ tịch UBND tỉnh',
      format: 'hybrid',
      category: 'dialogue',
      timezone: 'Asia/Bangkok',
      startsAt: at(3, 8),
      endsAt: at(3, 11, 30),
      hostPointId: host.id,
    });
    await http()
      .patch(`/api/conferences/${source.id}`)
      .set('Authorization', organizer)
      .send({
        version: 1,
        contactName: 'Nguyễn Thị Thu',
        contactPhone: '0222 3822 888',
        maxConnectedPoints: 40,
        readiness: [{ key: 'technician', label: 'Kỹ thuật viên có mặt', minutesBefore: 90 }],
      })
      .expect(200);
    await invite(source.id, [online.id, enterprise.id], { mode: 'online', expectedAttendees: 12 });
    await invite(source.id, [inPerson.id], { mode: 'in_person' });
    // inserted out of order: the copy follows positions, not insertion
    await addItems(source.id, [
      { title: 'Phát biểu bế mạc', kind: 'closing', durationMinutes: 10 },
      {
        title: 'Báo cáo chỉ số PCI',
        kind: 'report',
        durationMinutes: 25,
        presenter: 'Giám đốc Sở Kế hoạch và Đầu tư',
        responsibleUnit: 'Sở Kế hoạch và Đầu tư',
        pointId: online.id,
        notes: 'Trình chiếu 15 trang',
        position: 0,
      },
      { title: 'Doanh nghiệp phát biểu', kind: 'discussion', durationMinutes: 40, pointId: notInvited.id, position: 1 },
    ]);
    await setStatus(source.id, 'scheduled');
    const before = { conference: await get(source.id), agenda: await agendaOf(source.id), history: await historyOf(source.id) };

    const res = await copy(source.id, { startsAt: '2032-05-10T14:00:00+07:00' }).expect(201);

    const c = res.body;
    expect(c.id).not.toBe(source.id);
    expect(c).toMatchObject({
      title: 'Hội nghị đối thoại với doanh nghiệp FDI năm 2032',
      description: 'Chủ trì: đồng chí Chủ tịch UBND tỉnh',
      format: 'hybrid',
      category: 'dialogue',
      timezone: 'Asia/Bangkok',
      hostPointId: host.id,
      contactName: 'Nguyễn Thị Thu',
      contactPhone: '0222 3822 888',
      maxConnectedPoints: 40,
      readiness: [{ key: 'technician', label: 'Kỹ thuật viên có mặt', minutesBefore: 90 }],
      status: 'draft',
      version: 1,
      // the same 3 h 30 min, rendered in the source's zone
      startsAt: shown('2032-05-10T14:00:00+07:00', 'Asia/Bangkok'),
      endsAt: shown('2032-05-10T17:30:00+07:00', 'Asia/Bangkok'),
    });
    const modes = (body: ConferenceBody) =>
      body.points
        .map((p) => ({ pointId: p.pointId, role: p.role, mode: p.mode, expectedAttendees: p.expectedAttendees }))
        .sort((a, b) => (a.pointId < b.pointId ? -1 : 1));
    expect(modes(c)).toEqual(modes(before.conference));
    expect(modes(c)).toHaveLength(4);
    expect(c.copy).toEqual({ sourceId: source.id, invited: 4, skipped: { clashed: [], inactive: [] }, agendaItems: 3 });
    // the answer is the copy as GET answers it, plus the report
    const { copy: _report, ...conference } = c;
    expect(conference).toEqual(await get(c.id));

    const agenda = await agendaOf(c.id);
    const fields = (a: AgendaBody) =>
      a.items.map(({ title, kind, durationMinutes, presenter, responsibleUnit, notes }) => ({
        title,
        kind,
        durationMinutes,
        presenter,
        responsibleUnit,
        notes,
      }));
    expect(fields(agenda)).toEqual(fields(before.agenda));
    expect(agenda.items.map((i) => i.title)).toEqual(['Báo cáo chỉ số PCI', 'Doanh nghiệp phát biểu', 'Phát biểu bế mạc']);
    // an invited presenting point is kept; one the copy does not invite is dropped
    expect(agenda.items.map((i) => i.pointId)).toEqual([online.id, null, null]);
    expect(agenda.items.map((i) => [i.startsAt, i.endsAt])).toEqual([
      [shown('2032-05-10T14:00:00+07:00', 'Asia/Bangkok'), shown('2032-05-10T14:25:00+07:00', 'Asia/Bangkok')],
      [shown('2032-05-10T14:25:00+07:00', 'Asia/Bangkok'), shown('2032-05-10T15:05:00+07:00', 'Asia/Bangkok')],
      [shown('2032-05-10T15:05:00+07:00', 'Asia/Bangkok'), shown('2032-05-10T15:15:00+07:00', 'Asia/Bangkok')],
    ]);
    expect(agenda.items.map((i) => i.id).some((id) => before.agenda.items.some((s) => s.id === id))).toBe(false);
    expect(agenda.version).toBe(1);
    // new items are editable at that version
    await http()
      .post(`/api/conferences/${c.id}/agenda/items`)
      .set('Authorization', organizer)
      .send({ version: 1, title: 'Thêm', kind: 'qa', durationMinutes: 5 })
      .expect(201);
    // not copied: status, history; the source is untouched
    expect(await historyOf(c.id)).toEqual([]);
    expect({ conference: await get(source.id), agenda: await agendaOf(source.id), history: await historyOf(source.id) }).toEqual(before);
  });

  it('renames when asked, and copies an ended or cancelled conference as well', async () => {
    const source = await makeConference(t, { title: 'Giao ban tháng 4', startsAt: at(4, 8), endsAt: at(4, 9), status: 'ended' });
    const renamed = await copy(source.id, { startsAt: at(11, 8), title: 'Giao ban tháng 5' }).expect(201);
    expect(renamed.body).toMatchObject({ title: 'Giao ban tháng 5', status: 'draft', startsAt: shown(at(11, 8)), endsAt: shown(at(11, 9)) });
    expect((await get(source.id)).title).toBe('Giao ban tháng 4');
  });

  it('leaves out points that clash at the new time or were deactivated since, says which, and drops them from the agenda', async () => {
    const host = await point('province');
    const [busy, closed, kept] = [
      await point('district', 'UBND huyện Gia Bình'),
      await point('enterprise', 'Công ty TNHH Điện tử Yên Phong'),
      await point('commune'),
    ];
    const source = await makeConference(t, { startsAt: at(5, 8), endsAt: at(5, 10), hostPointId: host.id, invite: [busy.id, closed.id, kept.id] });
    await addItems(source.id, [
      { title: 'Huyện phát biểu', kind: 'speech', durationMinutes: 10, pointId: busy.id },
      { title: 'Doanh nghiệp phát biểu', kind: 'discussion', durationMinutes: 15, pointId: closed.id },
      { title: 'Xã phát biểu', kind: 'speech', durationMinutes: 10, pointId: kept.id },
    ]);
    await setStatus(source.id, 'cancelled');
    await deactivate(closed);
    // busy at the new time (touching the window would not clash; overlapping does)
    const other = await makeConference(t, { title: 'Hội nghị giao ban trực tuyến', startsAt: at(12, 9), endsAt: at(12, 12), invite: [busy.id] });

    const res = await copy(source.id, { startsAt: at(12, 8) }).expect(201);

    expect(res.body.copy).toEqual({ sourceId: source.id, invited: 2, skipped: { clashed: [busy.id], inactive: [closed.id] }, agendaItems: 3 });
    expect(res.body.points.map((p: { pointId: string; role: string }) => [p.pointId, p.role])).toEqual([
      [host.id, 'host'],
      [kept.id, 'participant'],
    ]);
    const agenda = await agendaOf(res.body.id);
    expect(agenda.items.map((i) => [i.title, i.pointId])).toEqual([
      ['Huyện phát biểu', null],
      ['Doanh nghiệp phát biểu', null],
      ['Xã phát biểu', kept.id],
    ]);
    // the other conference keeps its point
    expect((await get(other.id)).points.map((p) => p.pointId)).toContain(busy.id);
  });

  it('refuses a host that clashes at the new time with the 409 create gives, and writes nothing', async () => {
    const host = await point('province');
    const participant = await point('district');
    const source = await makeConference(t, { startsAt: at(6, 8), endsAt: at(6, 10), hostPointId: host.id, invite: [participant.id] });
    await addItems(source.id, [{ title: 'Khai mạc', kind: 'opening', durationMinutes: 10 }]);
    const other = await makeConference(t, { title: 'Hội nghị sơ kết 6 tháng', startsAt: at(13, 9), endsAt: at(13, 10), hostPointId: host.id });
    const count = await conferenceCount();
    const invitedTo = async (p: TestPoint) => (await http().get(`/api/conferences?pointId=${p.id}`).set('Authorization', organizer).expect(200)).body.total;
    const participantIn = await invitedTo(participant);

    const res = await copy(source.id, { startsAt: at(13, 8) }).expect(409);

    const created = await http()
      .post('/api/conferences')
      .set('Authorization', organizer)
      .send({ title: 'x', startsAt: at(13, 8), endsAt: at(13, 10), hostPointId: host.id })
      .expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'schedule_clash', details: created.body.details, params: created.body.params });
    expect(res.body.details).toEqual([expect.objectContaining({ pointId: host.id, conferenceId: other.id, title: 'Hội nghị sơ kết 6 tháng' })]);
    expect(await conferenceCount()).toBe(count);
    expect(await invitedTo(participant)).toBe(participantIn);
  });

  it('refuses a deactivated host with the 400 create gives, and writes nothing', async () => {
    const host = await point('district');
    const source = await makeConference(t, { startsAt: at(7, 8), endsAt: at(7, 10), hostPointId: host.id, status: 'cancelled' });
    await deactivate(host as TestPoint);
    const count = await conferenceCount();
    const res = await copy(source.id, { startsAt: at(14, 8) }).expect(400);
    const created = await http()
      .post('/api/conferences')
      .set('Authorization', organizer)
      .send({ title: 'x', startsAt: at(14, 8), endsAt: at(14, 10), hostPointId: host.id })
      .expect(400);
    expect(res.body).toEqual(created.body);
    expect(await conferenceCount()).toBe(count);
  });

  it('rolls everything back when a later step fails (no draft, no invitations) and announces nothing', async () => {
    const participant = await point('district');
    const source = await makeConference(t, { startsAt: at(8, 8), endsAt: at(8, 10), invite: [participant.id] });
    await addItems(source.id, [{ title: 'Khai mạc', kind: 'opening', durationMinutes: 10 }]);
    const count = await conferenceCount();
    const seen: string[] = [];
    const events = t.app.get(EventEmitter2);
    const listener = (name: string | string[]) => seen.push(String(name));
    events.onAny(listener);
    const spy = jest.spyOn(t.app.get(AgendaService), 'copyItems').mockRejectedValueOnce(new Error('disk full'));
    try {
      const res = await copy(source.id, { startsAt: at(15, 8) }).expect(500);
      expect(res.body.code).toBe('internal_error');
    } finally {
      spy.mockRestore();
      events.offAny(listener);
    }
    expect(await conferenceCount()).toBe(count);
    expect((await http().get(`/api/conferences?pointId=${participant.id}`).set('Authorization', organizer).expect(200)).body.total).toBe(1);
    expect(seen.filter((e) => e.startsWith('conference.') || e.startsWith('agenda.'))).toEqual([]);
    // and the same copy goes through once nothing fails
    await copy(source.id, { startsAt: at(15, 8) }).expect(201);
    expect(await conferenceCount()).toBe(count + 1);
  });

  it('announces the copy after the commit: conference.changed, conference.points.changed, agenda.changed', async () => {
    const participant = await point('district');
    const source = await makeConference(t, { startsAt: at(9, 8), endsAt: at(9, 10), invite: [participant.id] });
    await addItems(source.id, [
      { title: 'Khai mạc', kind: 'opening', durationMinutes: 10 },
      { title: 'Bế mạc', kind: 'closing', durationMinutes: 5 },
    ]);
    const events = t.app.get(EventEmitter2);
    const seen: Array<{ name: string; payload: Record<string, unknown>; stored: Promise<number> }> = [];
    const names = ['conference.changed', 'conference.points.changed', 'agenda.changed'];
    const listeners = names.map((name) => {
      const fn = (payload: Record<string, unknown>) =>
        // what the database holds when the event arrives: the copy is already committed
        seen.push({
          name,
          payload,
          stored: http()
            .get(`/api/conferences/${String(payload.conferenceId)}`)
            .set('Authorization', organizer)
            .then((r) => r.status),
        });
      events.on(name, fn);
      return [name, fn] as const;
    });
    try {
      const res = await copy(source.id, { startsAt: at(16, 8) }).expect(201);
      const id = res.body.id;
      await waitFor(() => names.every((n) => seen.some((e) => e.name === n && e.payload.conferenceId === id)), 5000, 20);
      const mine = seen.filter((e) => e.payload.conferenceId === id);
      expect(mine.find((e) => e.name === 'conference.changed')!.payload).toMatchObject({ status: 'draft', version: 1 });
      expect(mine.find((e) => e.name === 'conference.points.changed')!.payload).toEqual({ conferenceId: id, added: [participant.id], removed: [] });
      const agenda = mine.find((e) => e.name === 'agenda.changed')!.payload.agenda as AgendaBody;
      expect(agenda.items.map((i) => i.title)).toEqual(['Khai mạc', 'Bế mạc']);
      expect(await Promise.all(mine.map((e) => e.stored))).toEqual(mine.map(() => 200));
      expect(mine.filter((e) => e.name === 'agenda.changed')).toHaveLength(1);
      expect(seen.some((e) => e.payload.conferenceId === source.id)).toBe(false);
    } finally {
      for (const [name, fn] of listeners) events.off(name, fn);
    }
  });

  it('validates the body (400, the usual error body), answers 404 for an unknown source, and lets only organizers and admins copy', async () => {
    const host = await point('province');
    const source = await makeConference(t, { startsAt: at(17, 8), endsAt: at(17, 10), hostPointId: host.id });
    const count = await conferenceCount();
    for (const [why, body] of [
      ['no startsAt', {}],
      ['startsAt without an offset', { startsAt: '2032-05-20T08:00:00' }],
      ['startsAt not a time', { startsAt: 'thứ hai tuần sau' }],
      ['empty title', { startsAt: at(20, 8), title: '' }],
      ['title too long', { startsAt: at(20, 8), title: 'x'.repeat(501) }],
      ['title not a string', { startsAt: at(20, 8), title: 42 }],
      ['unknown field', { startsAt: at(20, 8), endsAt: at(20, 12) }],
      ['force is not taken', { startsAt: at(20, 8), force: true }],
    ] as const) {
      const res = await copy(source.id, body);
      expect([why, res.status, res.body.code, res.body.statusCode, res.body.error]).toEqual([why, 400, 'validation_failed', 400, 'Bad Request']);
      expect(res.body.messages.vi).toBeDefined();
    }
    await copy('khong-phai-uuid', { startsAt: at(20, 8) }).expect(400);
    const missing = await copy(randomUUID(), { startsAt: at(20, 8) }).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'not_found', params: { entity: 'conference' } });

    const pointUser = await userWithRole(t, 'point', host.id);
    const operator = await userWithRole(t, 'operator');
    expect((await copy(source.id, { startsAt: at(20, 8) }, pointUser)).status).toBe(403);
    expect((await copy(source.id, { startsAt: at(20, 8) }, operator)).status).toBe(403);
    await http()
      .post(`/api/conferences/${source.id}/copy`)
      .send({ startsAt: at(20, 8) })
      .expect(401);
    expect(await conferenceCount()).toBe(count);
    await copy(source.id, { startsAt: at(20, 8) }, admin).expect(201);
    expect(await conferenceCount()).toBe(count + 1);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body;
    const op = doc.paths['/api/conferences/{id}/copy'].post;
    expect(op.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CopyConferenceDto' });
    expect(op.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ConferenceCopyResponse' });
    expect(doc.components.schemas.CopyReportResponse.required).toEqual(expect.arrayContaining(['sourceId', 'invited', 'skipped', 'agendaItems']));
  });
});
