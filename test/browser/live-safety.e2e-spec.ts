/// <reference lib="dom" />
/**
 * Issue 14's high items in Chromium: pages that are safe during a live broadcast.
 * (1) current links listed without reissue, per-point reissue, reissue-all warning counting connected points, QR by
 * short code, the printable QR sheet, the revoked reason on the board; (2) ending a conference behind a second step,
 * then the ended board; (3) the board for unknown / malformed ids and an unreachable server; (4) the organizer's page
 * for an unknown id; (5) check-in links of cancelled and ended conferences; (6) the loopback warning.
 * Office pages at 1366×768, the phone at 390×844. Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { makeConference } from '../helpers/conferences.factory';
import { makePoint } from '../helpers/points.factory';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { ack, connected, ensureWebBuilt, hasChromium, launchChromium, pointSocket, signedInContext, waitTileState } from './browser';
import { buildScenario, type Scenario } from './scenario';

if (!hasChromium) {
  console.warn('test/browser/live-safety.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium), so the page tests cannot run.');
}
const suite = hasChromium ? describe : describe.skip;

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? resolve(process.cwd(), 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'diemcau-shots-'));
const OFFICE = { width: 1366, height: 768 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' };
const ALL_CONNECTED = 'Tất cả điểm cầu đã kết nối';

interface Link {
  pointId: string;
  code: string;
  name: string;
  token: string;
  url: string;
  shortCode: string;
}

suite('safe live broadcast pages (issue 14) in Chromium', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let browser: Browser;
  let s: Scenario;
  let operatorToken: string;
  const contexts: BrowserContext[] = [];
  const sockets: Socket[] = [];
  const organizer = () => `Bearer ${s.organizer.token}`;

  async function signedIn(role: 'organizer' | 'operator', viewport = OFFICE): Promise<Page> {
    const [token, username] = role === 'organizer' ? [s.organizer.token, s.organizer.username] : [operatorToken, s.operator.username];
    const ctx = await signedInContext(browser, token, { id: 'x', username, role }, { viewport, locale: 'vi-VN' });
    contexts.push(ctx);
    return ctx.newPage();
  }
  async function phone(): Promise<Page> {
    const ctx = await browser.newContext(PHONE);
    contexts.push(ctx);
    return ctx.newPage();
  }
  async function currentLinks(conferenceId = s.conferenceId): Promise<Link[]> {
    const res = await t.http().get(`/api/conferences/${conferenceId}/checkin-links`).set('Authorization', organizer());
    expect(res.status).toBe(200);
    return res.body;
  }
  async function point(token: string, conferenceId = s.conferenceId): Promise<Socket> {
    const sock = pointSocket(t.url, token);
    sockets.push(sock);
    await connected(sock);
    expect(await ack(sock, 'checkin', { conferenceId })).toMatchObject({ ok: true });
    return sock;
  }
  async function setStatus(id: string, status: string): Promise<void> {
    const v = (await t.http().get(`/api/conferences/${id}`).set('Authorization', organizer())).body.version;
    const res = await t.http().post(`/api/conferences/${id}/status`).set('Authorization', organizer()).send({ status, version: v });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [t, browser] = await Promise.all([createTestApp({ PRESENCE_GRACE_MS: '1500' }), launchChromium()]);
    s = await buildScenario(t);
    const res = await t.http().post('/api/auth/login').send(s.operator);
    operatorToken = res.body.accessToken;
    // the organizers' hotline on the live conference
    const v = (await t.http().get(`/api/conferences/${s.conferenceId}`).set('Authorization', organizer())).body.version;
    await t
      .http()
      .patch(`/api/conferences/${s.conferenceId}`)
      .set('Authorization', organizer())
      .send({ version: v, contactName: 'Văn phòng UBND tỉnh (chị Thu)', contactPhone: '0222 3822 888' })
      .expect(200);
  });

  afterAll(async () => {
    sockets.forEach((x) => x.disconnect());
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('(1) lists the current links on every visit without reissuing, reissues one point only, and warns before reissuing all', async () => {
    const before = await currentLinks();
    const byCode = (code: string) => before.find((l) => l.code === code)!;
    const tuSon = await point(byCode('H-TUSON').token);
    const queVo = await point(byCode('H-QUEVO').token);
    await point(byCode('H-TIENDU').token);
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await waitTileState(board, 'H-TUSON', 'online', 5000);

    const page = await signedIn('organizer');
    await page.goto(`${t.url}/conferences/${s.conferenceId}`);
    const row = (code: string) => page.locator(`[data-link="${code}"]`);
    await row('H-TUSON').locator('[data-short-code]').waitFor();
    expect((await row('H-TUSON').locator('[data-short-code]').textContent())?.trim()).toBe(byCode('H-TUSON').shortCode);
    // the links point at 127.0.0.1 here (PUBLIC_URL unset): the page says phones cannot open them
    await page.locator('[data-warning="loopback"]').waitFor();
    expect(await page.locator('[data-warning="loopback"]').textContent()).toContain('127.0.0.1');
    await page.reload();
    await row('H-TUSON').locator('[data-short-code]').waitFor();
    expect(await currentLinks()).toEqual(before); // looking twice revoked nothing
    expect(tuSon.connected).toBe(true);

    // the QR code carries the short code
    await row('H-QUEVO').getByRole('button', { name: 'Mã QR' }).click();
    expect(await page.getByRole('dialog').locator('img').getAttribute('data-qr')).toBe(byCode('H-QUEVO').shortCode);
    await page
      .getByRole('dialog')
      .getByText(`${new URL(t.url).origin}/checkin#code=${byCode('H-QUEVO').shortCode}`)
      .waitFor();
    // Escape closes it, as a dialog does (the Close button's `autoFocus` was never applied, so the key went nowhere)
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await row('H-QUEVO').getByRole('button', { name: 'Mã QR' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();

    // reissue all: a strong warning counting the points connected now; nothing happens without the tick, or on cancel
    await page.locator('[data-action="reissue-all"]').click();
    const dialog = page.locator('[data-dialog="reissue-all"]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-connected-count]').getAttribute('data-connected-count')).toBe('3');
    expect(await dialog.textContent()).toContain(`3/${s.points.length} điểm cầu đang kết nối sẽ bị ngắt ngay lập tức`);
    expect(await dialog.locator('[data-action="reissue-all-go"]').isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hủy bỏ');
    await page.screenshot({ path: join(SHOTS, 'links-reissue-all-warning.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await currentLinks()).toEqual(before);

    // reissue one point: confirmed, only its link changes, its socket gets `revoked` and the board says why
    const revoked = new Promise<unknown>((ok) => tuSon.once('revoked', ok));
    let question = '';
    page.once('dialog', (d) => {
      question = d.message();
      void d.accept();
    });
    await row('H-TUSON').locator('[data-action="reissue-one"]').click();
    await page.getByText('Đã cấp lại đường dẫn cho UBND thành phố Từ Sơn').waitFor();
    expect(question).toContain('điểm cầu đang kết nối sẽ bị ngắt ngay');
    expect(await revoked).toEqual({ conferenceId: s.conferenceId, reason: 'link_revoked' });
    const after = await currentLinks();
    for (const l of after) {
      if (l.code === 'H-TUSON') expect(l.shortCode).not.toBe(byCode('H-TUSON').shortCode);
      else expect(l).toEqual(byCode(l.code));
    }
    expect((await row('H-TUSON').locator('[data-short-code]').textContent())?.trim()).toBe(after.find((l) => l.code === 'H-TUSON')!.shortCode);
    expect(queVo.connected).toBe(true);
    await board.locator('.alerts [data-reason="link_revoked"]', { hasText: 'UBND thành phố Từ Sơn' }).waitFor({ timeout: 5000 });
    expect(await board.locator('.alerts [data-reason="link_revoked"]').textContent()).toContain('đường dẫn tham dự vừa được cấp lại');
    await page.screenshot({ path: join(SHOTS, 'conference-links.png'), fullPage: true });
  });

  it('(1) prints one QR sheet for the conference, and a phone opens a printed short code', async () => {
    const links = await currentLinks();
    const page = await signedIn('organizer');
    await page.goto(`${t.url}/conferences/${s.conferenceId}/links/print`);
    await page.locator('[data-sheet-point]').first().waitFor();
    expect(await page.locator('[data-sheet-point]').count()).toBe(links.length);
    const dinh = page.locator('[data-sheet-point="H-LUONGTAI"]');
    expect(await dinh.textContent()).toContain(links.find((l) => l.code === 'H-LUONGTAI')!.shortCode);
    await page.locator('[data-hotline]', { hasText: '0222 3822 888' }).waitFor();
    // printed on A4 it is one page for this conference
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: join(SHOTS, 'qr-sheet.png'), fullPage: true });

    const l = links.find((x) => x.code === 'H-LUONGTAI')!;
    const p = await phone();
    await p.goto(`${t.url}/checkin#code=${l.shortCode}`);
    await p.locator('[data-point="H-LUONGTAI"]').waitFor();
    expect(p.url()).toContain(`#token=${l.token}`);
    await p.locator('[data-hotline]', { hasText: '0222 3822 888' }).waitFor();
    const wrong = await phone();
    await wrong.goto(`${t.url}/checkin#code=ZZZZZZZZZZ`);
    await wrong.locator('[data-checkin-error]', { hasText: 'Mã tham dự không đúng' }).waitFor();
    // The code typed again, right this time, as a person copies it from paper: lower case, a space in the middle.
    const typed = links.find((x) => x.code === 'H-GIABINH')!;
    await wrong.fill('[data-form="short-code"] input', `${typed.shortCode.slice(0, 5).toLowerCase()} ${typed.shortCode.slice(5).toLowerCase()}`);
    await wrong.locator('[data-form="short-code"] button[type=submit]').click();
    await wrong.locator('[data-point="H-GIABINH"]').waitFor();
    expect(wrong.url()).toContain(`#token=${typed.token}`);
  });

  it('(1b) the check-in page opened without its link takes the short code typed by hand, and says what a code looks like', async () => {
    const l = (await currentLinks()).find((x) => x.code === 'H-YENPHONG')!;
    const p = await phone();
    await p.goto(`${t.url}/checkin`);
    // The hint said "type the short code printed on the QR sheet", and there was nowhere to type it. Then the page had
    // a field, under a red "this link is incomplete or wrong" for someone who opened /checkin as the sheet says.
    await p.locator('[data-enter-code] h2', { hasText: 'Nhập mã ngắn của điểm cầu' }).waitFor();
    expect(await p.locator('[data-link-problem], [role=alert]').count()).toBe(0);
    const form = p.locator('[data-enter-code] [data-form="short-code"]');
    const exchanges: string[] = [];
    p.on('request', (r) => r.url().endsWith('/api/auth/checkin-code') && exchanges.push(r.url()));
    // A code of the wrong shape (an O for a zero, one letter short) is refused here: no try is spent on the server.
    await form.locator('input').fill('K7M2QX9RO');
    await form.locator('button[type=submit]').click();
    await form.getByText('Mã gồm đúng 10 chữ cái và chữ số').waitFor();
    expect(exchanges).toHaveLength(0);
    await form.locator('input').fill(l.shortCode);
    await form.locator('button[type=submit]').click();
    await p.locator('[data-point="H-YENPHONG"]').waitFor();
    expect(exchanges).toHaveLength(1);
    expect(p.url()).toContain(`#token=${l.token}`);
  });

  it('(2) ends a conference only through a second step that says the time left and "không thể hoàn tác", then shows the ended board', async () => {
    const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').minus({ minutes: 39 }).startOf('minute');
    const conf = await makeConference(t, {
      title: 'Hội nghị giao ban trực tuyến tháng 7',
      startsAt: start.toISO()!,
      endsAt: start.plus({ hours: 3 }).toISO()!,
      hostPointId: s.points.find((p) => p.code === 'X-VUNINH')!.id,
      status: 'live',
      force: true,
    });
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${conf.id}`);
    await board.locator('[data-point-code="X-VUNINH"]').waitFor();
    // the host point's phone, checked in: it must learn of the end without a reload
    const issued = await t.http().post(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', organizer()).send({});
    const hostLink = (issued.body as Link[]).find((l) => l.code === 'X-VUNINH')!;
    const hostPhone = await phone();
    await hostPhone.goto(new URL(hostLink.url, t.url).toString());
    await hostPhone.locator('[data-action="checkin"]').click();
    await hostPhone.locator('[data-checkin-state="online"]').waitFor();
    expect(await board.locator('.board-head [data-action="end-conference"]').count()).toBe(0);
    expect(await board.locator('.board-head').textContent()).not.toContain('Kết thúc');
    const endButton = board.locator('.board-side [data-action="end-conference"]');
    // (live14 item 3) the panels that load on their own come below the live actions: their arrival never moves the
    // end button (it once moved by a few pixels under the pointer while the readiness and Kiến nghị panels loaded)
    await endButton.waitFor();
    const first = (await endButton.boundingBox())!;
    const readiness = board.locator('[data-testid="board-readiness"]');
    const petitions = board.locator('[data-panel="petitions"]');
    await readiness.locator('text=Kỹ thuật viên có mặt').first().waitFor();
    await petitions.locator('text=Chưa có kiến nghị nào gắn với hội nghị này.').waitFor();
    await board.locator('[data-panel="incidents"]').waitFor();
    expect((await readiness.boundingBox())!.y).toBeGreaterThan(first.y + first.height);
    expect((await petitions.boundingBox())!.y).toBeGreaterThan(first.y + first.height);
    expect(await endButton.boundingBox()).toEqual(first);
    await endButton.click();
    const dialog = board.locator('[data-dialog="end-conference"]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-remaining]').textContent()).toMatch(/^Theo kế hoạch hội nghị còn 2 giờ 2\d phút nữa \(đến \d\d:\d\d\)\.$/);
    expect(await dialog.textContent()).toContain('Thao tác này không thể hoàn tác.');
    expect(await board.evaluate(() => document.activeElement?.textContent)).toBe('Quay lại, chưa kết thúc');
    await board.screenshot({ path: join(SHOTS, 'board-end-confirm.png') });
    // Enter on the focused default goes back; nothing ended
    await board.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect((await t.http().get(`/api/conferences/${conf.id}`).set('Authorization', organizer())).body.status).toBe('live');

    await endButton.click();
    await dialog.locator('[data-action="confirm-end"]').click();
    await board.locator('[data-banner="closed"]', { hasText: 'Hội nghị đã kết thúc lúc' }).waitFor();
    expect((await t.http().get(`/api/conferences/${conf.id}`).set('Authorization', organizer())).body.status).toBe('ended');
    // the phone says so at once (it said "checked in" until reloaded), offers no check-out, checklist or check-in
    await hostPhone.locator('[data-closed="ended"]', { hasText: 'Hội nghị đã kết thúc' }).waitFor({ timeout: 5000 });
    expect(await hostPhone.locator('[data-checkin-state], [data-testid="checklist"], .ck-signal').count()).toBe(0);
    expect(await hostPhone.locator('[data-action="checkin"]').isVisible()).toBe(false);
    expect(await board.locator('[data-action="rollcall-start"]').count()).toBe(0);
    expect(await board.locator('[data-action="notice-send"]').count()).toBe(0);
    // an ended conference has no current or next item, no overrun forecast, no "the next presenter is offline"
    expect(await board.locator('[data-agenda="current"], [data-agenda="next"], [data-warning="overrun"], [data-warning="presenter-offline"]').count()).toBe(0);
    expect(await board.locator('[data-action="end-conference"]').count()).toBe(0);
    await board.screenshot({ path: join(SHOTS, 'board-ended.png') });
    const [download] = await Promise.all([board.waitForEvent('download'), board.locator('[data-action="attendance-xlsx"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^tham-du-.+\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await download.path()) as never);
    expect(wb.worksheets[0].getCell('A2').value).toBe('Hội nghị giao ban trực tuyến tháng 7');
  });

  it('(3) the board never says "all connected" without data: not found, malformed id, not allowed, server unreachable', async () => {
    const board = await signedIn('operator');
    // a malformed id never reaches the page: the server answers its own not-found page (404) with a way home
    for (const id of ['abc', `${s.conferenceId.slice(0, 20)}`]) {
      const res = await board.goto(`${t.url}/board/${id}`);
      expect(res?.status()).toBe(404);
      expect(await board.textContent('body')).toContain('Không tìm thấy trang');
      expect(await board.textContent('body')).not.toContain(ALL_CONNECTED);
      expect(await board.locator('a[href="/"]').count()).toBeGreaterThan(0);
    }
    await board.goto(`${t.url}/board/${randomUUID()}`);
    await board.locator('[data-page-state="not_found"]').waitFor();
    expect(await board.textContent('body')).toContain('Không tìm thấy hội nghị');
    expect(await board.textContent('body')).not.toContain(ALL_CONNECTED);
    expect(await board.textContent('body')).not.toMatch(/must be a UUID|conferenceId/);
    await board.screenshot({ path: join(SHOTS, 'board-not-found.png') });
    await board.locator('[data-page-state] a', { hasText: 'Về danh sách hội nghị' }).click();
    await board.waitForURL(`${t.url}/`);

    // reloaded while the server is down: "cannot reach", then the board once it answers again
    await board.route('**/api/**', (r) => r.abort());
    await board.route('**/socket.io/**', (r) => r.abort());
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await board.locator('[data-page-state="unreachable"]').waitFor({ timeout: 10_000 });
    expect(await board.textContent('body')).not.toContain(ALL_CONNECTED);
    await board.screenshot({ path: join(SHOTS, 'board-unreachable.png') });
    await board.unroute('**/api/**');
    await board.unroute('**/socket.io/**');
    await board.getByRole('button', { name: 'Thử lại' }).click();
    await board.locator('[data-point-code="H-TUSON"]').waitFor({ timeout: 10_000 });

    // a point's own account may not open a board
    const admin = (await t.http().post('/api/auth/login').send({ username: 'admin', password: 'admin-password-123' })).body.accessToken;
    const pointUser = { username: 'diemcau.tuson', password: 'diem-cau-tu-son-1' };
    await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ ...pointUser, role: 'point', pointId: s.points.find((p) => p.code === 'H-TUSON')!.id })
      .expect(201);
    const token = (await t.http().post('/api/auth/login').send(pointUser)).body.accessToken;
    const ctx = await signedInContext(browser, token, { id: 'y', username: pointUser.username, role: 'point' }, { viewport: OFFICE, locale: 'vi-VN' });
    contexts.push(ctx);
    const p = await ctx.newPage();
    await p.goto(`${t.url}/board/${s.conferenceId}`);
    await p.locator('[data-page-state="forbidden"]').waitFor();
    expect(await p.textContent('body')).not.toContain(ALL_CONNECTED);
  });

  it("(4) the organizer's conference page for an unknown or malformed id says not found, with a way back", async () => {
    const page = await signedIn('organizer');
    expect((await page.goto(`${t.url}/conferences/khong-co`))?.status()).toBe(404); // malformed: the server's not-found page
    expect(await page.textContent('body')).toContain('Không tìm thấy trang');
    await page.goto(`${t.url}/conferences/${randomUUID()}`);
    await page.locator('[data-page-state="not_found"]').waitFor({ timeout: 5000 });
    expect(await page.textContent('main')).not.toContain('Đang tải');
    await page.locator('[data-page-state] a', { hasText: 'Về danh sách hội nghị' }).click();
    await page.waitForURL(`${t.url}/`);
  });

  it('(5) a check-in link of a cancelled or ended conference shows a banner, no check-in button, and the hotline', async () => {
    const tomorrow = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 1 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
    const make = async (title: string, hours: number) => {
      const c = await makeConference(t, {
        title,
        startsAt: tomorrow.plus({ hours }).toISO()!,
        endsAt: tomorrow.plus({ hours: hours + 1 }).toISO()!,
        hostPointId: s.points.find((p) => p.code === 'X-HOALONG')!.id,
        status: 'scheduled',
        force: true,
      });
      const version = (await t.http().get(`/api/conferences/${c.id}`).set('Authorization', organizer())).body.version;
      await t
        .http()
        .patch(`/api/conferences/${c.id}`)
        .set('Authorization', organizer())
        .send({ version, contactName: 'Anh Minh, Sở TT&TT', contactPhone: '0912 000 111' })
        .expect(200);
      const links = (await t.http().post(`/api/conferences/${c.id}/checkin-links`).set('Authorization', organizer()).send({}).expect(201)).body as Link[];
      return { id: c.id, link: links[0] };
    };
    const cancelled = await make('Hội nghị tập huấn chuyển đổi số', 0);
    await setStatus(cancelled.id, 'cancelled');
    const p = await phone();
    await p.goto(new URL(cancelled.link.url, t.url).toString());
    await p.locator('[data-closed="cancelled"]', { hasText: 'Hội nghị đã hủy' }).waitFor();
    expect(await p.locator('[data-action="checkin"]').isVisible()).toBe(false);
    await p.locator('[data-hotline]', { hasText: '0912 000 111' }).waitFor();
    expect(await p.locator('a[href="tel:0912000111"]').count()).toBe(1);
    expect(await p.textContent('body')).not.toMatch(/cancelled|ended/);
    await p.screenshot({ path: join(SHOTS, 'checkin-cancelled-phone.png'), fullPage: true });

    const ended = await make('Hội nghị sơ kết quý III', 3);
    await setStatus(ended.id, 'live');
    await setStatus(ended.id, 'ended');
    await p.goto('about:blank');
    await p.goto(new URL(ended.link.url, t.url).toString());
    await p.locator('[data-closed="ended"]', { hasText: /Hội nghị đã kết thúc lúc \d\d:\d\d \d\d\/\d\d\/\d{4}/ }).waitFor();
    expect(await p.locator('[data-action="checkin"]').isVisible()).toBe(false);
    await p.locator('[data-hotline]', { hasText: 'Anh Minh' }).waitFor();
  });

  it('(5b) a phone checked in when its point is removed from the conference says so at once and stops checking in', async () => {
    const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 2 }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
    const c = await makeConference(t, {
      title: 'Hội nghị đối thoại doanh nghiệp quý IV',
      startsAt: start.toISO()!,
      endsAt: start.plus({ hours: 2 }).toISO()!,
      hostPointId: s.points.find((p) => p.code === 'X-HOALONG')!.id,
      status: 'scheduled',
      force: true,
    });
    const guest = await makePoint(t, { level: 'commune' });
    await t
      .http()
      .post(`/api/conferences/${c.id}/points`)
      .set('Authorization', organizer())
      .send({ pointIds: [guest.id], force: true })
      .expect(200);
    const links = (await t.http().post(`/api/conferences/${c.id}/checkin-links`).set('Authorization', organizer()).send({}).expect(201)).body as Link[];
    const p = await phone();
    await p.goto(new URL(links.find((l) => l.pointId === guest.id)!.url, t.url).toString());
    await p.locator('[data-action="checkin"]').click();
    await p.locator('[data-checkin-state="online"]').waitFor();
    await t.http().delete(`/api/conferences/${c.id}/points/${guest.id}`).set('Authorization', organizer()).expect(200);
    await p.getByText('Ban tổ chức đã rút điểm cầu này khỏi danh sách mời của hội nghị.', { exact: false }).waitFor();
    expect(await p.locator('[data-checkin-state="online"]').count()).toBe(0);
    // a reload does not check in again by itself (the phone forgot its check-in)
    await p.reload();
    await p.locator('[data-action="checkin"]').waitFor();
    await p.waitForTimeout(500);
    expect(await p.locator('[data-checkin-state]').count()).toBe(0);
  });

  it('(5c) a notice that reached no point says so, and keeps its text to be sent again', async () => {
    const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 3 }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
    const c = await makeConference(t, {
      title: 'Hội nghị giao ban trực tuyến tháng 12',
      startsAt: start.toISO()!,
      endsAt: start.plus({ hours: 2 }).toISO()!,
      hostPointId: s.points.find((p) => p.code === 'X-HOALONG')!.id,
      status: 'scheduled',
      force: true,
    });
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${c.id}`);
    const text = 'Đề nghị các điểm cầu kết nối trước 7 giờ 45.';
    await board.fill('textarea[name=notice-text]', text);
    await board.locator('[data-action="notice-send"]').click();
    await board.locator('.notice-panel', { hasText: /Đã gửi lúc \d\d:\d\d tới 0 điểm cầu\. Không có điểm cầu nào trong nhóm này đang kết nối/ }).waitFor();
    expect(await board.inputValue('textarea[name=notice-text]')).toBe(text);
  });

  it("(10) while the connection is lost, the board and the phone disable their actions, and the phone's card turns amber", async () => {
    const links = await currentLinks();
    const l = links.find((x) => x.code === 'X-HO')!;
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await board.locator('[data-action="rollcall-start"]').waitFor();
    const p = await phone();
    await p.goto(new URL(l.url, t.url).toString());
    await p.locator('[data-action="checkin"]').click();
    await p.locator('[data-checkin-state="online"][data-conn="online"]').waitFor();

    await board.context().setOffline(true);
    await board.locator('[data-banner="connection-lost"]').waitFor({ timeout: 10_000 });
    expect(await board.locator('[data-action="rollcall-start"]').isDisabled()).toBe(true);
    expect(await board.locator('[data-action="notice-send"]').isDisabled()).toBe(true);
    await board.getByText('Đang mất kết nối: các thao tác tạm khóa').waitFor();
    await board.screenshot({ path: join(SHOTS, 'board-disconnected.png') });
    await board.context().setOffline(false);
    await board.locator('[data-banner="connection-lost"]').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await board.locator('[data-action="rollcall-start"]').isDisabled()).toBe(false);

    await p.context().setOffline(true);
    await p.locator('[data-banner="connection-lost"]').waitFor({ timeout: 10_000 });
    const card = p.locator('[data-checkin-state][data-conn="lost"]');
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('s-unstable');
    expect(await card.textContent()).toContain('đang mất kết nối');
    expect(await p.locator('[data-action="audio-fail"]').isDisabled()).toBe(true);
    await p.screenshot({ path: join(SHOTS, 'checkin-phone-disconnected.png') });
    await p.context().setOffline(false);
    await p.locator('[data-checkin-state="online"][data-conn="online"]').waitFor({ timeout: 15_000 });
    expect(await p.locator('[data-action="audio-fail"]').isDisabled()).toBe(false);
  });

  it('(11) a phone that already checked in at this conference checks in again by itself after a reload, until it checks out', async () => {
    const l = (await currentLinks()).find((x) => x.code === 'DN-CANON')!;
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    const p = await phone();
    await p.goto(new URL(l.url, t.url).toString());
    await p.locator('[data-action="checkin"]').click();
    await waitTileState(board, 'DN-CANON', 'online', 5000);
    await p.reload();
    await p.locator('[data-checkin-state="online"]').waitFor();
    await p.getByText('Trình duyệt này đã xác nhận tham dự trước đó: đã tự động xác nhận lại.').waitFor();
    await waitTileState(board, 'DN-CANON', 'online', 5000);
    // closed and reopened from the link: the same
    await p.goto('about:blank');
    await p.goto(new URL(l.url, t.url).toString());
    await p.locator('[data-checkin-state="online"]').waitFor();
    // after checking out it waits for the button again
    p.once('dialog', (d) => void d.accept());
    await p.locator('.ck-status button').click();
    await waitTileState(board, 'DN-CANON', 'left', 5000);
    await p.reload();
    await p.locator('[data-action="checkin"]').waitFor();
    await p.waitForTimeout(500);
    expect(await p.locator('[data-checkin-state]').count()).toBe(0);
  });

  it('(13) "Bỏ mời" asks first (strongly while live) and can be undone; a cancelled conference is read-only and can be copied', async () => {
    const page = await signedIn('organizer');
    await page.goto(`${t.url}/conferences/${s.conferenceId}`);
    const row = page.locator('[data-invited="X-CHUADAU"]');
    await row.waitFor();
    const questions: string[] = [];
    page.once('dialog', (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await row.getByRole('button', { name: /Bỏ mời/ }).click();
    await page.waitForTimeout(300);
    expect(questions[0]).toContain('HỘI NGHỊ ĐANG DIỄN RA');
    const invitedCount = async () => (await t.http().get(`/api/conferences/${s.conferenceId}`).set('Authorization', organizer())).body.points.length;
    const before = await invitedCount();
    expect(await row.count()).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: /Bỏ mời/ }).click();
    await page.getByText('Đã bỏ mời UBND xã Thanh Khương.').waitFor();
    expect(await invitedCount()).toBe(before - 1);
    await page.locator('[data-action="undo-uninvite"]').click();
    await page.getByText('Đã mời lại UBND xã Thanh Khương.').waitFor();
    await row.waitFor();
    expect(await invitedCount()).toBe(before);

    // a cancelled conference: read-only, says why, and copies (points and agenda) to a new time
    const tomorrow = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 2 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    const c = await makeConference(t, {
      title: 'Hội nghị triển khai kế hoạch chuyển đổi số',
      startsAt: tomorrow.toISO()!,
      endsAt: tomorrow.plus({ hours: 2 }).toISO()!,
      hostPointId: s.points.find((p) => p.code === 'H-GIABINH')!.id,
      invite: ['X-HO', 'DN-DABACO'].map((code) => s.points.find((p) => p.code === code)!.id),
      status: 'scheduled',
      force: true,
    });
    let v = (await t.http().get(`/api/conferences/${c.id}/agenda`).set('Authorization', organizer())).body.version;
    for (const title of ['Khai mạc', 'Triển khai kế hoạch']) {
      v = (
        await t
          .http()
          .post(`/api/conferences/${c.id}/agenda/items`)
          .set('Authorization', organizer())
          .send({ version: v, title, kind: 'report', durationMinutes: 20 })
          .expect(201)
      ).body.version;
    }
    await setStatus(c.id, 'cancelled');
    await page.goto(`${t.url}/conferences/${c.id}`);
    await page.locator('[data-closed-reason="cancelled"]').waitFor();
    expect(await page.locator('input[name=title]').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Bỏ mời/ }).count()).toBe(0);
    await page.locator('[data-action="copy-conference"]').click();
    const later = tomorrow.plus({ days: 7 });
    await page.fill('input[name=copyStartDate]', later.toFormat('dd/MM/yyyy'));
    await page.fill('input[name=copyStartTime]', later.toFormat('HH:mm'));
    await page.locator('[data-action="copy-go"]').click();
    await page.waitForURL((u) => /\/conferences\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(c.id));
    await page.getByText('Đã tạo bản sao với 3 điểm cầu được mời và 2 nội dung chương trình.').waitFor();
    const copyId = page.url().split('/').pop()!;
    const copy = (await t.http().get(`/api/conferences/${copyId}`).set('Authorization', organizer())).body;
    expect(copy).toMatchObject({ title: c.title, status: 'draft', startsAt: later.toISO() });
    expect(copy.points.map((p: { code: string }) => p.code).sort()).toEqual(['DN-DABACO', 'H-GIABINH', 'X-HO']);
    const copyAgenda = (await t.http().get(`/api/conferences/${copyId}/agenda`).set('Authorization', organizer())).body;
    expect(copyAgenda.items.map((i: { title: string }) => i.title)).toEqual(['Khai mạc', 'Triển khai kế hoạch']);
  });

  it('(13) a copy is one request: a clash of the host leaves no draft; points deactivated or busy since are left out (and their agenda role), it says so', async () => {
    const page = await signedIn('organizer');
    const closed = await makePoint(t, { name: 'Công ty TNHH Điện tử Yên Phong', level: 'enterprise' });
    const busy = await makePoint(t, { name: 'UBND xã Đông Cứu', level: 'commune' });
    const hostId = s.points.find((p) => p.code === 'H-GIABINH')!.id;
    const at = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 20 }).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
    const c = await makeConference(t, {
      title: 'Đối thoại doanh nghiệp khu công nghiệp Yên Phong',
      startsAt: at.toISO()!,
      endsAt: at.plus({ hours: 2 }).toISO()!,
      hostPointId: hostId,
      invite: [closed.id, busy.id, s.points.find((p) => p.code === 'X-HO')!.id],
      force: true,
    });
    const v = (await t.http().get(`/api/conferences/${c.id}/agenda`).set('Authorization', organizer())).body.version;
    await t
      .http()
      .post(`/api/conferences/${c.id}/agenda/items`)
      .set('Authorization', organizer())
      .send({ version: v, title: 'Doanh nghiệp phát biểu', kind: 'discussion', durationMinutes: 15, pointId: closed.id })
      .expect(201);
    await setStatus(c.id, 'cancelled');
    const admin = (await t.http().post('/api/auth/login').send({ username: 'admin', password: 'admin-password-123' })).body.accessToken;
    await t.http().delete(`/api/points/${closed.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    // the host is busy a week later; the commune the day after
    const later = at.plus({ days: 7 });
    await makeConference(t, {
      title: 'Giao ban huyện Gia Bình',
      startsAt: later.toISO()!,
      endsAt: later.plus({ hours: 1 }).toISO()!,
      hostPointId: hostId,
      force: true,
    });
    const dayAfter = later.plus({ days: 1 });
    await makeConference(t, { title: 'Giao ban xã Đông Cứu', startsAt: dayAfter.toISO()!, endsAt: dayAfter.plus({ hours: 3 }).toISO()!, invite: [busy.id] });
    const drafts = async () =>
      (await t.http().get('/api/conferences?limit=1000').set('Authorization', organizer())).body.items.filter((x: { title: string }) => x.title === c.title)
        .length;

    await page.goto(`${t.url}/conferences/${c.id}`);
    await page.locator('[data-action="copy-conference"]').click();
    await page.fill('input[name=copyStartDate]', later.toFormat('dd/MM/yyyy'));
    await page.fill('input[name=copyStartTime]', later.toFormat('HH:mm'));
    await page.locator('[data-action="copy-go"]').click();
    // refused: the dialog stays open with the reason, and no draft was made
    await page.locator('[data-dialog="copy-conference"]').getByText('Trùng lịch với hội nghị "Giao ban huyện Gia Bình".').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/conferences/${c.id}`);
    expect(await drafts()).toBe(1);

    await page.fill('input[name=copyStartDate]', dayAfter.toFormat('dd/MM/yyyy'));
    await page.fill('input[name=copyStartTime]', dayAfter.toFormat('HH:mm'));
    await page.locator('[data-action="copy-go"]').click();
    await page
      .getByText(
        'Đã tạo bản sao với 2 điểm cầu được mời và 1 nội dung chương trình. Chưa mời được vì trùng lịch: UBND xã Đông Cứu. Không mời lại các điểm cầu đã ngừng hoạt động: Công ty TNHH Điện tử Yên Phong.',
      )
      .waitFor();
    const copyId = page.url().split('/').pop()!;
    expect(copyId).not.toBe(c.id);
    const copy = (await t.http().get(`/api/conferences/${copyId}`).set('Authorization', organizer())).body;
    expect(copy).toMatchObject({ status: 'draft', startsAt: dayAfter.toISO() });
    expect(copy.points.map((p: { code: string }) => p.code).sort()).toEqual(['H-GIABINH', 'X-HO']);
    const items = (await t.http().get(`/api/conferences/${copyId}/agenda`).set('Authorization', organizer())).body.items;
    expect(items).toMatchObject([{ title: 'Doanh nghiệp phát biểu', pointId: null }]);
    expect(await drafts()).toBe(2); // the cancelled original and one copy
  });

  it('(14) the list colours the points-online count by health (amber when some are missing in a live conference)', async () => {
    const page = await signedIn('operator');
    await page.goto(`${t.url}/`);
    const count = page.locator(`[data-conference-id="${s.conferenceId}"] .online-count`);
    await count.waitFor();
    expect(await count.getAttribute('data-health')).toMatch(/^health-(partial|bad)$/);
    const colour = await count.evaluate((el) => getComputedStyle(el).color);
    expect(colour).not.toBe('rgb(46, 125, 50)'); // never the "online" green while points are missing
  });

  it("(14b) the list keeps today's points-online count current (from the counts alone), and reaches conferences older than 120 days", async () => {
    const page = await signedIn('operator');
    await page.clock.install();
    const presenceReads: string[] = [];
    page.on('request', (r) => r.url().includes('/presence') && presenceReads.push(r.url()));
    await page.goto(`${t.url}/`);
    const count = page.locator(`[data-conference-id="${s.conferenceId}"] .online-count`);
    await count.waitFor();
    const before = (await count.textContent())!;
    // a point checks in while the list is open: the figure was read once and stayed wrong
    const entries = (await t.http().get(`/api/conferences/${s.conferenceId}/presence`).set('Authorization', organizer())).body.points as Array<{
      code: string;
      state: string;
    }>;
    const away = (await currentLinks()).find((l) => entries.find((e) => e.code === l.code)?.state !== 'online')!;
    await point(away.token);
    await page.clock.fastForward(31_000);
    await page.waitForFunction(([sel, old]) => document.querySelector(sel)?.textContent !== old, [
      `[data-conference-id="${s.conferenceId}"] .online-count`,
      before,
    ] as const);
    expect(presenceReads.length).toBeGreaterThanOrEqual(2);
    expect(presenceReads.every((u) => u.endsWith('/presence?format=counts'))).toBe(true);

    // a conference of seven months ago: not in the first read, one button away
    const long = DateTime.now().setZone('Asia/Ho_Chi_Minh').minus({ days: 210 }).startOf('hour');
    const old = await makeConference(t, {
      title: 'Hội nghị sơ kết công tác cải cách hành chính (năm trước)',
      startsAt: long.toISO()!,
      endsAt: long.plus({ hours: 2 }).toISO()!,
      hostPointId: s.points.find((p) => p.code === 'X-VUNINH')!.id,
      status: 'draft',
      force: true,
    });
    await page.reload();
    await count.waitFor();
    expect(await page.locator(`[data-conference-id="${old.id}"]`).count()).toBe(0);
    await page.locator('[data-action="show-older"]', { hasText: /hội nghị cũ hơn/ }).click();
    await page.locator('section[aria-label="Đã qua"]').locator(`[data-conference-id="${old.id}"]`).waitFor();
  });

  it('(12) a link that no longer opens says what happened (replaced, cut short) with the hotline; audio trouble is confirmed in place', async () => {
    const links = await currentLinks();
    const l = links.find((x) => x.code === 'X-HOALONG')!;
    // replaced: the old link names the conference and gives the hotline
    await t
      .http()
      .post(`/api/conferences/${s.conferenceId}/checkin-links`)
      .set('Authorization', organizer())
      .send({ pointIds: [l.pointId] })
      .expect(201);
    const p = await phone();
    await p.goto(new URL(l.url, t.url).toString());
    const problem = p.locator('[data-link-problem="revoked"]');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('Đường dẫn này đã được thay bằng đường dẫn mới');
    expect(await problem.textContent()).toContain(s.title);
    await problem.locator('[data-hotline]', { hasText: '0222 3822 888' }).waitFor();
    expect(await p.locator('[data-action="point-sign-in"]').count()).toBe(1);
    await p.screenshot({ path: join(SHOTS, 'checkin-link-replaced-phone.png'), fullPage: true });
    // cut short when forwarded, pasted into the same tab (only the part after # changes: the page starts again on it)
    await p.goto(new URL(l.url, t.url).toString().slice(0, -12));
    await p.locator('[data-link-problem="invalid"]', { hasText: 'Đường dẫn không đầy đủ hoặc bị sai' }).waitFor();
    await p.goto('about:blank');
    await p.goto(`${t.url}/checkin`);
    await p.locator('[data-enter-code]').waitFor();
    // the new link, as the replaced link's page asks, pasted into the same tab
    const renewed = (await currentLinks()).find((x) => x.pointId === l.pointId)!;
    await p.goto(new URL(l.url, t.url).toString());
    await p.locator('[data-link-problem="revoked"]').waitFor();
    await p.goto(new URL(renewed.url, t.url).toString());
    await p.locator(`[data-point="${renewed.code}"]`).waitFor();
    await p.locator('[data-action="checkin"]').waitFor();

    // "Lỗi âm thanh": confirmed beside the button; nothing above the buttons moves; the hotline is offered
    const fresh = (await currentLinks()).find((x) => x.code === 'X-HOALONG')!;
    await p.goto('about:blank');
    await p.goto(new URL(fresh.url, t.url).toString());
    await p.locator('[data-action="checkin"]').click();
    const button = p.locator('[data-action="audio-fail"]');
    await button.waitFor();
    const video = p.locator('[data-action="video-fail"]');
    // the merged readiness checklist (broadcast) sits above the signal buttons and puts them below a phone's fold: bring
    // them into view first, so the click's own scrolling is not taken for the layout moving under the finger
    await video.scrollIntoViewIfNeeded();
    const [before, videoBefore] = [await button.boundingBox(), await video.boundingBox()];
    await button.click();
    // one answer is not a report: the page asks for the other (a missing answer was once sent as "good")
    await p.locator('[data-signal-pending]', { hasText: 'Chưa gửi: hãy trả lời thêm câu "Hình ảnh"' }).waitFor();
    expect(await p.locator('[data-sent="audio"]').textContent()).toBe('');
    expect(await p.locator('[data-signal-trouble]').count()).toBe(0);
    await p.locator('[data-action="video-ok"]').click();
    await p.locator('[data-sent="audio"]', { hasText: 'Đã báo' }).waitFor();
    expect(await p.locator('[data-signal-pending]').count()).toBe(0);
    expect((await button.boundingBox())!.y).toBe(before!.y);
    expect((await video.boundingBox())!.y).toBe(videoBefore!.y);
    await p.locator('[data-signal-trouble] a[href="tel:02223822888"]').waitFor();
    await p.screenshot({ path: join(SHOTS, 'checkin-audio-trouble-phone.png'), fullPage: true });
  });

  it('(8) a schedule clash spans the form, names each conflicting conference once with its points, and its buttons stay readable', async () => {
    const start = DateTime.fromISO(s.startsAt.toISO()!).plus({ minutes: 30 });
    const c = await makeConference(t, {
      title: 'Hội nghị chuyên đề cải cách hành chính',
      startsAt: start.toISO()!,
      endsAt: start.plus({ hours: 1 }).toISO()!,
      hostPointId: s.points.find((p) => p.code === 'TW-VPCP')!.id,
      status: 'draft',
      force: true,
    });
    const page = await signedIn('organizer');
    await page.goto(`${t.url}/conferences/${c.id}`);
    await page.selectOption('select[name=subtreeOf]', s.points.find((p) => p.code === 'T-BACNINH')!.id);
    for (const box of await page.locator('input[name=levels]').all())
      if ((await box.isChecked()) !== ((await box.getAttribute('value')) === 'district')) await box.click();
    await page.getByRole('button', { name: 'Mời cả nhánh', exact: true }).click();
    const clash = page.locator('[data-error="schedule_clash"]');
    await clash.waitFor();
    expect(await clash.locator('[data-clash-conference]').count()).toBe(1);
    expect(await clash.locator('.clash-points li').count()).toBe(8);
    const box = (await clash.boundingBox())!;
    const card = (await clash.locator('xpath=ancestor::section[contains(@class, "card")]').boundingBox())!;
    expect(box.width).toBeGreaterThan(card.width * 0.8);
    expect(box.height).toBeLessThan(500);
    const force = (await clash.getByRole('button', { name: /Vẫn tiếp tục/ }).boundingBox())!;
    expect(force.height).toBeLessThan(60); // one or two lines, never a word per line
    await page.screenshot({ path: join(SHOTS, 'conference-clash.png'), fullPage: true });
  });

  it('(9) the selected point shows 30 discrete, hoverable beats on a labelled axis; tiles filter by state', async () => {
    const l = (await currentLinks()).find((x) => x.code === 'H-YENPHONG')!;
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    const sock = await point(l.token);
    await waitTileState(board, 'H-YENPHONG', 'online', 5000);
    sock.disconnect();
    await waitTileState(board, 'H-YENPHONG', 'unstable', 5000);
    await board.locator('[data-point-code="H-YENPHONG"]').click();
    const strip = board.locator('.selected-panel [data-beat-strip]');
    await strip.waitFor();
    expect(await strip.locator('[data-beat]').count()).toBe(30);
    const last = strip.locator('[data-beat]').last();
    expect(await last.getAttribute('data-beat')).toMatch(/unstable|offline/);
    expect(await last.getAttribute('title')).toMatch(/^\d\d:\d\d–\d\d:\d\d: (Chập chờn|Mất kết nối)$/);
    expect(await strip.textContent()).toContain('30 phút trước');
    expect(await strip.textContent()).toContain('bây giờ');
    await board.screenshot({ path: join(SHOTS, 'board-selected-beats.png') });

    await board.locator('[data-tiles="trouble"]').click();
    const visible = await board
      .locator('[data-point-code]')
      .evaluateAll((els) =>
        els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => (e.classList.contains('av-fail') ? 'av-fail' : e.getAttribute('data-state'))),
      );
    expect(visible.length).toBeGreaterThan(0);
    for (const st of visible) expect(['unstable', 'offline', 'av-fail']).toContain(st); // an audio/video problem is trouble too
    await board.locator('[data-tiles="all"]').click();
    expect(await board.locator('[data-point-code="H-LUONGTAI"]').isVisible()).toBe(true);

    // the incident log per point, built from the event log: the same after a reload and in English. Reloaded once the
    // grace (1.5 s) has run out, so the log holds both steps (a reload before it showed only the drop, once in CI).
    await waitTileState(board, 'H-YENPHONG', 'offline', 10_000);
    await board.reload();
    const inc = board.locator('[data-incidents-point="H-YENPHONG"]');
    await inc.waitFor();
    await inc.locator('summary').click();
    expect(await inc.textContent()).toContain('do mạng hoặc thiết bị tại điểm cầu');
    // who acted at each step: the point dropped, the server's grace (1.5 s here) ran out
    expect(await inc.locator('[data-who="point"]').first().textContent()).toBe(
      'Bên thực hiện: ngắt: điểm cầu (mạng hoặc thiết bị) → chuyển sang mất kết nối: máy chủ (hết 1,5 giây chờ)',
    );
    // Từ Sơn's link was reissued in (1): the organizers acted, then Từ Sơn never came back on the old link
    const tuSon = board.locator('[data-incidents-point="H-TUSON"]');
    await tuSon.locator('summary').click();
    expect(await tuSon.locator('[data-who="revocation"]').first().textContent()).toContain(
      `ngắt: ban tổ chức (cấp lại đường dẫn, tài khoản ${s.organizer.username})`,
    );
    await board.getByRole('button', { name: 'Switch to English' }).click();
    await board.locator('[data-incidents-point="H-YENPHONG"]', { hasText: 'network or device at the point' }).waitFor();
    expect(await board.locator('[data-incidents-point="H-YENPHONG"] [data-who="point"]').first().textContent()).toBe(
      'Who acted: dropped: the point (network or device) → marked offline: the server (after 1.5 s grace)',
    );
    await board.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  });

  it('(9) roll call is counted against every invited point, shown running on every board while open, and its answers survive a reload', async () => {
    const l = (await currentLinks()).find((x) => x.code === 'DN-SAMSUNG')!;
    const sock = await point(l.token);
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await waitTileState(board, 'DN-SAMSUNG', 'online', 5000);
    const prompt = new Promise<{ rollcallId: string }>((ok) => sock.once('rollcall', ok));
    await board.fill('.rollcall-panel input[type=number]', '15');
    await board.click('[data-action="rollcall-start"]');
    const { rollcallId } = await prompt;
    expect(await ack(sock, 'rollcall:answer', { rollcallId })).toMatchObject({ ok: true });
    const online = await board.locator('[data-point-code][data-state="online"]').count();
    const invited = s.points.length;
    const answeredLive = `1/${invited} trả lời · ${invited - online} chưa kết nối, không được hỏi`;
    await board.locator('[data-rollcall-count]', { hasText: answeredLive }).waitFor();
    // While it runs, a second operator's board and this board reloaded show it running, counting down (not "finished")
    const second = await signedIn('operator');
    await second.goto(`${t.url}/board/${s.conferenceId}`);
    await board.reload();
    for (const page of [second, board]) {
      await page.locator('[data-rollcall="running"] [data-rollcall-count]', { hasText: answeredLive }).waitFor();
      expect(await page.locator('[data-rollcall-left]').textContent()).toMatch(/^Còn \d+ giây$/);
    }
    // at the deadline both say it is over; a reload then rebuilds it from the event log
    await second.locator('[data-rollcall="done"] [data-rollcall-left]', { hasText: 'Điểm danh đã kết thúc' }).waitFor({ timeout: 25_000 });
    await board.locator('[data-rollcall="done"]').waitFor({ timeout: 5_000 });
    await board.reload();
    await board.locator('[data-rollcall-count]', { hasText: `Lượt điểm danh gần nhất: 1/${invited} điểm cầu đã trả lời` }).waitFor();
    await board.locator('[data-point-code="DN-SAMSUNG"] .chip.ok', { hasText: 'Có mặt' }).waitFor();
    // the incident log lists the operators' actions with the account that acted (from the event log)
    const actions = board.locator('[data-operator-actions]');
    await actions.waitFor();
    await actions.locator('summary').click();
    expect(await actions.locator('[data-action-kind="rollcall"]').first().textContent()).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d Bắt đầu điểm danh \\(\\d+ điểm cầu được hỏi\\) · Bên thực hiện: tài khoản ${s.operator.username}$`),
    );
  });

  it('(9) tiles sort problems first inside each group, and the choice is kept after a reload', async () => {
    const rank: Record<string, number> = { offline: 0, unstable: 1, avfail: 2, absent: 3, left: 4, online: 5 };
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await board.locator('[data-point-code="H-TUSON"]').waitFor();
    // the first district tile in list order comes online, while other districts are absent or offline: mixed order
    const firstDistrict = (await board.locator('[data-level="district"] [data-point-code]').first().getAttribute('data-point-code'))!;
    const link = (await currentLinks()).find((x) => x.code === firstDistrict)!;
    await point(link.token);
    await waitTileState(board, firstDistrict, 'online', 5000);
    /** The states of each group's tiles in the order they are seen (top to bottom, left to right). */
    const seen = () =>
      board.locator('.tiles').evaluateAll((lists) =>
        lists.map((list) =>
          [...list.querySelectorAll<HTMLElement>('[data-point-code]')]
            .map((e) => ({ r: e.getBoundingClientRect(), st: e.classList.contains('av-fail') && e.dataset.state === 'online' ? 'avfail' : e.dataset.state! }))
            .sort((a, b) => a.r.top - b.r.top || a.r.left - b.r.left)
            .map((x) => x.st),
        ),
      );
    const sorted = (groups: string[][]) => groups.every((g) => g.every((st, i) => i === 0 || rank[g[i - 1]] <= rank[st]));
    const before = await seen();
    expect(sorted(before)).toBe(false); // listed order mixes states here, so the sort below is visible
    await board.locator('[data-sort="problems"]').click();
    expect(sorted(await seen())).toBe(true);
    const hasProblem = (await seen()).find((g) => g.some((st) => rank[st] <= 1) && g.includes('online'));
    expect(hasProblem?.[0]).toMatch(/offline|unstable/);
    await board.screenshot({ path: join(SHOTS, 'board-sorted-problems-first.png') });
    await board.reload();
    await board.locator('[data-point-code="H-TUSON"]').waitFor();
    expect(await board.locator('[data-sort="problems"]').getAttribute('aria-pressed')).toBe('true');
    expect(sorted(await seen())).toBe(true);
    await board.locator('[data-sort="list"]').click();
    expect(await seen()).toEqual(before);
  });

  it('(9) the board shows the overrun and the actual times of finished items; the phone shows them too', async () => {
    const org = organizer();
    const op = `Bearer ${operatorToken}`;
    await t
      .http()
      .post(`/api/conferences/${s.conferenceId}/agenda/current`)
      .set('Authorization', op)
      .send({ itemId: s.agendaItemIds[0] })
      .expect((r) => expect(r.status).toBeLessThan(300));
    await t
      .http()
      .post(`/api/conferences/${s.conferenceId}/agenda/current`)
      .set('Authorization', op)
      .send({ itemId: s.agendaItemIds[1] })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const v = (await t.http().get(`/api/conferences/${s.conferenceId}/agenda`).set('Authorization', org)).body.version;
    await t
      .http()
      .post(`/api/conferences/${s.conferenceId}/agenda/items`)
      .set('Authorization', org)
      .send({ version: v, title: 'Phát biểu bổ sung của các sở, ngành', kind: 'speech', durationMinutes: 120 })
      .expect(201);
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await board.locator('[data-agenda="current"] [data-warning="overrun"], .agenda-panel [data-warning="overrun"]').first().waitFor();
    expect(await board.locator('.agenda-panel [data-warning="overrun"]').textContent()).toMatch(/vượt giờ kết thúc \d+ phút/);
    const done = board.locator('[data-agenda="done"]');
    await done.locator('summary').click();
    await done.locator(`[data-done-item="${s.agendaItemIds[0]}"]`, { hasText: 'Khai mạc hội nghị' }).waitFor();
    expect(await done.locator(`[data-done-item="${s.agendaItemIds[0]}"]`).textContent()).toMatch(
      /\d\d:\d\d–\d\d:\d\d Khai mạc hội nghị \((chậm \d+ phút|sớm \d+ phút|đúng giờ)\)/,
    );
    const l = (await currentLinks()).find((x) => x.code === 'H-TIENDU')!;
    const p = await phone();
    await p.goto(new URL(l.url, t.url).toString());
    await p.locator(`.ck-items [data-item-id="${s.agendaItemIds[0]}"]`, { hasText: /đã diễn ra \d\d:\d\d–\d\d:\d\d/ }).waitFor();
  });

  it('(low) truncated names and chips carry tooltips; plain wording for versions and the time zone; a timed notice confirmation', async () => {
    const board = await signedIn('operator');
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    const tile = board.locator('[data-point-code="DN-SAMSUNG"]');
    await tile.waitFor();
    expect(await tile.locator('.t-name').getAttribute('title')).toBe(await tile.locator('.t-name').textContent());
    for (const chip of await board.locator('.tile .chip').all()) expect(await chip.getAttribute('title')).toBeTruthy();
    // the conference's detail is read once the tiles are painted: its title comes a moment after them
    await board.locator('.bh-title h1[title]').waitFor();
    expect(await board.locator('.bh-title h1').getAttribute('title')).toBe(s.title);
    // the notice confirmation says when it went out, so an old one is not read as the latest
    await board.fill('textarea[name=notice-text]', 'Đề nghị các điểm cầu kiểm tra micro trước phần thảo luận.');
    await board.locator('[data-action="notice-send"]').click();
    await board.locator('.notice-panel', { hasText: /Đã gửi lúc \d\d:\d\d tới \d+ điểm cầu\./ }).waitFor();
    await board.getByRole('button', { name: 'Switch to English' }).click();
    expect(await board.textContent('body')).not.toMatch(/\b1 (times|points)\b/);
    await board.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();

    const page = await signedIn('organizer');
    await page.goto(`${t.url}/conferences/${s.conferenceId}`);
    await page.locator('[data-conference-version]').waitFor();
    expect(await page.locator('[data-conference-version]').textContent()).toMatch(/^Lần sửa thứ \d+$/);
    expect(await page.textContent('main')).not.toContain('Phiên bản');
    expect(await page.locator('select[name=timezone] option:checked').textContent()).toBe('Giờ Việt Nam (GMT+7)');
    expect(await page.textContent('main')).not.toContain('Asia/Ho_Chi_Minh');
    await page.screenshot({ path: join(SHOTS, 'conference-plain-words.png') });

    // the phone: no version number; the audio and video rows (one component) each confirm beside their own buttons
    const l = (await currentLinks()).find((x) => x.code === 'H-GIABINH')!;
    const p = await phone();
    await p.goto(new URL(l.url, t.url).toString());
    await p.locator('[data-action="checkin"]').click();
    const video = p.locator('[data-action="video-fail"]');
    await video.scrollIntoViewIfNeeded();
    await video.click();
    await p.locator('[data-signal-pending]', { hasText: 'Âm thanh' }).waitFor();
    expect(await p.locator('[data-sent="video"]').textContent()).toBe('');
    expect(await p.locator('[data-action="video-fail"]').getAttribute('aria-pressed')).toBe('true');
    expect(await p.locator('[data-action="audio-fail"]').getAttribute('aria-pressed')).toBe('false');
    await p.locator('[data-action="audio-ok"]').click();
    await p.locator('[data-sent="audio"]', { hasText: 'Đã báo' }).waitFor();
    await p.locator('[data-sent="video"]', { hasText: 'Đã báo' }).waitFor();
    // what the board got is what was answered
    const entry = (await t.http().get(`/api/conferences/${s.conferenceId}/presence`).set('Authorization', organizer())).body.points.find(
      (e: { code: string }) => e.code === 'H-GIABINH',
    );
    expect([entry.audio, entry.video]).toEqual(['ok', 'fail']);
    expect(await p.textContent('body')).not.toMatch(/Phiên bản|Lần sửa/);
  });

  it('(low) the agenda editor adds an item right after a chosen one', async () => {
    const page = await signedIn('organizer');
    await page.goto(`${t.url}/conferences/${s.conferenceId}/agenda`);
    await page.locator(`[data-item-id="${s.agendaItemIds[1]}"] [data-action="add-after"]`).click();
    await page.locator(`[data-adding-after="${s.agendaItemIds[1]}"]`).waitFor();
    await page.fill('#add-title', 'Báo cáo nhanh tình hình giải ngân vốn đầu tư công');
    await page.locator('[data-form="add-item"] button[type=submit]').click();
    await page.locator('.agenda-list .ag-title', { hasText: 'Báo cáo nhanh tình hình giải ngân vốn đầu tư công' }).waitFor();
    const agenda = (await t.http().get(`/api/conferences/${s.conferenceId}/agenda`).set('Authorization', organizer())).body;
    const titles = agenda.items.map((i: { title: string }) => i.title);
    expect(titles.indexOf('Báo cáo nhanh tình hình giải ngân vốn đầu tư công')).toBe(
      titles.indexOf(agenda.items.find((i: { id: string }) => i.id === s.agendaItemIds[1]).title) + 1,
    );
  });
});
