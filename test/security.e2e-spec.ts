import { jest } from '@jest/globals';
import { PointsImportService } from '../src/bridge-points/points-import.service';
import { EVENTS_PER_TOKEN_PER_SECOND, SOCKETS_PER_TOKEN } from '../src/presence/ws/ws-rate-limit';
import { ask, closeAllSockets, connectError, connectLive, liveConference, LiveConference, LiveSocket, waitFor } from './helpers/live-client';
import { createTestApp, login, TestApp } from './helpers/test-app';

/**
 * Issue 12 (security and fault review): what one check-in link, one CSV file or one odd request must not be able to
 * do to the server. Each test failed before its fix.
 */
jest.setTimeout(120_000);

describe('security review findings (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let c: LiveConference;
  let cid: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    c = await liveConference(t, ['district', 'commune']);
    cid = c.conference.id;
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    closeAllSockets();
    await t.close();
  });

  const link = (i = 0) => c.links.get(c.points[i].id)!;
  const pointCount = async () => (await t.http().get('/api/points?active=all&limit=1').set('Authorization', admin).expect(200)).body.total as number;

  describe('finding 8: one check-in link cannot stall the server', () => {
    it('refuses an event with 20,000 unknown keys with a short answer listing a few of them', async () => {
      const s = await connectLive(t, link());
      const payload: Record<string, unknown> = { conferenceId: cid };
      for (let i = 0; i < 20_000; i++) payload[`k${i}`] = i;
      for (const event of ['checkin', 'status', 'notice']) {
        const ack = await ask(s, event, payload, 15_000);
        expect(ack.ok).toBe(false);
        expect((ack.error as { code: string }).code).toBe('bad_request');
        expect(JSON.stringify(ack).length).toBeLessThan(2_000);
      }
      // Keys the DTO does not know are refused and named, a few at most, with the count of the rest.
      const few = await ask(s, 'checkin', { conferenceId: cid, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 });
      expect((few.error as { message: string }).message).toContain('property a should not exist');
      expect((few.error as { message: string }).message).toContain('2 more');
      expect(s.connected).toBe(true);
    });

    it('closes the connection of a client that sends a message over 512 KB; the others keep being answered', async () => {
      const other = await connectLive(t, link(1));
      const s = await connectLive(t, link());
      const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(String(reason))));
      s.emit('status', { conferenceId: cid, audio: 'ok', video: 'ok', note: 'x'.repeat(600 * 1024) }, () => undefined);
      expect(await closed).toBeTruthy();
      expect((await ask(other, 'checkin', { conferenceId: 'not-a-uuid' })).ok).toBe(false);
      await t.http().get('/api/health').expect(200);
    });

    it(`lets one token hold ${SOCKETS_PER_TOKEN} sockets; the next handshake fails with "rate_limited" until one closes`, async () => {
      const sockets: LiveSocket[] = [];
      for (let i = 0; i < SOCKETS_PER_TOKEN; i++) sockets.push(await connectLive(t, link()));
      const refused = await connectError(t, link());
      expect(refused.message).toBe('rate_limited');
      expect((refused as Error & { data?: { code: string } }).data?.code).toBe('rate_limited');
      // Another point's link is not affected.
      (await connectLive(t, link(1))).close();
      sockets[0].close();
      const again = await waitFor(async () => connectLive(t, link()).catch(() => null), 5_000, 100);
      expect(again.connected).toBe(true);
    });

    it(`shares an event budget of ${EVENTS_PER_TOKEN_PER_SECOND} a second among the sockets of one token`, async () => {
      const sockets = await Promise.all([0, 1, 2].map(() => connectLive(t, link())));
      // 3 × 15 events: under each socket's own budget (20), over the token's (40).
      const acks = await Promise.all(sockets.flatMap((s) => Array.from({ length: 15 }, () => ask(s, 'checkin', { conferenceId: 'not-a-uuid' }))));
      const codes = acks.map((a) => (a.error as { code: string }).code);
      expect(codes.filter((code) => code === 'rate_limited').length).toBeGreaterThanOrEqual(45 - EVENTS_PER_TOKEN_PER_SECOND);
      expect(codes.every((code) => code === 'rate_limited' || code === 'bad_request')).toBe(true);
      expect(sockets.every((s) => s.connected)).toBe(true);
    });
  });

  describe('finding 10: a 50,000-row import', () => {
    const rows = (n: number, level: string, prefix: string) =>
      ['code,name,level', ...Array.from({ length: n }, (_, i) => `${prefix}${i},Điểm cầu ${i},${level}`)].join('\n');

    it('gives the event loop turns while it parses, checks and writes (the boards are not stalled)', async () => {
      let turns = 0;
      let running = true;
      const tick = () => {
        turns++;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      const before = turns;
      const result = await t.app.get(PointsImportService).import('text/csv', rows(50_000, 'enterprise', 'IMP'));
      running = false;
      expect(result).toMatchObject({ created: 50_000, updated: 0 });
      // At least one turn per slice of 2,000 lines parsed and per 500 rows written.
      expect(turns - before).toBeGreaterThanOrEqual(100);
    });

    it('answers a file of 50,000 bad rows once, with the first 1,000 line errors and the total in details', async () => {
      const before = await pointCount();
      const res = await t
        .http()
        .post('/api/points/import')
        .set('Authorization', admin)
        .set('Content-Type', 'text/csv')
        .send(rows(50_000, 'huyen', 'BAD'));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('import_failed');
      expect(res.body.errors).toHaveLength(1_000);
      expect(res.body.errors[0]).toMatchObject({ line: 2, message: expect.stringContaining('level') });
      expect(res.body.details).toEqual({ totalErrors: 50_000, maxListed: 1_000 });
      expect(res.body.message).toContain('50000');
      expect(res.text.length).toBeLessThan(500_000); // 17 MB before
      expect(await pointCount()).toBe(before);
    });
  });

  describe('lows', () => {
    it('answers deeply nested JSON with 400 bad_request, not 500', async () => {
      const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
      const arrays = `{"code":"DEEP1","name":"x","level":"district","address":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
      for (const body of [deep, arrays]) {
        const res = await t.http().post('/api/points').set('Authorization', admin).set('Content-Type', 'application/json').send(body);
        expect([res.status, res.body.code]).toEqual([400, 'bad_request']);
      }
      const q = await t
        .http()
        .get(`/api/points?${'a['.repeat(1)}${'b]['.repeat(40)}c]=1`)
        .set('Authorization', admin);
      expect(q.status).toBeLessThan(500);
    });

    it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])('refuses an unknown field named %s (400, nothing created)', async (key) => {
      const before = await pointCount();
      const body = `{"code":"PROTO-${key.replace(/_/g, 'U')}","name":"Điểm","level":"district","${key}":{"x":1}}`;
      const res = await t.http().post('/api/points').set('Authorization', admin).set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(JSON.stringify(res.body.message)).toContain(key);
      const login = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(`{"username":"admin","password":"x","${key}":1}`);
      expect(login.status).toBe(400);
      expect(await pointCount()).toBe(before);
    });

    it('reads text/plain and text/csv bodies only on the import route, and only after authentication', async () => {
      const big = 'x'.repeat(9 * 1024 * 1024);
      for (const [path, type] of [
        ['/api/points/import', 'text/csv'],
        ['/api/points', 'text/plain'],
        ['/api/conferences', 'text/csv'],
      ]) {
        const res = await t.http().post(path).set('Content-Type', type).send(big);
        expect([path, type, res.status]).toEqual([path, type, 401]);
      }
      const plain = await t
        .http()
        .post('/api/points/import')
        .set('Authorization', admin)
        .set('Content-Type', 'text/plain')
        .send('code,name,level\nA1,x,district');
      expect([plain.status, plain.body.code]).toEqual([400, 'validation_failed']);
      const tooBig = await t.http().post('/api/points/import').set('Authorization', admin).set('Content-Type', 'text/csv').send(big);
      expect([tooBig.status, tooBig.body.code]).toEqual([413, 'payload_too_large']);
    });

    it('keeps /metrics off unless METRICS_TOKEN is set', async () => {
      expect((await t.http().get('/metrics')).status).toBe(404);
    });

    it('never builds check-in link URLs from the Host header when PUBLIC_URL is unset', async () => {
      const port = new URL(t.url).port;
      const res = await t
        .http()
        .post(`/api/conferences/${cid}/checkin-links`)
        .set('Authorization', c.organizer)
        .set('Host', 'evil.example')
        .set('X-Forwarded-Host', 'evil.example')
        .send({});
      expect(res.status).toBe(201);
      for (const l of res.body as Array<{ url: string }>) expect(l.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/checkin#token=`));
      c.links = new Map((res.body as Array<{ pointId: string; token: string }>).map((l) => [l.pointId, l.token]));
    });
  });
});
