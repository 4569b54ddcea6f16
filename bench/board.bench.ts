/// <reference lib="dom" />
/**
 * `npm run bench:board -- [--points 100,10000] [--runs 5] [--online 0.2]`
 *
 * The board's first paint: sign-in done (the session is in localStorage, as after the sign-in page), the board URL
 * opened in Chromium → every tile drawn. The page sets `performance.mark('board:painted')` once its first full
 * render is on screen; the figure is that mark's time since the navigation started. In the same run and browser,
 * two floors: an empty page load (`GET /api/health` as a document) and the full JSON snapshot fetched and parsed
 * alone by the page's JavaScript, so the paint is also read as a ratio. The snapshot's bytes (raw and on the wire,
 * JSON and compact) are printed beside. See bench/README.md.
 */
import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { ApiClient, mapLimit } from './lib/api-client';
import { liveConferenceWithPoints } from './lib/fixtures';
import { connectSocket, emitWithAck } from './lib/presence-harness';
import { BENCH_ADMIN, PROJECT_ROOT, startServer } from './lib/server';
import { median, ms, table } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '100,10000' },
    runs: { type: 'string', default: '5' },
    online: { type: 'string', default: '0.2' },
    profile: { type: 'string' },
    trace: { type: 'string' },
    timeline: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`npm run bench:board -- [--points 100,10000] [--runs 5] [--online 0.2 (share of the points checked in)]
    [--profile <prefix>]   write the page's CPU profile of each size's last run to <prefix>-<points>.cpuprofile (Chrome DevTools)
    [--trace <prefix>]   write Chromium's trace of each size's last run to <prefix>-<points>.json (chrome://tracing, Perfetto)
    [--timeline]   print each run's page timeline: resources (start → end), paints and marks, in ms from navigation`);
  process.exit(0);
}

const SIZES = args.points.split(',').map(Number);
const RUNS = Number(args.runs);
const ONLINE = Number(args.online);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const log = (line: string) => console.error(`[board] ${line}`);

interface Bytes {
  raw: number;
  wire: number;
  encoding: string;
}

/** Bytes of one GET as sent (compressed or not) and once decoded; the response is read by hand so nothing is decoded on the way. */
function measureBytes(url: string, token: string, acceptEncoding: string): Promise<Bytes | null> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': acceptEncoding } }, (res) => {
      let wire = 0;
      res.on('data', (c: Buffer) => (wire += c.length));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(null);
        const raw = Number(res.headers['x-uncompressed-length'] ?? wire);
        resolve({ raw, wire, encoding: String(res.headers['content-encoding'] ?? 'identity') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

interface Run {
  paintMs: number;
  snapshotMarkMs: number;
  emptyPageMs: number;
  fetchFullMs: number;
  tiles: number;
}

interface SizeResult {
  points: number;
  online: number;
  runs: Run[];
  json: Bytes | null;
  jsonWire: Bytes | null;
  compact: Bytes | null;
  compactWire: Bytes | null;
  joinAckBytes: number;
}

async function measureSize(browser: Browser, n: number): Promise<SizeResult> {
  const server = await startServer({ label: `diemcau-${n}` });
  const sockets: Socket[] = [];
  try {
    const api = new ApiClient(server.url);
    const login = await api.request<{ accessToken: string; user: unknown }>('POST', '/api/auth/login', BENCH_ADMIN);
    api.token = login.accessToken;
    log(`${n} points: importing, inviting, issuing links…`);
    const { conference, links } = await liveConferenceWithPoints(api, n, `B${n}`);
    const online = Math.round(n * ONLINE);
    log(`${n} points: checking in ${online} of them…`);
    await mapLimit(links.slice(0, online), 100, async (l) => {
      const s = await connectSocket(server.url, l.token);
      sockets.push(s);
      const a = await emitWithAck<{ ok?: boolean }>(s, 'checkin', { conferenceId: conference.id });
      if (!a?.ok) throw new Error(`check-in refused: ${JSON.stringify(a)}`);
    });

    const path = `/api/conferences/${conference.id}/presence`;
    const json = await measureBytes(server.url + path, api.token, 'identity');
    const jsonWire = await measureBytes(server.url + path, api.token, 'gzip, deflate, br');
    // a server without the compact form ignores `format`: no row for it then
    const hasCompact = (await api.request<{ format?: string }>('GET', `${path}?format=compact`)).format === 'compact';
    const compact = hasCompact ? await measureBytes(`${server.url}${path}?format=compact`, api.token, 'identity') : null;
    const compactWire = hasCompact ? await measureBytes(`${server.url}${path}?format=compact`, api.token, 'gzip, deflate, br') : null;
    const board = await connectSocket(server.url, api.token);
    const joined = await emitWithAck<{ ok?: boolean }>(board, 'board:join', { conferenceId: conference.id });
    const joinAckBytes = Buffer.byteLength(JSON.stringify(joined));
    board.close();

    const session = JSON.stringify({ token: api.token, user: login.user });
    const runs: Run[] = [];
    for (let r = 0; r < RUNS; r++) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await ctx.addInitScript((v) => localStorage.setItem('diemcau.session', v), session);
      await ctx.addInitScript((signal) => {
        new PerformanceObserver((list, observer) => {
          if (!list.getEntries().some((e) => e.name === 'board:painted')) return;
          observer.disconnect();
          console.debug(signal);
        }).observe({ type: 'mark', buffered: true });
      }, PAINTED_SIGNAL);
      const page = await ctx.newPage();
      // floor 1: an empty document
      await page.goto(`${server.url}/api/health`);
      const emptyPageMs = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return nav.loadEventEnd || nav.responseEnd;
      });
      // floor 2: the full JSON snapshot fetched and parsed alone
      const fetchFullMs = await page.evaluate(
        async ([p, token]) => {
          const t0 = performance.now();
          const body = (await (await fetch(p, { headers: { authorization: `Bearer ${token}` } })).json()) as { points: unknown[] };
          if (!Array.isArray(body.points)) throw new Error('no snapshot');
          return performance.now() - t0;
        },
        [path, api.token] as const,
      );
      // the board
      const profile = args.profile && r === RUNS - 1 ? await ctx.newCDPSession(page) : null;
      if (profile) await profile.send('Profiler.enable').then(() => profile.send('Profiler.start'));
      const trace = args.trace && r === RUNS - 1 ? `${args.trace}-${n}.json` : null;
      if (trace) await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
      // Told by the page itself (the init script above), not polled: Playwright's polling evaluates its own injected
      // script in the page (~25 ms of the page's main thread on its first call), in the middle of what is measured.
      // Listened for before the navigation: a small board can paint before `goto` returns (at the load event).
      const painted = page.waitForEvent('console', { predicate: (m) => m.text() === PAINTED_SIGNAL, timeout: 120_000 });
      await page.goto(`${server.url}/board/${conference.id}`);
      await painted;
      if (trace) {
        await browser.stopTracing();
        log(`page trace written to ${trace}`);
      }
      if (profile) {
        const file = `${args.profile}-${n}.cpuprofile`;
        writeFileSync(file, JSON.stringify((await profile.send('Profiler.stop')).profile));
        log(`page CPU profile written to ${file}`);
      }
      const marks = await page.evaluate(() => ({
        paint: performance.getEntriesByName('board:painted')[0].startTime,
        snapshot: performance.getEntriesByName('board:snapshot')[0]?.startTime ?? NaN,
        tiles: document.querySelectorAll('[data-point-code]').length,
      }));
      if (args.timeline) log(await pageTimeline(page));
      await ctx.close();
      if (marks.tiles !== n) throw new Error(`the board drew ${marks.tiles} tiles for ${n} points`);
      runs.push({ paintMs: marks.paint, snapshotMarkMs: marks.snapshot, emptyPageMs, fetchFullMs, tiles: marks.tiles });
      log(
        `${n} points, run ${r + 1}/${RUNS}: painted at ${ms(marks.paint)} (snapshot in the store at ${ms(marks.snapshot)}), empty page ${ms(emptyPageMs)}, full JSON fetch+parse ${ms(fetchFullMs)}`,
      );
    }
    return { points: n, online, runs, json, jsonWire, compact, compactWire, joinAckBytes };
  } finally {
    sockets.forEach((s) => s.close());
    await server.stop();
  }
}

/** The renderer's main-thread work (tasks, parsing, script, style, layout, paint) and the network, for --trace. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', 'netlog'];

/** What the page logs once the board's tiles are painted (see the init script in measureSize). */
const PAINTED_SIGNAL = 'diemcau-bench:board:painted';

/** The board page's load as a list: each resource fetched (start → end), the browser's paints and the page's marks. */
async function pageTimeline(page: Page): Promise<string> {
  const rows = await page.evaluate(() =>
    performance
      .getEntries()
      .filter((e) => e.entryType === 'resource' || e.entryType === 'paint' || e.entryType === 'mark' || e.entryType === 'navigation')
      .map((e) => {
        const r = e as PerformanceResourceTiming;
        const end = e.entryType === 'resource' || e.entryType === 'navigation' ? r.responseEnd : e.startTime;
        // a resource's request sent and first byte, where the browser tells them: queueing vs the server vs the transfer
        const steps = e.entryType === 'resource' && r.requestStart > 0 ? ` (sent ${r.requestStart.toFixed(0)}, first byte ${r.responseStart.toFixed(0)})` : '';
        return { at: e.startTime, line: `${e.entryType} ${e.name.replace(location.origin, '')}: ${e.startTime.toFixed(0)} → ${end.toFixed(0)} ms${steps}` };
      })
      .sort((a, b) => a.at - b.at)
      .map((x) => x.line),
  );
  return rows.map((l) => `    ${l}`).join('\n');
}

const kb = (b: number | undefined) => (b === undefined ? '—' : b >= 1_000_000 ? `${(b / 1_000_000).toFixed(2)} MB` : `${(b / 1000).toFixed(1)} KB`);
const x = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '—');

async function main(): Promise<void> {
  const started = new Date();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const results: SizeResult[] = [];
  try {
    for (const n of SIZES) results.push(await measureSize(browser, n));
  } finally {
    await browser.close();
  }
  const out: string[] = [];
  out.push(`### Board first paint (\`npm run bench:board -- ${process.argv.slice(2).join(' ')}\`)`, '');
  out.push(
    `${started.toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load before the run ${loadavg()[0].toFixed(2)}`,
    '',
  );
  const rows = results.map((s) => {
    const paint = median(s.runs.map((r) => r.paintMs));
    const empty = median(s.runs.map((r) => r.emptyPageMs));
    const full = median(s.runs.map((r) => r.fetchFullMs));
    return [
      `${s.points} (${s.online} online)`,
      s.runs.map((r) => ms(r.paintMs)).join(', '),
      `**${ms(paint)}**`,
      ms(median(s.runs.map((r) => r.snapshotMarkMs))),
      `${ms(empty)} / ${ms(full)}`,
      `${x(paint, empty)} / ${x(paint, full)}`,
    ];
  });
  out.push(
    table(['points', 'paint, 5 runs', 'median paint', 'median snapshot loaded', 'floors: empty page / full JSON fetch+parse', 'paint ÷ floors'], rows),
    '',
  );
  const bytes = results.map((s) => [
    String(s.points),
    kb(s.joinAckBytes),
    `${kb(s.json?.raw)} / ${kb(s.jsonWire?.wire)} (${s.jsonWire?.encoding ?? '—'})`,
    s.compact ? `${kb(s.compact.raw)} / ${kb(s.compactWire?.wire)} (${s.compactWire?.encoding ?? '—'})` : '— (no compact form)',
  ]);
  out.push(
    table(['points', 'board:join ack (full snapshot)', 'GET …/presence raw / on the wire', 'GET …/presence?format=compact raw / on the wire'], bytes),
    '',
  );
  const text = out.join('\n');
  console.log(`\n${text}\n`);
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `board-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ startedAt: started.toISOString(), argv: process.argv.slice(2), results }, null, 2));
  log(`results saved to ${file}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`\nboard benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
