/// <reference lib="dom" />
/**
 * The points directory (`/points`) and the accounts page (`/users`) in Chromium, against the real app on a fresh
 * database: what an admin, an operator and an organizer see and can do there. The tests run in order on one database
 * (the district added first is edited, searched and invited later).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { makeConference } from '../helpers/conferences.factory';
import { makePoint } from '../helpers/points.factory';
import { ADMIN, createTestApp, login, userWithRole, type TestApp } from '../helpers/test-app';
import { ensureWebBuilt, hasChromium, launchChromium, signedInContext } from './browser';

if (!hasChromium) {
  console.warn('test/browser/admin-pages.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium), so the page tests cannot run.');
}
const suite = hasChromium ? describe : describe.skip;

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? resolve(process.cwd(), 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'diemcau-shots-'));
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

const HEADER = 'code,name,level,parentCode,address,contactName,contactPhone,capacity';

suite('points and accounts pages in Chromium', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  let province: { id: string; code: string; name: string };

  const bare = (bearer: string) => bearer.replace(/^Bearer /, '');
  async function pageAs(bearer: string, role: string, username = role): Promise<Page> {
    const ctx = await signedInContext(browser, bare(bearer), { id: 'x', username, role }, { viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    return ctx.newPage();
  }
  async function pointByCode(code: string): Promise<{ id: string; contactPhone: string | null; active: boolean } | undefined> {
    const res = await t
      .http()
      .get(`/api/points?q=${encodeURIComponent(code)}&active=all`)
      .set('Authorization', admin);
    return (res.body.items as Array<{ id: string; code: string; contactPhone: string | null; active: boolean }>).find((p) => p.code === code);
  }
  /** Opens /points and the details of one point, found with the search box. */
  async function openPoint(page: Page, code: string): Promise<void> {
    await page.goto(`${t.url}/points`);
    await page.fill('input[name=q]', code);
    await page.locator(`[data-search-results] [data-point-row="${code}"] button`).first().click();
    await page.locator(`[data-point-details="${code}"]`).waitFor();
  }
  async function addPoint(page: Page, p: { code: string; name: string; level: string; parentSearch: string; parentCode: string }): Promise<void> {
    await page.click('[data-action=add-point]');
    const form = page.locator('[data-point-form=add]');
    await form.locator('input[name=code]').fill(p.code);
    await form.locator('select[name=level]').selectOption(p.level);
    await form.locator('input[name=name]').fill(p.name);
    await form.locator('input[name=parent]').fill(p.parentSearch);
    await form.locator(`[data-suggest="${p.parentCode}"]`).click();
    await form.locator(`[data-picked="${p.parentCode}"]`).waitFor();
    await form.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByText(`Đã thêm điểm cầu ${p.name}.`).waitFor();
  }

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [t, browser] = await Promise.all([createTestApp(), launchChromium()]);
    admin = await login(t);
    province = await makePoint(t, {
      code: 'T-BACNINH',
      name: 'UBND tỉnh Bắc Ninh',
      level: 'province',
      contactName: 'Nguyễn Văn An',
      contactPhone: '0222 3822 456',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an admin adds a district under the province and a commune under it, and sees them in the tree', async () => {
    const page = await pageAs(admin, 'admin');
    await page.goto(`${t.url}/`);
    await page.getByRole('link', { name: 'Điểm cầu', exact: true }).click();
    await page.getByRole('heading', { name: 'Điểm cầu', exact: true }).waitFor();
    await addPoint(page, { code: 'H-THUANTHANH', name: 'UBND huyện Thuận Thành', level: 'district', parentSearch: 'bac ninh', parentCode: province.code });
    await addPoint(page, { code: 'X-SONGHO', name: 'UBND xã Song Hồ', level: 'commune', parentSearch: 'thuan thanh', parentCode: 'H-THUANTHANH' });
    // the tree: the province is open, the district is closed until opened, the commune sits under the district
    const district = page.locator('li[role=treeitem]', { has: page.locator('[data-point-row="H-THUANTHANH"]') }).first();
    await district.waitFor();
    await page.click('[data-toggle="H-THUANTHANH"]');
    await district.locator('[data-point-row="X-SONGHO"]').waitFor();
    await expect(district.innerText()).resolves.toContain('UBND xã Song Hồ');
    await shot(page, 'points-tree-1366');
    // the form offers only valid parents: a district cannot hang under a commune, so the commune is not suggested
    await page.click('[data-action=add-point]');
    const form = page.locator('[data-point-form=add]');
    await form.locator('select[name=level]').selectOption('district');
    await form.locator('input[name=parent]').fill('X-SONGHO');
    await page.waitForTimeout(800);
    await expect(form.locator('[data-suggest="X-SONGHO"]').count()).resolves.toBe(0);
    await form.locator('input[name=parent]').fill('bac ninh');
    await form.locator(`[data-suggest="${province.code}"]`).waitFor();
    await page.context().close();
  });

  it('search "thuan thanh" finds the accented name, with its level, parent and contact', async () => {
    const page = await pageAs(admin, 'admin');
    await page.goto(`${t.url}/points`);
    await page.fill('input[name=q]', 'thuan thanh');
    const row = page.locator('[data-search-results] [data-point-row="H-THUANTHANH"]');
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('UBND huyện Thuận Thành');
    expect(text).toContain('Cấp huyện');
    expect(text).toContain('Điểm cầu cấp trên: UBND tỉnh Bắc Ninh');
    await expect(page.locator('[data-search-results]').innerText()).resolves.toContain('Tìm thấy 1 điểm cầu');
    // the province's contact in the directory is a tel: link
    await page.fill('input[name=q]', 'bắc ninh');
    await expect(page.locator(`[data-point-row="${province.code}"] a.tel`).getAttribute('href')).resolves.toBe('tel:02223822456');
    await page.context().close();
  });

  it('editing a contact phone shows on the point; a stale edit from another tab is reported, not written over', async () => {
    const a = await pageAs(admin, 'admin');
    await openPoint(a, 'H-THUANTHANH');
    await a.getByRole('button', { name: 'Sửa', exact: true }).click();
    await a.locator('[data-point-form=edit] input[name=contactPhone]').fill('0222 3865 123');
    await a.getByRole('button', { name: 'Lưu', exact: true }).click();
    await a.getByText('Đã lưu thay đổi.').waitFor();
    const phone = a.locator('[data-point-details="H-THUANTHANH"] [data-field=contactPhone] a');
    await expect(phone.innerText()).resolves.toContain('0222 3865 123');
    await expect(phone.getAttribute('href')).resolves.toBe('tel:02223865123');
    expect((await pointByCode('H-THUANTHANH'))?.contactPhone).toBe('0222 3865 123');

    // tab A opens the form; tab B saves another phone; A saves its own over the old value
    await a.getByRole('button', { name: 'Sửa', exact: true }).click();
    const b = await pageAs(admin, 'admin');
    await openPoint(b, 'H-THUANTHANH');
    await b.getByRole('button', { name: 'Sửa', exact: true }).click();
    await b.locator('[data-point-form=edit] input[name=contactPhone]').fill('0912 000 111');
    await b.getByRole('button', { name: 'Lưu', exact: true }).click();
    await b.getByText('Đã lưu thay đổi.').waitFor();
    await a.locator('[data-point-form=edit] input[name=contactPhone]').fill('0987 654 321');
    await a.getByRole('button', { name: 'Lưu', exact: true }).click();
    const warning = a.locator('[data-point-form=edit] .msg.warning');
    await warning.waitFor();
    await expect(warning.innerText()).resolves.toContain('Số điện thoại liên hệ: “0912 000 111”');
    // nothing written: the other tab's value stands, and A's form keeps what A typed
    expect((await pointByCode('H-THUANTHANH'))?.contactPhone).toBe('0912 000 111');
    await expect(a.locator('[data-point-form=edit] input[name=contactPhone]').inputValue()).resolves.toBe('0987 654 321');
    // the list under the form now shows the other tab's phone
    await a.locator('[data-search-results] [data-point-row="H-THUANTHANH"] a.tel', { hasText: '0912 000 111' }).waitFor();
    await shot(a, 'points-stale-edit-1366');
    // a second Lưu is A's deliberate choice
    await a.getByRole('button', { name: 'Lưu', exact: true }).click();
    await a.getByText('Đã lưu thay đổi.').waitFor();
    expect((await pointByCode('H-THUANTHANH'))?.contactPhone).toBe('0987 654 321');
    await a.context().close();
    await b.context().close();
  });

  it('deactivating a point invited to an upcoming conference shows the 409 in words and changes nothing', async () => {
    const commune = await pointByCode('X-SONGHO');
    const conf = await makeConference(t, { title: 'Hội nghị triển khai chuyển đổi số', invite: [commune!.id], status: 'scheduled' });
    const page = await pageAs(admin, 'admin');
    await openPoint(page, 'X-SONGHO');
    await page.getByRole('button', { name: 'Ngừng hoạt động…' }).click();
    await page.getByText('Ngừng hoạt động điểm cầu UBND xã Song Hồ?').waitFor();
    await page.getByRole('button', { name: 'Ngừng hoạt động', exact: true }).click();
    const error = page.locator('[data-point-details="X-SONGHO"] .msg.error');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('điểm cầu đang được mời tham dự hội nghị chưa kết thúc');
    expect(text).toContain('Chưa có thay đổi nào');
    expect(text).toContain(`Hội nghị "${conf.title}"`);
    expect(text).toContain('Đã lên lịch');
    await shot(page, 'points-deactivate-refused-1366');
    expect((await pointByCode('X-SONGHO'))?.active).toBe(true);
    await expect(page.locator('[data-point-details="X-SONGHO"] [data-field=active]').innerText()).resolves.toBe('Đang hoạt động');

    // a point invited nowhere is deactivated: it leaves the tree unless deactivated points are shown
    await makePoint(t, { code: 'X-TRILUC', name: 'UBND xã Trí Quả', level: 'commune', parentId: (await pointByCode('H-THUANTHANH'))!.id });
    await openPoint(page, 'X-TRILUC');
    await page.getByRole('button', { name: 'Ngừng hoạt động…' }).click();
    await page.getByRole('button', { name: 'Ngừng hoạt động', exact: true }).click();
    await page.getByText('Đã ngừng hoạt động điểm cầu UBND xã Trí Quả.').waitFor();
    expect((await pointByCode('X-TRILUC'))?.active).toBe(false);
    await page.fill('input[name=q]', '');
    await page.click('[data-toggle="H-THUANTHANH"]');
    await page.locator('[data-point-row="X-SONGHO"]').waitFor();
    await expect(page.locator('[data-point-row="X-TRILUC"]').count()).resolves.toBe(0);
    await page.check('input[name=inactive]');
    await expect(page.locator('[data-point-row="X-TRILUC"]').innerText()).resolves.toContain('Đã ngừng hoạt động');
    await page.context().close();
  });

  it('a CSV with an error shows its line and creates nothing; a valid one creates the rows', async () => {
    const page = await pageAs(admin, 'admin');
    await page.goto(`${t.url}/points`);
    await page.click('[data-action=import-points]');
    const box = page.locator('[data-point-import]');
    const template = await box.locator('[data-template]').getAttribute('href');
    expect(decodeURIComponent(template!.split(',').slice(1).join(','))).toBe(`\uFEFF${HEADER}\r\n`);

    const bad = [HEADER, 'H-GIABINH,UBND huyện Gia Bình,district,T-BACNINH,,,,', 'X-NHANTHANG,UBND xã Nhân Thắng,thon,H-GIABINH,,,,'].join('\n');
    await box.locator('input[name=csv]').setInputFiles({ name: 'diem-cau.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await box.getByRole('button', { name: 'Nhập tệp' }).click();
    await box.locator('[data-import=refused]').waitFor();
    await expect(box.locator('[data-import=refused]').innerText()).resolves.toContain('Tệp có 1 dòng lỗi. Không có thay đổi nào được ghi');
    await expect(box.locator('tr[data-line="3"]').innerText()).resolves.toContain('level');
    expect(await pointByCode('H-GIABINH')).toBeUndefined();
    await shot(page, 'points-import-refused-1366');

    const good = [
      HEADER,
      'H-GIABINH,UBND huyện Gia Bình,district,T-BACNINH,,Trần Thị Bình,0222 3670 111,30',
      'X-NHANTHANG,UBND xã Nhân Thắng,commune,H-GIABINH,,,,',
    ].join('\n');
    await box.locator('input[name=csv]').setInputFiles({ name: 'diem-cau.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await box.getByRole('button', { name: 'Nhập tệp' }).click();
    await expect(box.locator('[data-import=done]').innerText()).resolves.toBe('Đã nhập xong: thêm mới 2 điểm cầu, cập nhật 0 điểm cầu.');
    expect(await pointByCode('X-NHANTHANG')).toBeDefined();
    // the directory shows them at once
    await page.locator('[data-point-row="H-GIABINH"]').waitFor();
    await page.context().close();
  });

  it('an operator sees the directory and the phone book, without add, edit, import or accounts', async () => {
    const operator = await userWithRole(t, 'operator');
    const page = await pageAs(operator, 'operator');
    await page.goto(`${t.url}/`);
    await page.getByRole('link', { name: 'Điểm cầu', exact: true }).click();
    await page.locator(`[data-point-row="${province.code}"]`).waitFor();
    await expect(page.getByRole('link', { name: 'Tài khoản' }).count()).resolves.toBe(0);
    await expect(page.locator('[data-action=add-point], [data-action=import-points]').count()).resolves.toBe(0);
    await page.locator(`[data-point-row="${province.code}"] button`).first().click();
    const details = page.locator(`[data-point-details="${province.code}"]`);
    await expect(details.locator('[data-field=contactName]').innerText()).resolves.toBe('Nguyễn Văn An');
    await expect(details.locator('[data-field=contactPhone] a').getAttribute('href')).resolves.toBe('tel:02223822456');
    await expect(details.getByRole('button', { name: /Sửa|Ngừng hoạt động/ }).count()).resolves.toBe(0);
    // the header's switch turns the page into English
    await page.click('button.lang');
    await page.getByRole('heading', { name: 'Bridge points', exact: true }).waitFor();
    await expect(details.innerText()).resolves.toContain('Contact phone');
    await page.click('button.lang');
    await page.getByRole('heading', { name: 'Điểm cầu', exact: true }).waitFor();
    // and /users is not for operators
    await page.goto(`${t.url}/users`);
    await page.locator('[data-page-state=forbidden]').waitFor();
    await expect(page.locator('[data-new-user]').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('/users creates an operator account that can then sign in; a point account requires a point', async () => {
    const page = await pageAs(admin, 'admin');
    await page.goto(`${t.url}/`);
    await page.getByRole('link', { name: 'Tài khoản', exact: true }).click();
    const form = page.locator('[data-new-user]');
    await form.waitFor();
    // the contract's rules are checked before sending
    await form.locator('input[name=new-username]').fill('dieuhanh.thuanthanh');
    await form.locator('input[name=new-password]').fill('ngan');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect(form.locator('input[name=new-password]').evaluate((el: HTMLInputElement) => el.validationMessage)).resolves.toBe('Tối thiểu 10 ký tự.');
    await form.locator('input[name=new-password]').fill('MatKhau@2026');
    await form.locator('select[name=role]').selectOption('operator');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByText('Đã tạo tài khoản dieuhanh.thuanthanh.').waitFor();
    await expect(page.locator('tr[data-user="dieuhanh.thuanthanh"]').innerText()).resolves.toContain('Cán bộ điều hành');

    // the new account signs in on the sign-in page
    const ctx = await browser.newContext({ locale: 'vi-VN' });
    const fresh = await ctx.newPage();
    await fresh.goto(`${t.url}/`);
    await fresh.fill('input[name=username]', 'dieuhanh.thuanthanh');
    await fresh.fill('input[name=password]', 'MatKhau@2026');
    await fresh.press('input[name=password]', 'Enter');
    await fresh.getByText('dieuhanh.thuanthanh (Cán bộ điều hành)').waitFor();
    await ctx.close();

    // a point account without its point is refused by the form itself, and nothing is created
    await form.locator('input[name=new-username]').fill('diemcau.songho');
    await form.locator('input[name=new-password]').fill('MatKhau@2026');
    await form.locator('select[name=role]').selectOption('point');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const pick = form.locator('input[name=user-point]');
    await expect(pick.evaluate((el: HTMLInputElement) => el.validationMessage)).resolves.toBe('Vui lòng điền ô này.');
    await pick.fill('song ho');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect(pick.evaluate((el: HTMLInputElement) => el.validationMessage)).resolves.toContain('Tài khoản điểm cầu phải gắn với một điểm cầu');
    const users = await t.http().get('/api/users').set('Authorization', admin);
    expect((users.body.items as Array<{ username: string }>).some((u) => u.username === 'diemcau.songho')).toBe(false);
    // with the point chosen it is created and listed with the point's name
    await form.locator('[data-suggest="X-SONGHO"]').click();
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByText('Đã tạo tài khoản diemcau.songho.').waitFor();
    const row = page.locator('tr[data-user="diemcau.songho"]');
    await expect(row.innerText()).resolves.toContain('UBND xã Song Hồ (X-SONGHO)');
    await expect(row.innerText()).resolves.toContain('Điểm cầu');
    await expect(row.locator('[data-last-sign-in]').innerText()).resolves.toBe('Chưa đăng nhập');

    // a department account is listed with its department's name
    const dept = await t.http().post('/api/departments').set('Authorization', admin).send({ code: 'SXD', name: 'Sở Xây dựng' }).expect(201);
    await form.locator('input[name=new-username]').fill('soxaydung');
    await form.locator('input[name=new-password]').fill('MatKhau@2026');
    await form.locator('select[name=role]').selectOption('department');
    await form.locator('select[name=department]').selectOption(dept.body.id as string);
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await page.getByText('Đã tạo tài khoản soxaydung.').waitFor();
    await page.locator('tr[data-user="soxaydung"] [data-assigned]', { hasText: 'Sở Xây dựng' }).waitFor();
    await shot(page, 'users-1366');
    await page.context().close();
  });

  it('/users locks and unlocks an account, resets its password; the user changes their own password from the header', async () => {
    const username = 'dieuhanh.thuanthanh'; // created by the test above, password MatKhau@2026
    const apiSignIn = (password: string) => t.http().post('/api/auth/login').send({ username, password });
    const before = `Bearer ${(await apiSignIn('MatKhau@2026').expect(200)).body.accessToken}`;
    const page = await pageAs(admin, 'admin');
    await page.goto(`${t.url}/users`);
    const row = page.locator(`tr[data-user="${username}"]`);
    await expect(row.locator('[data-state]').innerText()).resolves.toBe('Đang hoạt động');

    // lock: asked first, then the account is signed out and its sign-in refused in words
    await row.locator('[data-action=lock]').click();
    const panel = page.locator(`[data-panel-of="${username}"]`);
    await panel.getByText(`Khóa tài khoản ${username}? Người dùng bị đăng xuất ngay trên mọi thiết bị`).waitFor();
    await panel.getByRole('button', { name: 'Khóa', exact: true }).click();
    await page.getByText(`Đã khóa tài khoản ${username}. Người dùng đã bị đăng xuất trên mọi thiết bị.`).waitFor();
    await page.locator(`tr[data-user="${username}"][data-active=false]`).waitFor();
    await expect(row.locator('[data-state]').innerText()).resolves.toBe('Đã khóa');
    // the last sign-in (made through the API above) in Vietnam's time, and the history: the lock by this admin, newest first
    const lastSignInAt = (await t.http().get(`/api/users?limit=1000`).set('Authorization', admin)).body.items.find(
      (u: { username: string }) => u.username === username,
    ).lastSignInAt as string;
    const shown = DateTime.fromISO(lastSignInAt).setZone('Asia/Ho_Chi_Minh').toFormat('HH:mm dd/MM/yyyy');
    await expect(row.locator('[data-last-sign-in]').innerText()).resolves.toBe(shown);
    await row.locator('[data-action=history]').click();
    const history = page.locator(`[data-history-of="${username}"]`);
    await history.getByRole('heading', { name: `Lịch sử tài khoản ${username}` }).waitFor();
    const latest = history.locator('tbody tr').first();
    await expect(latest.getAttribute('data-history-action')).resolves.toBe('lock');
    await expect(latest.innerText()).resolves.toContain('Khóa tài khoản');
    await expect(latest.locator('[data-history-by]').innerText()).resolves.toBe(ADMIN.username);
    await expect(history.locator('tbody tr').last().innerText()).resolves.toContain('Tạo tài khoản');
    await shot(page, 'users-history-1366');
    await history.getByRole('button', { name: 'Đóng', exact: true }).click();
    await expect(history.count()).resolves.toBe(0);
    await t.http().get('/api/auth/me').set('Authorization', before).expect(401);
    const ctx = await browser.newContext({ locale: 'vi-VN' });
    const user = await ctx.newPage();
    await user.goto(`${t.url}/`);
    await user.fill('input[name=username]', username);
    await user.fill('input[name=password]', 'MatKhau@2026');
    await user.press('input[name=password]', 'Enter');
    await user.getByText('Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên để được mở khóa').waitFor();

    // unlock: the same password signs in again
    await row.locator('[data-action=unlock]').click();
    await page.getByText(`Đã mở khóa tài khoản ${username}.`).waitFor();
    // The row shows the answer of the change at once, not after the list is read again.
    await expect(row.locator('[data-state]').innerText()).resolves.toBe('Đang hoạt động');
    await apiSignIn('MatKhau@2026').expect(200);

    // reset: the dialog keeps the create rule; the old password stops working, the new one works
    await row.locator('[data-action=password]').click();
    const reset = page.locator(`[data-reset-form="${username}"]`);
    await reset.locator('input[name=reset-password]').fill('ngan');
    await reset.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await expect(reset.locator('input[name=reset-password]').evaluate((el: HTMLInputElement) => el.validationMessage)).resolves.toBe('Tối thiểu 10 ký tự.');
    await reset.locator('input[name=reset-password]').fill('MatKhauMoi@2026');
    await reset.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await page.getByText(`Đã đặt lại mật khẩu của ${username}.`, { exact: false }).waitFor();
    await apiSignIn('MatKhau@2026').expect(401);
    // change of role: the point account becomes an organizer, and its point goes with the old role
    const songho = page.locator('tr[data-user="diemcau.songho"]');
    await songho.locator('[data-action=role]').click();
    const roleForm = page.locator('[data-role-form="diemcau.songho"]');
    await expect(roleForm.locator('[data-picked="X-SONGHO"]').count()).resolves.toBe(1);
    await roleForm.locator('select[name=role]').selectOption('organizer');
    await roleForm.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Đã lưu vai trò của diemcau.songho. Người dùng đã bị đăng xuất trên mọi thiết bị.').waitFor();
    await expect(songho.innerText()).resolves.toContain('Ban tổ chức');
    await expect(songho.innerText()).resolves.not.toContain('X-SONGHO');
    await shot(page, 'users-actions-1366');
    await page.context().close();

    // the user signs in with the new password and changes it from the header's "Đổi mật khẩu"
    await user.fill('input[name=password]', 'MatKhauMoi@2026');
    await user.press('input[name=password]', 'Enter');
    await user.getByText(`${username} (Cán bộ điều hành)`).waitFor();
    const elsewhere = `Bearer ${(await apiSignIn('MatKhauMoi@2026').expect(200)).body.accessToken}`;
    await user.getByRole('link', { name: 'Đổi mật khẩu', exact: true }).click();
    const form = user.locator('[data-password-page]');
    await form.locator('input[name=current-password]').fill('khong-dung-mat-khau');
    await form.locator('input[name=new-password]').fill('MatKhauRieng@2026');
    await form.locator('input[name=repeat-password]').fill('MatKhauRieng@2026');
    await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await form.getByText('Mật khẩu hiện tại không đúng').waitFor();
    await t.http().get('/api/auth/me').set('Authorization', elsewhere).expect(200); // refused: nothing changed
    await form.locator('input[name=current-password]').fill('MatKhauMoi@2026');
    await form.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await form.getByText('Đã đổi mật khẩu. Các thiết bị khác đã bị đăng xuất.').waitFor();
    await t.http().get('/api/auth/me').set('Authorization', elsewhere).expect(401);
    // this page stays signed in, also after a reload
    await user.goto(`${t.url}/`);
    await user.getByText(`${username} (Cán bộ điều hành)`).waitFor();
    await apiSignIn('MatKhauMoi@2026').expect(401);
    await apiSignIn('MatKhauRieng@2026').expect(200);
    await ctx.close();
  });

  it('an organizer sees the points directory but not /users', async () => {
    const organizer = await userWithRole(t, 'organizer');
    const page = await pageAs(organizer, 'organizer');
    await page.goto(`${t.url}/users`);
    await page.locator('[data-page-state=forbidden]').waitFor();
    await expect(page.getByText('Bạn không có quyền').first().isVisible()).resolves.toBe(true);
    await page.goto(`${t.url}/points`);
    await page.locator(`[data-point-row="${province.code}"]`).waitFor();
    await page.context().close();
  });

  it('stays usable with 10,000 points: the tree opens branch by branch and a search pages by 50', async () => {
    const rows = [HEADER, 'T-LON,UBND tỉnh Thử Nghiệm,province,,,,,'];
    for (let d = 0; d < 100; d++) rows.push(`H-LON${d},UBND huyện Thử ${d},district,T-LON,,,,`);
    for (let c = 0; c < 9_899; c++) rows.push(`X-LON${c},UBND xã Thử ${c},commune,H-LON${c % 100},,Cán bộ ${c},0222 ${String(c).padStart(6, '0')},`);
    const imported = await t.http().post('/api/points/import').set('Authorization', admin).set('Content-Type', 'text/csv').send(rows.join('\n'));
    expect(imported.status).toBe(200);
    const page = await pageAs(admin, 'admin');
    const started = Date.now();
    await page.goto(`${t.url}/points`);
    await page.locator('[data-point-row="T-LON"]').waitFor();
    const opened = Date.now() - started;
    // the province is open with its first 50 districts; no commune is on the page until a district is opened
    await expect(page.locator('[data-point-row^="H-LON"]').count()).resolves.toBe(50);
    await expect(page.locator('[data-point-row^="X-LON"]').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Xem thêm 50 điểm cầu trực thuộc' }).click();
    await expect(page.locator('[data-point-row^="H-LON"]').count()).resolves.toBe(100);
    await page.click('[data-toggle="H-LON7"]');
    await expect(page.locator('[data-point-row^="X-LON"]').count()).resolves.toBe(50);
    expect(await page.locator('[data-point-row]').count()).toBeLessThan(300);
    // a search lists 50 at a time
    await page.fill('input[name=q]', 'xa thu');
    const results = page.locator('[data-search-results]');
    await expect(results.getByRole('status').innerText()).resolves.toContain('Tìm thấy 9899 điểm cầu · 1–50 / 9899');
    await results.getByRole('button', { name: 'Trang sau ›' }).click();
    await expect(results.getByRole('status').innerText()).resolves.toContain('51–100 / 9899');
    await expect(results.locator('[data-point-row]').count()).resolves.toBe(50);
    expect(opened).toBeLessThan(10_000);
    // the parent picker finds the province among 10,000 names that match "thu" (100 districts come first by code)
    await page.click('[data-action=add-point]');
    const form = page.locator('[data-point-form=add]');
    await form.locator('select[name=level]').selectOption('district');
    await form.locator('input[name=parent]').fill('thu');
    await form.locator('[data-suggest="T-LON"]').waitFor();
    await expect(form.locator('[data-suggest^="H-LON"], [data-suggest^="X-LON"]').count()).resolves.toBe(0);
    await page.context().close();
  });
});
