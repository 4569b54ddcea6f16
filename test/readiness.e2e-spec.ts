import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { makePoint } from './helpers/points.factory';
import {
  ask,
  boardOf,
  checkedIn,
  closeAllSockets,
  collect,
  connectLive,
  issueLinks,
  liveConference,
  next,
  roleToken,
  sleep,
  waitFor,
  type LiveConference,
} from './helpers/live-client';
import { makeConference, startingIn } from './helpers/conferences.factory';
import { createTestApp, type TestApp } from './helpers/test-app';

const DEFAULTS = [
  { key: 'technician', label: 'Kỹ thuật viên có mặt', minutesBefore: 60 },
  { key: 'connected', label: 'Đã kết nối thử', minutesBefore: 30 },
  { key: 'av', label: 'Âm thanh, hình ảnh tốt', minutesBefore: 15 },
];

describe('readiness, checkpoints and the connection cap (e2e)', () => {
  let t: TestApp;
  let lc: LiveConference;
  let cid: string;
  let organizer: string;
  let operator: string;

  beforeAll(async () => {
    t = await createTestApp({ PRESENCE_GRACE_MS: '400' });
    lc = await liveConference(t, ['district', 'district', 'commune'], startingIn(3));
    cid = lc.conference.id;
    organizer = lc.organizer;
    operator = await roleToken(t, 'operator');
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await t?.close();
  });

  const conf = async () => (await t.http().get(`/api/conferences/${cid}`).set('Authorization', organizer).expect(200)).body;
  const patch = (body: Record<string, unknown>) => t.http().patch(`/api/conferences/${cid}`).set('Authorization', organizer).send(body);

  it('a conference has the default checks and no cap; PATCH validates both, refusals change nothing', async () => {
    const c = await conf();
    expect(c.readiness).toEqual(DEFAULTS);
    expect(c.maxConnectedPoints).toBeNull();
    const bad: Array<Record<string, unknown>> = [
      { readiness: [{ key: 'Tech', label: 'x', minutesBefore: 10 }] },
      { readiness: [{ key: 't', label: 'x', minutesBefore: 10 }] },
      { readiness: Array.from({ length: 9 }, (_, i) => ({ key: `k_${'abcdefghi'[i]}`, label: 'x', minutesBefore: 10 })) },
      {
        readiness: [
          { key: 'aa', label: 'x', minutesBefore: 10 },
          { key: 'aa', label: 'y', minutesBefore: 5 },
        ],
      },
      { readiness: [{ key: 'aa', label: 'x', minutesBefore: -1 }] },
      { readiness: [{ key: 'aa', label: '', minutesBefore: 1 }] },
      { readiness: [{ key: 'aa', label: 'x', minutesBefore: 1, extra: true }] },
      { readiness: null },
      { maxConnectedPoints: 0 },
      { maxConnectedPoints: 100_001 },
      { maxConnectedPoints: 1.5 },
    ];
    for (const b of bad) {
      const res = await patch({ version: c.version, ...b });
      expect([res.status, JSON.stringify(b)]).toEqual([400, JSON.stringify(b)]);
    }
    expect((await patch({ version: c.version - 1, maxConnectedPoints: 5 })).status).toBe(409);
    const after = await conf();
    expect([after.version, after.readiness, after.maxConnectedPoints]).toEqual([c.version, DEFAULTS, null]);
    const ok = await patch({ version: c.version, maxConnectedPoints: 100_000 }).expect(200);
    expect(ok.body).toMatchObject({ version: c.version + 1, maxConnectedPoints: 100_000 });
    expect((await patch({ version: ok.body.version, maxConnectedPoints: null }).expect(200)).body.maxConnectedPoints).toBeNull();
  });

  it('points report readiness with or without checking in; connected and av tick themselves; the board sees entries and counts', async () => {
    const [d1, d2] = lc.points;
    const board = await boardOf(t, cid);
    expect(board.snapshot.counts.readiness).toEqual({ technician: { ok: 0, total: 4 }, connected: { ok: 0, total: 4 }, av: { ok: 0, total: 4 } });
    expect(board.snapshot.points[0].readiness).toEqual({ technician: null, connected: null, av: null });

    // Without checking in.
    const s1 = await connectLive(t, lc.links.get(d1.id)!);
    const r = await ask(s1, 'readiness', { conferenceId: cid, key: 'technician', ok: true, note: 'Anh Tuấn đã có mặt' });
    expect(r).toMatchObject({ ok: true, readiness: { technician: { ok: true, note: 'Anh Tuấn đã có mặt' }, connected: null, av: null } });
    await waitFor(() => (board.entry(d1.id)?.readiness as Record<string, { ok: boolean } | null>)?.technician?.ok === true);
    await waitFor(() => (board.deltas.at(-1)?.counts.readiness as Record<string, { ok: number }>)?.technician.ok === 1);

    // Refusals: unknown key, malformed, wrong role, other point's link in another conference: nothing changes.
    const before = await t.http().get(`/api/conferences/${cid}/readiness`).set('Authorization', operator).expect(200);
    expect((await ask(s1, 'readiness', { conferenceId: cid, key: 'slides', ok: true })).error).toMatchObject({ code: 'bad_request' });
    expect((await ask(s1, 'readiness', { conferenceId: cid, key: 'technician', ok: 'yes' })).error).toMatchObject({ code: 'bad_request' });
    expect((await ask(s1, 'readiness', { conferenceId: cid, key: 'technician', ok: false, extra: 1 })).error).toMatchObject({ code: 'bad_request' });
    expect((await ask(s1, 'readiness', { conferenceId: cid, key: 'Technician', ok: false })).error).toMatchObject({ code: 'bad_request' });
    expect((await ask(board.socket, 'readiness', { conferenceId: cid, key: 'technician', ok: false })).error).toMatchObject({ code: 'forbidden' });
    expect((await t.http().get(`/api/conferences/${cid}/readiness`).set('Authorization', operator).expect(200)).body).toEqual(before.body);

    // connected at the first check-in, av from status; a failing status turns av back; a drop changes nothing.
    const s2 = await checkedIn(t, lc.links.get(d2.id)!, cid);
    await waitFor(() => (board.entry(d2.id)?.readiness as Record<string, { ok: boolean } | null>)?.connected?.ok === true);
    expect((await ask(s2, 'status', { conferenceId: cid, audio: 'ok', video: 'ok' })).ok).toBe(true);
    await waitFor(() => (board.entry(d2.id)?.readiness as Record<string, { ok: boolean } | null>)?.av?.ok === true);
    expect((await ask(s2, 'status', { conferenceId: cid, audio: 'ok', video: 'fail' })).ok).toBe(true);
    await waitFor(() => (board.entry(d2.id)?.readiness as Record<string, { ok: boolean } | null>)?.av?.ok === false);
    s2.disconnect();
    await waitFor(() => board.entry(d2.id)?.state === 'unstable');
    expect((board.entry(d2.id)?.readiness as Record<string, { ok: boolean } | null>).connected?.ok).toBe(true);

    // GET readiness: one row per point, keys null when never reported, contacts for staff; a point sees its own row only.
    const rows = (await t.http().get(`/api/conferences/${cid}/readiness`).set('Authorization', operator).expect(200)).body as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(4);
    const row1 = rows.find((x) => x.pointId === d1.id)!;
    expect(row1).toMatchObject({
      code: d1.code,
      name: d1.name,
      level: 'district',
      technician: { ok: true, note: 'Anh Tuấn đã có mặt' },
      connected: null,
      av: null,
    });
    expect(row1).toHaveProperty('contactPhone');
    expect(rows.find((x) => x.pointId === d2.id)).toMatchObject({ connected: { ok: true }, av: { ok: false } });
    const own = (
      await t
        .http()
        .get(`/api/conferences/${cid}/readiness`)
        .set('Authorization', `Bearer ${lc.links.get(d1.id)}`)
        .expect(200)
    ).body;
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ pointId: d1.id, code: d1.code, technician: { ok: true, note: 'Anh Tuấn đã có mặt' }, connected: null });
    expect(own[0]).not.toHaveProperty('contactPhone');
    const csv = await t.http().get(`/api/conferences/${cid}/readiness?format=csv`).set('Authorization', operator).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('\uFEFFcode,name,level,technician,technician_at,technician_note,connected,')).toBe(true);
    expect(csv.text).toContain('Anh Tuấn đã có mặt');
    await t.http().get(`/api/conferences/${cid}/readiness?format=xml`).set('Authorization', operator).expect(400);
    await t.http().get(`/api/conferences/00000000-0000-4000-8000-000000000000/readiness`).set('Authorization', operator).expect(404);
    // The log has the report.
    const ev = (await t.http().get(`/api/conferences/${cid}/presence/events?pointId=${d1.id}`).set('Authorization', operator)).body;
    expect(ev.find((e: { type: string }) => e.type === 'readiness')).toMatchObject({ detail: { key: 'technician', ok: true } });
  });

  it('readiness is refused (conflict) outside the window: a draft conference, or more than 24 hours before the start', async () => {
    const p = await makePoint(t, { level: 'district' });
    const draft = await makeConference(t, { invite: [p.id], force: true });
    const far = await makeConference(t, {
      invite: [p.id],
      force: true,
      status: 'scheduled',
      startsAt: DateTime.now().plus({ days: 3 }).toISO()!,
      endsAt: DateTime.now().plus({ days: 3, hours: 2 }).toISO()!,
    });
    for (const c of [draft, far]) {
      const links = await issueLinks(t, c.id);
      const s = await connectLive(t, links.get(p.id)!);
      expect((await ask(s, 'readiness', { conferenceId: c.id, key: 'technician', ok: true })).error).toMatchObject({ code: 'conflict' });
      const rows = (await t.http().get(`/api/conferences/${c.id}/readiness`).set('Authorization', operator).expect(200)).body;
      expect(rows.find((x: { pointId: string }) => x.pointId === p.id).technician).toBeNull();
    }
  });

  it('the cap: a check-in past it is refused with conflict/capacity and changes nothing; unstable points keep their place; lowering it disconnects nobody', async () => {
    const capped = await liveConference(t, ['commune', 'commune', 'commune']);
    const id = capped.conference.id;
    const [a, b, c] = capped.points;
    const v = (await t.http().get(`/api/conferences/${id}`).set('Authorization', organizer)).body.version;
    await t.http().patch(`/api/conferences/${id}`).set('Authorization', organizer).send({ version: v, maxConnectedPoints: 2 }).expect(200);
    await sleep(100); // the cached schedule refreshes after conference.changed
    const board = await boardOf(t, id);
    const sa = await checkedIn(t, capped.links.get(a.id)!, id);
    await checkedIn(t, capped.links.get(b.id)!, id);
    const sc = await connectLive(t, capped.links.get(c.id)!);
    const refused = await ask(sc, 'checkin', { conferenceId: id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'capacity' } } });
    expect(refused.error as { message: string }).toMatchObject({ message: expect.stringContaining('Hội nghị đã đủ 2 điểm cầu') });
    const snap = (await t.http().get(`/api/conferences/${id}/presence`).set('Authorization', operator)).body;
    expect(snap.counts.online).toBe(2);
    expect(snap.points.find((p: { pointId: string }) => p.pointId === c.id).state).toBe('absent');
    // attendance:mark does not count; a dropped (unstable) point keeps its place and comes back.
    expect((await ask(board.socket, 'attendance:mark', { conferenceId: id, pointId: c.id, attendance: 'online' })).ok).toBe(true);
    sa.disconnect();
    await waitFor(() => board.entry(a.id)?.state === 'unstable');
    expect((await ask(sc, 'checkin', { conferenceId: id })).error).toMatchObject({ details: { reason: 'capacity' } });
    await checkedIn(t, capped.links.get(a.id)!, id);
    // Lowering the cap below the points online disconnects nobody.
    const v2 = (await t.http().get(`/api/conferences/${id}`).set('Authorization', organizer)).body.version;
    await t.http().patch(`/api/conferences/${id}`).set('Authorization', organizer).send({ version: v2, maxConnectedPoints: 1 }).expect(200);
    await sleep(300);
    expect((await t.http().get(`/api/conferences/${id}/presence`).set('Authorization', operator)).body.counts.online).toBe(2);
    // Without a cap: in.
    const v3 = (await t.http().get(`/api/conferences/${id}`).set('Authorization', organizer)).body.version;
    await t.http().patch(`/api/conferences/${id}`).set('Authorization', organizer).send({ version: v3, maxConnectedPoints: null }).expect(200);
    await waitFor(async () => (await ask(sc, 'checkin', { conferenceId: id })).ok === true, 3000, 100);
  });

  it('the cap holds in a burst: of eight points checking in at once with a cap of three, three get in and five are refused', async () => {
    const capped = await liveConference(
      t,
      Array.from({ length: 8 }, () => 'commune' as const),
    );
    const id = capped.conference.id;
    const v = (await t.http().get(`/api/conferences/${id}`).set('Authorization', organizer)).body.version;
    await t.http().patch(`/api/conferences/${id}`).set('Authorization', organizer).send({ version: v, maxConnectedPoints: 3 }).expect(200);
    await sleep(100); // the cached schedule refreshes after conference.changed
    const sockets = await Promise.all(capped.points.map((p) => connectLive(t, capped.links.get(p.id)!)));
    // Every check-in is sent before any is answered: they all pass the cap before the first is in the event log.
    const answers = await Promise.all(sockets.map((s) => ask(s, 'checkin', { conferenceId: id })));
    expect(answers.filter((a) => a.ok)).toHaveLength(3);
    const refused = answers.filter((a) => !a.ok);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.error).toMatchObject({ code: 'conflict', details: { reason: 'capacity' } });
    const snap = (await t.http().get(`/api/conferences/${id}/presence`).set('Authorization', operator)).body;
    expect(snap.counts.online).toBe(3);
    // A place freed by a checkout is taken by the next point that checks in, and only one.
    const inside = sockets.filter((_, i) => answers[i].ok);
    const outside = sockets.filter((_, i) => !answers[i].ok);
    expect((await ask(inside[0], 'checkout', { conferenceId: id })).ok).toBe(true);
    const again = await Promise.all(outside.map((s) => ask(s, 'checkin', { conferenceId: id })));
    expect(again.filter((a) => a.ok)).toHaveLength(1);
    expect((await t.http().get(`/api/conferences/${id}/presence`).set('Authorization', operator)).body.counts.online).toBe(3);
  });

  it('a checkpoint reaches the board once, within seconds of its time, with the points still missing; the log has its line', async () => {
    const p1 = await makePoint(t, { level: 'district', contactName: 'Lê Minh Tuấn', contactPhone: '0912345601' });
    const p2 = await makePoint(t, { level: 'district' });
    // `connected` (30 min before) falls 3 s from now.
    const start = DateTime.now().plus({ minutes: 30, seconds: 3 });
    const c = await makeConference(t, {
      invite: [p1.id, p2.id],
      force: true,
      status: 'scheduled',
      startsAt: start.toISO()!,
      endsAt: start.plus({ hours: 2 }).toISO()!,
    });
    const links = await issueLinks(t, c.id);
    await checkedIn(t, links.get(p2.id)!, c.id); // p2 is connected: not missing
    const board = await boardOf(t, c.id);
    const dues = collect<{ conferenceId: string; key: string; missing: string[] }>(board.socket, 'readiness:due');
    const due = await next<{ key: string; missing: string[] }>(board.socket, 'readiness:due', () => true, 10_000);
    const late = Date.now() - start.minus({ minutes: 30 }).toMillis();
    expect(late).toBeLessThan(5000);
    expect(due.key).toBe('connected');
    expect(due.missing.sort()).toEqual([p1.id, c.hostPointId].sort());
    await sleep(2500);
    expect(dues.filter((d) => d.key === 'connected')).toHaveLength(1);
    const lines = (await t.http().get(`/api/conferences/${c.id}/presence/events?pointId=${c.hostPointId}`).set('Authorization', operator)).body;
    expect(lines.filter((l: { type: string; detail: { checkpoint?: string } }) => l.type === 'readiness' && l.detail.checkpoint === 'connected')).toHaveLength(
      1,
    );
    // technician (60 min before) was already past when the conference was planned: never sent.
    expect(dues.some((d) => d.key === 'technician')).toBe(false);
  });
});

describe('readiness checkpoints across a restart', () => {
  it('a checkpoint that fell while the server was down is sent once after it starts, and not again after another restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diemcau-readiness-'));
    const env = { DATABASE_URL: process.env.DATABASE_URL?.startsWith('postgres') ? '' : `sqlite:${join(dir, 'db.sqlite')}` };
    if (!env.DATABASE_URL) {
      console.warn('readiness restart e2e: runs on SQLite only (a shared file between three app instances); skipped on PostgreSQL.');
      return;
    }
    let a: TestApp | null = await createTestApp(env);
    try {
      const p = await makePoint(a, { level: 'district' });
      const start = DateTime.now().plus({ minutes: 15, seconds: 2 }); // `av` falls in 2 s
      const c = await makeConference(a, {
        invite: [p.id],
        force: true,
        status: 'scheduled',
        startsAt: start.toISO()!,
        endsAt: start.plus({ hours: 1 }).toISO()!,
      });
      await a.close(); // down before the checkpoint (its own temporary folder goes; the database file is ours)
      a = null;
      await sleep(3000);
      const b = await createTestApp(env); // after it: sends it once
      const operatorB = await roleToken(b, 'operator');
      const events = async (tt: TestApp, auth: string) =>
        (
          (await tt.http().get(`/api/conferences/${c.id}/presence/events?pointId=${c.hostPointId}`).set('Authorization', auth)).body as Array<{
            type: string;
            detail: { checkpoint?: string };
          }>
        ).filter((l) => l.type === 'readiness' && l.detail.checkpoint === 'av');
      await waitFor(async () => (await events(b, operatorB)).length === 1, 8000, 200);
      await b.close();
      const c3 = await createTestApp(env); // again: the log says it was sent
      await sleep(2500);
      expect(await events(c3, await roleToken(c3, 'operator'))).toHaveLength(1);
      await c3.close();
    } finally {
      if (a) await a.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
