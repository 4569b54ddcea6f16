/// <reference lib="dom" />
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';

/** Debian's Chromium and the flags from STACK.md. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const hasChromium = existsSync(CHROMIUM);

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** The pages must be built before the app can serve them: build when web/dist is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const cwd = process.cwd();
  const built = newest(resolve(cwd, 'web', 'dist', 'index.html'));
  const sources = Math.max(
    newest(resolve(cwd, 'web', 'src')),
    newest(resolve(cwd, 'web', 'index.html')),
    newest(resolve(cwd, 'web', 'vite.config.mjs')),
    newest(resolve(cwd, 'src', 'presence', 'presence.events.ts')),
  );
  if (built && built >= sources) return;
  execSync('node scripts/build-web.cjs', { cwd: process.cwd(), stdio: 'inherit', env: { ...process.env, CI: '1' } });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** A browser context signed in with `token` (the session the sign-in page leaves in localStorage). */
export async function signedInContext(
  browser: Browser,
  token: string,
  user: { id: string; username: string; role: string },
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const ctx = await browser.newContext(options);
  const session = JSON.stringify({ token, user: { ...user, pointId: null } });
  await ctx.addInitScript((v) => localStorage.setItem('diemcau.session', v), session);
  return ctx;
}

/** A simulated bridge point: a Socket.IO client holding a check-in link token. */
export function pointSocket(baseUrl: string, token: string): Socket {
  return io(`${baseUrl}/live`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
}

export function ack<T = Record<string, unknown>>(socket: Socket, event: string, payload: unknown): Promise<{ ok: boolean } & T> {
  return socket.timeout(5000).emitWithAck(event, payload);
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((ok, fail) => {
    if (socket.connected) return ok();
    socket.once('connect', () => ok());
    socket.once('connect_error', (e) => fail(e));
  });
}

/** The data-state of the one tile of a point (null when there is no such tile). */
export function tileState(page: Page, code: string): Promise<string | null> {
  return page.locator(`[data-point-code="${code}"]`).getAttribute('data-state');
}

/** Waits until the point's tile has the state; resolves with the milliseconds it took. */
export async function waitTileState(page: Page, code: string, state: string, timeout: number): Promise<number> {
  const t0 = Date.now();
  await page.waitForFunction(([c, s]) => document.querySelector(`[data-point-code="${c}"]`)?.getAttribute('data-state') === s, [code, state] as const, {
    timeout,
    polling: 25,
  });
  return Date.now() - t0;
}
