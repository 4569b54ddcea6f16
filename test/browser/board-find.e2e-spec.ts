/// <reference lib="dom" />
/**
 * The board's search ("Tìm điểm cầu") and its tiles on a crowded board (335 points, compact tiles, 1366×768): the
 * search selects the name whose words start with the query before one that only contains it, Enter again moves to the
 * next match with "2/4" beside the box; the tiles show the names without "UBND xã " and keep them on screen, the full
 * name in the tooltip, also on an unstable tile whose state is long.
 */
import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { makeConference, organizerAuth } from '../helpers/conferences.factory';
import { bare } from '../helpers/live-client';
import { createTestApp, login, userWithRole, type TestApp } from '../helpers/test-app';
import { ack, connected, ensureWebBuilt, hasChromium, launchChromium, pointSocket, signedInContext, waitTileState } from './browser';

if (!hasChromium) console.warn('test/browser/board-find.e2e-spec.ts SKIPPED: /usr/bin/chromium is missing (apt-get install -y chromium).');
const suite = hasChromium ? describe : describe.skip;

/**
 * "yen" is only inside "Nguyên"/"Chuyên" (first by code and by name) and starts a word in "Yên …". Then 330 long,
 * alike names: the tiles must still tell them apart.
 */
const SPECIAL: Array<[string, string]> = [
  ['F-01', 'UBND xã Nguyên Xá'],
  ['F-02', 'UBND xã Chuyên Ngoại'],
  ['F-03', 'UBND xã Yên Trung'],
  ['F-04', 'UBND xã Yên Phụ'],
];
const FILLERS = 330;
const filler = (i: number) => `UBND xã ${['Xuân Lâm', 'Xuân Lai', 'Xuân Thượng', 'Xuân Phong'][i % 4]} ${i}`;

suite('the board search and tile names on a crowded board', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    [t, browser] = await Promise.all([createTestApp({ PRESENCE_GRACE_MS: '60000' }), launchChromium()]);
    const admin = await login(t);
    const csv = ['code,name,level,parentCode,address,contactName,contactPhone,capacity', 'F-PROV,UBND tỉnh Bắc Ninh,province,,,,,'];
    for (const [code, name] of SPECIAL) csv.push(`${code},${name},commune,F-PROV,,,,`);
    for (let i = 0; i < FILLERS; i++) csv.push(`F-C${String(i).padStart(3, '0')},${filler(i)},commune,F-PROV,,,,`);
    const imported = await t.http().post('/api/points/import').set('Authorization', admin).set('Content-Type', 'text/csv').send(csv.join('\n'));
    expect(imported.status).toBe(200);
    const province = (await t.http().get('/api/points?q=F-PROV').set('Authorization', admin)).body.items[0];
    const conf = await makeConference(t, { hostPointId: province.id, status: 'live' });
    const organizer = await organizerAuth(t);
    const invited = await t
      .http()
      .post(`/api/conferences/${conf.id}/points`)
      .set('Authorization', organizer)
      .send({ subtreeOf: province.id, levels: ['commune'] });
    expect(invited.body.points).toHaveLength(SPECIAL.length + FILLERS + 1); // and the host
    const links: Array<{ code: string; token: string }> = (
      await t.http().post(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', organizer).send({})
    ).body;

    const operator = await userWithRole(t, 'operator');
    const ctx = await signedInContext(browser, bare(operator), { id: 'op', username: 'op', role: 'operator' }, { viewport: { width: 1366, height: 768 } });
    page = await ctx.newPage();
    await page.goto(`${t.url}/board/${conf.id}`);
    await page.locator('.tiles.compact [data-point-code="F-C329"]').waitFor({ state: 'attached', timeout: 30_000 });

    // one site drops: unstable for a minute, its state on two lines if it could wrap
    const s = pointSocket(t.url, links.find((l) => l.code === 'F-C001')!.token);
    sockets.push(s);
    await connected(s);
    expect(await ack(s, 'checkin', { conferenceId: conf.id })).toMatchObject({ ok: true });
    await waitTileState(page, 'F-C001', 'online', 3000);
    s.disconnect();
    await waitTileState(page, 'F-C001', 'unstable', 3000);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await browser?.close();
    await t?.close();
  });

  const selected = () => page.locator('.tile[aria-pressed="true"]').getAttribute('data-point-code');
  const hint = () => page.locator('form.find [data-find-hint]').innerText();

  it('ranks a word-start match before a substring-only one, and Enter again moves to the next match', async () => {
    const box = page.getByPlaceholder('Tìm điểm cầu (mã hoặc tên)');
    await box.fill('yen');
    await box.press('Enter');
    const first = await selected();
    expect(['F-03', 'F-04']).toContain(first);
    expect((await hint()).trim()).toBe('1/4');
    // the focus stays in the box: Enter again takes the other "Yên …", then the names that only contain "yen"
    await page.keyboard.press('Enter');
    await page.waitForFunction((f) => document.querySelector('.tile[aria-pressed="true"]')?.getAttribute('data-point-code') !== f, first);
    const second = await selected();
    expect(['F-03', 'F-04'].filter((c) => c !== first)).toEqual([second]);
    expect((await hint()).trim()).toBe('2/4');
    await page.keyboard.press('Enter');
    await page.waitForFunction((f) => document.querySelector('.tile[aria-pressed="true"]')?.getAttribute('data-point-code') !== f, second);
    expect(['F-01', 'F-02']).toContain(await selected());
    expect((await hint()).trim()).toBe('3/4');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-find-hint]')?.textContent?.trim() === '1/4');
    expect(await selected()).toBe(first);
    // the selected tile is scrolled into view
    const box2 = await page.locator(`[data-point-code="${first}"]`).boundingBox();
    expect(box2!.y).toBeGreaterThanOrEqual(0);
    expect(box2!.y + box2!.height).toBeLessThanOrEqual(768);

    // a new query starts again from its best match
    await box.fill('F-C00');
    await box.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-find-hint]')?.textContent?.trim() === '1/10');
    expect(await selected()).toBe('F-C000');
  });

  it('shows each name without "UBND xã " on up to two lines, inside the tile, the full name in its tooltip', async () => {
    const tile = page.locator('[data-point-code="F-C001"]');
    await tile.scrollIntoViewIfNeeded();
    expect(await tile.getAttribute('data-state')).toBe('unstable');
    expect(await tile.locator('.t-name').innerText()).toBe('Xuân Lai 1');
    expect(await tile.locator('.t-name').getAttribute('title')).toBe('UBND xã Xuân Lai 1');
    expect(await tile.getAttribute('title')).toMatch(/^UBND xã Xuân Lai 1 \(F-C001\): Chập chờn \(mất tín hiệu \d+ giây\)$/);
    expect(await tile.textContent()).toContain('UBND xã Xuân Lai 1');
    // every tile on screen: the name is whole (not clipped) and inside its tile, the state below it
    const bad = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('.tiles.compact .tile')) {
        const r = el.getBoundingClientRect();
        if (r.bottom < 0 || r.top > innerHeight) continue;
        const name = el.querySelector<HTMLElement>('.t-name')!;
        const n = name.getBoundingClientRect();
        const s = el.querySelector<HTMLElement>('.t-state')!.getBoundingClientRect();
        if (name.scrollHeight > name.clientHeight + 1 || n.top < r.top || n.bottom > r.bottom || s.top < n.bottom - 1 || s.bottom > r.bottom)
          out.push(`${el.dataset.pointCode}: ${name.textContent} name ${n.top}-${n.bottom} state ${s.top}-${s.bottom} tile ${r.top}-${r.bottom}`);
      }
      return out;
    });
    expect(bad).toEqual([]);
  });
});
