import { ask, boardOf, checkedIn, closeAllSockets, collect, connectLive, liveConference, next, type LiveConference } from './helpers/live-client';
import { makePoint } from './helpers/points.factory';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * `conference` (v2.5): an edit or a status change reaches the checked-in points and the board at once, so a point's
 * page never says "checked in" to a broadcast that has ended, nor shows the times it had before a move.
 * `roster` (v2.5): a point invited to or removed from a live conference reaches the board, whose snapshot then lists it
 * (or no longer does); before, the board kept its tiles until it was reloaded.
 */
describe('conference and roster pushes (e2e)', () => {
  let t: TestApp;
  let lc: LiveConference;
  let cid: string;

  beforeAll(async () => {
    t = await createTestApp();
    lc = await liveConference(t, ['district', 'district']);
    cid = lc.conference.id;
  });
  afterAll(async () => {
    closeAllSockets();
    await t?.close();
  });

  const conference = async () => (await t.http().get(`/api/conferences/${cid}?points=none`).set('Authorization', lc.organizer).expect(200)).body;

  it('a point invited to a live conference, then removed: the board hears both and a new join lists it, then not', async () => {
    const board = await boardOf(t, cid);
    const fresh = await makePoint(t, { level: 'commune' });
    const invited = next(board.socket, 'roster');
    await t
      .http()
      .post(`/api/conferences/${cid}/points`)
      .set('Authorization', lc.organizer)
      .send({ pointIds: [fresh.id], force: true })
      .expect(200);
    expect(await invited).toEqual({ conferenceId: cid, added: [fresh.id], removed: [] });
    const listed = async () => {
      const ack = await ask(board.socket, 'board:join', { conferenceId: cid });
      return (ack.snapshot as { points: Array<{ pointId: string; state: string }>; counts: { total: number } }) ?? null;
    };
    const withIt = await listed();
    expect(withIt.points.find((p) => p.pointId === fresh.id)?.state).toBe('absent');
    const removed = next(board.socket, 'roster');
    await t.http().delete(`/api/conferences/${cid}/points/${fresh.id}`).set('Authorization', lc.organizer).expect(200);
    expect(await removed).toEqual({ conferenceId: cid, added: [], removed: [fresh.id] });
    const without = await listed();
    expect(without.points.some((p) => p.pointId === fresh.id)).toBe(false);
    expect(without.counts.total).toBe(withIt.counts.total - 1);
  });

  it('a checked-in point removed from the conference hears it at once (its own removal only) and gets no more of its pushes', async () => {
    const other = await liveConference(t, ['district', 'district']);
    const [gone, stays] = other.points;
    const goneSocket = await checkedIn(t, other.links.get(gone.id)!, other.conference.id);
    const staysSocket = await checkedIn(t, other.links.get(stays.id)!, other.conference.id);
    const staysRoster = collect(staysSocket, 'roster');
    const goneAgendas = collect(goneSocket, 'agenda');
    const removal = next(goneSocket, 'roster');
    await t.http().delete(`/api/conferences/${other.conference.id}/points/${gone.id}`).set('Authorization', other.organizer).expect(200);
    expect(await removal).toEqual({ conferenceId: other.conference.id, added: [], removed: [gone.id] });
    // the conference's pushes (here an agenda change) reach the point still invited, not the removed one
    const agenda = `/api/conferences/${other.conference.id}/agenda`;
    const { version } = (await t.http().get(agenda).set('Authorization', other.organizer).expect(200)).body;
    const reached = next(staysSocket, 'agenda');
    await t
      .http()
      .post(`${agenda}/items`)
      .set('Authorization', other.organizer)
      .send({ version, title: 'Khai mạc', kind: 'report', durationMinutes: 10 })
      .expect(201);
    expect(await reached).toMatchObject({ conferenceId: other.conference.id, items: [expect.objectContaining({ title: 'Khai mạc' })] });
    await ask(goneSocket, 'agenda:state', { conferenceId: other.conference.id }); // a round trip after the push
    expect(goneAgendas).toEqual([]);
    expect(staysRoster).toEqual([]);
    // and its own events are refused: it is not invited any more
    expect(await ask(goneSocket, 'status', { conferenceId: other.conference.id, audio: 'ok', video: 'ok' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('an edit, then the end: the checked-in point and the board get each at once, a point not checked in gets none', async () => {
    const [p1, p2] = lc.points;
    const point = await checkedIn(t, lc.links.get(p1.id)!, cid);
    const idle = await connectLive(t, lc.links.get(p2.id)!); // connected, never checked in
    const idleGot = collect(idle, 'conference');
    const board = await boardOf(t, cid);

    const before = await conference();
    const later = (iso: string) => new Date(Date.parse(iso) + 30 * 60_000).toISOString();
    const pointEdit = next(point, 'conference');
    const boardEdit = next(board.socket, 'conference');
    const edited = (
      await t
        .http()
        .patch(`/api/conferences/${cid}`)
        .set('Authorization', lc.organizer)
        .send({ version: before.version, title: `${before.title} (đổi tên)`, endsAt: later(before.endsAt) })
        .expect(200)
    ).body;
    const expected = {
      conferenceId: cid,
      status: 'live',
      startsAt: edited.startsAt,
      endsAt: edited.endsAt,
      timezone: 'Asia/Ho_Chi_Minh',
      version: edited.version,
      updatedAt: edited.updatedAt,
    };
    expect(await pointEdit).toEqual(expected);
    expect(await boardEdit).toEqual(expected);
    expect(edited.endsAt).toMatch(/\+07:00$/);

    const pointEnd = next(point, 'conference');
    const ended = (
      await t.http().post(`/api/conferences/${cid}/status`).set('Authorization', lc.organizer).send({ status: 'ended', version: edited.version }).expect(200)
    ).body;
    expect(await pointEnd).toEqual({ ...expected, status: 'ended', version: ended.version, updatedAt: ended.updatedAt });

    // a refused change pushes nothing
    const after = collect(point, 'conference');
    await t.http().post(`/api/conferences/${cid}/status`).set('Authorization', lc.organizer).send({ status: 'live', version: ended.version }).expect(409);
    await new Promise((r) => setTimeout(r, 200));
    expect(after).toEqual([]);
    expect(idleGot).toEqual([]);
  });
});
