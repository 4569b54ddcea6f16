/**
 * v2 "Links and contacts that survive a live broadcast": current links listed without reissue, per-point reissue,
 * short codes and their exchange (with its rate limit), `revoked` then disconnect, cancelled conferences' links,
 * the organizers' hotline on the conference, and the attendance report as an Excel workbook.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from './helpers/test-app';
import { makeConference } from './helpers/conferences.factory';
import { makePoint } from './helpers/points.factory';
import {
  ask,
  boardOf,
  checkedIn,
  closeAllSockets,
  connectError,
  connectLive,
  liveConference,
  next,
  roleToken,
  waitFor,
  type LiveConference,
} from './helpers/live-client';

const ALPHABET = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/;

interface Link {
  pointId: string;
  code: string;
  name: string;
  token: string;
  url: string;
  shortCode: string;
  expiresAt: string;
}

describe('check-in links and contacts (v2)', () => {
  let t: TestApp;
  let lc: LiveConference;
  let operator: string;
  const http = () => t.http();
  const linksOf = async (id: string, auth = lc.organizer): Promise<Link[]> =>
    (await http().get(`/api/conferences/${id}/checkin-links`).set('Authorization', auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ PRESENCE_GRACE_MS: '1000' });
    lc = await liveConference(t, ['district', 'district', 'commune']);
    operator = await roleToken(t, 'operator');
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await t?.close();
  });

  it('lists the current links as often as asked, identical each time, without revoking them', async () => {
    const first = await linksOf(lc.conference.id);
    expect(first).toHaveLength(4); // the host and three points
    const second = await linksOf(lc.conference.id, operator);
    expect(second).toEqual(first);
    for (const l of first) {
      expect(l.token).toBe(lc.links.get(l.pointId));
      expect(l.url).toMatch(/\/checkin#token=/);
      expect(l.url.endsWith(l.token)).toBe(true);
      expect(l.shortCode).toMatch(ALPHABET);
      expect(l.expiresAt).toMatch(/\+07:00$/);
    }
    expect(new Set(first.map((l) => l.shortCode)).size).toBe(first.length);
    // still working: a point checks in with the listed token
    const s = await checkedIn(t, first[1].token, lc.conference.id);
    expect(s.connected).toBe(true);
  });

  it('GET is [] before any issue, organizer and operator only, 404 for an unknown conference', async () => {
    const conf = await makeConference(t, { status: 'scheduled' });
    expect(await linksOf(conf.id)).toEqual([]);
    const pointUser = await roleToken(t, 'point', lc.points[0].id);
    await http().get(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', pointUser).expect(403);
    await http().get(`/api/conferences/${conf.id}/checkin-links`).expect(401);
    await http().get(`/api/conferences/${randomUUID()}/checkin-links`).set('Authorization', lc.organizer).expect(404);
    await http().post(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', operator).send({}).expect(403);
  });

  it('reissues one point: only its link (token and short code) is revoked, the others keep working', async () => {
    const before = await linksOf(lc.conference.id);
    const target = lc.points[0].id;
    const res = await http()
      .post(`/api/conferences/${lc.conference.id}/checkin-links`)
      .set('Authorization', lc.organizer)
      .send({ pointIds: [target] })
      .expect(201);
    expect(res.body).toHaveLength(1);
    const fresh: Link = res.body[0];
    const old = before.find((l) => l.pointId === target)!;
    expect(Object.keys(fresh).sort()).toEqual(['code', 'expiresAt', 'name', 'pointId', 'shortCode', 'token', 'url']);
    expect(fresh.token).not.toBe(old.token);
    expect(fresh.shortCode).not.toBe(old.shortCode);
    expect(fresh.shortCode).toMatch(ALPHABET);

    expect((await connectError(t, old.token)).message).toBe('unauthorized');
    await http().post('/api/auth/checkin-code').send({ code: old.shortCode }).expect(404);
    const after = await linksOf(lc.conference.id);
    for (const l of after) {
      if (l.pointId === target) expect(l).toEqual(fresh);
      else expect(l).toEqual(before.find((b) => b.pointId === l.pointId));
    }
    const other = after.find((l) => l.pointId === lc.points[1].id)!;
    expect((await checkedIn(t, other.token, lc.conference.id)).connected).toBe(true);
    lc.links.set(target, fresh.token);
  });

  it('refuses a bad reissue body and changes nothing', async () => {
    const before = await linksOf(lc.conference.id);
    const url = `/api/conferences/${lc.conference.id}/checkin-links`;
    for (const body of [{ pointIds: [] }, { pointIds: ['nope'] }, { pointIds: [lc.points[0].id], extra: 1 }, { pointIds: [randomUUID()] }, { pointIds: 'x' }]) {
      const res = await http().post(url).set('Authorization', lc.organizer).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await linksOf(lc.conference.id)).toEqual(before);
  });

  it('exchanges a short code for the same token as the link (case, spaces and dashes ignored)', async () => {
    const [l] = (await linksOf(lc.conference.id)).slice(-1);
    const res = await http().post('/api/auth/checkin-code').send({ code: l.shortCode }).expect(200);
    expect(res.body).toEqual({ token: l.token });
    const typed = `${l.shortCode.slice(0, 5).toLowerCase()}-${l.shortCode.slice(5)} `;
    expect((await http().post('/api/auth/checkin-code').send({ code: typed }).expect(200)).body.token).toBe(l.token);
    const me = await http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    expect(me.body).toMatchObject({ role: 'point', pointId: l.pointId, conferenceId: lc.conference.id });
    for (const body of [{}, { code: 5 }, { code: 'ABCDEFGHJK', x: 1 }]) {
      expect((await http().post('/api/auth/checkin-code').send(body)).status).toBe(400);
    }
  });

  it('sends `revoked` to the sockets of a revoked link, then closes them; the log says why', async () => {
    const target = lc.points[2].id;
    const s = await checkedIn(t, lc.links.get(target)!, lc.conference.id);
    const otherSocket = await checkedIn(t, lc.links.get(lc.points[1].id)!, lc.conference.id);
    const revoked = next<{ conferenceId: string; reason: string }>(s, 'revoked' as never);
    const closed = new Promise<string>((ok) => s.once('disconnect', (reason) => ok(reason)));
    await http()
      .post(`/api/conferences/${lc.conference.id}/checkin-links`)
      .set('Authorization', lc.organizer)
      .send({ pointIds: [target] })
      .expect(201);
    expect(await revoked).toEqual({ conferenceId: lc.conference.id, reason: 'link_revoked' });
    expect(await closed).toBe('io server disconnect');
    expect(otherSocket.connected).toBe(true);
    const events = await waitFor(async () => {
      const evs: Array<{ type: string; pointId: string; detail: Record<string, unknown> | null }> = (
        await http().get(`/api/conferences/${lc.conference.id}/presence/events?pointId=${target}`).set('Authorization', operator).expect(200)
      ).body;
      return evs.find((e) => e.type === 'disconnect' && e.detail?.reason === 'link_revoked');
    });
    expect(events.detail).toMatchObject({ reason: 'link_revoked' });
  });

  it("keeps the organizers' hotline on the conference: create, PATCH (versioned), cleared with null, refused once ended", async () => {
    const host = await makePoint(t, { level: 'province' });
    const created = await http()
      .post('/api/conferences')
      .set('Authorization', lc.organizer)
      .send({
        title: 'Hội nghị giao ban',
        startsAt: '2031-03-10T08:00:00+07:00',
        endsAt: '2031-03-10T10:00:00+07:00',
        hostPointId: host.id,
        contactName: 'Nguyễn Thị Thu',
        contactPhone: '0222 3822 888',
      })
      .expect(201);
    expect(created.body).toMatchObject({ contactName: 'Nguyễn Thị Thu', contactPhone: '0222 3822 888', version: 1 });
    const id = created.body.id;
    const edited = await http()
      .patch(`/api/conferences/${id}`)
      .set('Authorization', lc.organizer)
      .send({ version: 1, contactPhone: '+84 912 345 678' })
      .expect(200);
    expect(edited.body).toMatchObject({ contactName: 'Nguyễn Thị Thu', contactPhone: '+84 912 345 678', version: 2 });
    await http().patch(`/api/conferences/${id}`).set('Authorization', lc.organizer).send({ version: 1, contactName: 'X' }).expect(409);
    const bad = await http().patch(`/api/conferences/${id}`).set('Authorization', lc.organizer).send({ version: 2, contactPhone: 'gọi tôi' });
    expect(bad.status).toBe(400);
    const cleared = await http().patch(`/api/conferences/${id}`).set('Authorization', lc.organizer).send({ version: 2, contactName: null }).expect(200);
    expect(cleared.body).toMatchObject({ contactName: null, version: 3 });
    for (const status of ['scheduled', 'live', 'ended']) {
      const v = (await http().get(`/api/conferences/${id}`).set('Authorization', lc.organizer)).body.version;
      await http().post(`/api/conferences/${id}/status`).set('Authorization', lc.organizer).send({ status, version: v }).expect(200);
    }
    const v = (await http().get(`/api/conferences/${id}`).set('Authorization', lc.organizer)).body.version;
    await http().patch(`/api/conferences/${id}`).set('Authorization', lc.organizer).send({ version: v, contactName: 'Y' }).expect(409);
    expect((await http().get(`/api/conferences/${id}`).set('Authorization', lc.organizer)).body.contactName).toBeNull();
  });

  it('a cancelled conference: its links still open the page (and are still listed), check-in is refused, reissue is 409', async () => {
    const c = await liveConference(t, ['district']);
    const v = (await http().get(`/api/conferences/${c.conference.id}`).set('Authorization', c.organizer)).body.version;
    await http().post(`/api/conferences/${c.conference.id}/status`).set('Authorization', c.organizer).send({ status: 'cancelled', version: v }).expect(200);
    const token = c.links.get(c.points[0].id)!;
    const conf = await http().get(`/api/conferences/${c.conference.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(conf.body.status).toBe('cancelled');
    expect(await linksOf(c.conference.id)).toHaveLength(2);
    const s = await connectLive(t, token);
    const ack = await ask(s, 'checkin', { conferenceId: c.conference.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await http().post(`/api/conferences/${c.conference.id}/checkin-links`).set('Authorization', c.organizer).send({}).expect(409);
  });

  /** The attendance workbook of a conference, as the operator downloads it (the body as bytes). */
  const xlsx = (conferenceId: string) =>
    http()
      .get(`/api/conferences/${conferenceId}/attendance?format=xlsx`)
      .set('Authorization', operator)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);

  it('gives the attendance report as an Excel workbook with Vietnamese headers and office times', async () => {
    const res = await xlsx(lc.conference.id);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="tham-du-[a-z0-9-]+\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.worksheets[0];
    const texts: string[] = [];
    ws.eachRow((row) =>
      texts.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => String(v ?? ''))
          .join('|'),
      ),
    );
    expect(ws.getCell('A1').value).toBe('BÁO CÁO THAM DỰ HỘI NGHỊ');
    expect(ws.getCell('A2').value).toBe(lc.conference.title);
    expect(String(ws.getCell('A4').value)).toMatch(/^Điểm cầu chính: ./);
    const headerAt = texts.findIndex((x) => x.startsWith('Mã|'));
    expect(texts[headerAt].split('|')).toEqual([
      'Mã',
      'Điểm cầu',
      'Cấp',
      'Trạng thái',
      'Hình thức tham dự',
      'Lý do',
      'Giờ vào',
      'Thời gian kết nối (phút)',
      'Số lần mất tín hiệu',
      'Điểm danh',
    ]);
    const body = texts.slice(headerAt + 1).map((x) => x.split('|'));
    expect(body).toHaveLength(4);
    const checked = body.find((r) => r[0] === lc.points[1].code)!;
    expect(checked[2]).toBe('Cấp huyện');
    expect(checked[6]).toMatch(/^\d\d:\d\d \d\d\/\d\d\/\d{4}$/);
    const never = body.find((r) => r[6] === '')!;
    expect(never[3]).toBe('Chưa kết nối');
    // the CSV is unchanged
    const csv = await http().get(`/api/conferences/${lc.conference.id}/attendance?format=csv`).set('Authorization', operator).expect(200);
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFFcode,name,level,state,attendance,firstCheckinAt,connectedSeconds,drops');
    // named like the workbook (it was attendance-<uuid>.csv)
    expect(csv.headers['content-disposition']).toBe(res.headers['content-disposition'].replace(/\.xlsx"$/, '.csv"'));
  });

  it("counts in the workbook's roll-call column the answers each point gave, and none for the host (which logs the roll call's start and result)", async () => {
    const rc = await liveConference(t, ['district', 'district']);
    const cid = rc.conference.id;
    const [answers, silent] = rc.points;
    const s1 = await checkedIn(t, rc.links.get(answers.id)!, cid);
    await checkedIn(t, rc.links.get(silent.id)!, cid);
    const board = await boardOf(t, cid);
    const prompted = next<{ rollcallId: string }>(s1, 'rollcall');
    const final = new Promise<void>((done) => board.socket.on('rollcall:result' as never, ((r: { done: boolean }) => r.done && done()) as never));
    expect((await ask(board.socket, 'rollcall:start', { conferenceId: cid, timeoutSeconds: 5 })).ok).toBe(true);
    expect(await ask(s1, 'rollcall:answer', { rollcallId: (await prompted).rollcallId })).toEqual({ ok: true });
    await final;
    const res = await xlsx(cid);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const header = rows.findIndex((r) => r[0] === 'Mã');
    const column = rows[header].indexOf('Điểm danh');
    const byCode = new Map(rows.slice(header + 1).map((r) => [r[0], r[column]]));
    expect([byCode.get(answers.code), byCode.get(silent.code)]).toEqual(['1', '0']);
    // the third row is the host point: it logged the roll call's start and its result, and answered nothing
    expect(byCode.size).toBe(3);
    expect([...byCode.entries()].filter(([code]) => code !== answers.code).map(([, n]) => n)).toEqual(['0', '0']);
  });

  it('tells the holder of a link what became of it (public): valid, replaced, expired, or not a link, with the hotline', async () => {
    const status = async (token: string) => (await http().post('/api/conferences/checkin-link-status').send({ token }).expect(200)).body;
    const [current] = await linksOf(lc.conference.id);
    expect(await status(current.token)).toMatchObject({
      state: 'valid',
      conference: { id: lc.conference.id, title: lc.conference.title },
      point: { code: current.code },
    });
    // replaced
    const old = current.token;
    await http()
      .post(`/api/conferences/${lc.conference.id}/checkin-links`)
      .set('Authorization', lc.organizer)
      .send({ pointIds: [current.pointId] })
      .expect(201);
    const replaced = await status(old);
    expect(replaced.state).toBe('revoked');
    expect(replaced.conference).toMatchObject({ status: 'live' });
    expect(replaced.conference).toHaveProperty('contactPhone');
    // expired: a conference that ended days ago (links last a day after the end)
    const past = await makeConference(t, { startsAt: '2021-07-10T08:00:00+07:00', endsAt: '2021-07-10T11:00:00+07:00', status: 'scheduled' });
    const [pastLink] = (await http().post(`/api/conferences/${past.id}/checkin-links`).set('Authorization', lc.organizer).send({}).expect(201)).body as Link[];
    expect((await status(pastLink.token)).state).toBe('expired');
    // cut short, mistyped, forged: nothing about any conference
    for (const bad of [old.slice(0, -5), 'abc', `${old.split('.').slice(0, 2).join('.')}.AAAA`]) expect(await status(bad)).toEqual({ state: 'invalid' });
    await http().post('/api/conferences/checkin-link-status').send({}).expect(400);
  });

  it('counts failed code attempts per address: the 11th in a minute is 429, even with a right code', async () => {
    const [l] = await linksOf(lc.conference.id);
    // earlier tests in this file used one failed attempt (the revoked code) and three malformed bodies (400: not counted)
    let failures = 1;
    while (failures < 10) {
      const r = await http().post('/api/auth/checkin-code').send({ code: 'ZZZZZZZZZZ' });
      expect(r.status).toBe(404);
      failures++;
    }
    const blocked = await http().post('/api/auth/checkin-code').send({ code: l.shortCode });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('rate_limited');
    expect(blocked.body.details.retryAfterSeconds).toBeGreaterThan(0);
  });
});
