import { DateTime } from 'luxon';
import { loadHolidays, WorkingCalendar } from '../src/calendar/working-days';
import { organizerAuth } from './helpers/conferences.factory';
import { departmentUser, makeDepartment, publicBody, validTaxCode } from './helpers/petitions.factory';
import { makePoint } from './helpers/points.factory';
import { createTestApp, login, TestApp, userWithRole } from './helpers/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The holiday library is loaded on first use (as `CalendarService` does); these tests build calendars themselves.
beforeAll(() => loadHolidays());

describe('petitions (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let organizer: string;
  let operator: string;
  let land: { id: string; name: string };
  let tax: { id: string; name: string };
  let other: { id: string; name: string };
  let landUser: string;
  let taxUser: string;
  let otherUser: string;
  let pointId: string;
  let pointUser: string;
  let otherPointUser: string;

  const http = () => t.http();
  const get = async (id: string, auth = organizer): Promise<Body> => (await http().get(`/api/petitions/${id}`).set('Authorization', auth).expect(200)).body;
  /** What a refused request must leave untouched (read as admin; access-log rows are not part of it). */
  const state = async (id: string) => {
    const p = await get(id, admin);
    return { ...p, allowedActions: undefined };
  };
  const intake = async (body: Body = {}, auth = operator): Promise<Body> => {
    const res = await http()
      .post('/api/petitions')
      .set('Authorization', auth)
      .send({
        channel: 'hotline',
        title: 'Đề nghị hướng dẫn thủ tục cấp phép xây dựng',
        content: 'Nội dung kiến nghị',
        field: 'construction',
        submitter: {
          name: 'Trần Thị Bình',
          organization: 'Công ty TNHH Mẫu Thử Ánh Dương',
          phone: '0912.345.678',
          taxCode: '0100109106',
          email: 'binh@anhduong.example',
        },
        ...body,
      });
    expect([res.status, res.body.code]).toEqual([201, expect.any(String)]);
    return res.body;
  };
  const act = (id: string, action: string, body: Body, auth = organizer) => http().post(`/api/petitions/${id}/${action}`).set('Authorization', auth).send(body);
  const assign = async (id: string, body: Body = {}): Promise<Body> => {
    const p = await get(id);
    const res = await act(id, 'assign', { leadDepartmentId: land.id, version: p.version, ...body });
    expect(res.status).toBe(200);
    return res.body;
  };
  const total = async (auth = organizer, query = '') =>
    (await http().get(`/api/petitions?limit=1${query}`).set('Authorization', auth).expect(200)).body.total as number;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    organizer = await organizerAuth(t);
    operator = await userWithRole(t, 'operator');
    land = await makeDepartment(t, 'Sở Tài nguyên và Môi trường');
    tax = await makeDepartment(t, 'Cục Thuế tỉnh');
    other = await makeDepartment(t, 'Sở Nội vụ');
    landUser = await departmentUser(t, land.id);
    taxUser = await departmentUser(t, tax.id);
    otherUser = await departmentUser(t, other.id);
    pointId = (await makePoint(t, { level: 'district' })).id;
    pointUser = await userWithRole(t, 'point', pointId);
    otherPointUser = await userWithRole(t, 'point', (await makePoint(t, { level: 'district' })).id);
  }, 120000);
  afterAll(async () => {
    await t?.close();
  });

  describe('departments and the department role', () => {
    it('creates, lists by code (active only unless ?active=all), reads, edits, deactivates', async () => {
      const created = await http()
        .post('/api/departments')
        .set('Authorization', admin)
        .send({ code: 'zz-cuc-hq', name: 'Cục Hải quan', shortName: 'CHQ', email: 'chq@example.gov.vn' })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        code: 'zz-cuc-hq',
        name: 'Cục Hải quan',
        shortName: 'CHQ',
        contactName: null,
        contactPhone: null,
        email: 'chq@example.gov.vn',
        pointId: null,
        active: true,
      });
      const list = (await http().get('/api/departments').set('Authorization', landUser).expect(200)).body as Body[];
      expect(list.map((d) => d.code)).toEqual([...list.map((d) => d.code)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      const patched = await http()
        .patch(`/api/departments/${created.body.id}`)
        .set('Authorization', admin)
        .send({ contactName: 'Phòng Nghiệp vụ' })
        .expect(200);
      expect(patched.body.contactName).toBe('Phòng Nghiệp vụ');
      const deleted = await http().delete(`/api/departments/${created.body.id}`).set('Authorization', admin).expect(200);
      expect(deleted.body.active).toBe(false);
      expect((await http().get(`/api/departments/${created.body.id}`).set('Authorization', admin).expect(200)).body.active).toBe(false);
      expect(((await http().get('/api/departments').set('Authorization', admin)).body as Body[]).some((d) => d.id === created.body.id)).toBe(false);
      expect(((await http().get('/api/departments?active=all').set('Authorization', admin)).body as Body[]).some((d) => d.id === created.body.id)).toBe(true);
    });

    it('refuses a duplicate code regardless of case (409 conflict), a bad code (400), a non-admin (403); nothing created', async () => {
      const before = (await http().get('/api/departments?active=all').set('Authorization', admin)).body;
      await http().post('/api/departments').set('Authorization', admin).send({ code: 'DUP-A', name: 'A' }).expect(201);
      const after = (await http().get('/api/departments?active=all').set('Authorization', admin)).body;
      const dup = await http().post('/api/departments').set('Authorization', admin).send({ code: 'dup-a', name: 'B' });
      expect([dup.status, dup.body.code]).toEqual([409, 'conflict']);
      expect((await http().post('/api/departments').set('Authorization', admin).send({ code: 'x', name: 'B' })).body.code).toBe('validation_failed');
      expect((await http().post('/api/departments').set('Authorization', organizer).send({ code: 'OKCODE', name: 'B' })).status).toBe(403);
      expect((await http().get('/api/departments?active=all').set('Authorization', admin)).body).toEqual(after);
      expect(after.length).toBe(before.length + 1);
      expect((await http().get('/api/departments/00000000-0000-4000-8000-000000000000').set('Authorization', admin)).status).toBe(404);
      expect((await http().get('/api/departments/nope').set('Authorization', admin)).status).toBe(400);
    });

    it('binds department users to one department: required for that role, refused for others; me and login return it', async () => {
      const bad1 = await http().post('/api/users').set('Authorization', admin).send({ username: 'sonoid', password: 'password-for-tests', role: 'department' });
      const bad2 = await http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ username: 'opdep', password: 'password-for-tests', role: 'operator', departmentId: land.id });
      const bad3 = await http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ username: 'sonoexist', password: 'password-for-tests', role: 'department', departmentId: '00000000-0000-4000-8000-000000000000' });
      expect([bad1.status, bad2.status, bad3.status]).toEqual([400, 400, 400]);
      const users = (await http().get('/api/users?limit=1000').set('Authorization', admin)).body.items as Body[];
      expect(users.some((u) => ['sonoid', 'opdep', 'sonoexist'].includes(u.username))).toBe(false);
      const me = (await http().get('/api/auth/me').set('Authorization', landUser).expect(200)).body;
      expect(me).toMatchObject({ role: 'department', departmentId: land.id });
    });

    it('409 department_in_use while it leads an open petition; nothing changes', async () => {
      const dep = await makeDepartment(t, 'Sở Xây dựng');
      const p = await intake();
      await assign(p.id, { leadDepartmentId: dep.id });
      const res = await http().delete(`/api/departments/${dep.id}`).set('Authorization', admin);
      expect([res.status, res.body.code]).toEqual([409, 'department_in_use']);
      const patch = await http().patch(`/api/departments/${dep.id}`).set('Authorization', admin).send({ active: false });
      expect(patch.body.code).toBe('department_in_use');
      expect((await http().get(`/api/departments/${dep.id}`).set('Authorization', admin)).body.active).toBe(true);
    });
  });

  describe('intake', () => {
    it('staff intake: 201 received, code KN-<year>-<6 digits>, phone stored as +84…, a tracking token given once; creation is not history', async () => {
      const p = await intake();
      expect(p).toMatchObject({
        status: 'received',
        channel: 'hotline',
        kind: 'petition',
        field: 'construction',
        version: 1,
        history: [],
        thread: [],
        overdue: false,
        dueAt: null,
      });
      expect(p.code).toMatch(new RegExp(`^KN-${DateTime.now().setZone('Asia/Ho_Chi_Minh').year}-\\d{6}$`));
      expect(p.submitter).toEqual({
        name: 'Trần Thị Bình',
        organization: 'Công ty TNHH Mẫu Thử Ánh Dương',
        taxCode: '0100109106',
        phone: '+84912345678',
        email: 'binh@anhduong.example',
        pointId: null,
        zaloUserId: null,
      });
      expect(p.trackingToken).toEqual(expect.any(String));
      expect((await get(p.id)).trackingToken).toBeUndefined();
      const track = await http().get(`/api/public/petitions/${p.code}?token=${p.trackingToken}`).expect(200);
      expect(track.body.status).toBe('received');
    });

    it('refuses a bad tax code, a bad phone, a missing channel, zalo as a staff channel, an unknown conference: 400 naming the field, nothing stored, no value echoed', async () => {
      const before = await total();
      const cases: Array<[Body, string]> = [
        [{ submitter: { taxCode: '0100109107' } }, 'submitter.taxCode'],
        [{ submitter: { taxCode: '0100109106-1' } }, 'submitter.taxCode'],
        [{ submitter: { phone: '12345' } }, 'submitter.phone'],
        [{ channel: undefined }, 'channel'],
        [{ channel: 'zalo' }, 'channel'],
        [{ conferenceId: '00000000-0000-4000-8000-000000000000' }, 'conferenceId'],
      ];
      for (const [body, field] of cases) {
        const res = await http()
          .post('/api/petitions')
          .set('Authorization', operator)
          .send({ channel: 'paper', title: 'T', content: 'C', ...body });
        expect([field, res.status, res.body.code, res.body.details?.field]).toEqual([field, 400, 'validation_failed', field]);
        expect(JSON.stringify(res.body)).not.toMatch(/0100109107|12345/);
      }
      // both wrong: both said, in words a person reads (the page showed "submitter.taxCode: …" and only that one)
      const both = await http()
        .post('/api/petitions')
        .set('Authorization', operator)
        .send({ channel: 'paper', title: 'T', content: 'C', submitter: { taxCode: '0100109107', phone: '12345' } });
      expect([both.status, both.body.details]).toEqual([400, { field: 'submitter.taxCode' }]);
      expect(both.body.messages.vi).toEqual([
        expect.stringMatching(/^Mã số thuế: không hợp lệ/),
        expect.stringMatching(/^Số điện thoại: không phải số Việt Nam/),
      ]);
      expect(both.body.messages.en).toEqual([expect.stringMatching(/^Tax code: /), expect.stringMatching(/^Phone: /)]);
      expect(JSON.stringify(both.body.messages)).not.toMatch(/submitter\.|0100109107|12345/);
      expect(JSON.stringify(both.body)).not.toMatch(/0100109107|12345/);
      for (const bad of [
        { title: '' },
        { title: 'x'.repeat(201) },
        { content: '' },
        { content: '   \n\t ' },
        { field: 'weather' },
        { kind: 'complaint' },
        { extra: 1 },
      ]) {
        const res = await http()
          .post('/api/petitions')
          .set('Authorization', operator)
          .send({ channel: 'paper', title: 'T', content: 'C', ...bad });
        expect([JSON.stringify(bad), res.status]).toEqual([JSON.stringify(bad), 400]);
      }
      expect(await total()).toBe(before);
    });

    it('a point user submits for its own point (channel web whatever is sent); a department user may not submit', async () => {
      const res = await http()
        .post('/api/petitions')
        .set('Authorization', pointUser)
        .send({
          channel: 'hotline',
          title: 'Từ điểm cầu',
          content: 'C',
          submitter: { pointId: '00000000-0000-4000-8000-000000000000', organization: 'HTX Thử Nghiệm' },
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ channel: 'web', submitter: { pointId } });
      expect((await http().post('/api/petitions').set('Authorization', landUser).send({ channel: 'paper', title: 'T', content: 'C' })).status).toBe(403);
    });
  });

  describe('the status machine', () => {
    it('assign: default 7 working days (17:00 of the 7th working day), 20 with support departments, working days or a date; reassign kept in history', async () => {
      const p = await intake();
      const a = await assign(p.id);
      const cal = new WorkingCalendar();
      expect(a.status).toBe('assigned');
      expect(a.dueAt).toBe(DateTime.fromJSDate(cal.dueAfter(new Date(), 7)).setZone('Asia/Ho_Chi_Minh').toISO());
      expect(a.workingDaysLeft).toBe(7);
      expect(a.history).toEqual([expect.objectContaining({ from: 'received', to: 'assigned', action: 'assign', by: expect.any(String) })]);
      const b = await assign(p.id, { leadDepartmentId: tax.id, supportDepartmentIds: [land.id] });
      expect(b.dueAt).toBe(DateTime.fromJSDate(cal.dueAfter(new Date(), 20)).setZone('Asia/Ho_Chi_Minh').toISO());
      expect(b).toMatchObject({ leadDepartmentId: tax.id, leadDepartment: { id: tax.id, name: 'Cục Thuế tỉnh' }, supportDepartmentIds: [land.id] });
      expect(b.history[1]).toMatchObject({ from: 'assigned', to: 'assigned', details: expect.objectContaining({ previousLeadDepartmentId: land.id }) });
      const c = await assign(p.id, { workingDays: 1 });
      expect(c.dueAt).toBe(DateTime.fromJSDate(cal.dueAfter(new Date(), 1)).setZone('Asia/Ho_Chi_Minh').toISO());
      expect(c.supportDepartmentIds).toEqual([]);
      const due = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 30 }).set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
      const d = await assign(p.id, { dueAt: due.toISO() });
      expect(d.dueAt).toBe(due.toISO());
    });

    it('refuses dueAt with workingDays, a past dueAt, an unknown or inactive department, a stale version, a non-organizer: nothing changes', async () => {
      const p = await intake();
      const before = await state(p.id);
      const inactive = await makeDepartment(t);
      await http().delete(`/api/departments/${inactive.id}`).set('Authorization', admin).expect(200);
      const future = DateTime.now().plus({ days: 9 }).toISO();
      const refusals: Array<[Body, number, string, string?]> = [
        [{ leadDepartmentId: land.id, version: 1, dueAt: future, workingDays: 3 }, 400, 'validation_failed'],
        [{ leadDepartmentId: land.id, version: 1, dueAt: DateTime.now().minus({ hours: 1 }).toISO() }, 400, 'validation_failed'],
        [{ leadDepartmentId: '00000000-0000-4000-8000-000000000000', version: 1 }, 400, 'validation_failed'],
        [{ leadDepartmentId: inactive.id, version: 1 }, 400, 'validation_failed'],
        [{ leadDepartmentId: land.id, supportDepartmentIds: [land.id], version: 1 }, 400, 'validation_failed'],
        [{ leadDepartmentId: land.id, version: 1, workingDays: 0 }, 400, 'validation_failed'],
        [{ leadDepartmentId: land.id }, 400, 'validation_failed'],
        [{ leadDepartmentId: land.id, version: 2 }, 409, 'stale_version'],
      ];
      for (const [body, status, code] of refusals) {
        const res = await act(p.id, 'assign', body);
        expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), status, code]);
      }
      expect((await act(p.id, 'assign', { leadDepartmentId: land.id, version: 1 }, operator)).status).toBe(403);
      expect((await act(p.id, 'assign', { leadDepartmentId: land.id, version: 1 }, landUser)).status).toBe(404);
      const stale = await http().post(`/api/petitions/${p.id}/assign`).set('Authorization', organizer).set('If-Match', '7').send({ leadDepartmentId: land.id });
      expect(stale.body).toMatchObject({ code: 'stale_version', details: { currentVersion: 1 } });
      expect(await state(p.id)).toEqual(before);
    });

    it('extend (later only) tells the submitter in an out message; answer, publish, close, reopen; illegal moves are 409 and change nothing', async () => {
      const p = await intake();
      const received = await state(p.id);
      for (const [action, body] of [
        ['answer', { mode: 'written', text: 'x' }],
        ['close', {}],
        ['publish', {}],
        ['reopen', { reason: 'r' }],
        ['extend', { dueAt: DateTime.now().plus({ days: 40 }).toISO(), reason: 'r' }],
      ] as const) {
        const res = await act(p.id, action, { ...body, version: 1 });
        expect([action, res.status, res.body.code]).toEqual([action, 409, 'illegal_transition']);
      }
      expect(await state(p.id)).toEqual(received);

      const a = await assign(p.id);
      const earlier = await act(p.id, 'extend', { dueAt: DateTime.now().plus({ days: 1 }).toISO(), reason: 'Cần thêm thời gian', version: a.version });
      expect([earlier.status, earlier.body.details?.field]).toEqual([400, 'dueAt']);
      expect(await state(p.id)).toEqual({ ...(await state(p.id)) });
      const newDue = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 45 }).set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
      const ext = await act(p.id, 'extend', { dueAt: newDue.toISO(), reason: 'Cần lấy ý kiến Bộ Xây dựng', version: a.version });
      expect(ext.status).toBe(200);
      expect(ext.body.dueAt).toBe(newDue.toISO());
      expect(ext.body.thread).toEqual([
        expect.objectContaining({ direction: 'out', status: 'sent', text: expect.stringContaining(newDue.toFormat('dd/MM/yyyy')) }),
      ]);
      expect(ext.body.history.at(-1)).toMatchObject({ action: 'extend', reason: 'Cần lấy ý kiến Bộ Xây dựng', from: 'assigned', to: 'assigned' });

      const ans = await act(
        p.id,
        'answer',
        {
          mode: 'written',
          text: 'Sở đã có văn bản hướng dẫn.',
          documentNo: '123/STNMT',
          signedBy: 'Phó Giám đốc',
          commitment: { text: 'Báo cáo trước 10/5', dueAt: newDue.toISO() },
          version: ext.body.version,
        },
        landUser,
      );
      expect(ans.status).toBe(200);
      expect(ans.body).toMatchObject({
        status: 'answered',
        answer: { mode: 'written', text: 'Sở đã có văn bản hướng dẫn.', documentNo: '123/STNMT', signedBy: 'Phó Giám đốc' },
        commitment: { text: 'Báo cáo trước 10/5', done: false },
      });
      expect(ans.body.answeredAt).toEqual(expect.any(String));
      const done = await act(p.id, 'commitment/done', {}, landUser);
      expect(done.body.commitment.done).toBe(true);
      expect((await act(p.id, 'commitment/done', {}, landUser)).body.code).toBe('conflict');

      const pub = await act(p.id, 'publish', { version: done.body.version });
      expect(pub.body).toMatchObject({ published: true, publishedAt: expect.any(String), status: 'answered' });
      const closed = await act(p.id, 'close', { version: pub.body.version });
      expect(closed.body.status).toBe('closed');
      const before = await state(p.id);
      expect((await act(p.id, 'reopen', { version: closed.body.version })).status).toBe(400); // no reason
      expect((await act(p.id, 'reject', { reason: 'x', version: closed.body.version })).body.code).toBe('illegal_transition');
      expect(await state(p.id)).toEqual(before);
      const reopened = await act(p.id, 'reopen', { reason: 'Doanh nghiệp chưa đồng ý với câu trả lời', version: closed.body.version });
      expect(reopened.body).toMatchObject({ status: 'assigned', answer: null, answeredAt: null, leadDepartmentId: land.id, overdue: false });
      expect(reopened.body.history.map((h: Body) => `${h.action}:${h.from}>${h.to}`)).toEqual([
        'assign:received>assigned',
        'extend:assigned>assigned',
        'answer:assigned>answered',
        'commitment_done:answered>answered',
        'publish:answered>answered',
        'close:answered>closed',
        'reopen:closed>assigned',
      ]);
      expect(reopened.body.history.at(-1).details.previousAnswer).toMatchObject({ text: 'Sở đã có văn bản hướng dẫn.' });
    });

    it('answer: only the lead department (403 for a supporting one) or an organizer; an answer from the floor can be recorded on the spot', async () => {
      const p = await intake();
      const a = await assign(p.id, { supportDepartmentIds: [tax.id] });
      const before = await state(p.id);
      const bySupport = await act(p.id, 'answer', { mode: 'on_spot', text: 'x', version: a.version }, taxUser);
      expect(bySupport.status).toBe(403);
      expect((await act(p.id, 'answer', { mode: 'on_spot', text: 'x', version: a.version }, otherUser)).status).toBe(404);
      expect((await act(p.id, 'answer', { mode: 'aloud', text: 'x', version: a.version })).status).toBe(400);
      const blank = await act(p.id, 'answer', { mode: 'written', text: '  \n  ', version: a.version });
      expect([blank.status, blank.body.code, blank.body.messages?.vi]).toEqual([400, 'validation_failed', ['text không được để trống']]);
      expect(await state(p.id)).toEqual(before);
      const ok = await act(p.id, 'answer', { mode: 'on_spot', text: 'Trả lời tại hội nghị', version: a.version });
      expect(ok.body).toMatchObject({ status: 'answered', answer: { mode: 'on_spot', answeredBy: expect.any(String) } });
    });

    it("reject with a reason; merge into an open petition only (409 otherwise); the merged one's tracking page follows the first", async () => {
      const first = await intake({ title: 'Đề nghị cấp điện cho nhà xưởng' });
      const again = await intake({ title: 'Đề nghị cấp điện (nêu lại)' });
      const closedOne = await intake();
      await assign(closedOne.id);
      await act(closedOne.id, 'answer', { mode: 'written', text: 'x', version: (await get(closedOne.id)).version });
      const before = await state(again.id);
      const into = await act(again.id, 'merge', { intoId: closedOne.id, version: 1 });
      expect([into.status, into.body.code]).toEqual([409, 'illegal_transition']);
      expect((await act(again.id, 'merge', { intoId: again.id, version: 1 })).status).toBe(400);
      expect((await act(again.id, 'merge', { intoId: '00000000-0000-4000-8000-000000000000', version: 1 })).status).toBe(400);
      expect(await state(again.id)).toEqual(before);
      const merged = await act(again.id, 'merge', { intoId: first.id, version: 1 });
      expect(merged.body).toMatchObject({ status: 'merged', mergedIntoId: first.id });
      expect((await get(first.id)).thread).toEqual([expect.objectContaining({ direction: 'note', text: expect.stringContaining(again.code) })]);
      await assign(first.id);
      await act(first.id, 'answer', { mode: 'written', text: 'Điện lực sẽ đấu nối trong tháng.', version: (await get(first.id)).version });
      const track = (await http().get(`/api/public/petitions/${again.code}?token=${again.trackingToken}`).expect(200)).body;
      expect(track).toMatchObject({
        status: 'merged',
        mergedInto: { code: first.code, status: 'answered', answer: { mode: 'written', text: 'Điện lực sẽ đấu nối trong tháng.' } },
      });
      const rejected = await act((await intake()).id, 'reject', { reason: 'Không thuộc thẩm quyền của tỉnh', version: 1 });
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        history: [expect.objectContaining({ to: 'rejected', reason: 'Không thuộc thẩm quyền của tỉnh' })],
      });
    });

    it("the tracking page of a rejected petition carries the reason; of a merged one, the other petition's status and reason", async () => {
      const p = await intake();
      const open = (await http().get(`/api/public/petitions/${p.code}?token=${p.trackingToken}`).expect(200)).body;
      expect(open).not.toHaveProperty('rejectionReason');
      const dup = await intake({ title: 'Đề nghị hướng dẫn thủ tục cấp phép xây dựng (gửi lại)' });
      expect((await act(dup.id, 'merge', { intoId: p.id, version: 1 })).status).toBe(200);
      const reason = 'Tranh chấp hợp đồng dân sự, thuộc thẩm quyền của Tòa án';
      expect((await act(p.id, 'reject', { reason, version: 1 })).status).toBe(200);
      const track = (await http().get(`/api/public/petitions/${p.code}?token=${p.trackingToken}`).expect(200)).body;
      expect(track).toMatchObject({ status: 'rejected', rejectionReason: reason });
      expect(track).not.toHaveProperty('answer');
      const merged = (await http().get(`/api/public/petitions/${dup.code}?token=${dup.trackingToken}`).expect(200)).body;
      expect(merged).toMatchObject({ status: 'merged', mergedInto: { code: p.code, status: 'rejected', answer: null, rejectionReason: reason } });
      expect(merged).not.toHaveProperty('rejectionReason');
      expect(JSON.stringify([track, merged])).not.toContain('Trần Thị Bình');
    });

    it('PATCH edits the allowed fields (versioned); refuses unknown fields and stale versions; notes and replies', async () => {
      const p = await intake();
      const patched = await http()
        .patch(`/api/petitions/${p.id}`)
        .set('Authorization', organizer)
        .set('If-Match', '1')
        .send({ title: 'Tiêu đề mới', field: 'land', anonymous: true });
      expect(patched.body).toMatchObject({ title: 'Tiêu đề mới', field: 'land', anonymous: true, version: 2, history: [] });
      const before = await state(p.id);
      expect((await http().patch(`/api/petitions/${p.id}`).set('Authorization', organizer).send({ title: 'x', version: 1 })).body.code).toBe('stale_version');
      expect((await http().patch(`/api/petitions/${p.id}`).set('Authorization', organizer).send({ status: 'closed', version: 2 })).status).toBe(400);
      expect((await http().patch(`/api/petitions/${p.id}`).set('Authorization', organizer).send({ version: 2 })).status).toBe(400);
      expect((await http().patch(`/api/petitions/${p.id}`).set('Authorization', operator).send({ title: 'x', version: 2 })).status).toBe(403);
      expect(await state(p.id)).toEqual(before);

      const note = await http().post(`/api/petitions/${p.id}/notes`).set('Authorization', operator).send({ text: 'Đã gọi lại cho doanh nghiệp' }).expect(201);
      expect(note.body).toMatchObject({ direction: 'note', text: 'Đã gọi lại cho doanh nghiệp', status: 'sent', attachments: [], zaloMessageId: null });
      expect((await http().post(`/api/petitions/${p.id}/notes`).set('Authorization', landUser).send({ text: 'x' })).status).toBe(404);
      expect((await http().post(`/api/petitions/${p.id}/notes`).set('Authorization', operator).send({ text: '' })).status).toBe(400);
      const reply = await http()
        .post(`/api/petitions/${p.id}/replies`)
        .set('Authorization', organizer)
        .send({ text: 'Chúng tôi đã nhận kiến nghị.' })
        .expect(201);
      expect(reply.body.direction).toBe('out');
      expect((await http().post(`/api/petitions/${p.id}/replies`).set('Authorization', operator).send({ text: 'x' })).status).toBe(403);
      expect(
        (
          await http()
            .post(`/api/petitions/${p.id}/replies`)
            .set('Authorization', organizer)
            .send({ text: 'x'.repeat(2001) })
        ).status,
      ).toBe(400);
      const track = (await http().get(`/api/public/petitions/${p.code}?token=${p.trackingToken}`).expect(200)).body;
      expect(track.replies).toEqual([{ at: expect.any(String), text: 'Chúng tôi đã nhận kiến nghị.' }]);
      expect(JSON.stringify(track)).not.toContain('Đã gọi lại');
    });

    it('a long thread is paged: the petition carries the newest 100 and threadTotal; GET …/thread pages it oldest first; 404 for who may not see it', async () => {
      const p = await intake();
      for (let i = 1; i <= 105; i++)
        await http()
          .post(`/api/petitions/${p.id}/notes`)
          .set('Authorization', operator)
          .send({ text: `Ghi chú ${i}` })
          .expect(201);
      const detail = await get(p.id);
      expect(detail.threadTotal).toBe(105);
      expect(detail.thread.map((m: Body) => m.text)).toEqual(Array.from({ length: 100 }, (_, i) => `Ghi chú ${i + 6}`));
      const first = (await http().get(`/api/petitions/${p.id}/thread?limit=5`).set('Authorization', operator).expect(200)).body;
      expect(first).toEqual({ items: expect.any(Array), total: 105 });
      expect(first.items.map((m: Body) => m.text)).toEqual(['Ghi chú 1', 'Ghi chú 2', 'Ghi chú 3', 'Ghi chú 4', 'Ghi chú 5']);
      expect(first.items[0]).toMatchObject({ direction: 'note', status: 'sent', attachments: [], zaloMessageId: null });
      const last = (await http().get(`/api/petitions/${p.id}/thread?limit=10&offset=100`).set('Authorization', organizer).expect(200)).body;
      expect(last.items.map((m: Body) => m.text)).toEqual(['Ghi chú 101', 'Ghi chú 102', 'Ghi chú 103', 'Ghi chú 104', 'Ghi chú 105']);
      expect((await http().get(`/api/petitions/${p.id}/thread?offset=200`).set('Authorization', organizer).expect(200)).body).toEqual({
        items: [],
        total: 105,
      });
      for (const q of ['limit=0', 'limit=1001', 'offset=-1', 'limit=x'])
        expect([q, (await http().get(`/api/petitions/${p.id}/thread?${q}`).set('Authorization', organizer)).status]).toEqual([q, 400]);
      expect((await http().get(`/api/petitions/${p.id}/thread`).set('Authorization', landUser)).status).toBe(404);
      expect((await http().get(`/api/petitions/${p.id}/thread`).set('Authorization', otherPointUser)).status).toBe(404);
      expect((await http().get(`/api/petitions/${p.id}/thread`)).status).toBe(401);
    });
  });

  describe('who sees what', () => {
    let named: Body;
    let hidden: Body;
    let fromPoint: Body;

    beforeAll(async () => {
      named = await intake({
        title: 'Kiến nghị có tên',
        submitter: { name: 'Lê Văn Cường', organization: 'Công ty CP Thử Nghiệm Hồng Hà', phone: '0987654321' },
      });
      hidden = await intake({
        title: 'Kiến nghị ẩn danh',
        anonymous: true,
        submitter: {
          name: 'Phạm Thị Dung',
          organization: 'Công ty TNHH Bí Mật Đông Phong',
          phone: '0977111222',
          taxCode: validTaxCode(),
          email: 'dung@dongphong.example',
        },
      });
      await assign(named.id, { supportDepartmentIds: [tax.id] });
      await assign(hidden.id, { supportDepartmentIds: [tax.id] });
      fromPoint = (
        await http()
          .post('/api/petitions')
          .set('Authorization', pointUser)
          .send({ title: 'Từ điểm cầu huyện', content: 'C', submitter: { organization: 'HTX Nông nghiệp Thử' } })
          .expect(201)
      ).body;
    });

    it('a department sees the petitions it leads or supports, never an anonymous submitter (detail, list, queue, CSV, search)', async () => {
      for (const [auth, depId] of [
        [landUser, land.id],
        [taxUser, tax.id],
      ]) {
        const h = await get(hidden.id, auth);
        expect(h.submitter).toEqual({ name: null, organization: null, taxCode: null, phone: null, email: null, pointId: null, zaloUserId: null });
        expect(JSON.stringify(h)).not.toMatch(/Phạm Thị Dung|Đông Phong|0977111222|dongphong/);
        const n = await get(named.id, auth);
        expect(n.submitter).toMatchObject({ name: 'Lê Văn Cường', organization: 'Công ty CP Thử Nghiệm Hồng Hà', phone: '+84987654321' });
        const list = (await http().get('/api/petitions?limit=1000').set('Authorization', auth).expect(200)).body;
        expect(list.items.map((p: Body) => p.id)).toEqual(expect.arrayContaining([named.id, hidden.id]));
        expect(list.items.every((p: Body) => p.leadDepartmentId === depId || p.supportDepartmentIds.includes(depId))).toBe(true);
        expect(list.total).toBe(list.items.length);
        expect(JSON.stringify(list)).not.toMatch(/Phạm Thị Dung|Đông Phong|0977111222/);
        const csv = await http().get('/api/petitions?format=csv').set('Authorization', auth).expect(200);
        expect(csv.text).not.toMatch(/Đông Phong/);
        expect((await http().get('/api/petitions?q=dong phong').set('Authorization', auth)).body.total).toBe(0);
        // its search finds by title (anonymous or not) and by a named organization, with the counts, a status and pages
        const search = async (query: string) => (await http().get(`/api/petitions?${query}`).set('Authorization', auth).expect(200)).body;
        const byTitle = await search(`q=${encodeURIComponent('kien nghi')}&limit=1000`);
        expect(byTitle.items.map((p: Body) => p.id)).toEqual(expect.arrayContaining([named.id, hidden.id]));
        expect(byTitle.items.every((p: Body) => p.leadDepartmentId === depId || p.supportDepartmentIds.includes(depId))).toBe(true);
        expect([byTitle.total, Object.values(byTitle.countsByStatus as Record<string, number>).reduce((a, b) => a + b, 0)]).toEqual([
          byTitle.items.length,
          byTitle.items.length,
        ]);
        const second = await search(`q=${encodeURIComponent('kien nghi')}&limit=1&offset=1`);
        expect([second.total, second.items.map((p: Body) => p.id)]).toEqual([byTitle.total, [byTitle.items[1].id]]);
        const status = byTitle.items[0].status as string;
        const inStatus = await search(`q=${encodeURIComponent('kien nghi')}&status=${status}&limit=1000`);
        expect([inStatus.total, inStatus.items.every((p: Body) => p.status === status), inStatus.countsByStatus]).toEqual([
          byTitle.countsByStatus[status],
          true,
          byTitle.countsByStatus,
        ]);
        const byOrg = await search(`q=${encodeURIComponent('hong ha')}`);
        expect([byOrg.total, byOrg.items.map((p: Body) => p.id)]).toEqual([1, [named.id]]);
      }
      expect((await http().get('/api/petitions?q=dong phong').set('Authorization', organizer)).body.total).toBe(1);
    });

    it('a department that neither leads nor supports gets 404, as for an unknown id; it is not in its list', async () => {
      expect((await http().get(`/api/petitions/${named.id}`).set('Authorization', otherUser)).status).toBe(404);
      expect((await http().get(`/api/petitions/${fromPoint.id}`).set('Authorization', landUser)).status).toBe(404);
      const list = (await http().get('/api/petitions?limit=1000').set('Authorization', otherUser)).body;
      expect(list.items.some((p: Body) => p.id === named.id || p.id === hidden.id)).toBe(false);
    });

    it('a point sees only what came from its point; staff see everything, the Zalo id only for organizers and admins', async () => {
      expect((await get(fromPoint.id, pointUser)).submitter.pointId).toBe(pointId);
      expect((await http().get(`/api/petitions/${named.id}`).set('Authorization', pointUser)).status).toBe(404);
      expect((await http().get(`/api/petitions/${fromPoint.id}`).set('Authorization', otherPointUser)).status).toBe(404);
      const mine = (await http().get('/api/petitions?limit=1000').set('Authorization', pointUser)).body;
      expect(mine.items.every((p: Body) => p.submitter.pointId === pointId)).toBe(true);
      expect(mine.total).toBeGreaterThanOrEqual(1);
      expect((await get(hidden.id, operator)).submitter.name).toBe('Phạm Thị Dung');
    });

    it("the working group's internal notes never reach the point that sent the petition (its detail, its thread pages)", async () => {
      const secret = 'Ghi chú nội bộ: doanh nghiệp từng bị xử phạt, cần thận trọng';
      await http().post(`/api/petitions/${fromPoint.id}/notes`).set('Authorization', operator).send({ text: secret }).expect(201);
      const staff = await get(fromPoint.id, operator);
      expect(staff.thread.some((m: Body) => m.direction === 'note' && m.text === secret)).toBe(true);
      const own = await get(fromPoint.id, pointUser);
      expect(own.thread.some((m: Body) => m.direction === 'note')).toBe(false);
      expect(own.threadTotal).toBe(staff.threadTotal - staff.thread.filter((m: Body) => m.direction === 'note').length);
      expect(own.allowedActions).not.toContain('note');
      const pages = (await http().get(`/api/petitions/${fromPoint.id}/thread?limit=100`).set('Authorization', pointUser).expect(200)).body;
      expect([pages.items.some((m: Body) => m.direction === 'note'), pages.total]).toEqual([false, own.threadTotal]);
      expect(JSON.stringify(own)).not.toContain(secret);
    });

    it('lists carry only organization and point; each read of a petition with submitter data is in the access log (admin only)', async () => {
      const list = (
        await http()
          .get(`/api/petitions?q=${encodeURIComponent('Hồng Hà')}`)
          .set('Authorization', organizer)
      ).body;
      expect(list.items[0].submitter).toEqual({
        name: null,
        organization: 'Công ty CP Thử Nghiệm Hồng Hà',
        taxCode: null,
        phone: null,
        email: null,
        pointId: null,
        zaloUserId: null,
      });
      await get(named.id, landUser);
      const log = (await http().get(`/api/petitions/${named.id}/access-log`).set('Authorization', admin).expect(200)).body as Body[];
      expect(log.at(-1)).toMatchObject({ role: 'department', at: expect.any(String), by: expect.any(String) });
      expect((await http().get(`/api/petitions/${named.id}/access-log`).set('Authorization', organizer)).status).toBe(403);
      const hiddenLogBefore = (await http().get(`/api/petitions/${hidden.id}/access-log`).set('Authorization', admin)).body.length;
      await get(hidden.id, landUser); // nothing personal received: not a read of submitter data
      expect((await http().get(`/api/petitions/${hidden.id}/access-log`).set('Authorization', admin)).body.length).toBe(hiddenLogBefore);
    });

    it('erase-submitter (admin) nulls the submitter and keeps the rest', async () => {
      const p = await intake();
      expect((await act(p.id, 'erase-submitter', {}, organizer)).status).toBe(403);
      const erased = await act(p.id, 'erase-submitter', {}, admin);
      expect(erased.body).toMatchObject({
        submitterErased: true,
        submitter: { name: null, organization: null, taxCode: null, phone: null, email: null },
        title: p.title,
      });
    });
  });

  describe('public side', () => {
    it('submits with consent (400 without), tracks by code + token (404 for a wrong or missing token), never returns submitter data', async () => {
      const ip = { 'X-Forwarded-For': '203.0.113.10' };
      const before = await total();
      const noConsent = await http()
        .post('/api/public/petitions')
        .set(ip)
        .send(publicBody({ consent: false }));
      expect([noConsent.status, noConsent.body.code]).toEqual([400, 'validation_failed']);
      const badTax = await http()
        .post('/api/public/petitions')
        .set(ip)
        .send(publicBody({ submitter: { name: 'A', organization: 'B', phone: '0912345678', taxCode: '0100109107' } }));
      expect(badTax.body.details).toEqual({ field: 'submitter.taxCode' });
      const noPhone = await http()
        .post('/api/public/petitions')
        .set(ip)
        .send(publicBody({ submitter: { name: 'A', organization: 'B' } }));
      expect(noPhone.status).toBe(400);
      const blank = await http()
        .post('/api/public/petitions')
        .set(ip)
        .send(publicBody({ content: ' \n  \n ' }));
      expect([blank.status, blank.body.code, blank.body.messages?.vi]).toEqual([400, 'validation_failed', ['content không được để trống']]);
      expect(await total()).toBe(before);
      const body = publicBody({ anonymous: true });
      const res = await http().post('/api/public/petitions').set(ip).send(body).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(['code', 'trackingToken']);
      const track = await http().get(`/api/public/petitions/${res.body.code}?token=${res.body.trackingToken}`).expect(200);
      expect(Object.keys(track.body).sort()).toEqual(['code', 'dueAt', 'field', 'leadDepartment', 'receivedAt', 'replies', 'status']);
      const submitter = body.submitter as Body;
      expect(JSON.stringify(track.body)).not.toMatch(new RegExp(`${submitter.name}|${submitter.organization}|${submitter.taxCode}|912345678`));
      for (const url of [
        `/api/public/petitions/${res.body.code}?token=wrong`,
        `/api/public/petitions/${res.body.code}`,
        `/api/public/petitions/KN-1999-000001?token=${res.body.trackingToken}`,
        '/api/public/petitions/nonsense?token=x',
      ]) {
        const r = await http().get(url);
        expect([url, r.status, r.body.code]).toEqual([url, 404, 'not_found']);
      }
      const staffView = (await http().get(`/api/petitions?q=${res.body.code}`).set('Authorization', organizer)).body.items[0];
      expect(staffView).toMatchObject({ channel: 'web', kind: 'petition', anonymous: true, status: 'received' });
    });

    it('at most 5 accepted submissions an hour per client address: the 6th is 429 rate_limited with retryAfterSeconds, nothing stored', async () => {
      const ip = { 'X-Forwarded-For': '198.51.100.77' };
      for (let i = 0; i < 5; i++) await http().post('/api/public/petitions').set(ip).send(publicBody()).expect(201);
      const before = await total();
      const sixth = await http().post('/api/public/petitions').set(ip).send(publicBody());
      expect([sixth.status, sixth.body.code]).toEqual([429, 'rate_limited']);
      expect(sixth.body.details.retryAfterSeconds).toBeGreaterThan(3500);
      expect(sixth.body.details.retryAfterSeconds).toBeLessThanOrEqual(3600);
      expect(await total()).toBe(before);
      await http().post('/api/public/petitions').set({ 'X-Forwarded-For': '198.51.100.78' }).send(publicBody()).expect(201);
    });

    it('published answers: only published, newest first, searchable by field and words; no submitter data', async () => {
      const p = await intake({
        title: 'Đề nghị gia hạn nộp thuế đất',
        field: 'tax',
        submitter: { name: 'Đỗ Văn Em', organization: 'Công ty TNHH Công Khai Thử', phone: '0911000111' },
      });
      await assign(p.id, { leadDepartmentId: tax.id });
      const ans = await act(
        p.id,
        'answer',
        { mode: 'written', text: 'Cục Thuế hướng dẫn gia hạn theo Nghị định.', documentNo: '55/CT', version: (await get(p.id)).version },
        taxUser,
      );
      const unpublished = (await http().get('/api/public/answers?q=gia han nop thue').expect(200)).body;
      expect(unpublished.total).toBe(0);
      await act(p.id, 'publish', { version: ans.body.version });
      const page = (await http().get('/api/public/answers?q=gia han nop thue&field=tax').expect(200)).body;
      expect(page).toEqual({
        total: 1,
        items: [
          {
            code: p.code,
            title: 'Đề nghị gia hạn nộp thuế đất',
            field: 'tax',
            leadDepartment: { name: 'Cục Thuế tỉnh' },
            answer: { mode: 'written', text: 'Cục Thuế hướng dẫn gia hạn theo Nghị định.', documentNo: '55/CT', signedBy: null },
            answeredAt: expect.any(String),
          },
        ],
      });
      expect((await http().get('/api/public/answers?field=land&q=gia han nop thue')).body.total).toBe(0);
      expect(JSON.stringify((await http().get('/api/public/answers?limit=1000')).body)).not.toMatch(/Đỗ Văn Em|Công Khai Thử|911000111|answeredBy/);
      expect((await http().get('/api/public/answers?field=weather')).status).toBe(400);
    });
  });

  describe('inbox', () => {
    it('filters by status, kind, field, channel, department, overdue and accent-insensitive search; counts per status; CSV with a BOM, formula-safe', async () => {
      const p = await intake({ title: '=HYPERLINK("http://x") Đề nghị xử lý ô nhiễm', field: 'environment', channel: 'email' });
      const a = await assign(p.id, { leadDepartmentId: other.id });
      // Make it overdue: a due date in the near future, then check against a later "now" is not possible; use a 1-working-day deadline and compare with overdue=false.
      const byField = (await http().get('/api/petitions?field=environment&channel=email').set('Authorization', organizer)).body;
      expect(byField.items.map((x: Body) => x.id)).toContain(p.id);
      expect(byField.items.every((x: Body) => x.field === 'environment' && x.channel === 'email')).toBe(true);
      const search = (
        await http()
          .get(`/api/petitions?q=${encodeURIComponent('O NHIEM')}`)
          .set('Authorization', organizer)
      ).body;
      expect(search.items.map((x: Body) => x.id)).toEqual([p.id]);
      const byDep = (await http().get(`/api/petitions?departmentId=${other.id}&status=assigned`).set('Authorization', organizer)).body;
      expect(byDep.items.map((x: Body) => x.id)).toEqual([p.id]);
      expect(byDep.countsByStatus).toEqual({ assigned: 1 });
      expect((await http().get('/api/petitions?overdue=true').set('Authorization', organizer)).body.items.every((x: Body) => x.overdue)).toBe(true);
      expect((await http().get(`/api/petitions?overdue=false&departmentId=${other.id}`).set('Authorization', organizer)).body.total).toBe(1);
      const all = (await http().get('/api/petitions?limit=5').set('Authorization', organizer)).body;
      expect(all.total).toBe(Object.values(all.countsByStatus as Record<string, number>).reduce((x, y) => x + y, 0));
      const received = all.items.map((x: Body) => x.receivedAt);
      expect(received).toEqual([...received].sort().reverse());
      const csv = await http().get(`/api/petitions?format=csv&departmentId=${other.id}`).set('Authorization', organizer).expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text.charCodeAt(0)).toBe(0xfeff);
      expect(csv.text.split('\r\n')[0]).toBe(
        '\uFEFFcode,receivedAt,kind,channel,field,title,organization,anonymous,status,leadDepartment,dueAt,overdue,workingDaysLeft,answeredAt,answerMode,published,conferenceId',
      );
      expect(csv.text).toContain(`${p.code},`);
      expect(csv.text).toContain(`"'=HYPERLINK(""http://x"") Đề nghị xử lý ô nhiễm"`);
      expect(a.version).toBe(2);
      for (const bad of ['status=open', 'field=x', 'overdue=maybe', 'departmentId=nope', 'limit=0', 'format=xml']) {
        expect([bad, (await http().get(`/api/petitions?${bad}`).set('Authorization', organizer)).status]).toEqual([bad, 400]);
      }
    });

    it('an overdue petition stands out: overdue, negative working days left, in ?overdue=true', async () => {
      const p = await intake();
      await assign(p.id, { leadDepartmentId: other.id, dueAt: DateTime.now().plus({ seconds: 2 }).toISO() });
      await new Promise((r) => setTimeout(r, 2100));
      const body = await get(p.id);
      expect(body).toMatchObject({ overdue: true });
      expect(body.workingDaysLeft).toBeLessThanOrEqual(0);
      expect((await http().get('/api/petitions?overdue=true&limit=1000').set('Authorization', organizer)).body.items.map((x: Body) => x.id)).toContain(p.id);
    });
  });
});
