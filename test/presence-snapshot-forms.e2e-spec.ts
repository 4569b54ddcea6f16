import { request } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { jest } from '@jest/globals';
import { decodeCompactSnapshot, isCompactSnapshot, type CompactSnapshot } from '../src/presence/compact-snapshot';
import type { PresenceSnapshot } from '../src/presence/presence.events';
import { ask, checkedIn, closeAllSockets, collect, connectLive, liveConference, LiveConference, roleToken, waitFor } from './helpers/live-client';
import { startingIn } from './helpers/conferences.factory';
import { createTestApp, TestApp } from './helpers/test-app';

jest.setTimeout(30_000);

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The bytes as sent (supertest and fetch would decompress them). */
function rawGet(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the board snapshot: compressed, compact, and board:join without it (e2e)', () => {
  let t: TestApp;
  let c: LiveConference;
  let cid: string;
  let operator: string;

  beforeAll(async () => {
    t = await createTestApp();
    operator = await roleToken(t, 'operator');
  });
  beforeEach(async () => {
    c = await liveConference(t, ['district', 'district', 'commune', 'enterprise'], startingIn(3));
    cid = c.conference.id;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await t.close();
  });

  const link = (i: number) => c.links.get(c.points[i].id)!;
  const get = (query: string, encoding = 'identity') =>
    rawGet(`${t.url}/api/conferences/${cid}/presence${query}`, { authorization: operator, 'accept-encoding': encoding });

  const parse = (r: Raw) => JSON.parse(r.body.toString('utf8')) as PresenceSnapshot & CompactSnapshot;
  /** The full form and `query`'s, read until no delta was published between them (deltas are published up to 50 ms after an ack). */
  async function settledPair(query: string): Promise<{ full: PresenceSnapshot; compact: CompactSnapshot }> {
    for (let i = 0; ; i++) {
      const full = await get('');
      const other = await get(query);
      expect([full.status, other.status]).toEqual([200, 200]);
      if (parse(full).seq === parse(other).seq || i === 10) return { full: parse(full), compact: parse(other) };
    }
  }

  it('?format=compact decodes to exactly the full snapshot (states, signals, notes, attendance, readiness, times)', async () => {
    const a = await checkedIn(t, link(0), cid);
    const b = await checkedIn(t, link(1), cid);
    await ask(a, 'status', { conferenceId: cid, audio: 'ok', video: 'fail', note: 'Mất hình — đang kiểm tra' });
    await ask(b, 'readiness', { conferenceId: cid, key: 'technician', ok: true, note: 'Anh Hùng trực' });
    await ask(b, 'checkout', { conferenceId: cid });
    const board = await connectLive(t, operator);
    expect(await ask(board, 'attendance:mark', { conferenceId: cid, pointId: c.points[2].id, attendance: 'absent', reason: 'Mất điện cả xã' })).toMatchObject({
      ok: true,
    });

    const { full, compact } = await settledPair('?format=compact');
    expect(isCompactSnapshot(compact)).toBe(true);
    expect(compact).toMatchObject({ format: 'compact', conferenceId: cid, seq: full.seq, n: 5 });
    // the repeated values travel once (a table), the distinct ones as they are
    expect(compact.columns.state).toEqual({ t: expect.any(Array), i: expect.any(Array) });
    expect(decodeCompactSnapshot(compact)).toEqual(full);
    const states = Object.fromEntries(full.points.map((p) => [p.code, p.state]));
    expect(states).toMatchObject({ [c.points[0].code]: 'online', [c.points[1].code]: 'left', [c.points[2].code]: 'absent' });
    const p0 = full.points.find((p) => p.pointId === c.points[0].id)!;
    expect(p0).toMatchObject({ video: 'fail', note: 'Mất hình — đang kiểm tra', since: expect.stringMatching(/\+07:00$/) });
    expect(full.points.find((p) => p.pointId === c.points[1].id)!.readiness.technician).toMatchObject({ ok: true, note: 'Anh Hùng trực' });
    expect(full.points.find((p) => p.pointId === c.points[2].id)).toMatchObject({ attendance: 'absent', attendanceReason: 'Mất điện cả xã' });

    const bad = await t.http().get(`/api/conferences/${cid}/presence?format=xml`).set('Authorization', operator);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('?format=counts is the full snapshot without its points (the conference list refreshes it every 30 s)', async () => {
    await checkedIn(t, link(0), cid);
    const b = await checkedIn(t, link(1), cid);
    await ask(b, 'readiness', { conferenceId: cid, key: 'technician', ok: true });
    const { full, compact: counts } = await settledPair('?format=counts');
    const { points, ...rest } = full;
    expect(points).toHaveLength(5);
    expect(counts).toEqual({ format: 'counts', ...rest });
    expect(full.counts).toMatchObject({ total: 5, online: 2, readiness: { technician: { ok: 1, total: 5 } } });
    const unknown = await t.http().get(`/api/conferences/00000000-0000-4000-8000-000000000000/presence?format=counts`).set('Authorization', operator);
    expect(unknown.status).toBe(404);
  });

  it('is sent compressed as the client accepts (br before gzip), identity otherwise, the same JSON after decoding', async () => {
    await checkedIn(t, link(0), cid);
    await settledPair('');
    const plain = await get('');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('no-store');
    const json = plain.body.toString('utf8');
    const br = await get('', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(plain.body.length);
    // The check-in's delta may leave (and take its seq) between two reads: compare the points, seq never goes back.
    const fromBr = JSON.parse(brotliDecompressSync(br.body).toString('utf8')) as { seq: number };
    expect({ ...fromBr, seq: 0 }).toEqual({ ...(JSON.parse(json) as { seq: number }), seq: 0 });
    expect(fromBr.seq).toBeGreaterThanOrEqual((JSON.parse(json) as { seq: number }).seq);
    const gz = await get('?format=compact', 'gzip;q=1, br;q=0');
    expect(gz.headers['content-encoding']).toBe('gzip');
    const decoded = decodeCompactSnapshot(JSON.parse(gunzipSync(gz.body).toString('utf8')));
    const plainSnapshot = JSON.parse(json) as typeof decoded;
    expect({ ...decoded, seq: 0 }).toEqual({ ...plainSnapshot, seq: 0 });
    expect(decoded.seq).toBeGreaterThanOrEqual(plainSnapshot.seq);
  });

  it('board:join {snapshot: false} acks the seq without the snapshot; every later delta follows it; the default is unchanged', async () => {
    const s = await connectLive(t, operator);
    const deltas = collect<{ seq: number; changes: Array<{ pointId: string; state: string }> }>(s, 'presence');
    const ack = await ask(s, 'board:join', { conferenceId: cid, snapshot: false });
    expect(ack).toEqual({ ok: true, seq: expect.any(Number), currentPetition: null });
    await checkedIn(t, link(3), cid);
    await waitFor(() => deltas.length > 0);
    expect(deltas[0].seq).toBe((ack.seq as number) + 1);
    expect(deltas[0].changes.map((x) => x.pointId)).toContain(c.points[3].id);
    // a REST snapshot read after the join reaches the acked seq
    const rest = JSON.parse((await get('?format=compact')).body.toString('utf8')) as CompactSnapshot;
    expect(rest.seq).toBeGreaterThanOrEqual(ack.seq as number);

    const full = await ask(s, 'board:join', { conferenceId: cid });
    expect(Object.keys(full).sort()).toEqual(['ok', 'snapshot']);
    expect(await ask(s, 'board:join', { conferenceId: cid, snapshot: true })).toMatchObject({ ok: true, snapshot: { conferenceId: cid } });
    expect(await ask(s, 'board:join', { conferenceId: cid, snapshot: 'no' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const pointSocket = await checkedIn(t, link(0), cid);
    expect(await ask(pointSocket, 'board:join', { conferenceId: cid, snapshot: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
