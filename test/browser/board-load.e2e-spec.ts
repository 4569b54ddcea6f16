/// <reference lib="dom" />
/**
 * A board opened while points keep checking in and out: its tiles draw the snapshot read with the page's script
 * before the socket's join confirms it, and the deltas sent meanwhile come right after the tiles' first render. When
 * the stream stops, every tile must show the server's state: a tile that missed a delta would show a site online that
 * has left (or the other way round) until that point changed again.
 */
import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { provinceConference } from '../helpers/conferences.factory';
import { bare } from '../helpers/live-client';
import { makePoint } from '../helpers/points.factory';
import { createTestApp, userWithRole, type TestApp } from '../helpers/test-app';
import { ack, connected, ensureWebBuilt, hasChromium, launchChromium, pointSocket, signedInContext } from './browser';

if (!hasChromium) console.warn('test/browser/board-load.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium).');
const suite = hasChromium ? describe : describe.skip;

const COMMUNES = 150;
const LOADS = 6;

suite('a board opened during a stream of check-ins', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await t?.close();
  });

  it('ends on the server state after each load, whatever came between the snapshot, the join and the first render', async () => {
    const { conf, organizer, links } = await provinceConference(t, 'L', COMMUNES);
    const points = links.filter((l) => l.code.startsWith('L-C'));
    expect(points).toHaveLength(COMMUNES);
    const socketOf = new Map<string, Socket>();
    await Promise.all(
      points.map(async (l) => {
        const s = pointSocket(t.url, l.token);
        sockets.push(s);
        socketOf.set(l.code, s);
        await connected(s);
      }),
    );

    // the stream: points in turn check in or out (20 lanes, each waiting for its ack), until stopped
    const inside = new Set<string>();
    let next = 0;
    let changes = 0;
    const startStream = () => {
      let on = true;
      const lanes = Array.from({ length: 20 }, async () => {
        while (on) {
          const code = points[next++ % COMMUNES].code;
          const event = inside.has(code) ? 'checkout' : 'checkin';
          const a = await ack(socketOf.get(code)!, event, { conferenceId: conf.id });
          if (!a.ok) throw new Error(`${event} of ${code} refused: ${JSON.stringify(a)}`);
          if (event === 'checkin') inside.add(code);
          else inside.delete(code);
          changes++;
          // at most 20 lanes × 100 events a second: each point then sends ~13 a second, under its budget of 20
          await new Promise((r) => setTimeout(r, 10));
        }
      });
      return () => ((on = false), Promise.all(lanes));
    };

    const operator = await userWithRole(t, 'operator');
    const ctx = await signedInContext(browser, bare(operator), { id: 'op', username: 'op', role: 'operator' }, { viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    const tiles = async () =>
      new Map(
        await page
          .locator('[data-point-code]')
          .evaluateAll((els) => els.map((e) => [e.getAttribute('data-point-code')!, e.getAttribute('data-state')!] as const)),
      );

    for (let load = 0; load < LOADS; load++) {
      const stop = startStream();
      const before = changes;
      try {
        await page.goto(`${t.url}/board/${conf.id}`);
        await page.waitForFunction(() => performance.getEntriesByName('board:painted').length > 0, undefined, { timeout: 30_000, polling: 50 });
        // the stream goes on for a while after the paint
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        await stop();
      }
      expect(changes - before).toBeGreaterThan(20);

      const server = await t.http().get(`/api/conferences/${conf.id}/presence`).set('Authorization', organizer);
      const want = new Map<string, string>(server.body.points.map((p: { code: string; state: string }) => [p.code, p.state]));
      for (const l of points) expect([l.code, want.get(l.code)]).toEqual([l.code, inside.has(l.code) ? 'online' : 'left']);
      // deltas are sent within 50 ms of their ack: two seconds is far more than the board needs to catch up
      const deadline = Date.now() + 2000;
      let shown = await tiles();
      while (Date.now() < deadline && [...want].some(([code, state]) => shown.get(code) !== state)) {
        await new Promise((r) => setTimeout(r, 100));
        shown = await tiles();
      }
      const mismatches = [...want]
        .filter(([code, state]) => shown.get(code) !== state)
        .map(([code, state]) => `${code}: board ${shown.get(code)}, server ${state}`);
      expect({ load, mismatches }).toEqual({ load, mismatches: [] });
    }
    await ctx.close();
  });

  it('shows a point invited while the board is open, and drops its tile once it is removed, without a reload', async () => {
    const { conf, organizer } = await provinceConference(t, 'R', 3);
    const operator = await userWithRole(t, 'operator');
    const ctx = await signedInContext(browser, bare(operator), { id: 'op', username: 'op', role: 'operator' }, { viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(`${t.url}/board/${conf.id}`);
    await page.waitForFunction(() => performance.getEntriesByName('board:painted').length > 0, undefined, { timeout: 30_000, polling: 50 });
    const tileCount = () => page.locator('[data-point-code]').count();
    const before = await tileCount();
    // a point added on the last day, while the operator watches
    const late = await makePoint(t, { code: 'R-LATE', name: 'UBND xã Mới Thêm', level: 'commune' });
    await t
      .http()
      .post(`/api/conferences/${conf.id}/points`)
      .set('Authorization', organizer)
      .send({ pointIds: [late.id], force: true })
      .expect(200);
    await page.locator('[data-point-code="R-LATE"]', { hasText: 'UBND xã Mới Thêm' }).waitFor({ timeout: 5000 });
    expect(await tileCount()).toBe(before + 1);
    await t.http().delete(`/api/conferences/${conf.id}/points/${late.id}`).set('Authorization', organizer).expect(200);
    await page.locator('[data-point-code="R-LATE"]').waitFor({ state: 'detached', timeout: 5000 });
    expect(await tileCount()).toBe(before);
    await ctx.close();
  });
});
