/// <reference lib="dom" />
/**
 * The petitions pages on the Bắc Ninh demo (SEED_DEMO=true: 12 departments, about 40 petitions in every state,
 * linked to the FDI and domestic dialogues), in Chromium: overdue petitions stand out in the inbox and its overdue
 * filter, a reopened petition keeps its history, the demo department account lands on its own petitions, and the
 * FDI dialogue's Q&A tab lists its queue. These are also the screenshots of docs/pages.md (UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { DemoService } from '../../src/demo/demo.service';
import { DEMO_DEPARTMENT_ACCOUNT } from '../../src/demo/demo-petitions';
import { createTestApp, login, type TestApp } from '../helpers/test-app';
import { ensureWebBuilt, hasChromium, launchChromium } from './browser';

if (!hasChromium) {
  console.warn('test/browser/petitions-demo.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium), so the page tests cannot run.');
}
const suite = hasChromium ? describe : describe.skip;
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? resolve(process.cwd(), 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'diemcau-shots-'));

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

suite('petitions pages on the demo data, in Chromium', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  let all: Body[];

  async function signedIn(username: string, password: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await ctx.newPage();
    await page.goto(`${t.url}/`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.press('input[name=password]', 'Enter');
    return page;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [t, browser] = await Promise.all([createTestApp({ SEED_DEMO: 'true' }), launchChromium()]);
    await t.app.get(DemoService).seedIfEmpty();
    admin = await login(t);
    all = (await t.http().get('/api/petitions?limit=1000').set('Authorization', admin).expect(200)).body.items;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('overdue petitions stand out in the inbox, and the overdue filter shows only them', async () => {
    const overdue = all.filter((p) => p.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    const page = await signedIn('bantochuc', 'BanToChuc@2021');
    await page.getByRole('link', { name: 'Kiến nghị', exact: true }).first().click();
    await page.locator('tr[data-petition-code]').first().waitFor();
    await page.locator('[data-count="all"]', { hasText: `Tất cả (${all.length})` }).waitFor();
    // every overdue petition on the first page has the red mark and, once a working day has gone by since its deadline,
    // "quá N ngày làm việc"; never "due today" or days left (the demo's deadlines fall on the run's day: in its evening,
    // on a weekend or a holiday in Việt Nam no working day has gone by)
    const firstPage = all.slice(0, 50);
    for (const p of firstPage.filter((x) => x.overdue)) {
      const row = page.locator(`tr[data-petition-code="${p.code}"]`);
      await row.locator('[data-overdue="true"]').waitFor();
      const text = (await row.textContent()) ?? '';
      expect(text).not.toMatch(/hết hạn hôm nay|còn \d+ ngày làm việc/);
      if (p.workingDaysLeft !== null && p.workingDaysLeft < 0) expect(text).toMatch(/quá \d+ ngày làm việc/);
      else expect(await row.locator('[data-working-days]').count()).toBe(0);
    }
    for (const p of firstPage.filter((x) => !x.overdue)) expect(await page.locator(`tr[data-petition-code="${p.code}"] [data-overdue]`).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'petitions-inbox-1366x768.png') });
    await page.check('input[name=overdue]');
    await page.waitForFunction((n) => document.querySelectorAll('tr[data-petition-code]').length === n, overdue.length);
    expect(await page.locator('tr[data-petition-code] [data-overdue="true"]').count()).toBe(overdue.length);
    expect(page.url()).toContain('overdue=true');
  });

  it('a reopened petition shows its whole history, reopening included', async () => {
    let reopened: Body | null = null;
    for (const p of all.filter((x) => x.status === 'assigned')) {
      const d = (await t.http().get(`/api/petitions/${p.id}`).set('Authorization', admin)).body;
      if (d.history.some((h: Body) => h.action === 'reopen')) reopened = d;
    }
    expect(reopened).not.toBeNull();
    const page = await signedIn('bantochuc', 'BanToChuc@2021');
    await page.getByRole('link', { name: 'Kiến nghị', exact: true }).first().waitFor();
    await page.goto(`${t.url}/petitions/${reopened!.id}`);
    await page.locator('[data-history-action="reopen"]', { hasText: 'Mở lại' }).waitFor();
    await page.locator('[data-history-action="answer"]').waitFor();
    await page.locator('[data-history-action="assign"]').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'petition-reopened-1366x768.png'), fullPage: true });
  });

  it('the demo department account lands on its department’s petitions', async () => {
    const page = await signedIn(DEMO_DEPARTMENT_ACCOUNT.username, DEMO_DEPARTMENT_ACCOUNT.password);
    await page.getByRole('heading', { name: 'Kiến nghị giao cho Sở Tài nguyên và Môi trường' }).waitFor();
    await page.locator('tr[data-petition-code]').first().waitFor();
    const auth = await login(t, DEMO_DEPARTMENT_ACCOUNT.username, DEMO_DEPARTMENT_ACCOUNT.password);
    const mine = (await t.http().get('/api/petitions?limit=50').set('Authorization', auth)).body.items as Body[];
    const codes = await page.locator('tr[data-petition-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-petition-code')));
    expect(codes.sort()).toEqual(mine.map((p) => p.code).sort());
    // no department filter for a department user: the API decides what it sees
    expect(await page.locator('select[name=departmentId]').count()).toBe(0);
  });

  it('the FDI dialogue’s Q&A tab lists its petitions in queue order with the summary', async () => {
    const byConf = new Map<string, number>();
    for (const p of all) if (p.conferenceId) byConf.set(p.conferenceId, (byConf.get(p.conferenceId) ?? 0) + 1);
    const [conferenceId] = [...byConf.entries()].sort((a, b) => b[1] - a[1])[0];
    const queue = (await t.http().get(`/api/conferences/${conferenceId}/petitions`).set('Authorization', admin)).body as Body[];
    const page = await signedIn('bantochuc', 'BanToChuc@2021');
    await page.getByRole('link', { name: 'Kiến nghị', exact: true }).first().waitFor();
    await page.goto(`${t.url}/conferences/${conferenceId}/qa`);
    await page
      .locator('[data-queue] li')
      .nth(queue.length - 1)
      .waitFor();
    const codes = await page.locator('[data-queue] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-petition-code')));
    expect(codes).toEqual(queue.map((p) => p.code));
    await page.locator('[data-summary]', { hasText: `${queue.length} kiến nghị` }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'conference-qa-1366x768.png') });
  });
});
