import { ask, boardOf, checkedIn, closeAllSockets, connectLive, liveConference, next, roleToken, waitFor, type LiveConference } from './helpers/live-client';
import { createTestApp, type TestApp } from './helpers/test-app';

interface Agenda {
  version: number;
  items: Array<{ id: string; title: string; startsAt: string; endsAt: string }>;
}
interface Release {
  number: number;
  at: string;
  by: string;
  note: string | null;
  agendaVersion: number;
  items: Array<{ id: string; title: string; presenter: string | null; pointName: string | null; startsAt: string; endsAt: string }>;
  changes: Array<{ type: string; itemId: string; title: string; before?: Record<string, unknown>; after?: Record<string, unknown> }>;
}

describe('agenda releases (e2e)', () => {
  let t: TestApp;
  let lc: LiveConference;
  let cid: string;
  let organizer: string;
  let operator: string;
  let organizerName: string;
  const base = () => `/api/conferences/${cid}/agenda`;

  beforeAll(async () => {
    t = await createTestApp();
    lc = await liveConference(t, ['district', 'district']);
    cid = lc.conference.id;
    organizer = lc.organizer;
    operator = await roleToken(t, 'operator');
    organizerName = (await t.http().get('/api/auth/me').set('Authorization', organizer)).body.username;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await t?.close();
  });

  const agenda = async (): Promise<Agenda> => (await t.http().get(base()).set('Authorization', organizer).expect(200)).body;
  const releases = async () => (await t.http().get(`${base()}/releases`).set('Authorization', organizer).expect(200)).body as Array<Record<string, unknown>>;
  async function add(title: string, durationMinutes: number, extra: Record<string, unknown> = {}): Promise<Agenda> {
    const { version } = await agenda();
    return (
      await t
        .http()
        .post(`${base()}/items`)
        .set('Authorization', organizer)
        .send({ version, title, kind: 'report', durationMinutes, ...extra })
        .expect(201)
    ).body;
  }
  const release = (body: Record<string, unknown>, auth = organizer) => t.http().post(`${base()}/releases`).set('Authorization', auth).send(body);

  it('release 1: every item added, items with planned times, by the username; the agenda version does not change', async () => {
    await add('Khai mạc', 10);
    await add('Báo cáo chỉ số PCI', 20, { presenter: 'Đồng chí Viện trưởng', responsibleUnit: 'Viện Nghiên cứu', pointId: lc.points[0].id });
    const a = await add('Thảo luận', 30);
    const res = await release({ version: a.version, note: 'Bản đầu tiên' }).expect(201);
    const r = res.body as Release;
    expect(r).toMatchObject({ number: 1, by: organizerName, note: 'Bản đầu tiên', agendaVersion: a.version });
    expect(r.at).toMatch(/\+07:00$/);
    expect(r.items.map((i) => [i.title, i.startsAt])).toEqual(a.items.map((i) => [i.title, i.startsAt]));
    expect(r.items[1].pointName).toBe(lc.points[0].name);
    expect(r.changes.map((c) => c.type)).toEqual(['added', 'added', 'added']);
    expect((await agenda()).version).toBe(a.version);
    expect(
      await t
        .http()
        .get(`${base()}/releases/1`)
        .set('Authorization', organizer)
        .expect(200)
        .then((x) => x.body),
    ).toEqual(r);
  });

  it('refuses, changing nothing: the same version again (conflict), stale, missing or bad version, unknown fields, a long note, a non-organizer', async () => {
    const { version } = await agenda();
    const before = await releases();
    const again = await release({ version }).expect(409);
    expect(again.body.code).toBe('conflict');
    expect((await release({ version: version - 1 }).expect(409)).body).toMatchObject({ code: 'stale_version', details: { currentVersion: version } });
    expect((await release({}).expect(400)).body.code).toBe('validation_failed');
    await release({ version: 'x' }).expect(400);
    await release({ version, extra: 1 }).expect(400);
    await release({ version, note: 'x'.repeat(501) }).expect(400);
    await release({ version }, operator).expect(403);
    await t
      .http()
      .post(`/api/conferences/00000000-0000-4000-8000-000000000000/agenda/releases`)
      .set('Authorization', organizer)
      .send({ version: 1 })
      .expect(404);
    expect(await releases()).toEqual(before);
  });

  it('pushes agenda:release to checked-in points and the board; a point acknowledges it and the board sees who holds it', async () => {
    const [p1, p2] = lc.points;
    const s1 = await checkedIn(t, lc.links.get(p1.id)!, cid);
    const board = await boardOf(t, cid);
    const a = await agenda();
    // Item 2 changes presenter, the last moves first, a new one is added, the first is removed.
    await t
      .http()
      .patch(`${base()}/items/${a.items[1].id}`)
      .set('Authorization', organizer)
      .send({ version: a.version, presenter: 'Đồng chí Giám đốc Sở' })
      .expect(200);
    let b = await agenda();
    const ids = b.items.map((i) => i.id);
    await t
      .http()
      .put(`${base()}/order`)
      .set('Authorization', organizer)
      .send({ version: b.version, itemIds: [ids[2], ids[0], ids[1]] })
      .expect(200);
    await add('Bế mạc', 5);
    b = await agenda();
    await t.http().delete(`${base()}/items/${a.items[0].id}`).set('Authorization', organizer).send({ version: b.version }).expect(200);
    b = await agenda();

    const pointPush = next<Record<string, unknown>>(s1, 'agenda:release');
    const boardPush = next<Record<string, unknown>>(board.socket, 'agenda:release');
    const r = (await release({ version: b.version, note: 'Đổi người trình bày' }).expect(201)).body as Release;
    expect(r.number).toBe(2);
    const types = r.changes.map((c) => `${c.type}:${c.title}`);
    expect(types).toEqual(expect.arrayContaining(['changed:Báo cáo chỉ số PCI', 'added:Bế mạc', 'removed:Khai mạc', 'moved:Thảo luận']));
    expect(r.changes.find((c) => c.type === 'changed')).toMatchObject({
      before: { presenter: 'Đồng chí Viện trưởng' },
      after: { presenter: 'Đồng chí Giám đốc Sở' },
    });
    const pushed = await pointPush;
    expect(pushed).toEqual({ conferenceId: cid, number: 2, note: 'Đổi người trình bày', changes: r.changes });
    expect(await boardPush).toEqual(pushed);

    // A point not checked in gets nothing; the list shows the change counts.
    expect((await releases()).map((x) => [x.number, x.changeCount])).toEqual([
      [1, 3],
      [2, r.changes.length],
    ]);

    // Acknowledge: unknown release is not_found and changes nothing; release 2 shows on the board.
    const unknown = await ask(s1, 'agenda:ack', { conferenceId: cid, release: 3 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await ask(s1, 'agenda:ack', { conferenceId: cid })).ok).toBe(false);
    expect((await ask(s1, 'agenda:ack', { conferenceId: cid, release: 0 })).ok).toBe(false);
    expect((await ask(s1, 'agenda:ack', { conferenceId: cid, release: '2' })).ok).toBe(false);
    const snap = await t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', operator).expect(200);
    expect(snap.body.points.find((p: { pointId: string }) => p.pointId === p1.id).release).toBeNull();
    expect(await ask(s1, 'agenda:ack', { conferenceId: cid, release: 2 })).toEqual({ ok: true });
    await waitFor(() => board.entry(p1.id)?.release === 2);
    expect(board.entry(p2.id)?.release ?? null).toBeNull();
    // Acknowledging both at once keeps both.
    expect(await ask(s1, 'agenda:ack', { conferenceId: cid, version: b.version, release: 2 })).toEqual({ ok: true });
    const after = await t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', operator).expect(200);
    expect(after.body.points.find((p: { pointId: string }) => p.pointId === p1.id)).toMatchObject({ release: 2, agendaVersion: b.version });
  });

  it('agenda:state answers a point the agenda version, current item, latest release and conference change, as read now; validates; only for invited points', async () => {
    const [p1] = lc.points;
    const s1 = await connectLive(t, lc.links.get(p1.id)!);
    const conference = async () => (await t.http().get(`/api/conferences/${cid}?points=none`).set('Authorization', organizer).expect(200)).body;
    const a = await agenda();
    const latest = (await releases()).length;
    const c0 = await conference();
    expect(await ask(s1, 'agenda:state', { conferenceId: cid })).toEqual({
      ok: true,
      version: a.version,
      currentItemId: null,
      release: latest,
      conferenceUpdatedAt: c0.updatedAt,
    });
    // an edit, a release, a current item and a moved conference made meanwhile (the point not checked in: no push
    // reached it) are in the next answer; the move changes no agenda version, only the conference's updatedAt
    const edited = await add('Phát biểu bế mạc', 5);
    await release({ version: edited.version }).expect(201);
    await t.http().post(`${base()}/current`).set('Authorization', operator).send({ itemId: edited.items[0].id }).expect(200);
    const later = (iso: string) => new Date(Date.parse(iso) + 15 * 60_000).toISOString();
    await t
      .http()
      .patch(`/api/conferences/${cid}`)
      .set('Authorization', organizer)
      .send({ version: c0.version, startsAt: later(c0.startsAt), endsAt: later(c0.endsAt) })
      .expect(200);
    const c1 = await conference();
    expect(c1.updatedAt).not.toBe(c0.updatedAt);
    expect((await agenda()).version).toBe(edited.version);
    expect(await ask(s1, 'agenda:state', { conferenceId: cid })).toEqual({
      ok: true,
      version: edited.version,
      currentItemId: edited.items[0].id,
      release: latest + 1,
      conferenceUpdatedAt: c1.updatedAt,
    });
    // bad input is answered, never a dropped connection; another conference's point is refused
    expect(await ask(s1, 'agenda:state', { conferenceId: 'nope' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await ask(s1, 'agenda:state', { conferenceId: cid, extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const other = await liveConference(t, ['district']);
    const stranger = await connectLive(t, other.links.get(other.points[0].id)!);
    expect(await ask(stranger, 'agenda:state', { conferenceId: cid })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(s1.connected && stranger.connected).toBe(true);
  });

  it('a release never changes afterwards, even after later edits', async () => {
    const before = (await t.http().get(`${base()}/releases/2`).set('Authorization', organizer).expect(200)).body as Release;
    const a = await agenda();
    await t
      .http()
      .patch(`${base()}/items/${a.items[0].id}`)
      .set('Authorization', organizer)
      .send({ version: a.version, title: 'Tên mới', durationMinutes: 45 })
      .expect(200);
    expect((await t.http().get(`${base()}/releases/2`).set('Authorization', organizer).expect(200)).body).toEqual(before);
    const r3 = (await release({ version: a.version + 1 }).expect(201)).body as Release;
    expect(r3.changes.map((c) => c.type)).toEqual(expect.arrayContaining(['changed', 'retimed']));
  });

  it('reads: unknown release 404, a bad number 400, any signed-in user reads, nobody without a token', async () => {
    await t.http().get(`${base()}/releases/99`).set('Authorization', operator).expect(404);
    await t.http().get(`${base()}/releases/0`).set('Authorization', operator).expect(400);
    await t.http().get(`${base()}/releases/abc`).set('Authorization', operator).expect(400);
    await t.http().get(`${base()}/releases`).expect(401);
    await t.http().get(`${base()}/releases/1/print`).expect(401);
    const pointUser = await roleToken(t, 'point', lc.points[1].id);
    expect((await t.http().get(`${base()}/releases/1`).set('Authorization', pointUser).expect(200)).body.number).toBe(1);
  });

  it('the print view: Vietnamese A4 HTML, the program as a table, the changes marked', async () => {
    const res = await t.http().get(`${base()}/releases/2/print`).set('Authorization', operator).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.text;
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('size: A4');
    for (const h of ['Thời gian', 'Nội dung', 'Người trình bày', 'Đơn vị chịu trách nhiệm', 'Điểm cầu trình bày']) expect(html).toContain(h);
    expect(html).toContain('Đồng chí Giám đốc Sở');
    expect(html).toContain('Bản phát hành số <strong>2</strong>');
    expect(html).toContain('mark-changed');
    expect(html).toContain('Nội dung bỏ khỏi chương trình');
    expect(html).toContain(lc.points[0].name);
  });

  it('a conference moved a day after a release can be released again (every item retimed, the day named); each print keeps its own day', async () => {
    const header = async (n: number) =>
      /<div class="sub">([^<]+)<\/div>/.exec((await t.http().get(`${base()}/releases/${n}/print`).set('Authorization', operator).expect(200)).text)![1];
    const latest = (await releases()).at(-1)!.number as number;
    const before = await header(latest);
    const conf = (await t.http().get(`/api/conferences/${cid}?points=none`).set('Authorization', organizer).expect(200)).body;
    const day = (iso: string) => new Date(Date.parse(iso) + 24 * 3600_000).toISOString();
    await t
      .http()
      .patch(`/api/conferences/${cid}`)
      .set('Authorization', organizer)
      .send({ version: conf.version, startsAt: day(conf.startsAt), endsAt: day(conf.endsAt), force: true })
      .expect(200);
    const { version } = await agenda(); // the move does not change the agenda's version
    // it was refused as "this version is already released", leaving the points with the old day
    const r = (await release({ version, note: 'Lùi một ngày' }).expect(201)).body as Release;
    expect(r.number).toBe(latest + 1);
    expect(r.changes.length).toBeGreaterThan(0);
    expect(r.changes.every((c) => c.type === 'retimed')).toBe(true);
    await release({ version }).expect(409); // nothing changed since: a duplicate
    // each print's header says the day as released, and the new one says the old day beside each moved time
    expect(await header(latest)).toBe(before);
    const after = await header(r.number);
    expect(after).not.toBe(before);
    const html = (await t.http().get(`${base()}/releases/${r.number}/print`).set('Authorization', operator).expect(200)).text;
    expect(html).toMatch(/\(trước: \d\d:\d\d \d\d\/\d\d\/\d{4}\)/);
  });
});
