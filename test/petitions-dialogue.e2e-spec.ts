import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { CalendarService } from '../src/calendar/calendar.service';
import { loadHolidays, WorkingCalendar, WorkingDayCounter } from '../src/calendar/working-days';
import { PetitionEntity } from '../src/petitions/entities/petition.entity';
import { petitionStats, statRowOf, workingDaysToAnswer } from '../src/petitions/petition-stats';
import { PetitionsService } from '../src/petitions/petitions.service';
import { makeConference, organizerAuth } from './helpers/conferences.factory';
import { ask, connectLive } from './helpers/live-client';
import { departmentUser, makeDepartment } from './helpers/petitions.factory';
import { makePoint } from './helpers/points.factory';
import { createTestApp, login, TestApp, userWithRole } from './helpers/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The holiday library is loaded on first use (as `CalendarService` does); these tests build calendars themselves.
beforeAll(() => loadHolidays());

describe('petitions at the dialogue, the calendar and the report (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let organizer: string;
  let operator: string;
  let land: { id: string; name: string };
  let landUser: string;

  const http = () => t.http();
  const intake = async (body: Body = {}): Promise<Body> =>
    (
      await http()
        .post('/api/petitions')
        .set('Authorization', operator)
        .send({
          channel: 'conference',
          title: 'Kiến nghị tại hội nghị',
          content: 'C',
          field: 'land',
          submitter: { organization: 'Công ty TNHH Thử Nghiệm Sông Cầu' },
          ...body,
        })
        .expect(201)
    ).body;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    organizer = await organizerAuth(t);
    operator = await userWithRole(t, 'operator');
    land = await makeDepartment(t, 'Sở Tài nguyên và Môi trường');
    landUser = await departmentUser(t, land.id);
  }, 120000);
  afterAll(async () => {
    await t?.close();
  });

  describe('working-day calendar', () => {
    it('lists days with weekends and computed holidays; at most 366 days; any signed-in user; bad dates 400', async () => {
      const days = (await http().get('/api/calendar/working-days?from=2026-02-13&to=2026-02-23').set('Authorization', landUser).expect(200)).body as Body[];
      expect(days.filter((d) => !d.working).map((d) => [d.date, d.holiday ?? null])).toEqual([
        ['2026-02-14', null],
        ['2026-02-15', null],
        ['2026-02-16', 'Tết Nguyên Đán (giao thừa)'],
        ['2026-02-17', 'Tết Nguyên Đán (mùng 1)'],
        ['2026-02-18', 'Tết Nguyên Đán (mùng 2)'],
        ['2026-02-19', 'Tết Nguyên Đán (mùng 3)'],
        ['2026-02-20', 'Tết Nguyên Đán (mùng 4)'],
        ['2026-02-21', null],
        ['2026-02-22', null],
      ]);
      expect((await http().get('/api/calendar/working-days?from=2026-01-01&to=2026-12-31').set('Authorization', landUser)).body).toHaveLength(365);
      for (const q of [
        'from=2026-01-01&to=2027-01-02',
        'from=2026-02-30&to=2026-03-01',
        'from=2026-03-02&to=2026-03-01',
        'from=2026-1-1&to=2026-01-02',
        'to=2026-01-02',
      ]) {
        expect([q, (await http().get(`/api/calendar/working-days?${q}`).set('Authorization', landUser)).status]).toEqual([q, 400]);
      }
      expect((await http().get('/api/calendar/working-days?from=2026-01-01&to=2026-01-02')).status).toBe(401);
    });

    it('admins record substitute days off and make-up Saturdays; they win and move deadlines; others 403, nothing changes', async () => {
      const before = (await http().get('/api/calendar/overrides').set('Authorization', admin)).body;
      expect((await http().put('/api/calendar/overrides/2031-01-04').set('Authorization', organizer).send({ working: true, name: 'Làm bù' })).status).toBe(403);
      expect((await http().put('/api/calendar/overrides/2031-13-04').set('Authorization', admin).send({ working: true, name: 'Làm bù' })).status).toBe(400);
      expect((await http().put('/api/calendar/overrides/2031-01-04').set('Authorization', admin).send({ working: 'yes', name: 'Làm bù' })).status).toBe(400);
      expect((await http().get('/api/calendar/overrides').set('Authorization', admin)).body).toEqual(before);
      const put = await http()
        .put('/api/calendar/overrides/2031-01-04')
        .set('Authorization', admin)
        .send({ working: true, name: 'Làm bù cho ngày 2/1' })
        .expect(200);
      expect(put.body).toEqual({ date: '2031-01-04', working: true, name: 'Làm bù cho ngày 2/1' });
      await http().put('/api/calendar/overrides/2031-01-02').set('Authorization', admin).send({ working: false, name: 'Nghỉ bù Tết Dương lịch' }).expect(200);
      const days = (await http().get('/api/calendar/working-days?from=2031-01-01&to=2031-01-05').set('Authorization', operator)).body as Body[];
      expect(days).toEqual([
        { date: '2031-01-01', working: false, holiday: 'Tết Dương lịch' },
        { date: '2031-01-02', working: false, holiday: 'Nghỉ bù Tết Dương lịch' },
        { date: '2031-01-03', working: true },
        { date: '2031-01-04', working: true },
        { date: '2031-01-05', working: false },
      ]);
      expect((await http().delete('/api/calendar/overrides/2031-01-04').set('Authorization', organizer)).status).toBe(403);
      await http().delete('/api/calendar/overrides/2031-01-04').set('Authorization', admin).expect(204);
      expect((await http().delete('/api/calendar/overrides/2031-01-04').set('Authorization', admin)).status).toBe(404);
      expect(((await http().get('/api/calendar/working-days?from=2031-01-04&to=2031-01-04').set('Authorization', operator)).body as Body[])[0].working).toBe(
        false,
      );

      // An override on the day after today moves a 1-working-day deadline.
      const today = DateTime.now().setZone('Asia/Ho_Chi_Minh');
      const next = new WorkingCalendar().addWorkingDays(today.toISODate()!, 1);
      await http().put(`/api/calendar/overrides/${next}`).set('Authorization', admin).send({ working: false, name: 'Nghỉ bù thử nghiệm' }).expect(200);
      const p = await intake();
      const assigned = (
        await http()
          .post(`/api/petitions/${p.id}/assign`)
          .set('Authorization', organizer)
          .send({ leadDepartmentId: land.id, workingDays: 1, version: 1 })
          .expect(200)
      ).body;
      expect(assigned.dueAt.slice(0, 10)).toBe(new WorkingCalendar(new Map([[next, { working: false, name: 'x' }]])).addWorkingDays(today.toISODate()!, 1));
      expect(assigned.dueAt.slice(0, 10) > next).toBe(true);
      await http().delete(`/api/calendar/overrides/${next}`).set('Authorization', admin).expect(204);
    });
  });

  describe('the dialogue', () => {
    let conference: Body;
    let point: { id: string };
    let petitions: Body[];

    beforeAll(async () => {
      point = await makePoint(t, { level: 'district' });
      conference = await makeConference(t, { invite: [point.id], status: 'live' });
      petitions = [];
      for (const title of ['Kiến nghị thứ nhất', 'Kiến nghị thứ hai', 'Kiến nghị thứ ba']) petitions.push(await intake({ title, conferenceId: conference.id }));
      petitions.push(await intake({ title: 'Kiến nghị ẩn danh', conferenceId: conference.id, anonymous: true }));
      await intake({ title: 'Không thuộc hội nghị' });
    });

    it('lists the linked petitions in queue order; sets the order (every linked one exactly once, 400 otherwise; nothing changes)', async () => {
      const queue = (await http().get(`/api/conferences/${conference.id}/petitions`).set('Authorization', operator).expect(200)).body as Body[];
      expect(queue.map((p) => [p.position, p.title])).toEqual([
        [0, 'Kiến nghị thứ nhất'],
        [1, 'Kiến nghị thứ hai'],
        [2, 'Kiến nghị thứ ba'],
        [3, 'Kiến nghị ẩn danh'],
      ]);
      const ids = queue.map((p) => p.id);
      for (const bad of [ids.slice(1), [...ids, ids[0]], [...ids.slice(1), '00000000-0000-4000-8000-000000000000'], ['nope']]) {
        const res = await http().put(`/api/conferences/${conference.id}/petitions/order`).set('Authorization', organizer).send({ petitionIds: bad });
        expect(res.status).toBe(400);
      }
      expect((await http().put(`/api/conferences/${conference.id}/petitions/order`).set('Authorization', operator).send({ petitionIds: ids })).status).toBe(
        403,
      );
      expect((await http().get(`/api/conferences/${conference.id}/petitions`).set('Authorization', operator)).body).toEqual(queue);
      const reordered = (
        await http()
          .put(`/api/conferences/${conference.id}/petitions/order`)
          .set('Authorization', organizer)
          .send({ petitionIds: [ids[2], ids[0], ids[3], ids[1]] })
          .expect(200)
      ).body as Body[];
      expect(reordered.map((p) => [p.position, p.title])).toEqual([
        [0, 'Kiến nghị thứ ba'],
        [1, 'Kiến nghị thứ nhất'],
        [2, 'Kiến nghị ẩn danh'],
        [3, 'Kiến nghị thứ hai'],
      ]);
      expect((await http().get('/api/conferences/00000000-0000-4000-8000-000000000000/petitions').set('Authorization', operator)).status).toBe(404);
      expect((await http().get(`/api/conferences/${conference.id}/petitions`).set('Authorization', landUser).expect(200)).body).toEqual([]);
      const pointUser = await userWithRole(t, 'point', point.id);
      expect((await http().get(`/api/conferences/${conference.id}/petitions`).set('Authorization', pointUser)).status).toBe(403);
    });

    it('the current petition reaches the board and a checked-in point at once; board:join and the checkin ack carry it; no submitter data', async () => {
      const first = petitions[0];
      await http().post(`/api/petitions/${first.id}/assign`).set('Authorization', organizer).send({ leadDepartmentId: land.id, version: 1 }).expect(200);
      const board = await connectLive(t, operator);
      const joined = await ask(board, 'board:join', { conferenceId: conference.id });
      expect(joined).toMatchObject({ ok: true, snapshot: { currentPetition: null } });
      const pointUser = await userWithRole(t, 'point', point.id);
      const pointSocket = await connectLive(t, pointUser);
      const checkin = await ask(pointSocket, 'checkin', { conferenceId: conference.id });
      expect(checkin).toMatchObject({ ok: true, currentPetition: null });

      const onBoard = new Promise<Body>((resolve) => board.once('petition', resolve));
      const onPoint = new Promise<Body>((resolve) => pointSocket.once('petition', resolve));
      const res = await http()
        .post(`/api/conferences/${conference.id}/petitions/current`)
        .set('Authorization', operator)
        .send({ petitionId: first.id })
        .expect(200);
      const expected = {
        id: first.id,
        code: first.code,
        title: 'Kiến nghị thứ nhất',
        field: 'land',
        organization: 'Công ty TNHH Thử Nghiệm Sông Cầu',
        leadDepartment: { name: 'Sở Tài nguyên và Môi trường' },
      };
      expect(res.body).toEqual({ conferenceId: conference.id, petition: expected });
      expect(await onBoard).toEqual({ conferenceId: conference.id, petition: expected });
      expect(await onPoint).toEqual({ conferenceId: conference.id, petition: expected });
      expect((await ask(board, 'board:join', { conferenceId: conference.id })).snapshot).toMatchObject({ currentPetition: expected });
      expect((await ask(pointSocket, 'checkin', { conferenceId: conference.id })).currentPetition).toEqual(expected);
      expect((await http().get(`/api/conferences/${conference.id}/petitions/current`).set('Authorization', pointUser).expect(200)).body.petition).toEqual(
        expected,
      );

      const anonymous = petitions[3];
      const onAnon = new Promise<Body>((resolve) => board.once('petition', resolve));
      await http().post(`/api/conferences/${conference.id}/petitions/current`).set('Authorization', operator).send({ petitionId: anonymous.id }).expect(200);
      expect((await onAnon).petition).toMatchObject({ code: anonymous.code, organization: null, leadDepartment: null });

      const outsider = await intake({ title: 'Không thuộc hội nghị này' });
      const before = (await http().get(`/api/conferences/${conference.id}/petitions/current`).set('Authorization', operator)).body;
      const notLinked = await http()
        .post(`/api/conferences/${conference.id}/petitions/current`)
        .set('Authorization', operator)
        .send({ petitionId: outsider.id });
      expect([notLinked.status, notLinked.body.code]).toEqual([409, 'conflict']);
      expect((await http().post(`/api/conferences/${conference.id}/petitions/current`).set('Authorization', operator).send({})).status).toBe(400);
      expect((await http().post(`/api/conferences/${conference.id}/petitions/current`).set('Authorization', landUser).send({ petitionId: null })).status).toBe(
        403,
      );
      expect((await http().get(`/api/conferences/${conference.id}/petitions/current`).set('Authorization', operator)).body).toEqual(before);

      const onClear = new Promise<Body>((resolve) => board.once('petition', resolve));
      await http().post(`/api/conferences/${conference.id}/petitions/current`).set('Authorization', operator).send({ petitionId: null }).expect(200);
      expect(await onClear).toEqual({ conferenceId: conference.id, petition: null });
      board.close();
      pointSocket.close();
    });

    it('the summary: answered on the spot and in writing, open, overdue, by field and by lead department', async () => {
      const [a, b, c] = petitions;
      const version = async (id: string) => (await http().get(`/api/petitions/${id}`).set('Authorization', organizer)).body.version;
      await http()
        .post(`/api/petitions/${a.id}/answer`)
        .set('Authorization', landUser)
        .send({ mode: 'on_spot', text: 'Trả lời ngay tại hội nghị', version: await version(a.id) })
        .expect(200);
      await http()
        .post(`/api/petitions/${b.id}/assign`)
        .set('Authorization', organizer)
        .send({ leadDepartmentId: land.id, version: await version(b.id) })
        .expect(200);
      await http()
        .post(`/api/petitions/${b.id}/answer`)
        .set('Authorization', organizer)
        .send({ mode: 'written', text: 'Trả lời bằng văn bản', version: await version(b.id) })
        .expect(200);
      await http()
        .post(`/api/petitions/${c.id}/assign`)
        .set('Authorization', organizer)
        .send({ leadDepartmentId: land.id, dueAt: DateTime.now().plus({ seconds: 1 }).toISO(), version: await version(c.id) })
        .expect(200);
      await new Promise((r) => setTimeout(r, 1100));
      const summary = (await http().get(`/api/conferences/${conference.id}/petitions/summary`).set('Authorization', operator).expect(200)).body;
      expect(summary).toEqual({
        total: 4,
        answeredOnSpot: 1,
        answeredInWriting: 1,
        open: 2,
        overdue: 1,
        byField: { land: 4 },
        byDepartment: [{ departmentId: land.id, name: 'Sở Tài nguyên và Môi trường', total: 3, answered: 2, overdue: 1 }],
      });
      expect((await http().get(`/api/conferences/${conference.id}/petitions/summary`).set('Authorization', landUser)).status).toBe(403);
    });

    it('the report by lead department and field, with from/to on the day of receipt; CSV with a BOM; admins, organizers, operators only', async () => {
      const today = DateTime.now().setZone('Asia/Ho_Chi_Minh').toISODate()!;
      const report = (await http().get(`/api/petitions/report?from=${today}&to=${today}`).set('Authorization', operator).expect(200)).body;
      const row = (report.byDepartment as Body[]).find((d) => d.departmentId === land.id);
      expect(row).toEqual({
        departmentId: land.id,
        name: 'Sở Tài nguyên và Môi trường',
        assigned: 4,
        answered: 2,
        answeredOnTime: 2,
        overdue: 1,
        open: 2,
        medianWorkingDaysToAnswer: 0,
      });
      expect(report.byField.land).toEqual({ total: 7, answered: 2 });
      expect(report.commitmentsOpen).toBe(0);
      const empty = (await http().get('/api/petitions/report?from=2020-01-01&to=2020-12-31').set('Authorization', operator).expect(200)).body;
      expect(empty.byField).toEqual({});
      expect(empty.byDepartment.find((d: Body) => d.departmentId === land.id)).toMatchObject({ assigned: 0, medianWorkingDaysToAnswer: null });
      const csv = await http().get(`/api/petitions/report?format=csv&from=${today}`).set('Authorization', admin).expect(200);
      expect(csv.text.split('\r\n')[0]).toBe('\uFEFFdepartmentId,name,assigned,answered,answeredOnTime,overdue,open,medianWorkingDaysToAnswer');
      expect(csv.text).toContain(`${land.id},Sở Tài nguyên và Môi trường,4,2,2,1,2,0`);
      for (const q of ['from=2026-13-01', 'from=2026-02-01&to=2026-01-01', 'format=pdf'])
        expect((await http().get(`/api/petitions/report?${q}`).set('Authorization', operator)).status).toBe(400);
      expect((await http().get('/api/petitions/report').set('Authorization', landUser)).status).toBe(403);
    });

    it('the operator records an answer given on the spot for a conference petition; not in writing, not for an unlinked one (403, nothing changes)', async () => {
      const get = async (id: string, auth = organizer): Promise<Body> => (await http().get(`/api/petitions/${id}`).set('Authorization', auth).expect(200)).body;
      const assigned = async (body: Body): Promise<Body> => {
        const p = await intake(body);
        return (
          await http().post(`/api/petitions/${p.id}/assign`).set('Authorization', organizer).send({ leadDepartmentId: land.id, version: p.version }).expect(200)
        ).body;
      };
      const linked = await assigned({ title: 'Kiến nghị trả lời tại chỗ', conferenceId: conference.id });
      const unlinked = await assigned({ title: 'Kiến nghị không thuộc hội nghị' });
      // What the operator may do is shown to the pages: only recording the answer on the spot, only when linked.
      expect((await get(linked.id, operator)).allowedActions).toEqual(expect.arrayContaining(['answer_on_spot']));
      expect((await get(linked.id, operator)).allowedActions).not.toContain('answer');
      expect((await get(unlinked.id, operator)).allowedActions).not.toContain('answer_on_spot');
      expect((await get(linked.id, organizer)).allowedActions).not.toContain('answer_on_spot');

      const summaryOf = async () => (await http().get(`/api/conferences/${conference.id}/petitions/summary`).set('Authorization', operator).expect(200)).body;
      const before = { linked: await get(linked.id), unlinked: await get(unlinked.id), summary: await summaryOf() };
      const written = await http()
        .post(`/api/petitions/${linked.id}/answer`)
        .set('Authorization', operator)
        .send({ mode: 'written', text: 'Văn bản', version: linked.version });
      expect([written.status, written.body.code]).toEqual([403, 'forbidden']);
      expect(JSON.stringify(written.body.messages.vi)).toContain('chỉ ghi nhận trả lời tại hội nghị');
      const outside = await http()
        .post(`/api/petitions/${unlinked.id}/answer`)
        .set('Authorization', operator)
        .send({ mode: 'on_spot', text: 'Tại chỗ', version: unlinked.version });
      expect([outside.status, outside.body.code]).toEqual([403, 'forbidden']);
      expect({ ...(await get(linked.id)), allowedActions: undefined }).toEqual({ ...before.linked, allowedActions: undefined });
      expect({ ...(await get(unlinked.id)), allowedActions: undefined }).toEqual({ ...before.unlinked, allowedActions: undefined });

      const done = await http()
        .post(`/api/petitions/${linked.id}/answer`)
        .set('Authorization', operator)
        .send({ mode: 'on_spot', text: 'Sở đã trả lời trực tiếp tại hội nghị', version: linked.version })
        .expect(200);
      expect(done.body).toMatchObject({ status: 'answered', answer: { mode: 'on_spot', text: 'Sở đã trả lời trực tiếp tại hội nghị' } });
      expect(done.body.history.at(-1)).toMatchObject({ action: 'answer', from: 'assigned', to: 'answered', details: { mode: 'on_spot' } });
      // The conference's summary counts it at once.
      expect((await summaryOf()).answeredOnSpot).toBe(before.summary.answeredOnSpot + 1);
    });
  });

  describe('working days to answer kept on the petition', () => {
    const ZONE = 'Asia/Ho_Chi_Minh';
    const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();

    it('equal what the calendar gives (after an override too); the report over a date range and the summary equal the counts from each petition', async () => {
      const ds = t.app.get(DataSource);
      const calendar = t.app.get(CalendarService);
      const service = t.app.get(PetitionsService);
      const finance = await makeDepartment(t, 'Sở Tài chính');
      const conference = await makeConference(t, { invite: [(await makePoint(t, { level: 'district' })).id], status: 'live' });
      const version = async (id: string) => (await http().get(`/api/petitions/${id}`).set('Authorization', organizer)).body.version;
      // Received in March 2025; assigned one day later; answered after these calendar days (weekends, 30/4 and 1/5 inside some spans).
      const spans = [0, 2, 3, 6, 9, 13, 20, 44];
      const ids: string[] = [];
      for (const [i, days] of spans.entries()) {
        const p = await intake({ title: `Kiến nghị số ${i}`, conferenceId: conference.id });
        ids.push(p.id);
        const lead = i % 2 ? finance.id : land.id;
        await http()
          .post(`/api/petitions/${p.id}/assign`)
          .set('Authorization', organizer)
          .send({ leadDepartmentId: lead, version: await version(p.id) })
          .expect(200);
        await http()
          .post(`/api/petitions/${p.id}/answer`)
          .set('Authorization', organizer)
          .send({ mode: i % 3 ? 'written' : 'on_spot', text: 'Trả lời', version: await version(p.id) })
          .expect(200);
        const received = DateTime.fromISO(`2025-03-${String(3 + i * 3).padStart(2, '0')}T09:00`, { zone: ZONE });
        await service.backdate(p.id, {
          receivedAt: received.toJSDate(),
          assignedAt: received.plus({ days: 1 }).toJSDate(),
          answeredAt: received.plus({ days: 1 + days, hours: 5 }).toJSDate(),
        });
      }
      // One still assigned, due long ago: open and overdue.
      const open = await intake({ title: 'Chưa trả lời', conferenceId: conference.id });
      await http().post(`/api/petitions/${open.id}/assign`).set('Authorization', organizer).send({ leadDepartmentId: land.id, version: 1 }).expect(200);
      await service.backdate(open.id, { receivedAt: at('2025-03-05T08:00'), assignedAt: at('2025-03-05T09:00') });

      const rows = () => ds.getRepository(PetitionEntity).find({ where: { conferenceId: conference.id } });
      const expectKeptEqualComputed = async () => {
        const counter = new WorkingDayCounter(await calendar.calendar());
        const all = await rows();
        for (const r of all)
          expect([r.code, r.answerWorkingDays]).toEqual([r.code, r.answeredAt ? workingDaysToAnswer(counter, r.assignedAt!, r.answeredAt, ZONE) : null]);
        return all.map((r) => r.answerWorkingDays);
      };
      const kept = await expectKeptEqualComputed();
      expect(kept.filter((d) => d !== null)).toHaveLength(spans.length);
      expect(new Set(kept).size).toBeGreaterThan(4);

      // The report and the summary as they were counted before the kept days: every petition's row and span, computed here.
      const expected = async (list: PetitionEntity[]) => {
        const now = Date.now();
        const departments = [
          { id: land.id, name: land.name },
          { id: finance.id, name: 'Sở Tài chính' },
        ];
        const counter = new WorkingDayCounter(await calendar.calendar());
        const answerDays = list
          .filter((p) => p.leadDepartmentId && p.assignedAt && p.answeredAt && (p.status === 'answered' || p.status === 'closed'))
          .map((p) => ({ leadDepartmentId: p.leadDepartmentId!, workingDays: workingDaysToAnswer(counter, p.assignedAt!, p.answeredAt!, ZONE), n: 1 }));
        return petitionStats(
          list.map((p) => statRowOf({ ...p, hasCommitment: p.commitmentDone !== null, commitmentDone: !!p.commitmentDone }, now)),
          answerDays,
          departments,
        );
      };
      const check = async () => {
        const all = await rows();
        const want = await expected(all);
        const report = (await http().get('/api/petitions/report?from=2025-03-01&to=2025-03-31').set('Authorization', operator).expect(200)).body;
        for (const d of want.byDepartment) expect(report.byDepartment.find((r: Body) => r.departmentId === d.departmentId)).toEqual(d);
        expect(report.byField).toEqual(want.byField);
        expect(report.commitmentsOpen).toBe(want.commitmentsOpen);
        const summary = (await http().get(`/api/conferences/${conference.id}/petitions/summary`).set('Authorization', operator).expect(200)).body;
        const byId = (a: Body, b: Body) => (a.departmentId < b.departmentId ? -1 : 1);
        summary.byDepartment.sort(byId);
        expect(summary).toEqual({
          total: want.total,
          answeredOnSpot: want.answeredOnSpot,
          answeredInWriting: want.answeredInWriting,
          open: want.open,
          overdue: want.overdue,
          byField: Object.fromEntries(Object.entries(want.byField).map(([f, v]) => [f, v.total])),
          byDepartment: want.byDepartment
            .map((d) => ({ departmentId: d.departmentId, name: d.name, total: d.assigned, answered: d.answered, overdue: d.overdue }))
            .sort(byId),
        });
        // A range that holds only some of them: fewer, and still equal.
        const part = all.filter((p) => p.receivedAt < at('2025-03-15T00:00'));
        const partWant = await expected(part);
        const partReport = (await http().get('/api/petitions/report?from=2025-03-01&to=2025-03-14').set('Authorization', operator).expect(200)).body;
        for (const d of partWant.byDepartment) expect(partReport.byDepartment.find((r: Body) => r.departmentId === d.departmentId)).toEqual(d);
        expect(part.length).toBeLessThan(all.length);
        return want;
      };
      const before = await check();
      expect(before.byDepartment.find((d) => d.departmentId === land.id)).toMatchObject({ overdue: 1, open: 1 });

      // A substitute day off on a Wednesday inside several spans: the kept days follow, and so does the report.
      await http().put('/api/calendar/overrides/2025-03-19').set('Authorization', admin).send({ working: false, name: 'Nghỉ bù thử nghiệm' }).expect(200);
      const changed = await expectKeptEqualComputed();
      expect(changed).not.toEqual(kept);
      await check();
      await http().delete('/api/calendar/overrides/2025-03-19').set('Authorization', admin).expect(204);
      expect(await expectKeptEqualComputed()).toEqual(kept);
      expect(await check()).toEqual(before);
    });
  });
});
