/// <reference lib="dom" />
/**
 * Before and after the broadcast, in Chromium: the release print view printed to PDF (text and page count checked
 * with poppler's pdftotext/pdfinfo), the report page at the scenario's points and at 10,000 points, a release pushed
 * to a point's phone page, the board's readiness alert with contacts. Screenshots go to docs/screenshots/ when
 * UPDATE_SCREENSHOTS=1, else to a temporary folder. The 10,000-point draw time is printed, not asserted (see
 * bench/README.md for the measured figure).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { PresenceEventEntity } from '../../src/presence/entities/presence-event.entity';
import { makeConference, organizerAuth } from '../helpers/conferences.factory';
import { createTestApp, login, userWithRole, type TestApp } from '../helpers/test-app';
import { ack, connected, ensureWebBuilt, hasChromium, launchChromium, pointSocket } from './browser';
import { buildScenario, type Scenario } from './scenario';

const hasPoppler = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdfinfo');
if (!hasChromium) console.warn('test/browser/broadcast.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium).');
if (hasChromium && !hasPoppler) console.warn('test/browser/broadcast.e2e-spec.ts: the PDF checks need poppler-utils (apt-get install -y poppler-utils); they fail without it.');
const suite = hasChromium ? describe : describe.skip;

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? resolve(process.cwd(), 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'diemcau-shots-'));

suite('before and after the broadcast, in Chromium', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let browser: Browser;
  let s: Scenario;
  const sockets: Socket[] = [];

  const organizerHeader = () => `Bearer ${s.organizer.token}`;
  async function pageAs(token: string, role: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const ctx = await browser.newContext({ viewport, locale: 'vi-VN' });
    const session = JSON.stringify({ token, user: { id: 'x', username: role, role, pointId: null } });
    await ctx.addInitScript((v) => localStorage.setItem('diemcau.session', v), session);
    return ctx.newPage();
  }
  async function point(code: string): Promise<Socket> {
    const link = s.links.find((l) => l.code === code)!;
    const sock = pointSocket(t.url, link.token);
    sockets.push(sock);
    await connected(sock);
    expect(await ack(sock, 'checkin', { conferenceId: s.conferenceId })).toMatchObject({ ok: true });
    return sock;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [t, browser] = await Promise.all([createTestApp({ PRESENCE_GRACE_MS: '1500' }), launchChromium()]);
    s = await buildScenario(t);
  });
  afterAll(async () => {
    sockets.forEach((x) => x.disconnect());
    await browser?.close();
    await t?.close();
  });

  it('prints a release to an A4 PDF in Vietnamese, with its changes marked', async () => {
    const base = `/api/conferences/${s.conferenceId}/agenda`;
    let agenda = (await t.http().get(base).set('Authorization', organizerHeader())).body;
    expect((await t.http().post(`${base}/releases`).set('Authorization', organizerHeader()).send({ version: agenda.version })).status).toBe(201);
    const speech = agenda.items[2];
    await t.http().patch(`${base}/items/${speech.id}`).set('Authorization', organizerHeader())
      .send({ version: agenda.version, presenter: 'Phó Chủ tịch UBND huyện Thuận Thành', durationMinutes: 20 }).expect(200);
    agenda = (await t.http().get(base).set('Authorization', organizerHeader())).body;
    const r2 = await t.http().post(`${base}/releases`).set('Authorization', organizerHeader()).send({ version: agenda.version, note: 'Đổi người tham luận' });
    expect(r2.status).toBe(201);

    const page = await pageAs(s.organizer.token, 'organizer');
    await page.goto(`${t.url}/conferences/${s.conferenceId}/releases/2/print`);
    await page.getByRole('heading', { name: 'Chương trình hội nghị' }).waitFor();
    const pdf = join(SHOTS, 'release-print.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    await page.screenshot({ path: join(SHOTS, 'release-print.png'), fullPage: true });
    if (!hasPoppler) throw new Error('poppler-utils (pdftotext, pdfinfo) is needed to read the PDF: apt-get install -y poppler-utils');
    // Table cells wrap: compare with the line breaks folded into spaces.
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const words of ['CHƯƠNG TRÌNH HỘI NGHỊ', 'Bản phát hành số 2', 'Phó Chủ tịch', 'Khai mạc hội nghị', 'Đơn vị chịu trách nhiệm', 'Điểm cầu trình bày', 'Sửa nội dung', 'Đổi giờ (trước: ', 'Đổi người tham luận']) {
      expect(text).toContain(words);
    }
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(1);
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))!;
    expect([Math.round(Number(size[1])), Math.round(Number(size[2]))]).toEqual([595, 842]); // A4 in points
    await page.context().close();
  });

  it('shows the report at the scenario points: counts, one timeline row per point, drops, never-connected points', async () => {
    const a = await point('H-TUSON');
    await point('H-QUEVO');
    await point('X-VUNINH');
    a.disconnect(); // a drop
    await new Promise((r) => setTimeout(r, 300));
    await point('H-TUSON');
    const operatorToken = (await t.http().post('/api/auth/login').send(s.operator)).body.accessToken as string;
    const page = await pageAs(operatorToken, 'operator');
    await page.goto(`${t.url}/report/${s.conferenceId}`);
    await page.getByRole('heading', { name: `Báo cáo hội nghị: ${s.title}` }).waitFor();
    const n = s.points.length;
    expect(await page.locator('[data-report-points]').getAttribute('data-report-points')).toBe(String(n));
    const rows = await page.locator('.tl-rows').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rows'))));
    expect(rows.reduce((x, y) => x + y, 0)).toBe(n);
    await expect(page.locator('.stat', { hasText: 'Đã kết nối' }).locator('strong').textContent()).resolves.toBe('3');
    await expect(page.locator('.stat', { hasText: 'Lần mất tín hiệu' }).locator('strong').textContent()).resolves.toBe('1');
    await expect(page.locator('[data-testid=never-connected]').textContent()).resolves.toContain('UBND huyện Gia Bình');
    await expect(page.locator('[data-testid=agenda-times]').textContent()).resolves.toContain('Khai mạc hội nghị');
    // The canvas drew bars (green pixels) for the district group.
    const green = await page.locator('.tl-group[data-level=district] canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] === 0x2e && d[i + 1] === 0x7d && d[i + 2] === 0x32) n++;
      return n;
    });
    expect(green).toBeGreaterThan(0);
    // Collapsing a level hides its rows.
    await page.locator('.tl-group[data-level=commune] .tl-group-head').click();
    await expect(page.locator('.tl-group[data-level=commune] .tl-rows').count()).resolves.toBe(0);
    await page.locator('.tl-group[data-level=commune] .tl-group-head').click();
    await page.screenshot({ path: join(SHOTS, 'report-18.png'), fullPage: true });
    const pdf = join(SHOTS, 'report-18.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    if (hasPoppler) expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('Chưa từng kết nối');
    await page.context().close();
  });

  it('draws the report at 10,000 points (the draw time is printed)', async () => {
    const admin = await login(t);
    const csv = ['code,name,level,parentCode,address,contactName,contactPhone,capacity', 'R-PROV,UBND tỉnh Bắc Ninh,province,,,,,'];
    for (let d = 0; d < 10; d++) csv.push(`R-D${d},UBND huyện số ${d},district,R-PROV,,,,`);
    for (let i = 0; i < 9989; i++) csv.push(`R-C${i},UBND xã số ${i},commune,R-D${i % 10},,,,`);
    expect((await t.http().post('/api/points/import').set('Authorization', admin).set('Content-Type', 'text/csv').send(csv.join('\n'))).status).toBe(200);
    const province = (await t.http().get('/api/points?q=R-PROV').set('Authorization', admin)).body.items[0];
    const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').minus({ hours: 4 }).startOf('hour');
    const conf = await makeConference(t, { hostPointId: province.id, startsAt: start.toISO()!, endsAt: start.plus({ hours: 3 }).toISO()!, force: true });
    const organizer = await organizerAuth(t);
    const invited = await t.http().post(`/api/conferences/${conf.id}/points`).set('Authorization', organizer).send({ subtreeOf: province.id, levels: ['district', 'commune'], force: true });
    expect(invited.status).toBe(200);
    const ids: string[] = invited.body.points.map((p: { pointId: string }) => p.pointId);
    expect(ids).toHaveLength(10_000);
    // An event log as a real broadcast leaves it: most points join in the first half hour, a third drop once and come back.
    const m = (min: number) => start.plus({ minutes: min }).toJSDate();
    const rows: Array<Partial<PresenceEventEntity>> = [];
    let never = 0;
    ids.forEach((pointId, i) => {
      if (i % 17 === 5) return void never++; // never connected
      rows.push({ conferenceId: conf.id, pointId, at: m(-10 + (i % 40)), type: 'checkin', detail: { via: 'link' } });
      if (i % 3 === 0) {
        rows.push({ conferenceId: conf.id, pointId, at: m(60 + (i % 50)), type: 'disconnect', detail: { drops: 1 } });
        rows.push({ conferenceId: conf.id, pointId, at: m(65 + (i % 50)), type: 'connect', detail: { via: 'link', drops: 1 } });
      }
      rows.push({ conferenceId: conf.id, pointId, at: m(150 + (i % 30)), type: 'checkout', detail: null });
    });
    const ds = t.app.get(DataSource);
    for (let k = 0; k < rows.length; k += 2000) await ds.createQueryBuilder().insert().into(PresenceEventEntity).values(rows.slice(k, k + 2000) as QueryDeepPartialEntity<PresenceEventEntity>[]).execute();

    const operator = await userWithRole(t, 'operator');
    const page = await pageAs(operator.slice('Bearer '.length), 'operator', { width: 1366, height: 768 });
    // Warm the server's report once (the first call loads the 10,000-point roster), so the figure is the page's.
    await t.http().get(`/api/conferences/${conf.id}/report`).set('Authorization', operator).expect(200);
    const t0 = Date.now();
    await page.goto(`${t.url}/report/${conf.id}`);
    await page.waitForFunction(() => (window as unknown as { __reportDrawnMs?: number }).__reportDrawnMs !== undefined, null, { timeout: 60_000 });
    const wall = Date.now() - t0;
    const drawn = await page.evaluate(() => (window as unknown as { __reportDrawnMs: number }).__reportDrawnMs);
    process.stdout.write(`[report 10,000 points] fetch + parse + first draw: ${Math.round(drawn)} ms (navigation to drawn: ${wall} ms)\n`);
    expect(await page.locator('[data-report-points]').getAttribute('data-report-points')).toBe('10000');
    await expect(page.locator('.stat', { hasText: 'Chưa từng kết nối' }).locator('strong').textContent()).resolves.toBe(never.toLocaleString('vi-VN'));
    // The commune group (9,989 rows) starts collapsed; open it, scroll into its middle: the rows in view are drawn.
    await page.locator('.tl-group[data-level=commune] .tl-group-head').click();
    const box = page.locator('.tl-group[data-level=commune] .tl-rows');
    await expect(box.getAttribute('data-rows')).resolves.toBe('9989');
    await page.evaluate(() => {
      const el = document.querySelector('.tl-group[data-level=commune] .tl-rows')!;
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY + 5000 * 16);
    });
    await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('.tl-group[data-level=commune] canvas');
      return !!c && /^(49|50)\d\d-/.test(c.dataset.rows ?? '');
    });
    await page.screenshot({ path: join(SHOTS, 'report-10000.png') });
    await page.context().close();
  });
});
