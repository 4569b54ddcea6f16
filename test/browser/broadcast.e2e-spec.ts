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
import { ack, connected, ensureWebBuilt, hasChromium, launchChromium, pointSocket, signedInContext } from './browser';
import { buildScenario, type Scenario } from './scenario';

const hasPoppler = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdfinfo');
if (!hasChromium) console.warn('test/browser/broadcast.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium).');
if (hasChromium && !hasPoppler)
  console.warn('test/browser/broadcast.e2e-spec.ts: the PDF checks need poppler-utils (apt-get install -y poppler-utils); they fail without it.');
const suite = hasChromium ? describe : describe.skip;

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? resolve(process.cwd(), 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'diemcau-shots-'));
/** The printed PDFs are read back and left in a temporary folder (never committed). */
const PDFS = mkdtempSync(join(tmpdir(), 'diemcau-pdf-'));

suite('before and after the broadcast, in Chromium', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let browser: Browser;
  let s: Scenario;
  const sockets: Socket[] = [];

  const organizerHeader = () => `Bearer ${s.organizer.token}`;
  async function pageAs(token: string, role: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const ctx = await signedInContext(browser, token, { id: 'x', username: role, role }, { viewport, locale: 'vi-VN' });
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
    await t
      .http()
      .patch(`${base}/items/${speech.id}`)
      .set('Authorization', organizerHeader())
      .send({ version: agenda.version, presenter: 'Phó Chủ tịch UBND huyện Thuận Thành', durationMinutes: 20 })
      .expect(200);
    agenda = (await t.http().get(base).set('Authorization', organizerHeader())).body;
    const r2 = await t.http().post(`${base}/releases`).set('Authorization', organizerHeader()).send({ version: agenda.version, note: 'Đổi người tham luận' });
    expect(r2.status).toBe(201);

    const page = await pageAs(s.organizer.token, 'organizer');
    await page.goto(`${t.url}/conferences/${s.conferenceId}/releases/2/print`);
    await page.getByRole('heading', { name: 'Chương trình hội nghị' }).waitFor();
    const pdf = join(PDFS, 'release-print.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    await page.screenshot({ path: join(SHOTS, 'release-print.png'), fullPage: true });
    if (!hasPoppler) throw new Error('poppler-utils (pdftotext, pdfinfo) is needed to read the PDF: apt-get install -y poppler-utils');
    // Table cells wrap: compare with the line breaks folded into spaces.
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const words of [
      'CHƯƠNG TRÌNH HỘI NGHỊ',
      'Bản phát hành số 2',
      'Phó Chủ tịch',
      'Khai mạc hội nghị',
      'Đơn vị chịu trách nhiệm',
      'Điểm cầu trình bày',
      'Sửa nội dung',
      'Đổi giờ (trước: ',
      'Đổi người tham luận',
    ]) {
      expect(text).toContain(words);
    }
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(1);
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))!;
    // A4 is 595.3 × 841.9 points (Chromium rounds its page to whole CSS pixels: 595.92 × 842.88).
    expect(Math.abs(Number(size[1]) - 595.3)).toBeLessThan(1.5);
    expect(Math.abs(Number(size[2]) - 841.9)).toBeLessThan(1.5);
    await page.context().close();
  });

  it('shows the report at the scenario points: counts, one timeline row per point, drops, never-connected points', async () => {
    const a = await point('H-TUSON');
    await point('H-QUEVO');
    await point('X-VUNINH');
    a.disconnect(); // a drop, recorded before the point comes back (else its new socket would make it no drop at all)
    const stateOf = async () =>
      (
        (await t.http().get(`/api/conferences/${s.conferenceId}/presence`).set('Authorization', organizerHeader())).body.points as Array<{
          code: string;
          state: string;
        }>
      ).find((p) => p.code === 'H-TUSON')?.state;
    for (const until = Date.now() + 10_000; (await stateOf()) === 'online' && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
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
    // readiness counts named as the conference's checks name them, not by their keys
    const readiness = page.locator('[data-testid=readiness-counts] td:first-child');
    await expect(readiness.allTextContents()).resolves.toEqual(['Kỹ thuật viên có mặt', 'Đã kết nối thử', 'Âm thanh, hình ảnh tốt']);
    // The canvas drew bars (green pixels) for the district group, once it is in view.
    await page.locator('.tl-group[data-level=district] .tl-rows').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => !!document.querySelector<HTMLCanvasElement>('.tl-group[data-level=district] canvas')?.dataset.rows);
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
    const pdf = join(PDFS, 'report-18.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    if (hasPoppler) {
      const printed = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(printed).toContain('Chưa từng kết nối');
      expect(printed).toContain('Kỹ thuật viên có mặt');
      expect(printed).not.toMatch(/\btechnician\b/);
    }
    await page.context().close();
  });

  it("the report says how each site took part: the attendance mark in words and its reason, by its level's rows and in the never-connected list, on screen and in print", async () => {
    const operatorToken = (await t.http().post('/api/auth/login').send(s.operator)).body.accessToken as string;
    const board = pointSocket(t.url, operatorToken);
    sockets.push(board);
    await connected(board);
    const id = (code: string) => s.points.find((p) => p.code === code)!.id;
    for (const [code, attendance, reason] of [
      ['H-GIABINH', 'absent', 'Mất điện cả huyện'],
      ['H-LUONGTAI', 'online', 'Đã xác nhận qua điện thoại'],
      ['H-QUEVO', 'in_person', undefined],
    ] as const)
      expect(await ack(board, 'attendance:mark', { conferenceId: s.conferenceId, pointId: id(code), attendance, ...(reason ? { reason } : {}) })).toMatchObject(
        {
          ok: true,
        },
      );
    const page = await pageAs(operatorToken, 'operator');
    await page.goto(`${t.url}/report/${s.conferenceId}`);
    await page.getByRole('heading', { name: `Báo cáo hội nghị: ${s.title}` }).waitFor();
    // Under the district rows (drawn on a canvas), the marked district points in words, each with its reason.
    const marks = page.locator('.tl-group[data-level=district] [data-testid=attendance-marks] li');
    await expect(marks.allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        'H-GIABINH UBND huyện Gia Bình: Vắng mặt (lý do: Mất điện cả huyện)',
        'H-LUONGTAI UBND huyện Lương Tài: Dự trực tuyến (Đã xác nhận qua điện thoại)',
        'H-QUEVO UBND thị xã Quế Võ: Dự trực tiếp',
      ]),
    );
    await expect(marks.count()).resolves.toBe(3);
    const markOf = (code: string) => page.locator(`.tl-group[data-level=district] [data-testid=attendance-marks] li[data-point=${code}]`);
    for (const code of ['H-GIABINH', 'H-LUONGTAI', 'H-QUEVO']) await expect(markOf(code).isVisible()).resolves.toBe(true);
    // Levels without marks list none; a collapsed level keeps its marks (the print shows them).
    await expect(page.locator('.tl-group[data-level=commune] [data-testid=attendance-marks]').count()).resolves.toBe(0);
    await page.locator('.tl-group[data-level=district] .tl-group-head').click();
    await expect(marks.count()).resolves.toBe(3);
    await page.locator('.tl-group[data-level=district] .tl-group-head').click();
    // In the never-connected list: the excused absence with its reason, the phone confirmation; an unmarked point bare.
    const never = page.locator('[data-testid=never-connected]');
    const gb = never.locator('li[data-point=H-GIABINH]');
    await expect(gb.isVisible()).resolves.toBe(true);
    await expect(gb.textContent()).resolves.toBe('H-GIABINH UBND huyện Gia Bình — Vắng mặt (lý do: Mất điện cả huyện)');
    await expect(never.locator('li[data-point=H-LUONGTAI]').textContent()).resolves.toBe(
      'H-LUONGTAI UBND huyện Lương Tài — Dự trực tuyến (Đã xác nhận qua điện thoại)',
    );
    await expect(never.locator('li[data-point=H-YENPHONG]').textContent()).resolves.toBe('H-YENPHONG UBND huyện Yên Phong');
    await page.screenshot({ path: join(SHOTS, 'report-attendance.png'), fullPage: true });
    if (hasPoppler) {
      const pdf = join(PDFS, 'report-attendance.pdf');
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      const printed = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(printed).toContain('Vắng mặt (lý do: Mất điện cả huyện)');
      expect(printed).toContain('Dự trực tuyến (Đã xác nhận qua điện thoại)');
      expect(printed).toContain('UBND thị xã Quế Võ: Dự trực tiếp');
    }
    // In English, the English dictionary's words; a reason typed by the operator stays as typed.
    // (the report page has no top bar and its switch: the choice the other pages store is read on load)
    await page.evaluate(() => localStorage.setItem('diemcau.lang', 'en'));
    await page.reload();
    await page.getByRole('heading', { name: `Conference report: ${s.title}` }).waitFor();
    await expect(never.locator('li[data-point=H-LUONGTAI]').textContent()).resolves.toBe('H-LUONGTAI UBND huyện Lương Tài — Online (Confirmed by phone)');
    await expect(gb.textContent()).resolves.toBe('H-GIABINH UBND huyện Gia Bình — Absent (reason: Mất điện cả huyện)');
    await expect(markOf('H-QUEVO').textContent()).resolves.toBe('H-QUEVO UBND thị xã Quế Võ: In person');
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
    const invited = await t
      .http()
      .post(`/api/conferences/${conf.id}/points`)
      .set('Authorization', organizer)
      .send({ subtreeOf: province.id, levels: ['district', 'commune'], force: true });
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
    for (let k = 0; k < rows.length; k += 2000)
      await ds
        .createQueryBuilder()
        .insert()
        .into(PresenceEventEntity)
        .values(rows.slice(k, k + 2000) as QueryDeepPartialEntity<PresenceEventEntity>[])
        .execute();

    const operator = await userWithRole(t, 'operator');
    const page = await pageAs(operator.slice('Bearer '.length), 'operator', { width: 1366, height: 768 });
    // Warm the server's report once (the first call loads the 10,000-point roster), so the figure is the page's.
    await t.http().get(`/api/conferences/${conf.id}/report`).set('Authorization', operator).expect(200);
    const r0 = Date.now();
    const warm = await t.http().get(`/api/conferences/${conf.id}/report`).set('Authorization', operator).expect(200);
    process.stdout.write(`[report 10,000 points] GET …/report: ${Date.now() - r0} ms, ${Math.round(warm.text.length / 1024)} KB\n`);
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

  it("pushes a release to a point's phone page with its changes, until the point acknowledges it; the checklist ticks itself", async () => {
    const operatorToken = (await t.http().post('/api/auth/login').send(s.operator)).body.accessToken as string;
    const board = await pageAs(operatorToken, 'operator', { width: 1366, height: 900 });
    const boardAsked: string[] = [];
    board.on('request', (r) => boardAsked.push(r.url().replace(t.url, '')));
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await board.locator('[data-testid=release-holders]').waitFor();
    // The board reads the conference without its invited points (it has them from the snapshot; megabytes at 10,000).
    await board.locator('h1', { hasText: s.title }).first().waitFor();
    const conferenceReads = boardAsked.filter(
      (u) => u.startsWith(`/api/conferences/${s.conferenceId}`) && !u.slice(`/api/conferences/${s.conferenceId}`.length).startsWith('/'),
    );
    expect(conferenceReads.length).toBeGreaterThan(0);
    expect(conferenceReads.filter((u) => !u.endsWith('?points=none'))).toEqual([]);

    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const phone = await phoneCtx.newPage();
    const asked: string[] = [];
    phone.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const l = s.links.find((x) => x.code === 'H-THUANTHANH')!;
    await phone.goto(new URL(l.url, t.url).toString());
    await phone.locator('[data-action="checkin"]').click();
    await phone.locator('[data-checkin-state="online"]').waitFor();
    // `connected` ticked itself at the check-in; the technician is confirmed by hand.
    await phone.locator('[data-check=connected][data-ok=true]').waitFor();
    await phone.locator('[data-action=ready-technician]').click();
    await phone.locator('[data-check=technician][data-ok=true]').waitFor();
    // `av` ticks itself once the phone's audio and video reports are acknowledged: the row is read again after each
    // (the page's own refresh comes only every 45–75 s, past this wait).
    await phone.locator('[data-action=audio-ok]').click();
    await phone.locator('[data-action=video-ok]').click();
    await phone.locator('[data-check=av][data-ok=true]').waitFor({ timeout: 20_000 });
    // On the 390-px phone each check's label sits beside its mark (the longest one once wrapped below it, alone).
    const rows = await phone.locator('[data-check]').all();
    expect(rows.length).toBe(3);
    for (const row of rows) {
      const [mark, label] = await Promise.all([row.locator('.tick').boundingBox(), row.locator('.ck-label').boundingBox()]);
      expect(label!.x).toBeGreaterThanOrEqual(mark!.x + mark!.width);
      expect(label!.y).toBeLessThan(mark!.y + mark!.height);
    }

    // The organizer changes the program and releases it: the phone shows the new release and what changed.
    const base = `/api/conferences/${s.conferenceId}/agenda`;
    const agenda = (await t.http().get(base).set('Authorization', organizerHeader())).body;
    const item = agenda.items.find((i: { title: string }) => i.title.startsWith('Thảo luận'));
    await t
      .http()
      .patch(`${base}/items/${item.id}`)
      .set('Authorization', organizerHeader())
      .send({ version: agenda.version, title: 'Thảo luận, kiến nghị của doanh nghiệp FDI', position: 1 })
      .expect(200);
    const v = (await t.http().get(base).set('Authorization', organizerHeader())).body.version;
    await t.http().post(`${base}/releases`).set('Authorization', organizerHeader()).send({ version: v, note: 'Đưa phần thảo luận lên trước' }).expect(201);
    const banner = phone.locator('[data-testid=release-banner][data-release="3"]');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('Chương trình mới: bản phát hành số 3');
    await expect(banner.textContent()).resolves.toContain('Đưa phần thảo luận lên trước');
    await banner.locator('[data-change=changed]', { hasText: 'Thảo luận, kiến nghị của doanh nghiệp FDI' }).waitFor();
    await banner.locator('[data-change=moved]').first().waitFor();
    // The push carried what the banner shows: the phone did not ask for the release (10,000 phones would, at once).
    expect(asked.filter((p) => p.endsWith('/agenda/releases/3'))).toEqual([]);
    await phone.screenshot({ path: join(SHOTS, 'checkin-release-phone.png'), fullPage: true });
    await banner.locator('[data-action=release-ack]').click();
    await phone.locator('[data-testid=release-acked]', { hasText: 'Đã nhận bản phát hành số 3' }).waitFor();
    await expect(phone.locator('[data-testid=release-banner]').count()).resolves.toBe(0);
    // The board shows who holds the latest release.
    await board.locator('[data-testid=release-holders]', { hasText: `1/${s.points.length} điểm cầu đã nhận bản phát hành số 3` }).waitFor();
    // Reloaded, the phone remembers what it acknowledged: no banner, and it does not read that release again.
    asked.length = 0;
    await phone.reload();
    await phone.locator('[data-testid=release-acked]', { hasText: 'Đã nhận bản phát hành số 3' }).waitFor();
    await expect(phone.locator('[data-testid=release-banner]').count()).resolves.toBe(0);
    expect(asked).toContain(`/api/conferences/${s.conferenceId}/agenda/releases`);
    expect(asked.filter((p) => p.endsWith('/agenda/releases/3'))).toEqual([]);
    await board.context().close();
    await phoneCtx.close();
  });

  it('alerts the board at a readiness checkpoint with the points not ready, their contacts and tel: links; refuses a check-in past the cap in Vietnamese', async () => {
    const byCode = new Map(s.points.map((p) => [p.code, p]));
    const invite = ['H-TPBACNINH', 'H-GIABINH', 'H-LUONGTAI'].map((c) => byCode.get(c)!.id);
    // `av` (15 minutes before) falls 12 s from now; a cap of 1 point online.
    const start = DateTime.now().plus({ minutes: 15, seconds: 12 });
    const c = await makeConference(t, {
      title: 'Hội nghị giao ban trực tuyến tháng 12',
      hostPointId: byCode.get('T-BACNINH')!.id,
      invite,
      force: true,
      status: 'scheduled',
      startsAt: start.toISO()!,
      endsAt: start.plus({ hours: 2 }).toISO()!,
    });
    const organizer = await organizerAuth(t);
    await t.http().patch(`/api/conferences/${c.id}`).set('Authorization', organizer).send({ version: c.version, maxConnectedPoints: 1 }).expect(200);
    const links: Array<{ code: string; token: string; url: string }> = (
      await t.http().post(`/api/conferences/${c.id}/checkin-links`).set('Authorization', organizer).send({})
    ).body;
    // Gia Bình checks in and reports sound and picture fine: it is not missing.
    const gb = pointSocket(t.url, links.find((x) => x.code === 'H-GIABINH')!.token);
    sockets.push(gb);
    await connected(gb);
    expect(await ack(gb, 'checkin', { conferenceId: c.id })).toMatchObject({ ok: true });
    expect(await ack(gb, 'status', { conferenceId: c.id, audio: 'ok', video: 'ok' })).toMatchObject({ ok: true });

    const operatorToken = (await t.http().post('/api/auth/login').send(s.operator)).body.accessToken as string;
    const board = await pageAs(operatorToken, 'operator', { width: 1366, height: 900 });
    await board.goto(`${t.url}/board/${c.id}`);
    await board.locator('[data-testid=online-cap]', { hasText: '1/1 điểm cầu trực tuyến' }).waitFor();

    // A check-in past the cap, on a phone: refused with the Vietnamese message.
    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const phone = await phoneCtx.newPage();
    await phone.goto(new URL(links.find((x) => x.code === 'H-LUONGTAI')!.url, t.url).toString());
    await phone.locator('[data-action="checkin"]').click();
    await phone.getByText('Hội nghị đã đủ số điểm cầu kết nối tối đa').waitFor();
    await phone.screenshot({ path: join(SHOTS, 'checkin-capacity-phone.png'), fullPage: true });
    await phoneCtx.close();

    const alert = board.locator('.readiness-alert[data-due=av]');
    await alert.waitFor({ timeout: 30_000 });
    const text = (await alert.textContent())!;
    expect(text).toContain('Đến mốc kiểm tra: Âm thanh, hình ảnh tốt');
    expect(text).toContain('UBND thành phố Bắc Ninh');
    expect(text).toContain('Lê Minh Tuấn');
    expect(text).toContain('Ngô Thị Thảo');
    expect(text).not.toContain('UBND huyện Gia Bình');
    await expect(alert.locator('a[href="tel:0912345601"]').count()).resolves.toBe(1);
    await board.locator('[data-count=av]', { hasText: '1/4' }).waitFor();
    await board.screenshot({ path: join(SHOTS, 'board-readiness.png') });
    await board.context().close();
  });

  it('the agenda editor offers "Phát hành" again once the conference moved to another day, and the new release names the old day', async () => {
    const byCode = new Map(s.points.map((p) => [p.code, p]));
    const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 3 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
    const c = await makeConference(t, {
      title: 'Hội nghị đối thoại doanh nghiệp quý IV',
      hostPointId: byCode.get('T-BACNINH')!.id,
      force: true,
      status: 'scheduled',
      startsAt: start.toISO()!,
      endsAt: start.plus({ hours: 2 }).toISO()!,
    });
    const organizer = await organizerAuth(t);
    const base = `/api/conferences/${c.id}/agenda`;
    let v = (await t.http().get(base).set('Authorization', organizer)).body.version;
    for (const title of ['Khai mạc', 'Doanh nghiệp phát biểu'])
      v = (await t.http().post(`${base}/items`).set('Authorization', organizer).send({ version: v, title, kind: 'report', durationMinutes: 20 }).expect(201))
        .body.version;
    await t.http().post(`${base}/releases`).set('Authorization', organizer).send({ version: v }).expect(201);

    const page = await pageAs(s.organizer.token, 'organizer');
    await page.goto(`${t.url}/conferences/${c.id}/agenda`);
    const go = page.locator('[data-action="release"]');
    await page.locator('[data-action="release"][disabled]').waitFor(); // nothing new to release (once the list is read)
    // moved to the next day at the same hours: the agenda keeps its version, the points hold the old day
    const conf = (await t.http().get(`/api/conferences/${c.id}?points=none`).set('Authorization', organizer)).body;
    await t
      .http()
      .patch(`/api/conferences/${c.id}`)
      .set('Authorization', organizer)
      .send({ version: conf.version, startsAt: start.plus({ days: 1 }).toISO(), endsAt: start.plus({ days: 1, hours: 2 }).toISO(), force: true })
      .expect(200);
    await page.reload();
    await page.locator('[data-testid="releases"] [data-release-number="1"]').waitFor();
    await page.waitForLoadState('networkidle'); // the latest release read too: the button is decided on it
    expect(await go.isDisabled()).toBe(false);
    await go.click();
    const moved = `14:00 ${start.toFormat('dd/MM/yyyy')} → 14:00 ${start.plus({ days: 1 }).toFormat('dd/MM/yyyy')}`;
    await page.locator('[data-testid="releases"]', { hasText: moved }).waitFor();
    await page.locator('[data-action="release"][disabled]').waitFor();
  });

  describe('a board that was away still shows the checkpoint alerts and the latest release', () => {
    const AV = 'Âm thanh, hình ảnh tốt';
    /**
     * A scheduled conference of the scenario's province inviting `codes`, whose checkpoints fall `seconds` from now:
     * `av` (15 minutes before the start) and, with `alsoConnected`, `connected` moved to the same time. The host counts
     * like any invited point (it is missing until it reports).
     */
    async function checkpointIn(seconds: number, codes: string[], alsoConnected = false) {
      const byCode = new Map(s.points.map((p) => [p.code, p]));
      const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ minutes: 15, seconds });
      const host = byCode.get('T-BACNINH')!.id;
      const c = await makeConference(t, {
        title: 'Hội nghị giao ban trực tuyến quý IV',
        hostPointId: host,
        invite: codes.map((code) => byCode.get(code)!.id),
        force: true,
        status: 'scheduled',
        startsAt: start.toISO()!,
        endsAt: start.plus({ hours: 2 }).toISO()!,
      });
      const organizer = await organizerAuth(t);
      if (alsoConnected)
        await t
          .http()
          .patch(`/api/conferences/${c.id}`)
          .set('Authorization', organizer)
          .send({
            version: c.version,
            readiness: [
              { key: 'connected', label: 'Đã kết nối thử', minutesBefore: 15 },
              { key: 'av', label: AV, minutesBefore: 15 },
            ],
          })
          .expect(200);
      const links: Array<{ code: string; token: string }> = (
        await t.http().post(`/api/conferences/${c.id}/checkin-links`).set('Authorization', organizer).send({})
      ).body;
      /** The checkpoint as the board words it: HH:mm in the conference's zone. */
      const time = start.minus({ minutes: 15 }).toFormat('HH:mm');
      /** A point reports a check ok over /live (no check-in needed). */
      const ready = async (code: string, key: string) => {
        const sock = pointSocket(t.url, links.find((l) => l.code === code)!.token);
        sockets.push(sock);
        await connected(sock);
        expect(await ack(sock, 'readiness', { conferenceId: c.id, key, ok: true })).toMatchObject({ ok: true });
      };
      /** Whether the server has raised the checkpoint of `key` (its event-log line, under the host point). */
      const raised = async (key: string) =>
        (
          (await t.http().get(`/api/conferences/${c.id}/presence/events?pointId=${host}`).set('Authorization', organizer)).body as Array<{
            type: string;
            detail: { checkpoint?: string } | null;
          }>
        ).some((e) => e.type === 'readiness' && e.detail?.checkpoint === key);
      const untilRaised = async (key: string) => {
        for (const until = Date.now() + seconds * 1000 + 20_000; !(await raised(key)); await new Promise((r) => setTimeout(r, 250)))
          if (Date.now() > until) throw new Error(`checkpoint ${key} not raised`);
      };
      return { id: c.id, organizer, time, ready, raised, untilRaised };
    }
    const operatorBoard = async (conferenceId: string) => {
      const operatorToken = (await t.http().post('/api/auth/login').send(s.operator)).body.accessToken as string;
      const board = await pageAs(operatorToken, 'operator', { width: 1366, height: 900 });
      await board.goto(`${t.url}/board/${conferenceId}`);
      return board;
    };

    it('opened after a checkpoint has passed, it shows that checkpoint with the points still not ready now and their contacts', async () => {
      const c = await checkpointIn(8, ['H-TPBACNINH', 'H-GIABINH', 'H-LUONGTAI']);
      await c.ready('H-GIABINH', 'av'); // ready before the checkpoint
      await c.untilRaised('av');
      await c.ready('H-LUONGTAI', 'av'); // missing at the checkpoint, ready since
      const board = await operatorBoard(c.id);
      const alert = board.locator('.readiness-alert[data-due=av]');
      await alert.waitFor({ timeout: 20_000 });
      const text = (await alert.textContent())!;
      // still missing: Bắc Ninh city and the host (the province), which never reported
      expect(text).toContain(`Mốc kiểm tra lúc ${c.time} đã qua (${AV}) — còn 2 điểm cầu chưa sẵn sàng`);
      expect(await alert.getAttribute('data-recovered')).toBe('true');
      expect(text).toContain('UBND thành phố Bắc Ninh');
      expect(text).toContain('Lê Minh Tuấn');
      expect(text).toContain('UBND tỉnh Bắc Ninh');
      expect(text).not.toContain('UBND huyện Gia Bình');
      expect(text).not.toContain('UBND huyện Lương Tài');
      await expect(alert.locator('a[href="tel:0912345601"]').count()).resolves.toBe(1);
      // The checkpoints already past when the conference was created were never raised: no alert for them.
      await expect(board.locator('.readiness-alert').count()).resolves.toBe(1);
      await board.context().close();
    });

    it('disconnected while a checkpoint is raised and an agenda is released, it shows both once reconnected, with one read of each', async () => {
      const c = await checkpointIn(20, ['H-TUSON', 'H-QUEVO']);
      const agenda = `/api/conferences/${c.id}/agenda`;
      const release = async (title: string) => {
        const v = (await t.http().get(agenda).set('Authorization', c.organizer)).body.version as number;
        const a = await t.http().post(`${agenda}/items`).set('Authorization', c.organizer).send({ version: v, title, kind: 'report', durationMinutes: 20 });
        expect(a.status).toBe(201);
        await t.http().post(`${agenda}/releases`).set('Authorization', c.organizer).send({ version: a.body.version }).expect(201);
      };
      await release('Khai mạc');
      const board = await operatorBoard(c.id);
      await board.locator('[data-testid=release-holders]', { hasText: 'đã nhận bản phát hành số 1' }).waitFor();
      await board.locator('[data-count=av]').waitFor();

      await board.context().setOffline(true);
      await board.locator('[data-banner="connection-lost"]').waitFor({ timeout: 10_000 });
      if (await c.raised('av')) throw new Error('the checkpoint came before the board went offline: this machine is too slow for this test');
      await c.untilRaised('av');
      await release('Báo cáo tình hình triển khai');
      await c.ready('H-QUEVO', 'av');

      const asked: string[] = [];
      board.on('request', (r) => asked.push(new URL(r.url()).pathname));
      await board.context().setOffline(false);
      await board.locator('[data-banner="connection-lost"]').waitFor({ state: 'detached', timeout: 15_000 });
      await board.locator('[data-testid=release-holders]', { hasText: 'đã nhận bản phát hành số 2' }).waitFor({ timeout: 10_000 });
      const alert = board.locator('.readiness-alert[data-due=av]');
      await alert.waitFor({ timeout: 10_000 });
      const text = (await alert.textContent())!;
      expect(text).toContain(`Mốc kiểm tra lúc ${c.time} đã qua (${AV}) — còn 2 điểm cầu chưa sẵn sàng`);
      expect(await alert.getAttribute('data-recovered')).toBe('true');
      expect(text).toContain('UBND thành phố Từ Sơn');
      expect(text).toContain('Phạm Thu Hà');
      expect(text).not.toContain('UBND thị xã Quế Võ');
      // the re-join read the readiness rows once and the releases list once (no polling behind it)
      await new Promise((r) => setTimeout(r, 1500));
      expect(asked.filter((u) => u === `/api/conferences/${c.id}/readiness`)).toHaveLength(1);
      expect(asked.filter((u) => u === `${agenda}/releases`)).toHaveLength(1);
      await board.context().close();
    });

    it('a dismissed checkpoint alert stays dismissed after a reload of the tab; the other checkpoint comes back', async () => {
      const c = await checkpointIn(8, ['H-TIENDU'], true);
      await c.untilRaised('av');
      await c.untilRaised('connected');
      const board = await operatorBoard(c.id);
      const av = board.locator('.readiness-alert[data-due=av]');
      const conn = board.locator('.readiness-alert[data-due=connected]');
      await av.waitFor({ timeout: 20_000 });
      await conn.waitFor();
      await av.getByRole('button', { name: 'Đã xem' }).click();
      await av.waitFor({ state: 'detached' });
      await board.reload();
      // the recovery ran (the other checkpoint is back), and left out the one dismissed
      await conn.waitFor({ timeout: 20_000 });
      expect(await conn.getAttribute('data-recovered')).toBe('true');
      await expect(av.count()).resolves.toBe(0);
      await board.context().close();
    });
  });
});
