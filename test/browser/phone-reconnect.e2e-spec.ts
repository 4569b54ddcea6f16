/// <reference lib="dom" />
/**
 * The point's phone page across weak networks, in Chromium against the real server: what changed while the phone
 * was away is shown after it reconnects (no reload), reads that fail are tried again, and the roll call's countdown
 * does not trust the phone's own clock.
 */
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { ack, connected, ensureWebBuilt, hasChromium, launchChromium, pointSocket } from './browser';
import { buildScenario, type Scenario } from './scenario';

if (!hasChromium) {
  console.warn('test/browser/phone-reconnect.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium), so the page tests cannot run.');
}
const suite = hasChromium ? describe : describe.skip;

/** Waits for a condition the page cannot show (asked again every 100 ms, up to 5 s). */
async function until(ok: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' };

suite("the point's phone page on a weak network, in Chromium", () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let browser: Browser;
  let s: Scenario;
  let operatorToken: string;
  const contexts: BrowserContext[] = [];
  const organizer = () => `Bearer ${s.organizer.token}`;
  const agendaPath = () => `/api/conferences/${s.conferenceId}/agenda`;

  async function phone(): Promise<Page> {
    const ctx = await browser.newContext(PHONE);
    contexts.push(ctx);
    return ctx.newPage();
  }
  const linkOf = (code: string) => new URL(s.links.find((x) => x.code === code)!.url, t.url).toString();
  async function addItem(title: string): Promise<string> {
    const v = (await t.http().get(agendaPath()).set('Authorization', organizer())).body.version;
    const res = await t.http().post(`${agendaPath()}/items`).set('Authorization', organizer()).send({ version: v, title, kind: 'speech', durationMinutes: 10 });
    expect(res.status).toBe(201);
    return res.body.items.find((i: { title: string }) => i.title === title).id;
  }

  /**
   * Opens the point's link on `p` and checks in, starts a roll call of `timeoutSeconds` from the operator's socket, and
   * hands over the page's roll-call section once it offers the answer.
   */
  async function rollcallOn(p: Page, code: string, timeoutSeconds: number, then: (section: Locator) => Promise<void>): Promise<void> {
    await p.goto(linkOf(code));
    await p.locator('[data-action="checkin"]').click();
    await p.locator('[data-checkin-state="online"][data-conn="online"]').waitFor();
    const op = pointSocket(t.url, operatorToken);
    try {
      await connected(op);
      expect(await ack(op, 'rollcall:start', { conferenceId: s.conferenceId, timeoutSeconds })).toMatchObject({ ok: true });
      const section = p.locator('.ck-rollcall');
      await section.locator('[data-action="rollcall-answer"]').waitFor();
      await then(section);
    } finally {
      op.disconnect();
    }
  }

  beforeAll(async () => {
    ensureWebBuilt();
    [t, browser] = await Promise.all([createTestApp({ PRESENCE_GRACE_MS: '1500' }), launchChromium()]);
    s = await buildScenario(t);
    operatorToken = (await t.http().post('/api/auth/login').send(s.operator)).body.accessToken;
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('after a reconnection the phone shows the agenda edits, the current item and the release made while it was away, without a reload', async () => {
    const p = await phone();
    await p.goto(linkOf('H-QUEVO'));
    await p.locator('[data-action="checkin"]').click();
    await p.locator('[data-checkin-state="online"][data-conn="online"]').waitFor();
    await p.locator('.ck-items li').first().waitFor();

    await p.context().setOffline(true);
    await p.locator('[data-banner="connection-lost"]').waitFor({ timeout: 10_000 });
    // while the phone is away: a new item, made the current one, and a release of the program
    const itemId = await addItem('Phát biểu của đại diện doanh nghiệp FDI');
    await t
      .http()
      .post(`${agendaPath()}/current`)
      .set('Authorization', `Bearer ${operatorToken}`)
      .send({ itemId })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const v = (await t.http().get(agendaPath()).set('Authorization', organizer())).body.version;
    const rel = await t
      .http()
      .post(`${agendaPath()}/releases`)
      .set('Authorization', organizer())
      .send({ version: v, note: 'Thêm phần phát biểu của doanh nghiệp' });
    expect(rel.status).toBe(201);

    await p.context().setOffline(false);
    await p.locator('[data-checkin-state="online"][data-conn="online"]').waitFor({ timeout: 15_000 });
    // the catch-up read comes at a random moment within CATCH_UP_SPREAD_MS (20 s) after an automatic re-check-in
    await p.locator(`.ck-items li.current[data-item-id="${itemId}"]`, { hasText: 'Phát biểu của đại diện doanh nghiệp FDI' }).waitFor({ timeout: 30_000 });
    await p.locator(`[data-testid=release-banner][data-release="${rel.body.number}"]`, { hasText: 'Thêm phần phát biểu của doanh nghiệp' }).waitFor();
    // and the board learns that this point holds the agenda version it now shows
    await until(async () => {
      const snap = (await t.http().get(`/api/conferences/${s.conferenceId}/presence`).set('Authorization', organizer())).body;
      return snap.points.find((x: { code: string }) => x.code === 'H-QUEVO').agendaVersion === v;
    });

    // a second drop with nothing changed meanwhile: the phone asks agenda:state and reads neither the agenda nor the
    // release list again (10,000 phones after a restart would)
    const reads: string[] = [];
    p.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === agendaPath() || path === `${agendaPath()}/releases`) reads.push(path);
    });
    let asked = false;
    p.on('websocket', (ws) => ws.on('framesent', (f) => void (String(f.payload).includes('"agenda:state"') && (asked = true))));
    await p.context().setOffline(true);
    await p.locator('[data-banner="connection-lost"]').waitFor({ timeout: 10_000 });
    await p.context().setOffline(false);
    await p.locator('[data-checkin-state="online"][data-conn="online"]').waitFor({ timeout: 15_000 });
    await until(async () => asked, 30_000);
    await p.waitForTimeout(1000);
    expect(reads).toEqual([]);
    await p.locator(`.ck-items li.current[data-item-id="${itemId}"]`).waitFor();
    await p.locator(`[data-testid=release-banner][data-release="${rel.body.number}"]`).waitFor();
  });

  it('an agenda read that fails when the page opens is tried again (no endless "Đang tải…")', async () => {
    const p = await phone();
    let failed = 0;
    await p.route('**/api/conferences/*/agenda', (route) => (failed++ === 0 ? route.abort('failed') : route.continue()));
    await p.goto(linkOf('H-YENPHONG'));
    await p.locator('.ck-items li').first().waitFor({ timeout: 10_000 });
    expect(failed).toBeGreaterThan(1);
  });

  it('a roll call left unanswered counts down on the phone, then says it has closed and offers no answer', async () => {
    await rollcallOn(await phone(), 'H-LUONGTAI', 5, async (section) => {
      const left = async () => Number(/Còn (\d+) giây/.exec((await section.textContent()) ?? '')?.[1]);
      const first = await left();
      expect(first).toBeGreaterThanOrEqual(3);
      expect(first).toBeLessThanOrEqual(6);
      await until(async () => (await left()) < first);
      // Past the deadline: the phone says so, and the answer button is gone.
      await section.getByText('Đã hết thời gian điểm danh.').waitFor({ timeout: 10_000 });
      await expect(section.locator('[data-action="rollcall-answer"]').count()).resolves.toBe(0);
    });
  });

  it("counts a roll call down on the server's clock: a phone whose clock is a minute fast can still answer", async () => {
    const ctx = await browser.newContext(PHONE);
    contexts.push(ctx);
    await ctx.addInitScript(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 60_000;
    });
    await rollcallOn(await ctx.newPage(), 'H-GIABINH', 30, async (section) => {
      expect(await section.textContent()).toMatch(/Còn (29|30|31) giây/); // the server's Date header counts whole seconds
      await section.locator('[data-action="rollcall-answer"]').click();
      await section.getByText('Đã trả lời điểm danh.').waitFor();
    });
  });
});
