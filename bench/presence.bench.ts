/**
 * `npm run bench:presence -- --points 10000 [--instances 2]`
 *
 * Check-in storm: N bridge points connect over Socket.IO and check in at once while one board watches.
 * Runs the same harness against a bare Socket.IO relay (the floor) and against the real server, in one run,
 * and prints both rows and the ratios. See bench/README.md for what every figure means.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { ApiClient } from './lib/api-client';
import { liveConferenceWithPoints } from './lib/fixtures';
import {
  currentItemStorm,
  leaveStorm,
  pointPageStorms,
  releaseStorm,
  rollcallStorm,
  type Fleet,
  type LeaveStormResult,
  type PageStormResult,
  type StormResult,
} from './lib/fleet-storms';
import { HarnessResult, PointClientSpec, runHarness } from './lib/presence-harness';
import { BENCH_ADMIN, canConnect, createPostgresDatabase, onInterrupt, PROJECT_ROOT, RunningProcess, startBareRelay, startServer } from './lib/server';
import { findNginx, startNginx } from './lib/nginx';
import { CATCH_UP_SPREAD_MS, type CatchUpMode, RelayStormResult, runRelayRestartStorm, runRestartStorm } from './lib/restart-storm';
import { mb, median, ms, table } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '2000' },
    instances: { type: 'string', default: '1' },
    batch: { type: 'string', default: '200' },
    database: { type: 'string', default: 'sqlite' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'snapshot-runs': { type: 'string', default: '5' },
    runs: { type: 'string', default: '1' },
    'skip-bare': { type: 'boolean', default: false },
    'relay-work-us': { type: 'string', default: '0' },
    cap: { type: 'string' },
    'agenda-release': { type: 'boolean', default: false },
    rollcall: { type: 'boolean', default: false },
    'point-pages': { type: 'boolean', default: false },
    leave: { type: 'boolean', default: false },
    'current-item': { type: 'string' },
    'cpu-only': { type: 'boolean', default: false },
    'restart-storm': { type: 'boolean', default: false },
    'catch-up': { type: 'string' },
    nginx: { type: 'boolean', default: false },
    redis: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`npm run bench:presence -- [--points N=2000] [--instances 1|2] [--batch 200] [--database sqlite|postgres]
    [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--redis-url redis://127.0.0.1:6379] [--snapshot-runs 5] [--runs 1] [--skip-bare]
    [--restart-storm]   N points online, SIGKILL, restart on the same SQLite database: time until all are back (the
                same storm against the bare relay first, unless --skip-bare)
    [--catch-up state|reads]   with --restart-storm: after its re-check-in every point also catches up, at a random
                moment within 20 s (CATCH_UP_SPREAD_MS), as the phone does: state = agenda:state, then REST reads only
                if something changed (the phone since stop 31); reads = the agenda and the releases over REST (before)
    [--nginx]   with --instances 2: the clients reach the instances through Debian's nginx (docs/scale-out.md)
    [--redis]   with --instances 1: the one instance runs with REDIS_URL too (the shared store and the Socket.IO Redis
                adapter), which tells the cost of the Redis path from that of the second instance
    [--cpu-only]   print only the server CPU time per check-in beside the relay's (no snapshot reads; for .ci/run)
    [--agenda-release]   then, with every point online, the agenda is released and every point acknowledges
                the release at once (agenda:ack {release}); one instance: time to the last ack, CPU per ack
    [--rollcall]   then (after the release, with both), the operator starts a roll call and every point answers it
                at once (rollcall:answer); one instance
    [--point-pages]   then (after those), every point page asks at once, one request after another, what the
                point page asks over REST when it opens: time and server CPU per request, against GET /api/auth/me;
                one instance
    [--current-item none|ack]   then the operator marks an agenda item as running: every point gets the agenda
                (same version); none: nothing more (the point page since stop 29), ack: every point acknowledges
                it (agenda:ack {version}, the page before); one instance
    [--leave]   last, every point socket closes at once: time until the board's counts show none online, then
                (after the grace period) all offline; server CPU per drop and per grace expiry; one instance
    [--cap N]   the conference has a connection cap of N points (maxConnectedPoints): every first check-in is
                checked against it
    [--relay-work-us N]   the bare relay spends N µs of CPU on every check-in before its ack (a calibration: how
                the latency figures follow the CPU per check-in; see bench/README.md)`);
  process.exit(0);
}

const N = Number(args.points);
const INSTANCES = Number(args.instances);
const BATCH = Number(args.batch);
const CPU_ONLY = args['cpu-only'] === true;
const SNAPSHOT_RUNS = CPU_ONLY ? 0 : Number(args['snapshot-runs']);
const RUNS = Number(args.runs);
const RELAY_WORK_US = Number(args['relay-work-us']);
const CAP = args.cap === undefined ? undefined : Number(args.cap);
/** The fleet storms (`--agenda-release`, `--rollcall`, `--current-item`, `--point-pages`, `--leave`): one entry per run of the single instance. */
const storms: {
  release: StormResult[];
  rollcall: StormResult[];
  current: StormResult[];
  pages: Array<Record<string, PageStormResult>>;
  leave: LeaveStormResult[];
} = {
  release: [],
  rollcall: [],
  current: [],
  pages: [],
  leave: [],
};
const BARE_LABEL = RELAY_WORK_US ? `bare relay (+${RELAY_WORK_US} µs per check-in)` : 'bare relay';
const TIMEOUT_MS = Math.max(30_000, N * 6);
const log = (line: string) => console.error(line);
/** What the one instance runs on (the CPU table's column and the result's name). */
const SINGLE_LABEL = `${args.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}${args.redis ? ' + Redis' : ''}`;

function openFileLimit(): number {
  try {
    const m = /Max open files\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
    return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return Infinity;
  }
}

/** The fleet storms: a table each, one row per run of the single instance. */
function stormSections(): string[] {
  const out: string[] = [];
  /** `answer`: what each point sends back, or, with `received`, the push that each point only receives. */
  const section = (runs: StormResult[], title: string, answer: string, received = false) => {
    if (!runs.length) return;
    const rows = runs.map((r, i) => [
      String(i + 1),
      String(r.points),
      ms(r.allAnsweredMs),
      `${ms(r.answerP50)} / ${ms(r.answerP99)}`,
      `${r.cpuPerAnswerMs.toFixed(3)} ms`,
      r.errors ? `${r.errors} (first: ${r.firstError ?? 'no answer'})` : '0',
    ]);
    const done = received ? 'received' : 'acked';
    out.push('', `${title} (from the action to each ${answer} ${done}; server CPU from the action to the last):`, '');
    out.push(table(['run', 'points', `all ${answer}s ${done}`, `${answer} p50 / p99`, `server CPU per ${answer}`, 'refused or unanswered'], rows));
  };
  section(storms.release, `Agenda release to ${N} points online, every point acknowledging it at once`, 'agenda:ack');
  section(storms.rollcall, `Roll call of ${N} points online, every point answering at once`, 'rollcall:answer');
  const ackCurrent = args['current-item'] === 'ack';
  section(
    storms.current,
    `The current agenda item marked with ${N} points online, ${ackCurrent ? 'every point acknowledging the agenda (as the page did before stop 29)' : 'every point receiving the agenda'}`,
    ackCurrent ? 'agenda:ack' : 'agenda',
    !ackCurrent,
  );
  if (storms.pages.length) {
    const rows = storms.pages.flatMap((run, i) =>
      Object.entries(run).map(([path, r]) => [
        String(i + 1),
        `GET ${path}`,
        String(r.requests),
        ms(r.allAnsweredMs),
        `${ms(r.pageP50)} / ${ms(r.pageP99)}`,
        `${r.cpuPerRequestMs.toFixed(3)} ms`,
        `${(r.cpuPerRequestMs / run['/api/auth/me'].cpuPerRequestMs).toFixed(2)}×`,
        r.errors ? `${r.errors} (first: ${r.firstError})` : '0',
      ]),
    );
    out.push('', `Every one of ${N} point pages asking the same at once over REST (128 at a time; server CPU per request, and against GET /api/auth/me):`, '');
    out.push(table(['run', 'each page asks', 'requests', 'all answered', 'page p50 / p99', 'server CPU per request', '/ floor', 'errors'], rows));
  }
  if (storms.leave.length) {
    out.push('', `Every one of ${N} point sockets closing at once (the board's counts; server CPU per point):`, '');
    out.push(
      table(
        ['run', 'none online', 'CPU per drop', 'all offline (grace included)', 'CPU per grace expiry'],
        storms.leave.map((r, i) => [
          String(i + 1),
          ms(r.allDroppedMs),
          `${r.cpuPerDropMs.toFixed(3)} ms`,
          ms(r.allOfflineMs),
          `${r.cpuPerExpiryMs.toFixed(3)} ms`,
        ]),
      ),
    );
  }
  return out;
}

function checkArgs(): void {
  if (!Number.isInteger(N) || N < 2 || N > 100_000) throw new Error('--points must be an integer from 2 to 100000');
  if (INSTANCES !== 1 && INSTANCES !== 2) throw new Error('--instances must be 1 or 2');
  if (CAP !== undefined && (!Number.isInteger(CAP) || CAP < 1)) throw new Error('--cap must be a whole number of points, 1 or more');
  if (args['current-item'] !== undefined && !['none', 'ack'].includes(args['current-item'])) throw new Error('--current-item must be none or ack');
  if (!Number.isInteger(RELAY_WORK_US) || RELAY_WORK_US < 0 || RELAY_WORK_US > 10_000) throw new Error('--relay-work-us must be an integer from 0 to 10000');
  if (args.nginx && INSTANCES !== 2) throw new Error('--nginx goes with --instances 2');
  if (args.redis && (INSTANCES !== 1 || args['restart-storm']))
    throw new Error('--redis goes with one instance (two always share Redis), not with --restart-storm');
  if (args['catch-up'] !== undefined && !args['restart-storm']) throw new Error('--catch-up goes with --restart-storm');
  if (args['catch-up'] !== undefined && !['state', 'reads'].includes(args['catch-up'])) throw new Error('--catch-up must be state or reads');
  if (args.nginx) findNginx();
  if (!Number.isInteger(BATCH) || BATCH < 1) throw new Error('--batch must be a positive integer');
  if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 20) throw new Error('--runs must be an integer from 1 to 20');
  if (args.database !== 'sqlite' && args.database !== 'postgres') throw new Error('--database must be sqlite or postgres');
  const need = N + 1024;
  const limit = openFileLimit();
  if (limit < need)
    throw new Error(`This run holds ${N} client sockets in this process and needs about ${need} file descriptors, but the limit is ${limit}.
Raise it first, e.g. \`ulimit -n 65536\` (up to the hard limit \`ulimit -Hn\`), then run again.`);
}

// ---- targets -----------------------------------------------------------------------------------

async function runBare(): Promise<HarnessResult> {
  const relay = await startBareRelay({ workUs: RELAY_WORK_US });
  try {
    const points: PointClientSpec[] = Array.from({ length: N }, (_, i) => ({ url: relay.url, token: `p${i}`, pointId: `p${i}` }));
    return await runHarness({
      name: BARE_LABEL,
      conferenceId: 'bench',
      board: { url: relay.url, token: 'board' },
      points,
      batch: BATCH,
      rss: () => relay.rss(),
      cpu: () => relay.cpu(),
      snapshotRuns: 0,
      heapSnapshot: () => relay.heapSnapshot(),
      phase: () => relay.phase(),
      timeoutMs: TIMEOUT_MS,
      log,
    });
  } finally {
    await relay.stop();
  }
}

/** Remarks printed below the table (e.g. an instance whose snapshot disagrees). */
const notes: string[] = [];

/** Per target, the times of the same snapshot read compressed (`Accept-Encoding: br`, as a browser asks). */
const brotliReads = new Map<string, number[]>();

/**
 * One full snapshot read over REST, uncompressed; its time in ms (the figure of the table and of the < 100 ms goal:
 * the server's cost, as measured before the snapshot was compressed). Then the same read as a browser makes it
 * (Brotli), kept for a note. Notes a snapshot that does not show every point online.
 */
async function snapshotTimer(api: ApiClient, conferenceId: string, expected: number, label: string): Promise<number> {
  const t0 = performance.now();
  const snap = await api.presence(conferenceId);
  const dt = performance.now() - t0;
  const t1 = performance.now();
  await api.presence(conferenceId, 'br');
  brotliReads.set(label, [...(brotliReads.get(label) ?? []), performance.now() - t1]);
  if (snap.points.length !== expected) throw new Error(`${label}: the snapshot holds ${snap.points.length} points, expected ${expected}`);
  if (snap.counts.online !== expected) {
    const note = `${label}: the snapshot shows ${snap.counts.online} of ${expected} points online after the board saw them all`;
    if (!notes.includes(note)) notes.push(note);
  }
  return dt;
}

async function runDiemcau(): Promise<HarnessResult> {
  const db = args.database === 'postgres' ? await createPostgresDatabase(args['pg-url']!) : undefined;
  const offInterrupt = onInterrupt(async () => db?.drop());
  const redis = args.redis ? await benchRedis() : undefined;
  const server = await startServer({ label: 'diemcau', databaseUrl: db?.url, ...(redis ? { redisUrl: redis.url, env: redis.env } : {}) });
  try {
    const api = new ApiClient(server.url);
    await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    const s0 = performance.now();
    const { conference, links } = await liveConferenceWithPoints(api, N, `B${randomBytes(3).toString('hex')}`, CAP);
    log(`  diemcau: ${N} points imported, invited, live, links issued in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
    const result = await runHarness({
      name: `Diemcau (1 instance, ${SINGLE_LABEL})`,
      conferenceId: conference.id,
      board: { url: server.url, token: api.token! },
      points: links.map((l) => ({ url: server.url, token: l.token, pointId: l.pointId })),
      batch: BATCH,
      rss: () => server.rss(),
      cpu: () => server.cpu(),
      snapshot: () => snapshotTimer(api, conference.id, N, 'Diemcau (1 instance)'),
      snapshotRuns: SNAPSHOT_RUNS,
      heapSnapshot: () => server.heapSnapshot(),
      phase: () => server.phase(),
      timeoutMs: TIMEOUT_MS,
      log,
      afterOnline: async (sockets) => {
        const fleet: Fleet = { api, conferenceId: conference.id, sockets, tokens: links.map((l) => l.token), cpu: () => server.cpu(), timeoutMs: TIMEOUT_MS };
        if (args['agenda-release']) storms.release.push(await releaseStorm(fleet));
        if (args.rollcall) storms.rollcall.push(await rollcallStorm(fleet));
        if (args['point-pages']) storms.pages.push(await pointPageStorms(fleet));
        if (args['current-item']) storms.current.push(await currentItemStorm(fleet, args['current-item'] === 'ack'));
        if (args.leave) storms.leave.push(await leaveStorm(fleet));
      },
    });
    return result;
  } finally {
    await server.stop();
    await db?.drop();
    await redis?.clean();
    offInterrupt();
  }
}

async function redisReachable(url: string): Promise<void> {
  const u = new URL(url);
  if (!(await canConnect(u.hostname, Number(u.port || 6379))))
    throw new Error(`--instances 2 needs Redis at ${url} (the instances share presence through it); nothing answers there.`);
}

/** Removes the keys the run left in Redis (every key under the run's own REDIS_PREFIX). */
async function cleanRedis(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...batch);
    for (let i = 0; i < keys.length; i += 500) await client.del(keys.slice(i, i + 500));
  } finally {
    await client.quit();
  }
}

/**
 * The run's Redis (`--redis-url`, checked first) with a key prefix of its own, which is also the Socket.IO adapter's
 * channel: nothing else on this Redis sees it or is seen. `clean` removes its keys (also on Ctrl-C).
 */
async function benchRedis(): Promise<{ url: string; env: { REDIS_PREFIX: string }; clean: () => Promise<void> }> {
  const url = args['redis-url']!;
  await redisReachable(url);
  const prefix = `diemcau-bench-${randomBytes(4).toString('hex')}:`;
  const offRedis = onInterrupt(() => cleanRedis(url, prefix));
  const clean = async () => {
    await cleanRedis(url, prefix).catch((e: unknown) => log(`could not clean Redis: ${String(e)}`));
    offRedis();
  };
  return { url, env: { REDIS_PREFIX: prefix }, clean };
}

async function runTwoInstances(): Promise<HarnessResult> {
  const redis = await benchRedis();
  const { url: redisUrl, env } = redis;
  const db = await createPostgresDatabase(args['pg-url']!);
  const offInterrupt = onInterrupt(async () => db.drop());
  const jwtSecret = randomBytes(24).toString('hex');
  const servers: RunningProcess[] = [];
  try {
    // One after the other: the first runs the migrations and creates the admin.
    servers.push(await startServer({ label: 'diemcau-a', databaseUrl: db.url, redisUrl, jwtSecret, env }));
    servers.push(await startServer({ label: 'diemcau-b', databaseUrl: db.url, redisUrl, jwtSecret, env }));
    const [a, b] = servers;
    // --nginx: every client (points and board) goes through nginx, which spreads the sockets over the instances.
    const lb = args.nginx ? await startNginx(servers, N + 50) : null;
    if (lb) {
      servers.unshift(lb); // stopped first
      log(`  nginx on ${lb.url} in front of ${a.url} and ${b.url}`);
    }
    const api = new ApiClient(a.url);
    await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    // N measured points plus one probe point checked in alone first.
    const { conference, links } = await liveConferenceWithPoints(api, N + 1, `M${randomBytes(3).toString('hex')}`, CAP);
    const points = links.map((l, i) => ({ url: lb ? lb.url : i % 2 === 0 ? a.url : b.url, token: l.token, pointId: l.pointId }));
    let snapshots = 0;
    const result = await runHarness({
      name: lb ? 'Diemcau (2 instances behind nginx, PostgreSQL + Redis)' : 'Diemcau (2 instances, PostgreSQL + Redis)',
      conferenceId: conference.id,
      board: { url: lb ? lb.url : a.url, token: api.token! },
      points,
      batch: BATCH,
      probe: {
        index: 1,
        timeoutMs: 5000,
        failure: async (ack) => {
          const probe = points[1].pointId;
          const stateOn = async (client: ApiClient) => {
            try {
              const snap = await client.presence(conference.id);
              return snap.points.find((p) => p.pointId === probe)?.state ?? 'missing';
            } catch (e) {
              return `error ${String(e)}`;
            }
          };
          return (
            `--instances 2: a point checked in on instance 2 (${b.url}) was not seen within 5 s by the board on instance 1 (${a.url}). ` +
            'The instances do not share presence (REDIS_URL support for several instances is missing or broken), so a two-instance figure cannot be measured. ' +
            `Check-in ack on instance 2: ${ack}; that point's state in the REST snapshot of instance 1: ${await stateOn(api)}, of instance 2: ${await stateOn(api.withBaseUrl(b.url))}.`
          );
        },
      },
      rss: () => a.rss() + b.rss(),
      cpu: () => a.cpu() + b.cpu(),
      phase: () => {
        a.phase();
        b.phase();
      },
      // Alternately from each instance: both must know every point is online.
      snapshot: () => {
        const onB = snapshots++ % 2 === 0;
        return snapshotTimer(onB ? api.withBaseUrl(b.url) : api, conference.id, N + 1, `Diemcau instance ${onB ? 2 : 1}`);
      },
      snapshotRuns: SNAPSHOT_RUNS,
      timeoutMs: TIMEOUT_MS,
      log,
    });
    log(`  2 instances: RSS ${mb(a.rss())} + ${mb(b.rss())}`);
    return result;
  } finally {
    for (const s of servers) await s.stop();
    await db.drop().catch((e: unknown) => log(`could not drop ${db.url}: ${String(e)}`));
    await redis.clean();
    offInterrupt();
  }
}

// ---- report ------------------------------------------------------------------------------------

function row(r: HarnessResult): string[] {
  return [
    r.name,
    String(r.points),
    ms(r.connectAllMs),
    ms(r.allOnlineMs),
    `${ms(r.boardP50)} / ${ms(r.boardP99)}`,
    `${ms(r.ackP50)} / ${ms(r.ackP99)}`,
    `${mb(r.rssConnectedBytes)} / ${mb(r.rssBytes)}`,
    cpuMs(r.cpuPerCheckinMs),
    ms(r.snapshotMs),
  ];
}

type Figure = (r: HarnessResult) => number;

/** CPU milliseconds, to the microsecond (a check-in costs a fraction of a millisecond). */
function cpuMs(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(3)} ms` : '—';
}

/**
 * Target ÷ floor for one figure. With several runs, the median of the per-run ratios (each run's pair ran back
 * to back, so slow swings of the machine's load cancel out); with one run, the plain ratio.
 */
function runRatio(target: HarnessResult[], floor: HarnessResult[], f: Figure): number {
  if (target.length > 1 && target.length === floor.length) {
    const v = target.map((t, i) => f(t) / f(floor[i])).filter(Number.isFinite);
    return v.length ? median(v) : NaN;
  }
  return target.length && floor.length ? f(medianResult(target)!) / f(medianResult(floor)!) : NaN;
}

function ratioRow(label: string, target: HarnessResult[], floor: HarnessResult[]): string[] {
  const x = (f: Figure) => {
    const v = runRatio(target, floor, f);
    return Number.isFinite(v) ? `${v.toFixed(2)}×` : '—';
  };
  return [
    target.length > 1 ? `${label} (median of per-run ratios)` : label,
    '',
    x((r) => r.connectAllMs),
    x((r) => r.allOnlineMs),
    `${x((r) => r.boardP50)} / ${x((r) => r.boardP99)}`,
    `${x((r) => r.ackP50)} / ${x((r) => r.ackP99)}`,
    `${x((r) => r.rssConnectedBytes)} / ${x((r) => r.rssBytes)}`,
    x((r) => r.cpuPerCheckinMs),
    '',
  ];
}

/** Each figure's median over the runs (one run: that run). Error counts are summed. */
function medianResult(rs: HarnessResult[]): HarnessResult | undefined {
  if (!rs.length) return undefined;
  const m = (f: (r: HarnessResult) => number) => {
    const v = rs.map(f).filter(Number.isFinite);
    return v.length ? median(v) : NaN;
  };
  return {
    name: rs.length > 1 ? `${rs[0].name}, median of ${rs.length}` : rs[0].name,
    points: rs[0].points,
    connectAllMs: m((r) => r.connectAllMs),
    allOnlineMs: m((r) => r.allOnlineMs),
    boardP50: m((r) => r.boardP50),
    boardP99: m((r) => r.boardP99),
    ackP50: m((r) => r.ackP50),
    ackP99: m((r) => r.ackP99),
    sendMs: m((r) => r.sendMs),
    firstAckMs: m((r) => r.firstAckMs),
    firstBoardMs: m((r) => r.firstBoardMs),
    rssConnectedBytes: m((r) => r.rssConnectedBytes),
    rssBytes: m((r) => r.rssBytes),
    cpuPerConnectMs: m((r) => r.cpuPerConnectMs),
    cpuPerCheckinMs: m((r) => r.cpuPerCheckinMs),
    snapshotMs: m((r) => r.snapshotMs),
    ackErrors: rs.reduce((a, r) => a + r.ackErrors, 0),
    firstAckError: rs.find((r) => r.firstAckError)?.firstAckError,
    missing: rs.reduce((a, r) => a + r.missing, 0),
    early: rs.reduce((a, r) => a + r.early, 0),
    drops: rs.reduce<Record<string, number>>((a, r) => {
      for (const [k, v] of Object.entries(r.drops)) a[k] = (a[k] ?? 0) + v;
      return a;
    }, {}),
  };
}

/**
 * Server CPU time (user + system) per check-in of the burst, one row per run and the medians: the figure that
 * does not depend on how busy the machine is. Ratios are per run (same run, back to back), then their median.
 */
function cpuSection(runs: Record<'bare' | 'single' | 'multi', HarnessResult[]>, singleLabel: string): string[] {
  return [
    ...cpuTable(runs, singleLabel, (r) => r.cpuPerCheckinMs, 'per check-in of the burst', true),
    '',
    ...cpuTable(runs, singleLabel, (r) => r.cpuPerConnectMs, 'per socket while the N point sockets connected (handshake and token check)', false),
  ];
}

function cpuTable(runs: Record<'bare' | 'single' | 'multi', HarnessResult[]>, singleLabel: string, fig: Figure, what: string, verdicts: boolean): string[] {
  const n = Math.max(runs.bare.length, runs.single.length, runs.multi.length);
  if (!n) return [];
  const ratio = (a?: HarnessResult, b?: HarnessResult) => (a && b && Number.isFinite(fig(a) / fig(b)) ? fig(a) / fig(b) : NaN);
  const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
  const hasMulti = runs.multi.length > 0;
  const head = [
    'run',
    BARE_LABEL,
    `1 instance (${singleLabel})`,
    ...(hasMulti ? ['2 instances (PostgreSQL + Redis)'] : []),
    '1 / bare',
    ...(hasMulti ? ['2 / 1'] : []),
  ];
  const rows: string[][] = [];
  const r1: number[] = [];
  const r2: number[] = [];
  for (let i = 0; i < n; i++) {
    const [b, s1, m] = [runs.bare[i], runs.single[i], runs.multi[i]];
    r1.push(ratio(s1, b));
    r2.push(ratio(m, s1));
    rows.push([
      String(i + 1),
      cpuMs(b ? fig(b) : NaN),
      cpuMs(s1 ? fig(s1) : NaN),
      ...(hasMulti ? [cpuMs(m ? fig(m) : NaN)] : []),
      x(r1[i]),
      ...(hasMulti ? [x(r2[i])] : []),
    ]);
  }
  const med = (v: number[]) => {
    const f = v.filter(Number.isFinite);
    return f.length ? median(f) : NaN;
  };
  if (n > 1)
    rows.push([
      'median',
      cpuMs(med(runs.bare.map(fig))),
      cpuMs(med(runs.single.map(fig))),
      ...(hasMulti ? [cpuMs(med(runs.multi.map(fig)))] : []),
      x(med(r1)),
      ...(hasMulti ? [x(med(r2))] : []),
    ]);
  const out = [`Server CPU time (user + system, from /proc/<pid>/stat) ${what}; two instances: both processes summed.`, '', table(head, rows), ''];
  if (verdicts && runs.single.length && runs.bare.length)
    out.push(verdict(`CPU per check-in, one instance (${singleLabel}) ≤ 2× the bare relay`, med(r1) <= 2, x(med(r1))));
  if (verdicts && hasMulti) out.push(verdict(`CPU per check-in, two instances together ≤ 1.3× one instance (${singleLabel})`, med(r2) <= 1.3, x(med(r2))));
  return out;
}

function verdict(label: string, ok: boolean, detail: string): string {
  return `- ${ok ? 'PASS' : 'FAIL'} ${label}: ${detail}`;
}

async function restartStorm(): Promise<void> {
  const started = new Date();
  log(
    `restart storm: ${N} points; ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const bare: RelayStormResult | undefined = args['skip-bare'] ? undefined : await runRelayRestartStorm(N, BATCH, TIMEOUT_MS, log);
  const r = await runRestartStorm(N, BATCH, TIMEOUT_MS, log, args['catch-up'] as CatchUpMode | undefined);
  const ratio = r.readyToAllOnlineMs / r.coldAllOnlineMs;
  const x = (v: number) => `${v.toFixed(2)}×`;
  const ackRow = (target: string, a: RelayStormResult) => [
    target,
    ms(a.coldAllAckedMs),
    ms(a.restartMs),
    ms(a.killToAllAckedMs),
    x(a.killToAllAckedMs / a.coldAllAckedMs),
  ];
  const ackRows = [ackRow('Diemcau (SQLite)', r)];
  if (bare) {
    ackRows.unshift(ackRow('bare relay', bare));
    ackRows.push([
      'ratio Diemcau / bare',
      x(r.coldAllAckedMs / bare.coldAllAckedMs),
      x(r.restartMs / bare.restartMs),
      x(r.killToAllAckedMs / bare.killToAllAckedMs),
      '',
    ]);
  }
  const out = [
    `### Restart storm: ${N} points online, server killed (SIGKILL) and restarted on the same SQLite database (\`npm run bench:presence -- ${process.argv.slice(2).join(' ')}\`)`,
    '',
    `${started.toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load before the run ${loadavg()[0].toFixed(2)}`,
    '',
    table(
      ['points', 'cold all online', 'kill → ready', 'ready → all online again', 'kill → all online again', '(ready → all online) / cold'],
      [[String(N), ms(r.coldAllOnlineMs), ms(r.restartMs), ms(r.readyToAllOnlineMs), ms(r.killToAllOnlineMs), x(ratio)]],
    ),
    '',
    "By the acks (every point's check-in acknowledged by the restarted process; the bare relay restarted the same way, its points reconnecting with the same back-off):",
    '',
    table(['target', 'cold: all acked', 'kill → ready', 'kill → all acked again', '(kill → all acked) / cold'], ackRows),
    '',
    `CPU from "ready" to every point online again: the server ${r.cpu.serverToAllOnline.toFixed(2)} s, this harness (the clients) ${r.cpu.harnessToAllOnline.toFixed(2)} s${r.cpu.serverToLastRead !== undefined ? `; the server to the last catch-up read ${r.cpu.serverToLastRead.toFixed(2)} s` : ''}.`,
    '',
    verdict('every point back online within 2× the cold all-online time (from the restarted server being ready)', ratio <= 2, x(ratio)),
    verdict('no point duplicated or missing in the REST snapshot', r.duplicates === 0 && r.missing === 0, `${r.duplicates} duplicated, ${r.missing} missing`),
    verdict(
      'each drop counted once (drops = 1 for every point)',
      r.dropsNotOne === 0,
      `${r.dropsNotOne} points otherwise${r.dropsExample ? ` (e.g. ${r.dropsExample})` : ''}`,
    ),
    verdict('the re-joined board equals the REST snapshot (state and drops of every point)', r.boardMismatches === 0, `${r.boardMismatches} points differ`),
    verdict('every point online in the REST snapshot', r.notOnline === 0, `${r.notOnline} not online`),
  ];
  if (r.catchUp)
    out.push(
      '',
      `The phones' catch-up (--catch-up ${r.catchUp.mode}: ${r.catchUp.mode === 'state' ? 'agenda:state, then the agenda and the releases over REST only if they changed' : 'the agenda and the releases over REST'}; each point at a random moment within ${CATCH_UP_SPREAD_MS / 1000} s of its re-check-in's ack):`,
      '',
      table(
        ['catch-ups done', 'failed', 'REST reads', 'catch-up p50 / p99', 'kill → last catch-up done'],
        [
          [
            String(r.catchUp.done),
            `${r.catchUp.errors}${r.catchUp.firstError ? ` (${r.catchUp.firstError})` : ''}`,
            String(r.catchUp.reads),
            `${ms(r.catchUp.p50)} / ${ms(r.catchUp.p99)}`,
            ms(r.catchUp.killToAllDoneMs),
          ],
        ],
      ),
      '',
      verdict('every catch-up done', r.catchUp.errors === 0, `${r.catchUp.errors} failed`),
    );
  console.log(`\n${out.join('\n')}\n`);
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `restart-storm-${started.toISOString().replace(/[:.]/g, '-')}.json`),
    JSON.stringify({ startedAt: started.toISOString(), argv: process.argv.slice(2), result: r, bare }, null, 2),
  );
  if (ratio > 2 || r.duplicates || r.missing || r.dropsNotOne || r.boardMismatches || r.notOnline || r.catchUp?.errors) process.exitCode = 1;
}

async function main(): Promise<void> {
  checkArgs();
  if (args['restart-storm']) return restartStorm();
  const started = new Date();
  log(
    `presence benchmark: ${N} points, ${INSTANCES} instance(s), batches of ${BATCH}; ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const failures: string[] = [];
  const runs: Record<'bare' | 'single' | 'multi', HarnessResult[]> = { bare: [], single: [], multi: [] };
  /** Runs one target; a failure is reported beside the figures of the others. */
  const attempt = async (key: keyof typeof runs, label: string, fn: () => Promise<HarnessResult>): Promise<boolean> => {
    log(`${label}…`);
    try {
      runs[key].push(await fn());
      return true;
    } catch (e) {
      const msg = `${label}: ${e instanceof Error ? e.message : String(e)}`;
      log(msg);
      failures.push(msg);
      return false;
    }
  };
  // The targets take turns, so a burst of load from elsewhere on a shared machine hits both alike.
  for (let run = 1; run <= RUNS; run++) {
    if (RUNS > 1) log(`run ${run} of ${RUNS}`);
    if (!args['skip-bare']) await attempt('bare', 'bare Socket.IO relay', runBare);
    const ok = await attempt('single', 'Diemcau, one instance', runDiemcau);
    if (INSTANCES === 2 && ok && !(await attempt('multi', 'Diemcau, two instances', runTwoInstances))) break;
    if (!ok) break;
  }
  const bare = medianResult(runs.bare);
  const single = medianResult(runs.single);
  const multi = medianResult(runs.multi);
  const results = [bare, single, multi].filter((r): r is HarnessResult => !!r);

  const rows = results.map(row);
  if (bare && single) rows.push(ratioRow('ratio Diemcau 1 / bare', runs.single, runs.bare));
  if (bare && multi) rows.push(ratioRow('ratio Diemcau 2 / bare', runs.multi, runs.bare.slice(0, runs.multi.length)));
  const out: string[] = [];
  out.push(`### Presence: ${N} points checking in at once (\`npm run bench:presence -- ${process.argv.slice(2).join(' ')}\`)`);
  out.push('');
  out.push(
    `${started.toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load before the run ${loadavg()[0].toFixed(2)}`,
  );
  out.push('');
  if (rows.length)
    out.push(
      table(
        [
          'target',
          'points',
          'connect all',
          'all online',
          'board p50 / p99',
          'ack p50 / p99',
          'server RSS connected / online',
          'server CPU per check-in',
          'snapshot',
        ],
        rows,
      ),
      '',
    );
  for (const f of failures) out.push(`- FAILED ${f}`);
  for (const n of notes) out.push(`- NOTE ${n}`);
  for (const [label, times] of brotliReads)
    out.push(`- NOTE ${label}: the snapshot read with Accept-Encoding: br (as a browser asks), median ${ms(median(times))}`);
  for (const r of results)
    out.push(
      `- ${r.name}: the harness sent the ${r.points} check-ins in ${ms(r.sendMs)}; first ack after ${ms(r.firstAckMs)}, first board change after ${ms(r.firstBoardMs)}`,
    );
  for (const r of results) {
    const dropped = Object.entries(r.drops)
      .map(([k, v]) => `${v} × ${k}`)
      .join(', ');
    if (r.ackErrors || r.missing || r.early || dropped)
      out.push(
        `- ${r.name}: ${r.ackErrors} check-ins refused or unanswered${r.firstAckError ? ` (first: ${r.firstAckError})` : ''}, ${r.missing} never seen online by the board, ` +
          `${r.early} board changes before the check-in was sent, point sockets dropped during the run: ${dropped || 'none'}`,
      );
  }
  if (bare && single) {
    const r = (f: Figure) => runRatio(runs.single, runs.bare, f);
    const fmt = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
    out.push(verdict('all-online time within 2× of the bare relay', r((x) => x.allOnlineMs) <= 2, fmt(r((x) => x.allOnlineMs))));
    out.push(verdict('board p99 within 2× of the bare relay', r((x) => x.boardP99) <= 2, fmt(r((x) => x.boardP99))));
    out.push(verdict('server RSS below 2× the bare relay', r((x) => x.rssBytes) < 2, fmt(r((x) => x.rssBytes))));
  }
  if (single) out.push(verdict(`snapshot of ${N} points under 100 ms`, single.snapshotMs < 100, ms(single.snapshotMs)));
  out.push('', ...cpuSection(runs, SINGLE_LABEL));
  const stormed = stormSections();
  const text = (CPU_ONLY ? [out[0], '', ...failures.map((f) => `- FAILED ${f}`), ...cpuSection(runs, SINGLE_LABEL), ...stormed] : [...out, ...stormed]).join(
    '\n',
  );
  console.log(`\n${text}\n`);

  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `presence-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { startedAt: started.toISOString(), argv: process.argv.slice(2), points: N, instances: INSTANCES, results, runs, storms, failures },
      null,
      2,
    ),
  );
  log(`results saved to ${file}`);
  if (failures.length) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(`\npresence benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
