import { DateTime } from 'luxon';
import { ask, boardOf, checkedIn, closeAllSockets, liveConference, next, roleToken, sleep, waitFor, type LiveConference } from './helpers/live-client';
import { createTestApp, type TestApp } from './helpers/test-app';

interface Report {
  conferenceId: string;
  invited: number;
  onlineAtStart: number;
  peakOnline: number;
  everConnected: number;
  neverConnected: string[];
  drops: number;
  byLevel: Record<string, { invited: number; everConnected: number }>;
  points: Array<{
    pointId: string;
    intervals: Array<{ from: string; to: string | null }>;
    drops: number;
    connectedSeconds: number;
    attendance: string | null;
    attendanceReason: string | null;
  }>;
  rollcalls: Array<{ at: string; answered: string[]; missing: string[] }>;
  notices: number;
  agenda: Array<{ itemId: string; title: string; plannedStartAt: string; actualStartAt: string | null; delayMinutes: number | null }>;
  readiness: Record<string, { ok: number; total: number }>;
}

describe('post-conference report (e2e)', () => {
  let t: TestApp;
  let lc: LiveConference;
  let cid: string;
  let operator: string;
  const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').minus({ minutes: 10 }).startOf('minute');

  beforeAll(async () => {
    t = await createTestApp({ PRESENCE_GRACE_MS: '300' });
    lc = await liveConference(t, ['district', 'district', 'commune'], { startsAt: start.toISO()!, endsAt: start.plus({ hours: 2 }).toISO()! });
    cid = lc.conference.id;
    operator = await roleToken(t, 'operator');
  });
  afterAll(async () => {
    closeAllSockets();
    await t?.close();
  });

  const report = async (auth = operator): Promise<Report> => (await t.http().get(`/api/conferences/${cid}/report`).set('Authorization', auth).expect(200)).body;

  it('an ended conference stops counting at its end: a site still connected adds no time, and its later drop is not counted, in the report and the attendance files', async () => {
    const other = await liveConference(t, ['district', 'commune'], { startsAt: start.toISO()!, endsAt: start.plus({ hours: 2 }).toISO()! });
    const [stays] = other.points;
    const socket = await checkedIn(t, other.links.get(stays.id)!, other.conference.id); // its socket stays open after the end
    await sleep(1_200);
    const conf = (await t.http().get(`/api/conferences/${other.conference.id}?points=none`).set('Authorization', other.organizer).expect(200)).body;
    const ended = (
      await t
        .http()
        .post(`/api/conferences/${other.conference.id}/status`)
        .set('Authorization', other.organizer)
        .send({ status: 'ended', version: conf.version })
        .expect(200)
    ).body;
    const read = async () => {
      const r = (await t.http().get(`/api/conferences/${other.conference.id}/report`).set('Authorization', operator).expect(200)).body as Report;
      const rows = (await t.http().get(`/api/conferences/${other.conference.id}/attendance`).set('Authorization', operator).expect(200)).body as Array<{
        pointId: string;
        state: string;
        connectedSeconds: number;
        drops: number;
      }>;
      const csv = (await t.http().get(`/api/conferences/${other.conference.id}/attendance?format=csv`).set('Authorization', operator).expect(200)).text;
      const line = csv.split('\r\n').find((l) => l.startsWith(`${stays.code},`))!;
      return { point: r.points.find((p) => p.pointId === stays.id)!, row: rows.find((x) => x.pointId === stays.id)!, csv: line.split(',').slice(3) };
    };
    const first = await read();
    expect(first.point.intervals).toEqual([{ from: expect.any(String), to: ended.updatedAt }]);
    expect(first.point.connectedSeconds).toBeGreaterThanOrEqual(1);
    expect(first.row).toMatchObject({ state: 'online', drops: 0, connectedSeconds: first.point.connectedSeconds });
    await sleep(2_200); // the socket is still open: before, both figures grew by these two seconds
    const later = await read();
    expect([later.point.connectedSeconds, later.row.connectedSeconds]).toEqual([first.point.connectedSeconds, first.row.connectedSeconds]);
    expect(later.point.intervals).toEqual(first.point.intervals);
    // The site's socket drops after the end and its grace runs out: the live record counts a drop and the point
    // goes offline, but the conference was over; its files still say how it stood at the end.
    socket.disconnect();
    await waitFor(async () => {
      const events = (
        await t.http().get(`/api/conferences/${other.conference.id}/presence/events?pointId=${stays.id}`).set('Authorization', operator).expect(200)
      ).body;
      return events.some((e: { type: string }) => e.type === 'lost');
    });
    const dropped = await read();
    expect(dropped.row).toEqual(first.row);
    expect(dropped.csv).toEqual(first.csv);
    expect(dropped.csv.slice(0, 1).concat(dropped.csv.slice(-1))).toEqual(['online', '0']);
    expect(dropped.point).toMatchObject({ drops: 0, connectedSeconds: first.point.connectedSeconds });
  });

  it('who may read it: staff users; not a point, not without a token; unknown conference 404', async () => {
    await t.http().get(`/api/conferences/${cid}/report`).expect(401);
    await t
      .http()
      .get(`/api/conferences/${cid}/report`)
      .set('Authorization', await roleToken(t, 'point', lc.points[0].id))
      .expect(403);
    await t
      .http()
      .get(`/api/conferences/${cid}/report`)
      .set('Authorization', `Bearer ${lc.links.get(lc.points[0].id)}`)
      .expect(403);
    await t.http().get(`/api/conferences/00000000-0000-4000-8000-000000000000/report`).set('Authorization', operator).expect(404);
    await t.http().get(`/api/conferences/nope/report`).set('Authorization', operator).expect(400);
    await report(lc.organizer);
    await report(await roleToken(t, 'admin'));
  });

  it('intervals, drops, never-connected, counts per level, roll calls, notices and planned vs actual agenda times', async () => {
    const [d1, d2, c1] = lc.points;
    const host = lc.conference.hostPointId;
    const organizer = lc.organizer;
    // An agenda: two items; the first starts now (10 minutes late).
    let v = (await t.http().get(`/api/conferences/${cid}/agenda`).set('Authorization', organizer)).body.version;
    for (const [title, durationMinutes] of [
      ['Khai mạc', 15],
      ['Báo cáo', 30],
    ] as const) {
      v = (
        await t
          .http()
          .post(`/api/conferences/${cid}/agenda/items`)
          .set('Authorization', organizer)
          .send({ version: v, title, kind: 'report', durationMinutes })
          .expect(201)
      ).body.version;
    }
    const items = (await t.http().get(`/api/conferences/${cid}/agenda`).set('Authorization', organizer)).body.items;
    await t.http().post(`/api/conferences/${cid}/agenda/current`).set('Authorization', operator).send({ itemId: items[0].id }).expect(200);

    const board = await boardOf(t, cid);
    const s1 = await checkedIn(t, lc.links.get(d1.id)!, cid);
    let s2 = await checkedIn(t, lc.links.get(d2.id)!, cid);
    // d2 drops and comes back; d1 checks out.
    s2.disconnect();
    await waitFor(() => board.entry(d2.id)?.state === 'unstable');
    await sleep(50);
    s2 = await checkedIn(t, lc.links.get(d2.id)!, cid);
    // A roll call that d2 answers, and a notice.
    const prompted = next<{ rollcallId: string }>(s2, 'rollcall');
    const started = await ask(board.socket, 'rollcall:start', { conferenceId: cid, timeoutSeconds: 5 });
    expect(started.ok).toBe(true);
    const prompt = await prompted;
    expect(await ask(s2, 'rollcall:answer', { rollcallId: prompt.rollcallId })).toEqual({ ok: true });
    expect((await ask(board.socket, 'notice', { conferenceId: cid, text: 'Các điểm cầu chuẩn bị phát biểu', to: { all: true } })).ok).toBe(true);
    expect((await ask(board.socket, 'attendance:mark', { conferenceId: cid, pointId: c1.id, attendance: 'absent', reason: 'Mất điện' })).ok).toBe(true);
    expect((await ask(s1, 'checkout', { conferenceId: cid })).ok).toBe(true);

    const r = await report();
    expect(r).toMatchObject({ conferenceId: cid, invited: 4, onlineAtStart: 0, everConnected: 2, drops: 1, notices: 1 });
    expect(r.peakOnline).toBe(2);
    expect(r.neverConnected.sort()).toEqual([c1.id, host].sort());
    expect(r.byLevel.district).toEqual({ invited: 2, everConnected: 2 });
    expect(r.byLevel.commune).toEqual({ invited: 1, everConnected: 0 });
    const p1 = r.points.find((p) => p.pointId === d1.id)!;
    const p2 = r.points.find((p) => p.pointId === d2.id)!;
    expect(p1.intervals).toHaveLength(1);
    expect(p1.intervals[0].to).not.toBeNull(); // checked out
    expect(p2.intervals).toHaveLength(2);
    expect(p2.intervals[0].to).not.toBeNull();
    expect(p2.intervals[1].to).toBeNull(); // still connected
    expect(p2.intervals[0].from).toMatch(/\+07:00$/);
    expect(p2.drops).toBe(1);
    expect(r.points.find((p) => p.pointId === c1.id)).toMatchObject({ intervals: [], drops: 0, connectedSeconds: 0, attendance: 'absent' });
    expect(r.rollcalls).toHaveLength(1);
    expect(r.rollcalls[0].answered).toEqual([d2.id]);
    expect(r.agenda.map((a) => [a.title, a.plannedStartAt])).toEqual([
      ['Khai mạc', start.toISO()],
      ['Báo cáo', start.plus({ minutes: 15 }).toISO()],
    ]);
    expect(r.agenda[0].delayMinutes).toBeGreaterThanOrEqual(9);
    expect(r.agenda[1]).toMatchObject({ actualStartAt: null, delayMinutes: null });

    // At the deadline the roll call's final result is written: d2 answered, nobody else was asked (d1 had not checked out yet: missing).
    await waitFor(async () => (await report()).rollcalls[0].missing.length > 0, 8000);
    const final = (await report()).rollcalls[0];
    expect(final.answered).toEqual([d2.id]);
    expect(final.missing).toEqual([d1.id]);
    s1.close();
    s2.close();
  });

  it("carries each point's attendance mark with its reason: an excused absence, a site confirmed by phone, one in person, one unmarked", async () => {
    const other = await liveConference(t, ['district', 'district', 'district', 'commune'], {
      startsAt: start.toISO()!,
      endsAt: start.plus({ hours: 2 }).toISO()!,
    });
    const [absent, phoned, inPerson, unmarked] = other.points;
    const board = await boardOf(t, other.conference.id);
    const mark = async (pointId: string, attendance: string, reason?: string) =>
      expect((await ask(board.socket, 'attendance:mark', { conferenceId: other.conference.id, pointId, attendance, ...(reason ? { reason } : {}) })).ok).toBe(
        true,
      );
    await mark(absent.id, 'absent', '  Mất điện cả huyện ');
    await mark(phoned.id, 'online', 'Đã xác nhận qua điện thoại');
    await mark(inPerson.id, 'in_person');
    const r = (await t.http().get(`/api/conferences/${other.conference.id}/report`).set('Authorization', operator).expect(200)).body as Report;
    const of = (id: string) => r.points.find((p) => p.pointId === id)!;
    expect(of(absent.id)).toMatchObject({ attendance: 'absent', attendanceReason: 'Mất điện cả huyện', intervals: [] });
    expect(of(phoned.id)).toMatchObject({ attendance: 'online', attendanceReason: 'Đã xác nhận qua điện thoại' });
    expect(of(inPerson.id)).toMatchObject({ attendance: 'in_person', attendanceReason: null });
    expect(of(unmarked.id)).toMatchObject({ attendance: null, attendanceReason: null });
    expect(r.neverConnected).toEqual(expect.arrayContaining([absent.id, phoned.id, inPerson.id, unmarked.id]));
    // A new mark replaces the reason; a mark without one clears it.
    await mark(absent.id, 'online');
    const again = (await t.http().get(`/api/conferences/${other.conference.id}/report`).set('Authorization', operator).expect(200)).body as Report;
    expect(again.points.find((p) => p.pointId === absent.id)).toMatchObject({ attendance: 'online', attendanceReason: null });
    board.socket.close();
  });
});
