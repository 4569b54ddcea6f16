/// <reference lib="dom" />
/**
 * The board with 10,000 invited points, in Chromium: every point has its one tile, a check-in still shows within
 * a second, and a burst of check-ins does not stall the page (only the changed tiles re-render).
 */
import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { provinceConference } from '../helpers/conferences.factory';
import { bare } from '../helpers/live-client';
import { createTestApp, userWithRole, type TestApp } from '../helpers/test-app';
import { ack, connected, ensureWebBuilt, hasChromium, launchChromium, pointSocket, signedInContext, waitTileState } from './browser';

if (!hasChromium) console.warn('test/browser/board-scale.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium).');
const suite = hasChromium ? describe : describe.skip;

const DISTRICTS = 10;
const COMMUNES = 9989; // + 10 districts + the province = 10,000 points

suite('the board at 10,000 points', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let browser: Browser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [t, browser] = await Promise.all([createTestApp({ PRESENCE_GRACE_MS: '1500' }), launchChromium()]);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await t?.close();
  });

  it('renders one tile per point and keeps up with check-ins', async () => {
    const { conf, invited, links } = await provinceConference(t, 'S', COMMUNES, DISTRICTS);
    expect(invited).toBe(DISTRICTS + COMMUNES + 1);

    const operator = await userWithRole(t, 'operator');
    const ctx = await signedInContext(browser, bare(operator), { id: 'op', username: 'op', role: 'operator' }, { viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(`${t.url}/board/${conf.id}`);
    // the page marks its first full render (`board:painted`, read by `npm run bench:board`): every tile is there by then
    await page.waitForFunction(() => performance.getEntriesByName('board:painted').length > 0, undefined, { timeout: 60_000, polling: 100 });
    expect(await page.evaluate(() => document.querySelectorAll('[data-point-code]').length)).toBe(DISTRICTS + COMMUNES + 1);
    const codes = await page.locator('[data-point-code]').evaluateAll((els) => new Set(els.map((e) => e.getAttribute('data-point-code'))).size);
    expect(codes).toBe(DISTRICTS + COMMUNES + 1);
    await page.getByText(`Cấp xã: 0/${COMMUNES} đã kết nối`).first().waitFor();

    // one check-in, far down the board
    const far = links.find((l) => l.code === 'S-C9000')!;
    const s1 = pointSocket(t.url, far.token);
    sockets.push(s1);
    await connected(s1);
    expect(await ack(s1, 'checkin', { conferenceId: conf.id })).toMatchObject({ ok: true });
    expect(await waitTileState(page, 'S-C9000', 'online', 1000)).toBeLessThan(1000);

    // a burst of 200 check-ins: the last one shows within two seconds of its ack, and the page keeps painting
    const burst = links.filter((l) => l.code.startsWith('S-C')).slice(0, 200);
    await Promise.all(
      burst.map(async (l) => {
        const s = pointSocket(t.url, l.token);
        sockets.push(s);
        await connected(s);
        await ack(s, 'checkin', { conferenceId: conf.id });
      }),
    );
    await waitTileState(page, burst[burst.length - 1].code, 'online', 2000);
    const frame = await page.evaluate(
      () =>
        new Promise<number>((ok) => {
          const a = performance.now();
          requestAnimationFrame(() => ok(performance.now() - a));
        }),
    );
    expect(frame).toBeLessThan(250);
    await page
      .getByText(`Cấp xã: ${burst.length + 1}/${COMMUNES} đã kết nối`)
      .first()
      .waitFor({ timeout: 2000 });
    await ctx.close();
  });
});
