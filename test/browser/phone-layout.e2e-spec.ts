/// <reference lib="dom" />
/**
 * The pages on a phone (390×844 and 360×740, touch, in Vietnamese and English) in Chromium against the real app on a
 * fresh database: what a user holding the phone would notice. No page scrolls sideways as a whole, the buttons are
 * tall enough to tap and keep apart, a roll call is in the first screen of the check-in page.
 */
import { jest } from '@jest/globals';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { ask, connectLive } from '../helpers/live-client';
import { createTestApp, login, type TestApp } from '../helpers/test-app';
import { ensureWebBuilt, hasChromium, launchChromium, signedInContext } from './browser';
import { buildScenario, type Scenario } from './scenario';

if (!hasChromium) {
  console.warn('test/browser/phone-layout.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium), so the page tests cannot run.');
}
const suite = hasChromium ? describe : describe.skip;

const PHONE_390 = { width: 390, height: 844 };
const PHONE_360 = { width: 360, height: 740 };

type Box = { x: number; y: number; width: number; height: number };
const apart = (a: Box, b: Box) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

suite('pages on a phone', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let browser: Browser;
  let s: Scenario;

  function phoneOptions(viewport: { width: number; height: number }): BrowserContextOptions {
    return { viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'vi-VN' };
  }
  /** A phone signed in as the organizer, in the language asked for. */
  async function organizerPhone(viewport: { width: number; height: number }, lang: 'vi' | 'en'): Promise<Page> {
    const ctx = await signedInContext(browser, s.organizer.token, { id: 'x', username: s.organizer.username, role: 'organizer' }, phoneOptions(viewport));
    await ctx.addInitScript((l) => localStorage.setItem('diemcau.lang', l), lang);
    return ctx.newPage();
  }
  /** How wide the page is laid out: on a phone a page wider than the screen is zoomed out or scrolls sideways. */
  const pageWidth = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth);

  beforeAll(async () => {
    ensureWebBuilt();
    [t, browser] = await Promise.all([createTestApp({ PRESENCE_GRACE_MS: '1500' }), launchChromium()]);
    s = await buildScenario(t);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the petition form at 360 px: after sending, the secret code shows on one line', async () => {
    const ctx = await browser.newContext(phoneOptions(PHONE_360));
    const phone = await ctx.newPage();
    await phone.goto(`${t.url}/gui-kien-nghi`);
    await phone.fill('[name=title]', 'Đề nghị hướng dẫn thủ tục điều chỉnh giấy chứng nhận đăng ký đầu tư');
    await phone.fill('[name=content]', 'Doanh nghiệp đề nghị được hướng dẫn hồ sơ điều chỉnh.');
    await phone.fill('[name=name]', 'Nguyễn Thị Hương');
    await phone.fill('[name=organization]', 'Công ty TNHH Thương mại Dịch vụ Kinh Bắc');
    await phone.fill('[name=phone]', '0912345678');
    await phone.check('[name=consent]');
    await phone.locator('[data-form="public-petition"] button[type=submit]').click();
    const token = phone.locator('[data-keep=token]');
    await token.waitFor();
    // It broke over two or three lines (after a leading '-' too): a code copied down by hand from a phone came out wrong.
    const lines = await token.evaluate((e) => {
      const st = getComputedStyle(e);
      return (e.clientHeight - parseFloat(st.paddingTop) - parseFloat(st.paddingBottom)) / parseFloat(st.lineHeight);
    });
    expect(lines).toBeLessThan(1.5);
    const box = (await token.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE_360.width);
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_360.width);
    await ctx.close();
  });

  it("the signed-in pages' header wraps its links onto more lines instead of widening the page past a 390-px screen", async () => {
    for (const lang of ['vi', 'en'] as const) {
      const phone = await organizerPhone(PHONE_390, lang);
      await phone.goto(`${t.url}/`);
      await phone.locator('.topnav a[href="/password"]').waitFor();
      // The page was 497 px wide in Vietnamese and 627 px in English: the whole page zoomed out, the header ran off the side.
      expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_390.width);
      for (const el of await phone.locator('.topnav a, .topnav .btn').all()) {
        const box = (await el.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE_390.width);
        expect(box.height).toBeGreaterThanOrEqual(36);
      }
      // 'Đăng xuất' / 'Sign out' and the language switch each stay on one line
      const lh = await phone.locator('.topnav .btn.lang').evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
      expect((await phone.locator('.topnav .btn.lang').boundingBox())!.height).toBeLessThan(2 * lh);
      await phone.context().close();
    }
  });

  it('the check-in page at 360×740 in English: the roll call and its button are in the first screen, the checklist buttons can be tapped', async () => {
    const operator = await login(t, s.operator.username, s.operator.password);
    const boardCtx = await signedInContext(
      browser,
      operator.slice('Bearer '.length),
      { id: 'x', username: s.operator.username, role: 'operator' },
      {
        viewport: { width: 1366, height: 768 },
        locale: 'vi-VN',
      },
    );
    const board = await boardCtx.newPage();
    await board.goto(`${t.url}/board/${s.conferenceId}`);
    await board.locator('[data-point-code]').first().waitFor();

    const ctx = await browser.newContext(phoneOptions(PHONE_360));
    await ctx.addInitScript(() => localStorage.setItem('diemcau.lang', 'en'));
    const phone = await ctx.newPage();
    await phone.goto(new URL(s.links.find((l) => l.code === 'H-THUANTHANH')!.url, t.url).toString());
    await phone.locator('[data-action="checkin"]').click();
    await phone.locator('[data-checkin-state="online"]').waitFor();

    // 'Tiếng Việt' on one line in the red header (it broke after 'Tiếng')
    const lang = phone.locator('.ck-head .btn.lang');
    const lh = await lang.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
    expect((await lang.boundingBox())!.height).toBeLessThan(2 * lh);

    // The two answers of a check: tall enough to tap, and apart when they wrap ('Confirm OK' sat on 'Report a problem').
    const answers = await phone.locator('.checklist .ck-actions').first().locator('.btn').all();
    expect(answers.length).toBe(2);
    const [ok, fail] = await Promise.all(answers.map((b) => b.boundingBox()));
    expect(ok!.height).toBeGreaterThanOrEqual(36);
    expect(fail!.height).toBeGreaterThanOrEqual(36);
    expect(apart(ok!, fail!)).toBe(true);
    expect(
      Math.max(ok!.y - (fail!.y + fail!.height), fail!.y - (ok!.y + ok!.height), ok!.x - (fail!.x + fail!.width), fail!.x - (ok!.x + ok!.width)),
    ).toBeGreaterThanOrEqual(4);

    // A roll call from the board: 'Present' in the first screen, without scrolling (it came under the checklist, off the screen).
    await board.click('[data-action="rollcall-start"]');
    const present = phone.locator('[data-action="rollcall-answer"]');
    await present.waitFor();
    await phone.evaluate(() => window.scrollTo(0, 0));
    const box = (await present.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE_360.height);
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_360.width);
    await present.click();
    await phone.getByText('Roll call answered.').waitFor();

    // A notice with a long address: it wraps in its card (the page was 457 px wide on this phone) and opens as a link.
    const address = 'https://bacninh.gov.vn/documents/20182/4404547/tai-lieu-hop-ban-chinh-thuc-hoi-nghi-cai-thien-chi-so-nang-luc-canh-tranh.pdf';
    const op = await connectLive(t, operator.slice('Bearer '.length));
    const sent = await ask(op, 'notice', { conferenceId: s.conferenceId, text: `Tài liệu hội nghị: ${address}. Đề nghị tải trước.`, to: { all: true } });
    expect(sent).toMatchObject({ ok: true });
    const link = phone.locator('.notice-text a', { hasText: address });
    await link.waitFor();
    expect([await link.getAttribute('href'), await link.getAttribute('target'), await link.getAttribute('rel')]).toEqual([
      address,
      '_blank',
      'noopener noreferrer',
    ]);
    expect(await phone.locator('.notice-text').first().textContent()).toBe(`Tài liệu hội nghị: ${address}. Đề nghị tải trước.`);
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_360.width);
    op.disconnect();
    await ctx.close();
    await boardCtx.close();
  });

  it('the QR sheet at 390 px in both languages: two codes a row, the buttons and the language switch on the screen', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const phone = await organizerPhone(PHONE_390, lang);
      await phone.goto(`${t.url}/conferences/${s.conferenceId}/links/print`);
      await phone.locator('[data-sheet-point]').first().waitFor();
      // 508 px in Vietnamese and 542 in English: four codes a row, and 'English' cut off at the edge
      expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_390.width);
      const cells = await phone.locator('[data-sheet-point]').all();
      const [first, second, third] = await Promise.all(cells.slice(0, 3).map((c) => c.boundingBox()));
      expect([second!.y, third!.y > first!.y]).toEqual([first!.y, true]);
      for (const el of await phone.locator('.sheet-tools .btn').all()) {
        const box = (await el.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE_390.width);
      }
      await phone.context().close();
    }
  });

  it("a petition's page at 360 px in English fits the screen: its facts wrap in their column", async () => {
    const created = await t
      .http()
      .post('/api/petitions')
      .set('Authorization', `Bearer ${s.organizer.token}`)
      .send({
        channel: 'hotline',
        kind: 'petition',
        field: 'land',
        title: 'Đề nghị giải quyết tranh chấp ranh giới thửa đất với hộ dân',
        content: 'Đề nghị giải quyết tranh chấp ranh giới thửa đất với hộ dân.',
        submitter: { organization: 'Công ty TNHH Cơ khí Chính xác Quế Võ (giả định)', name: 'Vũ Đức Long', phone: '+84912000121' },
      });
    expect(created.status).toBe(201);
    const phone = await organizerPhone(PHONE_360, 'en');
    await phone.goto(`${t.url}/petitions/${created.body.id}`);
    await phone.locator('.pt-facts').first().waitFor();
    // It was 406 px wide: the facts' second column and the right-hand cards ran past the screen.
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_360.width);
    for (const dd of await phone.locator('.pt-facts dd').all()) {
      const b = (await dd.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(PHONE_360.width);
    }
    await phone.context().close();
  });

  it("the report at 360 px in English: its tables scroll within their card, the page does not; the timeline's hour marks stay apart", async () => {
    const phone = await organizerPhone(PHONE_360, 'en');
    await phone.goto(`${t.url}/report/${s.conferenceId}`);
    await phone.locator('[data-testid=by-level]').waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_360.width);
    // The marks ran into each other (a 250-px label column left the bars 30 px); now they are apart and the bars have room.
    const marks = await Promise.all((await phone.locator('.tl-axis-inner span').all()).map((m) => m.boundingBox()));
    expect(marks.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < marks.length; i++) expect(apart(marks[i - 1]!, marks[i]!)).toBe(true);
    const [axis, inner] = await Promise.all([phone.locator('.tl-axis').boundingBox(), phone.locator('.tl-axis-inner').boundingBox()]);
    expect(inner!.width).toBeGreaterThan(axis!.width / 2);
    await phone.context().close();
  });

  it("the petitions list at 390 px: each petition a card whose code, title, status and due date are on the screen, nothing to swipe; 'Bỏ lọc' on one line", async () => {
    const org = `Bearer ${s.organizer.token}`;
    const made = await t
      .http()
      .post('/api/petitions')
      .set('Authorization', org)
      .send({
        channel: 'hotline',
        kind: 'petition',
        field: 'infrastructure',
        title: 'Đề nghị đầu tư hoàn thiện hệ thống thoát nước mưa và chiếu sáng tuyến đường nội bộ khu công nghiệp Quế Võ mở rộng',
        content: 'Nội dung.',
        submitter: { organization: 'Công ty TNHH Điện tử Thử nghiệm Quế Võ' },
      });
    expect(made.status).toBe(201);
    const dept = await t
      .http()
      .post('/api/departments')
      .set('Authorization', await login(t))
      .send({ code: 'BQL-KCN', name: 'Ban Quản lý các khu công nghiệp tỉnh' });
    expect(dept.status).toBe(201);
    expect(
      (
        await t
          .http()
          .post(`/api/petitions/${made.body.id}/assign`)
          .set('Authorization', org)
          .send({ leadDepartmentId: dept.body.id, version: made.body.version })
      ).status,
    ).toBe(200);

    const phone = await organizerPhone(PHONE_390, 'vi');
    await phone.goto(`${t.url}/petitions`);
    const row = phone.locator(`.pt-table tr[data-petition-code="${made.body.code}"]`);
    await row.waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_390.width);
    // nothing of the list scrolls sideways in its card (the status and the due date were off the screen)
    const wrap = await phone
      .locator('.table-wrap')
      .first()
      .evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(wrap.scroll).toBeLessThanOrEqual(wrap.client);
    const onScreen = async (selector: string) => {
      const box = (await row.locator(selector).first().boundingBox())!;
      expect([selector, box.x >= 0 && box.x + box.width <= PHONE_390.width]).toEqual([selector, true]);
      return box;
    };
    await onScreen('td.code a');
    await onScreen('.badge');
    const due = await onScreen('td.pt-due-cell');
    const title = await onScreen('.pt-title');
    // the whole title is shown, wrapped at the card's width (it was cut mid-word)
    const titleCell = row.locator('td.pt-title-cell');
    expect(await titleCell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(title.width).toBeGreaterThan(250);
    // each of the stacked values says which column it is
    expect(await row.locator('td.pt-due-cell').evaluate((e) => getComputedStyle(e, '::before').content)).toBe('"Hạn xử lý: "');
    expect(await row.locator('td[data-label="Đơn vị chủ trì"]').textContent()).toBe('Ban Quản lý các khu công nghiệp tỉnh');
    expect(due.y).toBeGreaterThan(title.y);
    // "Lọc" and "Bỏ lọc" each on one line
    for (const name of ['Lọc', 'Bỏ lọc']) {
      const h = await phone.getByRole('button', { name, exact: true }).evaluate((e) => {
        const st = getComputedStyle(e);
        return (e.clientHeight - parseFloat(st.paddingTop) - parseFloat(st.paddingBottom)) / parseFloat(st.lineHeight);
      });
      expect([name, h < 1.5]).toEqual([name, true]);
    }
    await phone.context().close();
  });

  it("the accounts page at 360 px in English: the row's buttons keep their words on one line", async () => {
    const admin = await login(t);
    const ctx = await signedInContext(browser, admin.slice('Bearer '.length), { id: 'x', username: 'admin', role: 'admin' }, phoneOptions(PHONE_360));
    await ctx.addInitScript(() => localStorage.setItem('diemcau.lang', 'en'));
    const phone = await ctx.newPage();
    await phone.goto(`${t.url}/users`);
    const role = phone.locator('[data-action="role"]').last();
    await role.waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_360.width);
    // 'Change role…' and 'Reset password…' broke into two lines each; three stacked buttons made every row 155 px tall
    for (const b of [role, phone.locator('[data-action="password"]').last()]) {
      const lh = await b.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight));
      expect((await b.boundingBox())!.height).toBeLessThan(2 * lh);
    }
    await ctx.close();
  });

  it("the agenda editor at 360 px in English: an item's text has the row's width and its buttons stay on the screen", async () => {
    const phone = await organizerPhone(PHONE_360, 'en');
    await phone.goto(`${t.url}/conferences/${s.conferenceId}/agenda`);
    const row = phone.locator('.ag-row').first();
    await row.locator('.ag-buttons .btn').first().waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_360.width);
    // the title was squeezed to a word a line beside the time column and five buttons
    const [rowBox, title] = await Promise.all([row.boundingBox(), row.locator('.ag-body').boundingBox()]);
    expect(title!.width).toBeGreaterThan(rowBox!.width * 0.6);
    for (const b of await row.locator('.ag-buttons .btn').all()) {
      const box = (await b.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(rowBox!.x + rowBox!.width);
    }
    await phone.context().close();
  });

  it('the board at 360×740 in Vietnamese and English: three tiles in the first screen, the legend, filter and order folded under one line', async () => {
    for (const [lang, trouble] of [
      ['vi', 'Có sự cố'],
      ['en', 'With trouble'],
    ] as const) {
      const phone = await organizerPhone(PHONE_360, lang);
      await phone.goto(`${t.url}/board/${s.conferenceId}`);
      await phone.locator('[data-point-code]').first().waitFor();
      expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE_360.width);
      // Before, the legend, the filter, the order and the hint filled the first screen: one tile showed, under them.
      const tiles = await Promise.all((await phone.locator('[data-point-code]').all()).slice(0, 3).map((tile) => tile.boundingBox()));
      expect(tiles).toHaveLength(3);
      for (const box of tiles) expect(box!.y + 40).toBeLessThanOrEqual(PHONE_360.height);
      // Folded, they are one tap away, and the line names the filter in force.
      const filter = phone.locator('[data-tiles="trouble"]');
      expect(await filter.isVisible()).toBe(false);
      const fold = phone.locator('[data-board-fold] > summary');
      await fold.click();
      await filter.click();
      expect(await filter.getAttribute('aria-pressed')).toBe('true');
      expect(await fold.textContent()).toContain(trouble);
      await phone.context().close();
    }
  });

  it("a QR code's dialog on a 360×640 phone: its title on the screen, a margin round it, Close within reach", async () => {
    const phone = await organizerPhone({ width: 360, height: 640 }, 'en');
    await phone.goto(`${t.url}/conferences/${s.conferenceId}`);
    await phone.locator('[data-link] button', { hasText: 'QR code' }).first().click();
    const card = phone.locator('.qr-card');
    await card.locator('img').waitFor();
    // It was centred in a box without margins: taller than the screen, its title sat above the top, out of reach.
    const [box, title] = await Promise.all([card.boundingBox(), phone.locator('#qr-h').boundingBox()]);
    expect(title!.y).toBeGreaterThanOrEqual(0);
    expect(box!.x).toBeGreaterThanOrEqual(8);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360 - 8);
    await phone.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await card.waitFor({ state: 'detached' });
    await phone.context().close();
  });
});
