/**
 * `npm run bench:soak -- [--points 2000] [--minutes 10] [--warmup-minutes 2]`
 *
 * Soak: N bridge points connect, check in, stay a while and drop (the client closes its socket), again and again,
 * for a bounded time on one instance (SQLite), while a board watches. Reports the server's memory in the first third
 * of the time after the warm-up against the last third (growth %): the heap left after each major collection (the
 * live set, `diemcau_heap_after_major_gc_bytes`; the plain heap saws between ~100 and ~300 MB between collections a
 * minute or two apart, so its samples say little), the lowest RSS and the lowest plain heap of each third, the event-loop delay p99 (the server's own `monitorEventLoopDelay`, read from
 * /metrics every 10 s as `diemcau_nodejs_eventloop_lag_p99_seconds`), and whether every drop was logged once (the
 * event log's `disconnect` lines against the drops made). Not part of `npm test`; see bench/README.md.
 *
 * The event-loop delay is the server process's own (prom-client's `monitorEventLoopDelay` in the child), never this
 * process's: the clients run here. They still share the machine's CPUs with the server, so the report gives the CPU
 * seconds of each and the load average — a p99 measured at a load above the number of CPUs is mostly time the server
 * spent waiting for a CPU, not time it spent blocked.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Socket } from 'socket.io-client';
import { ApiClient } from './lib/api-client';
import { liveConferenceWithPoints } from './lib/fixtures';
import { connectSocket, emitWithAck } from './lib/presence-harness';
import { BENCH_ADMIN, onInterrupt, startServer } from './lib/server';
import { mb, median, ms, table } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '2000' },
    minutes: { type: 'string', default: '10' },
    'warmup-minutes': { type: 'string' },
    'stay-seconds': { type: 'string', default: '5-20' },
    'away-seconds': { type: 'string', default: '1-5' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('npm run bench:soak -- [--points 2000] [--minutes 10] [--warmup-minutes minutes/5] [--stay-seconds 5-20] [--away-seconds 1-5]');
  process.exit(0);
}

const N = Number(args.points);
const MINUTES = Number(args.minutes);
const WARMUP_MINUTES = args['warmup-minutes'] !== undefined ? Number(args['warmup-minutes']) : Math.max(0.5, MINUTES / 5);
const range = (s: string): [number, number] => {
  const [a, b] = s.split('-').map(Number);
  return [a * 1000, (b ?? a) * 1000];
};
const STAY = range(args['stay-seconds']!);
const AWAY = range(args['away-seconds']!);
const GRACE_MS = 3_000;
const METRICS_TOKEN = randomBytes(16).toString('hex');
const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = ([lo, hi]: [number, number]) => lo + Math.random() * (hi - lo);

interface Sample {
  at: number;
  rss: number;
  heap: number;
  /** 0 until the server's first major collection. */
  heapAfterGc: number;
  loopP99: number;
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : NaN;
}

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N < 1 || N > 20_000) throw new Error('--points must be an integer from 1 to 20000');
  if (!(MINUTES > 0) || !(WARMUP_MINUTES >= 0) || WARMUP_MINUTES >= MINUTES) throw new Error('--minutes must be > 0 and above --warmup-minutes');
  const server = await startServer({ label: 'soak', env: { METRICS_TOKEN, PRESENCE_GRACE_MS: String(GRACE_MS) }, maxLifetimeSeconds: MINUTES * 60 + 900 });
  const unregister = onInterrupt(() => server.stop());
  try {
    const api = new ApiClient(server.url);
    await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    log(`setting up ${N} points…`);
    const { conference, links } = await liveConferenceWithPoints(api, N, `SOAK${randomBytes(2).toString('hex').toUpperCase()}`);
    const board = await connectSocket(server.url, api.token!);
    await emitWithAck(board, 'board:join', { conferenceId: conference.id });

    const scrape = async (): Promise<Sample> => {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, signal: AbortSignal.timeout(8_000) });
      const text = await res.text();
      return {
        at: Date.now(),
        rss: server.rss(),
        heap: metric(text, 'diemcau_nodejs_heap_size_used_bytes'),
        heapAfterGc: metric(text, 'diemcau_heap_after_major_gc_bytes'),
        loopP99: metric(text, 'diemcau_nodejs_eventloop_lag_p99_seconds') * 1000,
      };
    };

    const start = Date.now();
    const end = start + MINUTES * 60_000;
    const warmedUp = start + WARMUP_MINUTES * 60_000;
    const samples: Sample[] = [];
    let drops = 0;
    let checkins = 0;
    let refused = 0;
    let running = true;

    const cycle = async (token: string): Promise<void> => {
      await sleep(Math.random() * AWAY[1]);
      while (running && Date.now() < end) {
        let s: Socket | null = null;
        try {
          s = await connectSocket(server.url, token, 30_000);
          const ack = await emitWithAck<{ ok: boolean }>(s, 'checkin', { conferenceId: conference.id }, 30_000);
          if (ack.ok) checkins++;
          else refused++;
          await sleep(Math.min(between(STAY), Math.max(0, end - Date.now())));
          if (ack.ok) drops++;
        } catch {
          refused++;
        } finally {
          s?.close();
        }
        await sleep(between(AWAY));
      }
    };

    log(
      `soak: ${N} points for ${MINUTES} min (warm-up ${WARMUP_MINUTES} min), stay ${STAY.map((v) => v / 1000).join('–')} s, away ${AWAY.map((v) => v / 1000).join('–')} s`,
    );
    const points = links.map((l) => cycle(l.token));
    const cpuAtStart = { server: server.cpu(), clients: process.cpuUsage() };
    const loadAtStart = loadavg()[0];
    let failedScrapes = 0;
    while (Date.now() < end) {
      await sleep(10_000);
      try {
        const s = await scrape();
        samples.push(s);
        log(
          `rss ${mb(s.rss)}, heap ${mb(s.heap)} (after the last major GC ${mb(s.heapAfterGc)}), event-loop p99 ${ms(s.loopP99)}, check-ins ${checkins}, drops ${drops}, refused ${refused}`,
        );
      } catch (e) {
        // A window without its sample (the server did not answer in time) is reported, not fatal.
        failedScrapes++;
        log(`metrics not read: ${(e as Error).message}`);
      }
    }
    const clientCpu = process.cpuUsage(cpuAtStart.clients);
    const cpu = { server: server.cpu() - cpuAtStart.server, clients: (clientCpu.user + clientCpu.system) / 1e6 };
    const loadAtEnd = loadavg()[0];
    running = false;
    await Promise.all(points);
    board.close();
    // Every dropped point is offline once the grace has passed; then the log holds its last disconnect.
    await sleep(GRACE_MS + 3_000);

    let disconnects = 0;
    for (let offset = 0; ; offset += 5000) {
      const page = await api.request<Array<{ type: string }>>('GET', `/api/conferences/${conference.id}/presence/events?limit=5000&offset=${offset}`);
      disconnects += page.filter((e) => e.type === 'disconnect').length;
      if (page.length < 5000) break;
    }

    // Samples between the warm-up and the end (the one taken after the end sees every point drop at once), in thirds
    // of that time: each third (over 2.5 minutes in the default run) spans more than one major collection.
    const after = samples.filter((s) => s.at >= warmedUp && s.at <= end);
    const third = (end - warmedUp) / 3;
    const first = after.filter((s) => s.at < warmedUp + third);
    const last = after.filter((s) => s.at >= end - third);
    const lowest = (f: (s: Sample) => number) => (xs: Sample[]) => Math.min(...xs.map(f));
    const rssOf = lowest((s) => s.rss);
    const heapOf = lowest((s) => s.heap);
    const liveOf = (xs: Sample[]) => median(xs.map((s) => s.heapAfterGc).filter((v) => v > 0));
    const growth = (f: (xs: Sample[]) => number) => (f(last) / f(first) - 1) * 100;
    const line = (f: (xs: Sample[]) => number) => `${mb(f(first))} → ${mb(f(last))} (${growth(f).toFixed(1)}%)`;
    const loop = after.map((s) => s.loopP99);
    console.log(
      table(
        ['figure', 'value', 'goal'],
        [
          ['points × minutes', `${N} × ${MINUTES}`, '2,000 × 10'],
          ['check-ins acknowledged / refused or failed', `${checkins} / ${refused}`, '—'],
          ['heap after a major GC (live set): first → last third after warm-up (medians)', line(liveOf), '< 10%'],
          ['RSS: first → last third after warm-up (lowest)', line(rssOf), '< 10%'],
          ['heap used: first → last third after warm-up (lowest)', line(heapOf), '—'],
          ['event-loop delay p99 (10-s windows after warm-up: median / worst)', `${ms(median(loop))} / ${ms(Math.max(...loop))}`, '< 50 ms'],
          ['drops made / disconnect lines logged', `${drops} / ${disconnects}`, 'equal'],
          ['metrics scrapes that failed (no sample for that window)', String(failedScrapes), '0'],
          ['CPU seconds during the soak: server / the clients (this process)', `${cpu.server.toFixed(1)} / ${cpu.clients.toFixed(1)}`, '—'],
          ['load average (1 min) at start / end, CPUs', `${loadAtStart.toFixed(1)} / ${loadAtEnd.toFixed(1)}, ${availableParallelism()}`, '—'],
        ],
      ),
    );
    if (disconnects !== drops) process.exitCode = 1;
  } finally {
    unregister();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
