/// <reference lib="dom" />
/**
 * The Zalo pages in Chromium (playwright-core, /usr/bin/chromium) against the real app and the local Zalo stub
 * (scripts/zalo-stub.cjs), at 1366×768: a worker's signed messages with a photo become a feedback with the Zalo badge
 * in the inbox (and its channel filter), the organizer opens it, sees the thread, the photo and the free-reply counter,
 * replies, the stub receives the reply in Zalo's form, the tick turns delivered then seen after the receipt webhooks,
 * a stub error leaves the message failed and "Gửi lại" sends it; a department user's page shows no Zalo id or name;
 * the admin's status page shows the figures (and "Chưa cấu hình Zalo" on a server without Zalo); a reply after
 * 48 hours (the app's Zalo clock moved ahead) is refused and explained. Screenshots go to docs/screenshots/ when
 * UPDATE_SCREENSHOTS=1, else to a temporary folder.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ZaloAttachments } from '../../src/zalo/zalo-attachments.service';
import { ZaloClock } from '../../src/zalo/zalo-clock';
import { ZaloInbox } from '../../src/zalo/zalo-inbox.service';
import { ZaloTokenEntity } from '../../src/zalo/entities/zalo.entities';
import { ZaloTokens } from '../../src/zalo/zalo-tokens.service';
import { waitFor } from '../helpers/live-client';
import { createTestApp, login, type TestApp } from '../helpers/test-app';
import { postEvent, startZaloStub, zaloEnv, zaloEvent, type ZaloStub } from '../helpers/zalo';
import { ensureWebBuilt, hasChromium, launchChromium } from './browser';

if (!hasChromium) {
  console.warn('test/browser/zalo.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium), so the page tests cannot run.');
}
const suite = hasChromium ? describe : describe.skip;

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? resolve(process.cwd(), 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'diemcau-shots-'));
const OFFICE = { viewport: { width: 1366, height: 768 }, locale: 'vi-VN' };
/** A 120×80 PNG: the worker's photo (the page shows the server's copy as a thumbnail). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAHgAAABQCAIAAABd+SbeAAAAjUlEQVR42u3QMQ0AMAgAMPRN43RwY2NC9uOCcDSpgsatz4BQIFo0okWLtiBaNKJFi7YgWjSiRYtGtGhEixaNaNGIFi0a0aIRLVo0okUjWrRoRItG9MLol4cBokWLRrRo0QpEi0a0aNEWRItGtGjRFkSLRrRo0YgWjWjRohEtGtGiRSNaNKJFi0a0aEQv1PtvGBMXvADyAAAAAElFTkSuQmCC',
  'base64',
);
const ZONE = 'Asia/Ho_Chi_Minh';
/** Issue 10: a receipt or a worker's message shows on the open page within a second (of the webhook's 200). */
const LIVE_MS = 1_000;

suite('Zalo pages in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let stub: ZaloStub;
  let browser: Browser;
  let admin: string;
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];
  const organizer = { username: 'tocongtac', password: 'to-cong-tac-2021' };
  const deptUser = { username: 'bqlkcn', password: 'ban-quan-ly-2021' };
  const worker = { id: '8426150000000000001', name: 'Nguyễn Văn Công' };
  let feedback = { id: '', code: '' };
  let deptId = '';

  const api = () => t.http();
  async function page(): Promise<Page> {
    const ctx = await browser.newContext(OFFICE);
    contexts.push(ctx);
    const p = await ctx.newPage();
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept().catch(() => undefined);
    });
    return p;
  }
  async function signIn(p: Page, username: string, password: string) {
    await p.goto(`${t.url}/`);
    await p.fill('input[name=username]', username);
    await p.fill('input[name=password]', password);
    await p.press('input[name=password]', 'Enter');
    await p.locator('.who').waitFor();
  }
  /** Every stored event turned into thread messages, and the photo downloaded. */
  async function settle() {
    const inbox = t.app.get(ZaloInbox);
    await inbox.idle();
    await waitFor(async () => (await inbox.pending()) === 0);
    await inbox.idle();
    await t.app.get(ZaloAttachments).idle();
  }
  const li = (p: Page, text: string) => p.locator('.pt-thread li', { hasText: text });

  beforeAll(async () => {
    ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    stub = await startZaloStub();
    [t, browser] = await Promise.all([createTestApp(zaloEnv(stub)), launchChromium()]);
    admin = await login(t);
    const d = await api().post('/api/departments').set('Authorization', admin).send({ code: 'BQLKCN', name: 'Ban Quản lý các khu công nghiệp' });
    deptId = d.body.id;
    for (const u of [
      { ...organizer, role: 'organizer' },
      { ...deptUser, role: 'department', departmentId: deptId },
    ]) {
      const r = await api().post('/api/users').set('Authorization', admin).send(u);
      if (r.status !== 201) throw new Error(`user: ${r.status} ${JSON.stringify(r.body)}`);
    }
    // a petition from another channel, so that the filter has something to leave out
    const other = await api()
      .post('/api/petitions')
      .set('Authorization', admin)
      .send({
        channel: 'hotline',
        kind: 'petition',
        field: 'land',
        title: 'Chậm bàn giao mặt bằng',
        content: 'Nội dung.',
        submitter: { organization: 'Công ty TNHH Thử nghiệm' },
      });
    expect(other.status).toBe(201);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
    await stub?.close();
  });

  it("a worker's signed message with a photo appears in the inbox with the Zalo badge, and the channel filter keeps Zalo only", async () => {
    const photo = stub.addFile('anh-nha-xuong.png', PNG, 'image/png');
    const sender = { id: worker.id, display_name: worker.name };
    for (const e of [
      zaloEvent('user_send_text', { sender: worker.id, msgId: 'w-1', text: 'Công ty nợ lương công nhân 2 tháng, xin Tổ công tác can thiệp' }),
      zaloEvent('user_send_image', { sender: worker.id, msgId: 'w-2', attachments: [{ type: 'image', payload: { url: photo, thumbnail: photo } }] }),
      zaloEvent('follow', { follower: worker.id }),
    ]) {
      if (e.sender) e.sender = sender;
      expect((await postEvent(t, e)).status).toBe(200);
    }
    await settle();

    const p = await page();
    await signIn(p, organizer.username, organizer.password);
    await p.goto(`${t.url}/petitions`);
    const row = p.locator('tr', { hasText: 'Phản ánh qua Zalo' });
    await row.waitFor();
    await row.locator('[data-zalo-badge]').waitFor();
    expect(await p.locator('tbody tr').count()).toBe(2);
    await p.selectOption('select[name=channel]', 'zalo');
    await p.waitForURL(/channel=zalo/);
    await waitFor(async () => (await p.locator('tbody tr').count()) === 1);
    expect(await p.locator('tbody tr [data-zalo-badge]').count()).toBe(1);
    expect(await p.locator('tbody').textContent()).not.toContain('Chậm bàn giao mặt bằng');
    await p.screenshot({ path: join(SHOTS, 'zalo-inbox-1366x768.png') });
    const code = (await row.getAttribute('data-petition-code'))!;
    await row.locator('a.pt-title').click();
    await p.locator(`div[data-petition-id][data-petition-code="${code}"]`).waitFor();
    feedback = { id: (await p.locator('[data-petition-id]').getAttribute('data-petition-id'))!, code };
  });

  it('the organizer sees the thread, the photo, the Zalo id and the counter, replies; the stub gets it; ticks turn delivered then seen', async () => {
    const p = await page();
    await signIn(p, organizer.username, organizer.password);
    await p.goto(`${t.url}/petitions/${feedback.id}`);
    await li(p, 'nợ lương công nhân').waitFor();
    expect(await li(p, 'nợ lương công nhân').textContent()).toContain('Người lao động (Zalo)');
    // the photo is the server's copy, fetched with the session and shown
    const img = p.locator('.pt-thread img.pt-thumb');
    await img.waitFor();
    await waitFor(async () => (await img.evaluate((x: HTMLImageElement) => x.complete && x.naturalWidth)) === 120);
    await p.locator('.pt-attachment[data-attachment=image]').getByRole('link', { name: 'Ảnh' }).waitFor();
    // the Zalo id and the display name, for the organizer
    const submitter = p.locator('[data-submitter]');
    expect(await submitter.textContent()).toContain(worker.id);
    expect(await submitter.textContent()).toContain(worker.name);
    // the counter: 8 free replies until 48 hours after the worker's last message, in Vietnam's time
    const detail = await api().get(`/api/petitions/${feedback.id}`).set('Authorization', admin);
    const lastIn = detail.body.thread.filter((m: { direction: string }) => m.direction === 'in').at(-1).at;
    const until = DateTime.fromISO(lastIn).plus({ hours: 48 }).setZone(ZONE).toFormat('HH:mm dd/MM');
    await p.getByText(`Còn 8 lượt trả lời miễn phí, đến ${until}`).waitFor();

    const text = 'Chào anh/chị, Tổ công tác đã nhận phản ánh và đang làm việc với doanh nghiệp.';
    await p.fill('form[data-form=zalo-reply] textarea', text);
    await p.click('button[data-action=zalo-reply]');
    await li(p, text).locator('[data-tick=sent]').waitFor();
    expect(dialogs.at(-1)).toBe('Gửi tin nhắn này tới người lao động qua Zalo?');
    const sent = stub.state.sent.at(-1)!;
    expect(sent.path).toBe('/v3.0/oa/message/cs');
    expect(sent.body).toEqual({ recipient: { message_id: 'w-2' }, message: { text } });
    await p.getByText(`Còn 7 lượt trả lời miễn phí, đến ${until}`).waitFor();

    // The receipts reach the open page over /live (petition:thread): no reload, no ↻, within a second of the webhook.
    await p.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await postEvent(t, zaloEvent('user_received_message', { sender: 'oa', recipient: worker.id, msgIds: [sent.messageId] }));
    await li(p, text).locator('[data-tick=delivered]').waitFor({ timeout: LIVE_MS });
    expect(await li(p, text).locator('[data-tick]').textContent()).toBe('✓✓ Đã nhận');
    await postEvent(t, zaloEvent('user_seen_message', { sender: 'oa', recipient: worker.id, msgIds: [sent.messageId] }));
    await li(p, text).locator('[data-tick=seen]').waitFor({ timeout: LIVE_MS });
    expect(await li(p, text).locator('[data-tick]').textContent()).toBe('✓✓ Đã xem');
    expect(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await p.screenshot({ path: join(SHOTS, 'zalo-thread-1366x768.png'), fullPage: true });
  });

  it('a Zalo error leaves the reply failed with the reason; "Gửi lại" sends it', async () => {
    const p = await page();
    await signIn(p, organizer.username, organizer.password);
    await p.goto(`${t.url}/petitions/${feedback.id}`);
    await p.locator('form[data-form=zalo-reply][data-window=open]').waitFor();
    stub.state.failNext.push({ error: -32, message: 'Exceeded rate limit' });
    const sentBefore = stub.state.sent.length;
    const text = 'Tổ công tác sẽ liên hệ lại trong tuần này.';
    await p.fill('form[data-form=zalo-reply] textarea', text);
    await p.click('button[data-action=zalo-reply]');
    // Zalo's own words beside its code, as docs/pages.md says (the code alone was shown)
    await p.getByText('Zalo từ chối gửi tin (mã -32: Exceeded rate limit)').waitFor();
    const failed = li(p, text);
    await failed.locator('[data-tick=failed]').waitFor();
    expect(await failed.locator('[data-tick]').textContent()).toBe('✕ Gửi lỗi');
    expect(stub.state.sent.length).toBe(sentBefore);
    await p.screenshot({ path: join(SHOTS, 'zalo-failed-1366x768.png'), fullPage: true });
    await failed.getByRole('button', { name: /Gửi lại/ }).click();
    await failed.locator('[data-tick=sent]').waitFor();
    expect(await failed.getByRole('button', { name: /Gửi lại/ }).count()).toBe(0);
    expect(stub.state.sent.length).toBe(sentBefore + 1);
    expect(stub.state.sent.at(-1)!.body).toEqual({ recipient: { message_id: 'w-2' }, message: { text } });
  });

  it("a department user's page shows the thread but no Zalo id, no name and no reply box; the organizer's switch keeps the feedback anonymous", async () => {
    const cur = await api().get(`/api/petitions/${feedback.id}`).set('Authorization', admin);
    const assign = await api()
      .post(`/api/petitions/${feedback.id}/assign`)
      .set('Authorization', admin)
      .send({ leadDepartmentId: deptId, version: cur.body.version });
    expect(assign.status).toBe(200);

    const org = await page();
    await signIn(org, organizer.username, organizer.password);
    await org.goto(`${t.url}/petitions/${feedback.id}`);
    const sw = org.locator('input[name=anonymous][role=switch]');
    await sw.waitFor();
    expect(await sw.isChecked()).toBe(true);
    await org.getByText('Đang ẩn danh: đơn vị xử lý không thấy người gửi.').waitFor();

    const p = await page();
    await signIn(p, deptUser.username, deptUser.password);
    await p.goto(`${t.url}/petitions/${feedback.id}`);
    await li(p, 'nợ lương công nhân').waitFor();
    const body = (await p.locator('main').textContent())!;
    expect(body).not.toContain(worker.id);
    expect(body).not.toContain(worker.name);
    expect(body).not.toContain('Zalo ID');
    expect(await p.locator('form[data-form=zalo-reply]').count()).toBe(0);
    expect(await p.locator('input[name=anonymous][role=switch]').count()).toBe(0);
    expect(await p.locator('button[data-action=retry]').count()).toBe(0);
    await p.screenshot({ path: join(SHOTS, 'zalo-department-1366x768.png'), fullPage: true });
  });

  it("the admin's Zalo status page shows the figures, reached from the navigation", async () => {
    const p = await page();
    await signIn(p, 'admin', 'admin-password-123');
    await p.getByRole('link', { name: 'Zalo', exact: true }).click();
    await p.getByRole('heading', { name: 'Kết nối Zalo OA' }).waitFor();
    await p.locator('[data-zalo-status=configured]').waitFor();
    const s = (await api().get('/api/zalo/status').set('Authorization', admin)).body;
    expect(s.followers).toBe(1);
    expect(s.openFeedback).toBe(1);
    expect(await p.locator('[data-field=followers]').textContent()).toBe('1');
    expect(await p.locator('[data-field=openFeedback]').textContent()).toContain('1');
    expect(await p.locator('[data-field=lastWebhookAt]').textContent()).toBe(DateTime.fromISO(s.lastWebhookAt).setZone(ZONE).toFormat('HH:mm dd/MM/yyyy'));
    expect(await p.locator('[data-field=tokenExpiresAt]').textContent()).toBe(DateTime.fromISO(s.tokenExpiresAt).setZone(ZONE).toFormat('HH:mm dd/MM/yyyy'));
    await p.screenshot({ path: join(SHOTS, 'zalo-status-1366x768.png') });
    // an organizer has no such link
    const o = await page();
    await signIn(o, organizer.username, organizer.password);
    expect(await o.getByRole('link', { name: 'Zalo', exact: true }).count()).toBe(0);
  });

  it('a server without Zalo says "Chưa cấu hình Zalo"', async () => {
    const off = await createTestApp();
    try {
      const ctx = await browser.newContext(OFFICE);
      contexts.push(ctx);
      const p = await ctx.newPage();
      await p.goto(`${off.url}/`);
      await p.fill('input[name=username]', 'admin');
      await p.fill('input[name=password]', 'admin-password-123');
      await p.press('input[name=password]', 'Enter');
      await p.locator('.who').waitFor();
      await p.goto(`${off.url}/admin/zalo`);
      await p.locator('[data-zalo-status=not-configured]').getByText('Chưa cấu hình Zalo').waitFor();
      expect(await p.locator('[data-field=followers]').count()).toBe(0);
      await p.screenshot({ path: join(SHOTS, 'zalo-status-off-1366x768.png') });
    } finally {
      await off.close();
    }
  });

  it('a refresh token Zalo refuses: the reply says an admin must reconnect; the status page shows it in red until a new refresh token is stored', async () => {
    const tokens = t.app.get(DataSource).getRepository(ZaloTokenEntity);
    try {
      stub.state.expired = true;
      stub.state.refreshToken = 'someone-else-used-it';
      const p = await page();
      await signIn(p, organizer.username, organizer.password);
      await p.goto(`${t.url}/petitions/${feedback.id}`);
      await p.locator('form[data-form=zalo-reply][data-window=open]').waitFor();
      const text = 'Tổ công tác đã chuyển phản ánh tới Ban Quản lý.';
      await p.fill('form[data-form=zalo-reply] textarea', text);
      await p.click('button[data-action=zalo-reply]');
      const said = p.getByText(/^Kết nối Zalo đã hết hiệu lực/).first();
      await said.waitFor();
      const words = (await said.textContent())!;
      expect(words).toContain('mã -14014');
      expect(words).toContain('quản trị viên cần kết nối lại Zalo OA');
      expect(words).not.toContain('có thể gửi lại');
      await li(p, text).locator('[data-tick=failed]').waitFor();
      await p.screenshot({ path: join(SHOTS, 'zalo-reauthorize-reply-1366x768.png'), fullPage: true });

      const a = await page();
      await signIn(a, 'admin', 'admin-password-123');
      await a.goto(`${t.url}/admin/zalo`);
      const card = a.locator('[data-zalo-status=reauthorize]');
      await card.waitFor();
      expect(await a.getByText('Đã cấu hình').count()).toBe(0);
      expect(await card.locator('[data-field=connection]').textContent()).toBe('✕ Kết nối Zalo đã hết hiệu lực: cần kết nối lại');
      const s = (await api().get('/api/zalo/status').set('Authorization', admin)).body;
      const at = DateTime.fromISO(s.lastRefreshError.at).setZone(ZONE).toFormat('HH:mm dd/MM/yyyy');
      expect(await card.locator('[data-field=lastRefreshError]').textContent()).toContain(
        `Zalo từ chối cấp lại token lúc ${at} (mã -14014: Refresh token is invalid or already used).`,
      );
      // red: the error notice's colours
      const alert = card.locator('.msg.error');
      expect(await alert.getAttribute('role')).toBe('alert');
      const border = await alert.evaluate((el) => getComputedStyle(el).borderColor);
      const [r, g, b] = border.match(/\d+/g)!.map(Number);
      expect(r).toBeGreaterThan(g + 60);
      expect(r).toBeGreaterThan(b + 60);
      expect((await a.locator('main').textContent())!).not.toContain('someone-else-used-it');
      await a.screenshot({ path: join(SHOTS, 'zalo-status-reauthorize-1366x768.png') });

      // the admin stores a new refresh token (docs/zalo.md): the page says configured again, and the reply goes
      stub.state.refreshToken = 'new-refresh-token-from-the-console';
      await tokens.update({ id: 'oa' }, { refreshToken: 'new-refresh-token-from-the-console' });
      await a.reload();
      await a.locator('[data-zalo-status=configured]').getByText('✓ Đã cấu hình').waitFor();
      const sentBefore = stub.state.sent.length;
      await li(p, text)
        .getByRole('button', { name: /Gửi lại/ })
        .click();
      await li(p, text).locator('[data-tick=sent]').waitFor();
      expect(stub.state.sent.length).toBe(sentBefore + 1);
    } finally {
      // whatever happened, later tests find a working connection: the stub takes the refresh token the app holds
      stub.state.expired = false;
      stub.state.refreshToken = (await tokens.findOneByOrFail({ id: 'oa' })).refreshToken;
    }
  });

  it('the red status page reconnects the OA with its form: a token Zalo refuses is said so, the right one gives "✓ Đã kết nối lại" and status ok', async () => {
    const tokens = t.app.get(DataSource).getRepository(ZaloTokenEntity);
    const wrong = 'mistyped-refresh-token-4711';
    const fresh = 'fresh-refresh-token-from-the-console-0815';
    try {
      // the stored refresh token was used elsewhere: the next refresh is refused and the status turns red
      stub.state.refreshToken = 'used-on-another-server';
      await tokens.update({ id: 'oa' }, { accessToken: null, expiresAt: null });
      await t.app
        .get(ZaloTokens)
        .refresh(null)
        .catch(() => undefined);
      expect((await api().get('/api/zalo/status').set('Authorization', admin)).body.connection).toBe('reauthorize_needed');

      const a = await page();
      await signIn(a, 'admin', 'admin-password-123');
      await a.goto(`${t.url}/admin/zalo`);
      const card = a.locator('[data-zalo-status=reauthorize]');
      await card.waitFor();
      const form = card.locator('form[data-form=zalo-reconnect]');
      await form.getByRole('heading', { name: 'Kết nối lại Zalo OA' }).waitFor();
      // the form replaces the SQL instructions
      expect((await a.locator('main').textContent())!).not.toContain('zalo_tokens');
      expect((await form.textContent())!).toContain('Zalo for Developers');
      const field = form.getByLabel('Refresh token mới');
      expect(await field.getAttribute('type')).toBe('password');

      // a token Zalo does not take: said in the form, the box stays red with Zalo's refusal
      await field.fill(wrong);
      await form.locator('button[data-action=zalo-reconnect]').click();
      await form.getByText(/^Zalo không nhận refresh token này/).waitFor();
      expect(await card.locator('[data-field=lastRefreshError]').textContent()).toContain('mã -14014');
      expect(await field.inputValue()).toBe('');

      // the right one (Zalo for Developers gives it; the stub takes it)
      stub.state.refreshToken = fresh;
      await field.fill(fresh);
      await form.locator('button[data-action=zalo-reconnect]').click();
      const ok = a.locator('[data-zalo-status=configured]');
      await ok.getByText('✓ Đã kết nối lại').waitFor();
      await ok.getByText('✓ Đã cấu hình').waitFor();
      expect(await a.locator('form[data-form=zalo-reconnect]').count()).toBe(0);
      expect(await ok.locator('[data-field=tokenExpiresAt]').textContent()).toMatch(/\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
      expect((await api().get('/api/zalo/status').set('Authorization', admin)).body).toMatchObject({ connection: 'ok', lastRefreshError: null });
      const shown = (await a.locator('main').textContent())!;
      for (const secret of [wrong, fresh, stub.state.refreshToken!, stub.state.accessToken!]) expect(shown).not.toContain(secret);
      await a.screenshot({ path: join(SHOTS, 'zalo-status-reconnected-1366x768.png') });
    } finally {
      stub.state.expired = false;
      stub.state.refreshToken = (await tokens.findOneByOrFail({ id: 'oa' })).refreshToken;
    }
  });

  it("48 hours after the worker's last message the reply is refused, explained, and the box locked", async () => {
    const p = await page();
    await signIn(p, organizer.username, organizer.password);
    await p.goto(`${t.url}/petitions/${feedback.id}`);
    await p.locator('form[data-form=zalo-reply][data-window=open]').waitFor();
    const sentBefore = stub.state.sent.length;
    const clock = t.app.get(ZaloClock);
    clock.offsetMs = 48 * 3600_000 + 60_000;
    try {
      await p.fill('form[data-form=zalo-reply] textarea', 'Muộn rồi');
      await p.click('button[data-action=zalo-reply]');
      await p.getByText(/^Đã quá 48 giờ kể từ tin nhắn cuối của người lao động/).waitFor();
      await p.locator('form[data-form=zalo-reply][data-window=closed]').waitFor();
      expect(await p.locator('form[data-form=zalo-reply] textarea').isDisabled()).toBe(true);
      expect(await p.locator('button[data-action=zalo-reply]').isDisabled()).toBe(true);
      expect(stub.state.sent.length).toBe(sentBefore);
      expect(await li(p, 'Muộn rồi').count()).toBe(0);
      await p.screenshot({ path: join(SHOTS, 'zalo-window-closed-1366x768.png'), fullPage: true });
      // opened again later, the page says it before anyone types
      await p.reload();
      await p.locator('form[data-form=zalo-reply][data-window=closed]').waitFor();
      await p.getByText(/^Đã quá 48 giờ/).waitFor();
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('a failed reply: a retry refused by Zalo is explained in the language chosen; with the 8 free replies used "Gửi lại" is locked and says until when', async () => {
    // a fresh window: the worker writes again
    const e = zaloEvent('user_send_text', { sender: worker.id, msgId: 'w-retry', text: 'Cho tôi hỏi tiến độ xử lý' });
    e.sender = { id: worker.id, display_name: worker.name };
    expect((await postEvent(t, e)).status).toBe(200);
    await settle();
    const org = await login(t, organizer.username, organizer.password);
    const reply = (text: string) => api().post(`/api/petitions/${feedback.id}/replies`).set('Authorization', org).send({ text });
    stub.state.failNext.push({ error: -32, message: 'Exceeded rate limit' });
    const failedText = 'Tổ công tác đang xác minh với doanh nghiệp.';
    expect((await reply(failedText)).status).toBe(502);

    const p = await page();
    await signIn(p, organizer.username, organizer.password);
    await p.goto(`${t.url}/petitions/${feedback.id}`);
    const failed = li(p, failedText);
    await failed.locator('[data-tick=failed]').waitFor();
    // Zalo refuses the retry: its words, then the same error in English after the switch (it stayed Vietnamese)
    stub.state.failNext.push({ error: -32, message: 'Exceeded rate limit' });
    await failed.getByRole('button', { name: /Gửi lại/ }).click();
    await failed.getByText('Zalo từ chối gửi tin (mã -32: Exceeded rate limit)', { exact: false }).waitFor();
    await p.getByRole('button', { name: 'Switch to English' }).click();
    await failed.getByText('Zalo refused the message (error -32: Exceeded rate limit)', { exact: false }).waitFor();
    expect(await failed.textContent()).not.toContain('Zalo từ chối');
    await p.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();

    // the 8 free replies are used while that one is still failed
    for (let i = 1; i <= 8; i++) expect((await reply(`Tin nhắn số ${i}`)).status).toBe(201);
    const w = (await api().get(`/api/petitions/${feedback.id}/zalo-window`).set('Authorization', org)).body;
    expect(w).toMatchObject({ repliesUsed: 8, open: false });
    const until = DateTime.fromISO(w.until).setZone(ZONE).toFormat('HH:mm dd/MM');
    await p.reload();
    await failed.locator('[data-tick=failed]').waitFor();
    const retry = failed.locator('button[data-action=retry]');
    await p.locator('form[data-form=zalo-reply][data-window=closed]').waitFor();
    await failed.locator('[data-retry-locked]', { hasText: `Đã dùng hết 8 lượt trả lời miễn phí` }).waitFor();
    expect(await failed.locator('[data-retry-locked]').textContent()).toContain(`hạn cũ đến ${until}`);
    expect(await retry.isDisabled()).toBe(true);
    expect(await failed.textContent()).not.toContain('—');
  });

  it("a worker's new message appears on the open petition page without a reload", async () => {
    const p = await page();
    await signIn(p, organizer.username, organizer.password);
    // the page is watching the petition once the server acknowledged its `petition:watch` (the 1 s promise runs from there)
    const watching = new Promise<void>((resolve) =>
      p.on('websocket', (ws) => {
        let id: string | null = null;
        ws.on('framesent', (f) => void (id = /^42\/live,(\d+)\["petition:watch"/.exec(String(f.payload))?.[1] ?? id));
        ws.on('framereceived', (f) => void (id && String(f.payload).startsWith(`43/live,${id}[`) && resolve()));
      }),
    );
    await p.goto(`${t.url}/petitions/${feedback.id}`);
    await li(p, 'nợ lương công nhân').waitFor();
    await watching;
    await p.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const text = 'Hôm nay công ty đã trả một tháng lương, cảm ơn Tổ công tác';
    expect(await li(p, text).count()).toBe(0);
    const e = zaloEvent('user_send_text', { sender: worker.id, msgId: 'w-live', text });
    e.sender = { id: worker.id, display_name: worker.name };
    expect((await postEvent(t, e)).status).toBe(200);
    await li(p, text).waitFor({ timeout: LIVE_MS });
    expect(await li(p, text).getAttribute('data-direction')).toBe('in');
    expect(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });
});
