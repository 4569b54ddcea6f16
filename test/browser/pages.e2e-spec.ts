/// <reference lib="dom" />
/**
 * The pages in a real browser: Debian's Chromium driven by playwright-core against the real app
 * (fresh database, PRESENCE_GRACE_MS=1500). Simulated points are socket.io clients holding check-in link tokens.
 * The tests run in order and share one operator's board page (signed in by the second test), as an operator's
 * screen would through a conference. Screenshots go to docs/screenshots/ when UPDATE_SCREENSHOTS=1, else to a
 * temporary folder.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { makeConference } from '../helpers/conferences.factory';
import { makePoint } from '../helpers/points.factory';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { ack, connected, ensureWebBuilt, hasChromium, launchChromium, pointSocket, signedInContext, tileState, waitTileState } from './browser';
import { buildScenario, type Scenario } from './scenario';

if (!hasChromium) {
  console.warn('test/browser/pages.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium), so the page tests cannot run.');
}
const suite = hasChromium ? describe : describe.skip;

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? resolve(process.cwd(), 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'diemcau-shots-'));

suite('pages in Chromium', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let browser: Browser;
  let s: Scenario;
  let operatorCtx: BrowserContext;
  let board: Page;
  const sockets: Socket[] = [];

  const link = (code: string) => s.links.find((l) => l.code === code)!;
  const absolute = (url: string) => new URL(url, t.url).toString();
  async function simulatedPoint(code: string): Promise<Socket> {
    const sock = pointSocket(t.url, link(code).token);
    sockets.push(sock);
    await connected(sock);
    const r = await ack<{ state: string }>(sock, 'checkin', { conferenceId: s.conferenceId });
    expect(r).toMatchObject({ ok: true });
    return sock;
  }
  async function organizerPage(viewport = { width: 1366, height: 900 }): Promise<Page> {
    const ctx = await signedInContext(
      browser,
      s.organizer.token,
      { id: 'x', username: s.organizer.username, role: 'organizer' },
      { viewport, locale: 'vi-VN' },
    );
    return ctx.newPage();
  }

  beforeAll(async () => {
    const log = (m: string) => process.env.DEBUG_PAGES && process.stderr.write(`[pages] ${m}\n`);
    ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    log('starting');
    [t, browser] = await Promise.all([createTestApp({ PRESENCE_GRACE_MS: '1500' }), launchChromium()]);
    log('app and browser up');
    s = await buildScenario(t);
    log('scenario built');
    operatorCtx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    board = await operatorCtx.newPage();
  });

  afterAll(async () => {
    sockets.forEach((x) => x.disconnect());
    await browser?.close();
    await t?.close();
  });

  it('serves the pages: a board address and the check-in link load directly; API paths stay JSON', async () => {
    const page = await t.http().get(`/board/${s.conferenceId}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<div id="app">');
    // no upgrade-insecure-requests: a plain-http office server reached by its LAN address must still load its assets
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' ws: wss:");
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect((await t.http().get('/checkin')).status).toBe(200);
    expect((await t.http().get('/conferences/new')).status).toBe(200);
    const api = await t.http().get('/api/no-such-route');
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ statusCode: 404 });
    expect((await t.http().get('/assets/no-such-file.js')).status).toBe(404);
  });

  it('signs in with Enter, stays signed in after a reload, and lists the conference with its points online', async () => {
    await board.goto(`${t.url}/`);
    await board.fill('input[name=username]', s.operator.username);
    await board.fill('input[name=password]', s.operator.password);
    await board.press('input[name=password]', 'Enter');
    await board.getByRole('link', { name: s.title }).waitFor();
    await board.reload();
    const row = board.locator(`[data-conference-id="${s.conferenceId}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Đang diễn ra');
    await board.getByText(`0/${s.points.length} điểm cầu đã kết nối`).waitFor();
  });

  it('refuses a wrong password with a Vietnamese message', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${t.url}/`);
    await page.fill('input[name=username]', s.operator.username);
    await page.fill('input[name=password]', 'not-the-password');
    await page.press('input[name=password]', 'Enter');
    await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng').waitFor();
    await ctx.close();
  });

  it('words errors in clean Vietnamese from their code: an unknown or malformed conference id, a refused field', async () => {
    const page = await organizerPage();
    const alertText = async () => (await page.getByRole('alert').first().innerText()).trim();
    // an unknown id: the page state (test/browser/live-safety covers its way back), never a raw validator string;
    // a malformed one never reaches the page (the server's not-found page)
    await page.goto(`${t.url}/conferences/8c0c0b5e-8a0c-4d3e-9f1e-2b8f3c6d7e10`);
    const state = page.locator('[data-page-state="not_found"]');
    await state.waitFor();
    expect((await state.locator('h1').innerText()).trim()).toBe('? Không tìm thấy hội nghị');
    expect(await state.innerText()).not.toMatch(/UUID|conferenceId|must be/);
    expect((await page.goto(`${t.url}/conferences/khong-phai-uuid`))?.status()).toBe(404);
    expect(await page.textContent('body')).toContain('Không tìm thấy trang');
    // a rule only the server checks (category ≤ 100 characters), worded from class-validator's rule in Vietnamese
    await page.goto(`${t.url}/conferences/new`);
    await page.fill('input[name=title]', 'Hội nghị thử lỗi');
    await page.fill('input[name=category]', 'x'.repeat(101));
    await page.selectOption('select[name=hostPointId]', s.points.find((p) => p.code === 'T-BACNINH')!.id);
    const start = s.startsAt.plus({ days: 30 });
    await page.fill('input[name=startsAtDate]', start.toFormat('dd/MM/yyyy'));
    await page.fill('input[name=startsAtTime]', start.toFormat('HH:mm'));
    await page.fill('input[name=endsAtDate]', start.plus({ hours: 1 }).toFormat('dd/MM/yyyy'));
    await page.fill('input[name=endsAtTime]', start.plus({ hours: 1 }).toFormat('HH:mm'));
    await page.getByRole('button', { name: 'Tạo hội nghị' }).click();
    await page.getByRole('alert').getByText('category tối đa 100 ký tự').waitFor();
    const text = await alertText();
    expect(text).toBe('category tối đa 100 ký tự');
    await page.context().close();
  });

  it('opens the board directly and shows exactly one visible tile per invited point, grouped by level', async () => {
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await board.locator('[data-point-code]').first().waitFor();
    const codes = await board.locator('[data-point-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-point-code')));
    expect(codes.sort()).toEqual(s.points.map((p) => p.code).sort());
    for (const p of s.points) {
      const tile = board.locator(`[data-point-code="${p.code}"]`);
      expect(await tile.isVisible()).toBe(true);
      expect(await tile.getAttribute('data-state')).toBe('absent');
      expect(await tile.textContent()).toContain('Chưa kết nối');
    }
    await board.getByText('Cấp huyện: 0/8 đã kết nối').first().waitFor();
    await board.getByText('Doanh nghiệp: 0/3 đã kết nối').first().waitFor();
    // every not-online point is listed with its contact and a tel: link
    await board.locator('a[href="tel:0912345603"]').waitFor();
    // no item started yet: the next one is the opening, whose presenting point is not online
    await board.locator('[data-agenda="next"]', { hasText: 'Khai mạc hội nghị' }).waitFor();
    await board.getByText('Điểm cầu phát biểu tiếp theo "UBND tỉnh Bắc Ninh" đang ở trạng thái: Chưa kết nối').waitFor();
    // English on demand: the words change, the contract's state words do not
    await board.getByRole('button', { name: 'Switch to English' }).click();
    await board.getByText('District: 0/8 connected').first().waitFor();
    expect(await board.locator('[data-point-code="H-LUONGTAI"]').textContent()).toContain('Absent');
    expect(await tileState(board, 'H-LUONGTAI')).toBe('absent');
    await board.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    await board.getByText('Cấp huyện: 0/8 đã kết nối').first().waitFor();
  });

  it('on a 390-px phone the board shows its tiles in the first screen and lays its header out on lines of its own', async () => {
    const phone = await organizerPage({ width: 390, height: 844 });
    await phone.goto(`${t.url}/board/${s.conferenceId}`);
    const tile = phone.locator('[data-point-code]').first();
    await tile.waitFor();
    // The tiles come first and keep most of the screen (they were squeezed to nothing under the side panels).
    const box = (await tile.boundingBox())!;
    expect(box.height).toBeGreaterThan(30);
    expect(box.y + box.height).toBeLessThan(844);
    expect(await phone.locator('.board-main').evaluate((e) => e.getBoundingClientRect().height)).toBeGreaterThan(400);
    // The clock clear of the status badge (it was drawn over it).
    const [badge, clock] = await Promise.all([phone.locator('.bh-meta .badge').boundingBox(), phone.locator('.board-head .clock').boundingBox()]);
    const apart =
      clock!.y >= badge!.y + badge!.height ||
      badge!.y >= clock!.y + clock!.height ||
      clock!.x >= badge!.x + badge!.width ||
      badge!.x >= clock!.x + clock!.width;
    expect(apart).toBe(true);
    await phone.screenshot({ path: join(SHOTS, 'board-phone.png') });
    await phone.context().close();
  });

  it('turns a checked-in point online within one second, then unstable and offline when it drops (with an alert)', async () => {
    const sock = await simulatedPoint('H-GIABINH');
    const took = await waitTileState(board, 'H-GIABINH', 'online', 1000);
    expect(took).toBeLessThan(1000);
    expect(await board.locator('[data-point-code="H-GIABINH"]').textContent()).toContain('Đã kết nối');
    await board.getByText('Cấp huyện: 1/8 đã kết nối').first().waitFor();

    sock.disconnect();
    await waitTileState(board, 'H-GIABINH', 'unstable', 2000);
    expect(await board.locator('[data-point-code="H-GIABINH"]').textContent()).toMatch(/Chập chờn \(mất tín hiệu \d+ giây\)/);
    await board.locator('.alerts').getByText('UBND huyện Gia Bình').waitFor();
    await waitTileState(board, 'H-GIABINH', 'offline', 4000);
    expect(await board.locator('[data-point-code="H-GIABINH"]').textContent()).toContain('Mất kết nối');
    // the 30-minute strip: red for this minute; a point that never came has a grey strip
    const strip = (code: string) => board.locator(`[data-point-code="${code}"] .t-beat`).evaluate((el) => getComputedStyle(el).backgroundImage);
    expect(await strip('H-GIABINH')).toContain('rgb(198, 40, 40)');
    expect(await strip('H-LUONGTAI')).not.toMatch(/rgb\(198, 40, 40\)|rgb\(242, 169, 0\)|rgb\(46, 125, 50\)/);
    // after a reload the strip is rebuilt from the event log
    await board.reload();
    await board.locator('[data-point-code="H-GIABINH"][data-state="offline"]').waitFor();
    await board.waitForFunction(() =>
      getComputedStyle(document.querySelector('[data-point-code="H-GIABINH"] .t-beat')!).backgroundImage.includes('rgb(198, 40, 40)'),
    );
  });

  it('the check-in page checks its point in on the button, then shows a notice and a roll call from the board', async () => {
    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    const phone = await phoneCtx.newPage();
    const l = link('H-THUANTHANH');
    expect(l.url).toContain('/checkin#token=');
    const t0 = Date.now();
    await phone.goto(absolute(l.url));
    const button = phone.locator('[data-action="checkin"]');
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await phone.getByText('UBND huyện Thuận Thành').first().waitFor();
    expect(Date.now() - t0).toBeLessThan(10_000);
    // the first check-in waits for the click
    await phone.waitForTimeout(300);
    expect(await tileState(board, 'H-THUANTHANH')).toBe('absent');
    await button.click();
    await phone.locator('[data-checkin-state="online"]').waitFor();
    await waitTileState(board, 'H-THUANTHANH', 'online', 1000);
    await phone.getByText('Khai mạc hội nghị').waitFor();

    // a notice from the board
    await board.fill('textarea[name=notice-text]', 'Đề nghị các điểm cầu kiểm tra micro trước 8 giờ 25.');
    await board.click('[data-action="notice-send"]');
    await board.getByText(/Đã gửi lúc \d\d:\d\d tới \d+ điểm cầu/).waitFor();
    await phone.locator('.notice-text', { hasText: 'Đề nghị các điểm cầu kiểm tra micro trước 8 giờ 25.' }).waitFor();
    // a reloaded page (or a tab the phone discarded) checks in again by itself and still shows the notice
    await phone.reload();
    await phone.locator('[data-checkin-state="online"]').waitFor();
    await phone.locator('.notice-text', { hasText: 'Đề nghị các điểm cầu kiểm tra micro trước 8 giờ 25.' }).waitFor({ timeout: 5000 });

    // audio trouble reported from the phone shows on the tile
    await phone.click('[data-action="audio-fail"]');
    await phone.click('[data-action="video-ok"]');
    await board.locator('[data-point-code="H-THUANTHANH"]', { hasText: 'Lỗi âm thanh' }).waitFor();

    // the operator moves the agenda on; the phone marks the current item
    await board.getByRole('button', { name: /Chuyển sang nội dung tiếp theo/ }).click();
    await board.locator('[data-agenda="current"]', { hasText: 'Khai mạc hội nghị' }).waitFor();
    await phone.locator('.ck-items li.current', { hasText: 'Khai mạc hội nghị' }).waitFor();

    // a roll call from the board, answered on the phone
    await board.click('[data-action="rollcall-start"]');
    await phone.locator('[data-action="rollcall-answer"]').waitFor();
    await phone.screenshot({ path: join(SHOTS, 'checkin-phone.png'), fullPage: true });
    await phone.locator('[data-action="rollcall-answer"]').click();
    await phone.getByText('Đã trả lời điểm danh.').waitFor();
    await board.getByText(/1\/\d+ trả lời · \d+ chưa kết nối, không được hỏi/).waitFor();

    // a few more simulated points for a lived-in board, then the screenshots
    for (const code of ['T-BACNINH', 'TW-VPCP', 'H-TPBACNINH', 'H-TUSON', 'H-QUEVO', 'H-TIENDU', 'X-VUNINH', 'X-HO', 'DN-SAMSUNG', 'DN-DABACO'])
      await simulatedPoint(code);
    const flappy = await simulatedPoint('H-YENPHONG');
    await waitTileState(board, 'H-YENPHONG', 'online', 2000);
    flappy.disconnect();
    await waitTileState(board, 'H-YENPHONG', 'unstable', 2000);
    await board.locator('.board-side').evaluate((el) => el.scrollTo(0, 0));
    await board.screenshot({ path: join(SHOTS, 'board-1366x768.png') });

    // the phone loses its connection: a banner, the board sees the drop, and it checks in again by itself
    await phoneCtx.setOffline(true);
    await phone.locator('[data-banner="connection-lost"]').waitFor({ timeout: 10_000 });
    await waitTileState(board, 'H-THUANTHANH', 'unstable', 5000);
    await phoneCtx.setOffline(false);
    await phone.locator('[data-banner="connection-lost"]').waitFor({ state: 'detached', timeout: 15_000 });
    await waitTileState(board, 'H-THUANTHANH', 'online', 5000);
    await phoneCtx.close();
  });

  it("a point's own account opens the point page from the conference list, checks in and leaves", async () => {
    const hoaLong = s.points.find((p) => p.code === 'X-HOALONG')!;
    const admin = await t.http().post('/api/auth/login').send({ username: 'admin', password: 'admin-password-123' });
    const created = await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin.body.accessToken}`)
      .send({ username: 'hoalong', password: 'hoa-long-2021', role: 'point', pointId: hoaLong.id });
    expect(created.status).toBe(201);
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(`${t.url}/`);
    await page.fill('input[name=username]', 'hoalong');
    await page.fill('input[name=password]', 'hoa-long-2021');
    await page.press('input[name=password]', 'Enter');
    await page.getByRole('link', { name: 'Trang điểm cầu' }).click();
    await page.getByText('UBND xã Hòa Long').first().waitFor();
    await page.click('[data-action="checkin"]');
    await waitTileState(board, 'X-HOALONG', 'online', 2000);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Rời hội nghị' }).click();
    await waitTileState(board, 'X-HOALONG', 'left', 2000);
    expect(await board.locator('[data-point-code="X-HOALONG"]').textContent()).toContain('Đã rời');
    await ctx.close();
  });

  it('marks attendance from the board: in person, confirmed by phone, absent with a reason', async () => {
    await board.click('[data-point-code="H-LUONGTAI"]');
    const panel = board.locator('[data-selected="H-LUONGTAI"]');
    await panel.getByRole('button', { name: 'Vắng mặt' }).click();
    await panel.getByText('Hãy nhập lý do vắng mặt.').waitFor();
    await panel.getByPlaceholder('Lý do').fill('Mất điện do mưa bão');
    await panel.getByRole('button', { name: 'Vắng mặt' }).click();
    await board.locator('[data-point-code="H-LUONGTAI"]', { hasText: 'Vắng mặt (lý do: Mất điện do mưa bão)' }).waitFor();
    await board.click('[data-point-code="H-TIENDU"]');
    await board.locator('[data-selected="H-TIENDU"]').getByRole('button', { name: 'Dự trực tiếp' }).click();
    await board.locator('[data-point-code="H-TIENDU"]', { hasText: 'Dự trực tiếp' }).waitFor();
    await board.click('[data-point-code="DN-CANON"]');
    await board.locator('[data-selected="DN-CANON"]').getByRole('button', { name: 'Đã xác nhận qua điện thoại' }).click();
    await board.locator('[data-point-code="DN-CANON"]', { hasText: 'Đã xác nhận qua điện thoại' }).waitFor();
    const report = await t.http().get(`/api/conferences/${s.conferenceId}/attendance`).set('Authorization', `Bearer ${s.organizer.token}`);
    const rows = new Map<string, { attendance: string | null }>(report.body.map((r: { code: string; attendance: string | null }) => [r.code, r]));
    expect(rows.get('H-LUONGTAI')?.attendance).toBe('absent');
    expect(rows.get('DN-CANON')?.attendance).toBe('online');
    expect(rows.get('H-TIENDU')?.attendance).toBe('in_person');
    // the tile keeps its connection state: attendance is recorded beside it
    expect(await tileState(board, 'H-LUONGTAI')).toBe('absent');
    await board.click('[data-point-code="DN-CANON"]');
  });

  it("shows an organizer's agenda edit on the point's page", async () => {
    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await phoneCtx.newPage();
    await phone.goto(absolute(link('X-HOALONG').url));
    await phone.click('[data-action="checkin"]');
    await phone.locator('[data-checkin-state]').waitFor();

    const editor = await organizerPage();
    await editor.goto(`${t.url}/conferences/${s.conferenceId}/agenda`);
    const row = editor.locator(`[data-item-id="${s.agendaItemIds[2]}"]`);
    await row.locator('[data-action="edit-item"]').click();
    await row.locator('input[name=title]').fill('Tham luận của huyện Thuận Thành về chuyển đổi số');
    await row.locator('[data-action="save-item"]').click();
    await editor.locator(`[data-item-id="${s.agendaItemIds[2]}"]`, { hasText: 'về chuyển đổi số' }).waitFor();

    await phone.getByText('Tham luận của huyện Thuận Thành về chuyển đổi số').waitFor({ timeout: 5000 });
    await editor.context().close();
    await phoneCtx.close();
  });

  it('reorders with the keyboard buttons and by drag and drop, recomputes the start times and warns of an overrun', async () => {
    const editor = await organizerPage();
    await editor.goto(`${t.url}/conferences/${s.conferenceId}/agenda`);
    const firstBefore = await editor.locator('.agenda-list > li').first().getAttribute('data-item-id');
    await editor.locator(`[data-move-down="${firstBefore}"]`).click();
    await editor.waitForFunction((id) => document.querySelectorAll('.agenda-list > li')[1]?.getAttribute('data-item-id') === id, firstBefore);
    const order = await editor.locator('.agenda-list > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    expect(order.slice(0, 2)).toEqual([s.agendaItemIds[1], s.agendaItemIds[0]]);
    // the 25-minute report now opens at the conference start, and each later item starts when the one before ends
    const times = (await editor.locator('.agenda-list > li .ag-time').allTextContents()).map((x) => /(\d\d:\d\d)–(\d\d:\d\d)/.exec(x)!.slice(1));
    expect(times[0]).toEqual([s.startsAt.toFormat('HH:mm'), s.startsAt.plus({ minutes: 25 }).toFormat('HH:mm')]);
    for (let i = 2; i < times.length; i++) expect(times[i][0]).toBe(times[i - 1][1]);

    // drag and drop: the last item onto the third row
    const last = await editor.locator('.agenda-list > li').last().getAttribute('data-item-id');
    await editor.locator('.agenda-list > li').last().dragTo(editor.locator('.agenda-list > li').nth(2));
    await editor.waitForFunction((id) => document.querySelectorAll('.agenda-list > li')[2]?.getAttribute('data-item-id') === id, last);

    // a long item added at the end overruns the conference
    const add = editor.locator('[data-form="add-item"]');
    await add.locator('input[name=title]').fill('Hỏi đáp trực tiếp với doanh nghiệp');
    await add.locator('select[name=kind]').selectOption('qa');
    await add.locator('input[name=durationMinutes]').fill('240');
    await add.getByRole('button', { name: /Thêm nội dung/ }).click();
    await editor.locator('.agenda-list > li', { hasText: 'Hỏi đáp trực tiếp với doanh nghiệp' }).waitFor();
    await editor.locator('[data-warning="overrun"]', { hasText: /Vượt thời gian \d+ phút/ }).waitFor();
    expect(await add.locator('input[name=title]').inputValue()).toBe('');
    await editor.context().close();
  });

  it('a stale edit shows at the form what the other person changed; "keep mine" keeps both changes, and other items save on the latest', async () => {
    const editor = await organizerPage();
    await editor.goto(`${t.url}/conferences/${s.conferenceId}/agenda`);
    const versionBefore = Number(await editor.locator('[data-agenda-version]').getAttribute('data-agenda-version'));
    const row = editor.locator(`[data-item-id="${s.agendaItemIds[4]}"]`);
    await row.locator('[data-action="edit-item"]').click();
    // someone else changes the same item meanwhile; the open editor is told live
    const other = await t
      .http()
      .patch(`/api/conferences/${s.conferenceId}/agenda/items/${s.agendaItemIds[4]}`)
      .set('Authorization', `Bearer ${s.organizer.token}`)
      .send({ version: versionBefore, durationMinutes: 45 });
    expect(other.status).toBe(200);
    await editor.locator('[data-notice="agenda-changed-live"]').waitFor();

    const typed = 'Thảo luận, kiến nghị của doanh nghiệp FDI';
    await row.locator('input[name=title]').fill(typed);
    await row.locator('[data-action="save-item"]').click();
    const box = row.locator('[data-conflict="changed"]');
    await box.waitFor();
    expect(await box.locator('[data-changed-field="durationMinutes"]').textContent()).toBe('Thời lượng (phút): 60 → 45');
    await editor.screenshot({ path: join(SHOTS, 'agenda-editor-conflict.png'), fullPage: true });
    expect(await row.locator('input[name=title]').inputValue()).toBe(typed);
    const unchanged = await t.http().get(`/api/conferences/${s.conferenceId}/agenda`).set('Authorization', `Bearer ${s.organizer.token}`);
    expect(unchanged.body.items.find((i: { id: string }) => i.id === s.agendaItemIds[4]).title).toBe('Thảo luận, kiến nghị của doanh nghiệp');

    await box.locator('[data-action="keep-mine"]').click();
    await editor.locator(`[data-item-id="${s.agendaItemIds[4]}"] .ag-title`, { hasText: typed }).waitFor();
    const after = await t.http().get(`/api/conferences/${s.conferenceId}/agenda`).set('Authorization', `Bearer ${s.organizer.token}`);
    expect(after.body.items.find((i: { id: string }) => i.id === s.agendaItemIds[4])).toMatchObject({ title: typed, durationMinutes: 45 });

    // another item changed meanwhile: no conflict on this one, saved on the latest version, and said so
    await editor.locator(`[data-item-id="${s.agendaItemIds[5]}"] [data-action="edit-item"]`).click();
    await t
      .http()
      .patch(`/api/conferences/${s.conferenceId}/agenda/items/${s.agendaItemIds[3]}`)
      .set('Authorization', `Bearer ${s.organizer.token}`)
      .send({ version: after.body.version, durationMinutes: 15 })
      .expect(200);
    const row5 = editor.locator(`[data-item-id="${s.agendaItemIds[5]}"]`);
    await row5.locator('input[name=presenter]').fill('Đồng chí Phó Chủ tịch UBND tỉnh');
    await row5.locator('[data-action="save-item"]').click();
    await editor.getByText('Người khác vừa sửa mục khác của chương trình; thay đổi của bạn đã được lưu trên bản mới nhất.').waitFor();
    const last = await t.http().get(`/api/conferences/${s.conferenceId}/agenda`).set('Authorization', `Bearer ${s.organizer.token}`);
    expect(last.body.items.find((i: { id: string }) => i.id === s.agendaItemIds[3]).durationMinutes).toBe(15);
    expect(last.body.items.find((i: { id: string }) => i.id === s.agendaItemIds[5]).presenter).toBe('Đồng chí Phó Chủ tịch UBND tỉnh');
    await editor.context().close();
  });

  it('an organizer creates a conference in its timezone, meets a clash, invites a subtree and issues links with QR codes', async () => {
    const page = await organizerPage();
    const host = s.points.find((p) => p.code === 'T-BACNINH')!;
    const start = s.startsAt.plus({ minutes: 30 });
    await page.goto(`${t.url}/conferences/new`);
    await page.fill('input[name=title]', 'Hội nghị đối thoại doanh nghiệp FDI');
    await page.selectOption('select[name=timezone]', 'Asia/Ho_Chi_Minh');
    expect(await page.locator('select[name=timezone] option:checked').textContent()).toBe('Giờ Việt Nam (GMT+7)');
    await page.selectOption('select[name=hostPointId]', host.id);
    // day/month/year and a 24-hour time, whatever the browser's locale; a wrong date is explained in Vietnamese
    await page.fill('input[name=startsAtDate]', '31/02/2026');
    await page.locator('input[name=startsAtDate]').blur();
    await page.getByText('Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 10/07/2021.').waitFor();
    await page.fill('input[name=startsAtDate]', start.toFormat('dd/MM/yyyy'));
    await page.fill('input[name=startsAtTime]', start.toFormat('HH:mm'));
    await page.fill('input[name=endsAtDate]', start.plus({ hours: 2 }).toFormat('dd/MM/yyyy'));
    await page.fill('input[name=endsAtTime]', start.plus({ hours: 2 }).toFormat('H:mm'));
    await page.getByRole('button', { name: 'Tạo hội nghị' }).click();
    // the host is busy in the live conference: the clash names it, and nothing is created until forced
    const clash = page.locator('[data-error="schedule_clash"]');
    await clash.getByText(`Trùng lịch với hội nghị "${s.title}"`).waitFor();
    const before = await t.http().get('/api/conferences?limit=1000').set('Authorization', `Bearer ${s.organizer.token}`);
    expect(before.body.items.map((c: { title: string }) => c.title)).not.toContain('Hội nghị đối thoại doanh nghiệp FDI');
    await clash.getByRole('button', { name: /Vẫn tiếp tục/ }).click();
    await page.waitForURL(/\/conferences\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const created = await t.http().get(`/api/conferences/${id}`).set('Authorization', `Bearer ${s.organizer.token}`);
    expect(created.body.startsAt).toBe(start.toISO());
    expect(created.body.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(await page.inputValue('input[name=startsAtDate]')).toBe(start.toFormat('dd/MM/yyyy'));
    expect(await page.inputValue('input[name=startsAtTime]')).toBe(start.toFormat('HH:mm'));

    // the whole communes of Thuận Thành in one go; they clash too, then are forced in
    await page.selectOption('select[name=subtreeOf]', s.points.find((p) => p.code === 'H-THUANTHANH')!.id);
    for (const box of await page.locator('input[name=levels]').all())
      if ((await box.isChecked()) !== ((await box.getAttribute('value')) === 'commune')) await box.click();
    await page.getByRole('button', { name: 'Mời cả nhánh', exact: true }).click();
    await page.locator('[data-error="schedule_clash"]').getByText('UBND thị trấn Hồ').waitFor();
    await page
      .locator('[data-error="schedule_clash"]')
      .getByRole('button', { name: /Vẫn tiếp tục/ })
      .click();
    await page.locator('[data-invited="X-HO"]').waitFor();
    await page.locator('[data-invited="X-CHUADAU"]').waitFor();
    expect(await page.locator('[data-invited]').count()).toBe(3);

    // check-in links, copied as full addresses, and a QR code for the meeting room
    await page.locator('[data-action="issue-all"]').click();
    const linkRow = page.locator('[data-link="X-HO"]');
    expect(await linkRow.locator('input').inputValue()).toMatch(new RegExp(`^${t.url}/checkin#token=`));
    await page.screenshot({ path: join(SHOTS, 'conference-organizer.png'), fullPage: true });
    await linkRow.getByRole('button', { name: 'Mã QR' }).click();
    const qr = page.getByRole('dialog').locator('img');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();

    // the calendar file downloads with the bearer token
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Tải lịch/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    await page.goto(`${t.url}/conferences/${s.conferenceId}`);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Báo cáo tham dự/ }).click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = await import('node:fs').then((fs) => csv.path().then((p) => fs.readFileSync(p, 'utf8')));
    expect(text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('code,name,level,state,attendance,firstCheckinAt,connectedSeconds,drops');
    expect(text).toContain('UBND huyện Thuận Thành');
    await page.context().close();
  });

  it("a stale conference form keeps another organizer's changes: only the fields typed are saved, a field both changed is named", async () => {
    const conf = await makeConference(t, { title: 'Hội thảo công bố chỉ số PCI' });
    const auth = `Bearer ${s.organizer.token}`;
    const read = async () => (await t.http().get(`/api/conferences/${conf.id}?points=none`).set('Authorization', auth)).body;
    const page = await organizerPage();
    await page.goto(`${t.url}/conferences/${conf.id}`);
    await page.locator(`[data-conference-version="${conf.version}"]`).waitFor();

    // another organizer moves it by two hours while this form is open
    const moved = DateTime.fromISO(conf.startsAt, { zone: 'Asia/Ho_Chi_Minh' }).plus({ hours: 2 });
    await t
      .http()
      .patch(`/api/conferences/${conf.id}`)
      .set('Authorization', auth)
      .send({ version: conf.version, startsAt: moved.toISO(), endsAt: moved.plus({ hours: 3 }).toISO() })
      .expect(200);
    await page.fill('textarea[name=description]', 'Mời đại diện các sở, ngành dự');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    const stale = page.getByRole('alert').filter({ hasText: 'Hội nghị vừa được người khác cập nhật' });
    await stale.getByRole('button', { name: 'Tải lại' }).click();
    // the untouched start follows the other organizer; the typed description stays
    await page.waitForFunction((v) => (document.querySelector('input[name=startsAtTime]') as HTMLInputElement).value === v, moved.toFormat('HH:mm'));
    expect(await page.inputValue('textarea[name=description]')).toBe('Mời đại diện các sở, ngành dự');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
    let now = await read();
    expect(now.description).toBe('Mời đại diện các sở, ngành dự');
    expect(DateTime.fromISO(now.startsAt).toMillis()).toBe(moved.toMillis()); // not moved back

    // both rename it: the reload names the other title and keeps the typed one, which the next save writes
    await t
      .http()
      .patch(`/api/conferences/${conf.id}`)
      .set('Authorization', auth)
      .send({ version: now.version, title: 'Hội nghị công bố chỉ số PCI' })
      .expect(200);
    await page.fill('input[name=title]', 'Hội nghị công bố PCI, PAPI năm 2026');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await stale.getByRole('button', { name: 'Tải lại' }).click();
    await page.getByRole('alert').filter({ hasText: 'Người khác cũng vừa sửa ô bạn đang sửa: Tên hội nghị: “Hội nghị công bố chỉ số PCI”' }).waitFor();
    expect(await page.inputValue('input[name=title]')).toBe('Hội nghị công bố PCI, PAPI năm 2026');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
    now = await read();
    expect(now).toMatchObject({ title: 'Hội nghị công bố PCI, PAPI năm 2026', description: 'Mời đại diện các sở, ngành dự' });

    // saving again with nothing changed says so instead of sending an empty change
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Không có thay đổi nào cần lưu.' }).waitFor();
    expect((await read()).version).toBe(now.version);
    await page.context().close();
  });

  it('the agenda editor: no notice for one\'s own change; a reload while editing shows what changed; "take theirs" keeps the fields they did not change; an item deleted meanwhile can be added back', async () => {
    const conf = await makeConference(t, { title: 'Hội nghị xúc tiến đầu tư' });
    const auth = `Bearer ${s.organizer.token}`;
    const agendaPath = `/api/conferences/${conf.id}/agenda`;
    let version = (await t.http().get(agendaPath).set('Authorization', auth)).body.version as number;
    const ids: string[] = [];
    for (const title of ['Khai mạc', 'Giới thiệu tiềm năng đầu tư', 'Trao chứng nhận đầu tư']) {
      const res = await t
        .http()
        .post(`${agendaPath}/items`)
        .set('Authorization', auth)
        .send({ version, title, kind: 'report', durationMinutes: 20 })
        .expect(201);
      version = res.body.version;
      ids.push(res.body.items.at(-1).id);
    }
    const editor = await organizerPage();
    await editor.goto(`${t.url}/conferences/${conf.id}/agenda`);
    await editor.locator(`[data-agenda-version="${version}"]`).waitFor();
    const notice = editor.locator('[data-notice="agenda-changed-live"]');

    // its own change (the push reaches the page before the answer) raises no "someone else changed" notice
    await editor.locator(`[data-move-down="${ids[0]}"]`).click();
    await editor.locator(`[data-agenda-version="${version + 1}"]`).waitFor();
    await editor.waitForTimeout(700); // the push, if misread, would show by now
    expect(await notice.count()).toBe(0);
    version += 1;

    // someone else changes the item being edited; "Tải lại" in the notice shows what they changed, keeping the typing
    const row = editor.locator(`[data-item-id="${ids[1]}"]`);
    await row.locator('[data-action="edit-item"]').click();
    await row.locator('input[name=title]').fill('Giới thiệu tiềm năng, cơ hội đầu tư');
    await t.http().patch(`${agendaPath}/items/${ids[1]}`).set('Authorization', auth).send({ version, durationMinutes: 30 }).expect(200);
    await notice.waitFor();
    await editor.locator('[data-action="reload-agenda"]').click();
    const changed = row.locator('[data-conflict="changed"]');
    await changed.waitFor();
    expect(await changed.locator('[data-changed-field="durationMinutes"]').textContent()).toBe('Thời lượng (phút): 20 → 30');
    expect(await row.locator('input[name=title]').inputValue()).toBe('Giới thiệu tiềm năng, cơ hội đầu tư');
    await changed.locator('[data-action="keep-mine"]').click();
    await editor.locator(`[data-item-id="${ids[1]}"] .ag-title`, { hasText: 'Giới thiệu tiềm năng, cơ hội đầu tư' }).waitFor();
    const kept = (await t.http().get(agendaPath).set('Authorization', auth)).body;
    expect(kept.items.find((i: { id: string }) => i.id === ids[1])).toMatchObject({ title: 'Giới thiệu tiềm năng, cơ hội đầu tư', durationMinutes: 30 });

    // "Lấy của họ": their values in the fields the box lists, this person's note (a field they did not change) kept
    const first = editor.locator(`[data-item-id="${ids[0]}"]`);
    await first.locator('[data-action="edit-item"]').click();
    await first.locator('input[name=durationMinutes]').fill('50');
    const note = 'Chuẩn bị phim giới thiệu 3 phút';
    await first.locator('input[name=notes]').fill(note);
    const theirs = { durationMinutes: 45, presenter: 'Đồng chí Chủ tịch UBND tỉnh' };
    await t
      .http()
      .patch(`${agendaPath}/items/${ids[0]}`)
      .set('Authorization', auth)
      .send({ version: kept.version, ...theirs })
      .expect(200);
    await first.locator('[data-action="save-item"]').click();
    const clash = first.locator('[data-conflict="changed"]');
    await clash.waitFor();
    const listed = await clash.locator('[data-changed-field]').evaluateAll((els) => els.map((e) => e.getAttribute('data-changed-field')));
    expect(listed).toEqual(['durationMinutes', 'presenter']);
    await clash.locator('[data-action="take-theirs"]').click();
    await clash.waitFor({ state: 'detached' });
    expect(await first.locator('input[name=durationMinutes]').inputValue()).toBe('45');
    expect(await first.locator('input[name=presenter]').inputValue()).toBe(theirs.presenter);
    expect(await first.locator('input[name=notes]').inputValue()).toBe(note);
    // the next save goes against their version: their values stay, the note is added
    await first.locator('[data-action="save-item"]').click();
    await first.locator('[data-action="save-item"]').waitFor({ state: 'detached' });
    const taken = (await t.http().get(agendaPath).set('Authorization', auth)).body;
    expect(taken.items.find((i: { id: string }) => i.id === ids[0])).toMatchObject({ ...theirs, notes: note });

    // the item being edited is deleted meanwhile: the save says so, keeps the typing and adds it back as a new item
    const last = editor.locator(`[data-item-id="${ids[2]}"]`);
    await last.locator('[data-action="edit-item"]').click();
    await last.locator('input[name=title]').fill('Trao giấy chứng nhận đăng ký đầu tư');
    await t.http().delete(`${agendaPath}/items/${ids[2]}`).set('Authorization', auth).set('If-Match', String(taken.version)).expect(200);
    await editor.locator('[data-action="save-item"]').click();
    const gone = editor.locator('[data-item-gone] [data-conflict="deleted"]');
    await gone.waitFor();
    expect(await editor.locator('[data-item-gone] input[name=title]').inputValue()).toBe('Trao giấy chứng nhận đăng ký đầu tư');
    await gone.getByRole('button', { name: 'Thêm lại thành mục mới' }).click();
    await editor.locator('.ag-title', { hasText: 'Trao giấy chứng nhận đăng ký đầu tư' }).waitFor();
    expect(await editor.locator('[data-item-gone]').count()).toBe(0);
    await editor.context().close();
  });

  it('"Mời cả nhánh" stays off until a level the branch has is ticked (a commune with enterprises under it)', async () => {
    const commune = await makePoint(t, { name: 'UBND xã Đông Thọ', level: 'commune', parentId: s.points.find((p) => p.code === 'H-THUANTHANH')!.id });
    const firm = await makePoint(t, { name: 'Công ty CP May Đông Thọ', level: 'enterprise', parentId: commune.id });
    const conf = await makeConference(t, { title: 'Đối thoại với doanh nghiệp xã Đông Thọ' });
    const page = await organizerPage();
    await page.goto(`${t.url}/conferences/${conf.id}`);
    await page.selectOption('select[name=subtreeOf]', commune.id);
    const inviteBranch = page.getByRole('button', { name: 'Mời cả nhánh', exact: true });
    // the default levels (district, commune) are not under a commune: nothing to invite yet
    expect(await inviteBranch.isDisabled()).toBe(true);
    await page.locator('input[name=levels][value=enterprise]').check();
    await inviteBranch.click();
    await page.locator(`[data-invited="${firm.code}"]`).waitFor();
    await page.context().close();
  });

  it("words the forms' own checks in the page's language, and refuses a title of spaces before sending it", async () => {
    const conf = await makeConference(t, { title: 'Hội nghị giao ban trực tuyến' });
    const page = await organizerPage();
    await page.goto(`${t.url}/conferences/${conf.id}/agenda`);
    const form = page.locator('[data-form="add-item"]');
    const message = (name: string) => form.locator(`[name=${name}]`).evaluate((el) => (el as HTMLInputElement).validationMessage);
    await form.locator('input[name=title]').fill('   ');
    await form.locator('input[name=durationMinutes]').fill('700');
    await form.locator('button[type=submit]').click();
    expect(await message('title')).toBe('Ô này không được chỉ có dấu cách.');
    await form.locator('input[name=title]').fill('Khai mạc');
    await form.locator('button[type=submit]').click();
    // Chromium's own words here would be English ("Value must be less than or equal to 600.")
    expect(await message('durationMinutes')).toBe('Giá trị tối đa là 600.');
    await form.locator('input[name=durationMinutes]').fill('');
    expect(await message('durationMinutes')).toBe('Vui lòng điền ô này.');
    await form.locator('input[name=durationMinutes]').fill('30');
    await form.locator('button[type=submit]').click();
    await page.locator('.ag-title', { hasText: 'Khai mạc' }).waitFor();
    const items = (await t.http().get(`/api/conferences/${conf.id}/agenda`).set('Authorization', `Bearer ${s.organizer.token}`)).body.items;
    expect(items).toMatchObject([{ title: 'Khai mạc', durationMinutes: 30 }]); // nothing sent before
    await page.context().close();
  });

  it('shows a banner when the board loses its server connection and resyncs without stale tiles', async () => {
    await operatorCtx.setOffline(true);
    await board.locator('[data-banner="connection-lost"]').waitFor({ timeout: 10_000 });
    // a point checks in while the board is away
    await simulatedPoint('X-CHUADAU');
    await operatorCtx.setOffline(false);
    await board.locator('[data-banner="connection-lost"]').waitFor({ state: 'detached', timeout: 15_000 });
    await waitTileState(board, 'X-CHUADAU', 'online', 3000);
  });
});
