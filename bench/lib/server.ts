/**
 * Starts the real, built server (`node dist/src/main.js`) as a child process on a throw-away database,
 * exactly as an operator would (environment variables only), and stops it again.
 * Benchmarks talk to it through its public interface only.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFreshPostgres, type FreshPostgres } from '../../src/database/fresh-postgres';

/** The build this file belongs to (it runs from <build>/bench/lib/): the server started is the same build. */
const BUILD_ROOT = resolve(__dirname, '..', '..');
/** Project root (the build folder sits directly in it): working directory of the children, results folder. */
export const PROJECT_ROOT = resolve(BUILD_ROOT, '..');
export const SERVER_ENTRY = join(BUILD_ROOT, 'src', 'main.js');
export const BARE_RELAY_ENTRY = join(BUILD_ROOT, 'bench', 'bare-relay.js');
const PARENT_WATCH = join(__dirname, 'parent-watch.js');

export const BENCH_ADMIN = { username: 'benchadmin', password: 'bench-admin-password-1' };

export interface RunningProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  pid: number;
  /** Resident set size of the process now, in bytes (VmRSS from /proc/<pid>/status). */
  rss(): number;
  /** CPU time the process has used so far (user + system), in seconds (from /proc/<pid>/stat). */
  cpu(): number;
  /** The last lines the process wrote (stdout and stderr). */
  logTail(lines?: number): string;
  /**
   * With `BENCH_HEAP_SNAPSHOT_DIR` set (the server then starts with `--heapsnapshot-signal=SIGWINCH`): writes a heap
   * snapshot of the process into that folder and resolves with its path once written; otherwise resolves undefined.
   */
  heapSnapshot(): Promise<string | undefined>;
  /** With `BENCH_ALLOC_PROFILE_DIR` set: asks the process to write its allocation profile so far (bench/lib/alloc-profile.ts). */
  phase(): void;
  /** Sends SIGKILL (a crash: no shutdown hook runs) and resolves once the process has exited; `stop()` still cleans up. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after a grace period; removes the temporary folder. Idempotent. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Shown in error messages. */
  label?: string;
  /** `postgres://…` to use that database; default a fresh SQLite file in the temporary folder. */
  databaseUrl?: string;
  redisUrl?: string;
  /** Shared by several instances so that a token from one is valid on the other. */
  jwtSecret?: string;
  /** Extra environment (wins over the defaults). */
  env?: Record<string, string>;
  /** Listen on this port (default a free one): a restart on the same port lets clients reconnect to it. */
  port?: number;
  /** Start-up timeout (default 90 s: the first start runs the migrations). */
  startTimeoutMs?: number;
  /** The child exits by itself after this many seconds whatever happens (default 1 hour). */
  maxLifetimeSeconds?: number;
}

const running = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void>>();
let exitHooksInstalled = false;

/** Runs `fn` if the benchmark is interrupted (Ctrl-C); returns a function that unregisters it. */
export function onInterrupt(fn: () => Promise<void>): () => void {
  installExitHooks();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Kills every child still running when the benchmark process ends, however it ends. */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the processes this benchmark started…`);
      for (const child of running) child.kill('SIGKILL');
      const all = Promise.allSettled([...cleanups].map((fn) => fn()));
      void Promise.race([all, new Promise((r) => setTimeout(r, 5000))]).then(() => process.exit(130));
    });
  }
}

/** A TCP port free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** True when something accepts TCP connections on host:port within the timeout. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const s = new Socket();
    const finish = (ok: boolean) => {
      s.destroy();
      done(ok);
    };
    s.setTimeout(timeoutMs, () => finish(false));
    s.once('error', () => finish(false));
    s.connect(port, host, () => finish(true));
  });
}

export function readRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

let clockTicks: number | undefined;
/** Clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`, 100 on every common Linux). */
function clkTck(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * CPU time used by the process so far, user + system, in seconds (utime and stime of /proc/<pid>/stat).
 * Unlike wall-clock times this does not grow when other jobs share the machine, so it is the figure to compare.
 */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it start behind the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 (utime) and 15 (stime) of the whole line are 12 and 13 after the name and state.
    return (Number(fields[11]) + Number(fields[12])) / clkTck();
  } catch {
    return NaN;
  }
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface SpawnOptions {
  label: string;
  script: string;
  args?: string[];
  /** Options for node itself, before the script (e.g. --cpu-prof). */
  nodeArgs?: string[];
  env: Record<string, string>;
  dir: string;
  port: number;
  /** Resolves when the process is ready; rejects with a reason. */
  ready: (url: string) => Promise<void>;
  startTimeoutMs: number;
  maxLifetimeSeconds: number;
  cleanup?: () => Promise<void>;
}

/** Spawns a Node script with the parent watch preloaded, output to a log file, and waits until ready. */
export async function spawnNode(o: SpawnOptions): Promise<RunningProcess> {
  installExitHooks();
  const logPath = join(o.dir, `${o.label.replace(/[^A-Za-z0-9_-]/g, '_')}.log`);
  const logFd = openSync(logPath, 'a');
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), '-r', PARENT_WATCH, o.script, ...(o.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? o.dir,
      BENCH_MAX_LIFETIME_S: String(o.maxLifetimeSeconds),
      ...(process.env.BENCH_KEEP_LOGS === '1' ? {} : { BENCH_TMP_DIR: o.dir }),
      ...(ALLOC_PROFILE_DIR ? { BENCH_ALLOC_PROFILE_DIR: resolve(ALLOC_PROFILE_DIR) } : {}),
      ...o.env,
    },
    // Output goes straight to a file: the benchmark's own event loop never relays it.
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  running.add(child);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      r();
    }),
  );
  const url = `http://127.0.0.1:${o.port}`;
  let stopped = false;
  let unregister = () => {};
  const proc: RunningProcess = {
    url,
    port: o.port,
    pid: child.pid ?? -1,
    rss: () => readRss(child.pid ?? -1),
    cpu: () => readCpuSeconds(child.pid ?? -1),
    logTail: (lines = 40) => tail(logPath, lines),
    heapSnapshot: () => writeHeapSnapshot(child),
    phase: () => {
      if (ALLOC_PROFILE_DIR && !exited) child.kill('SIGPWR');
    },
    kill: async () => {
      if (!exited) {
        child.kill('SIGKILL');
        await exitPromise;
      }
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      unregister();
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exitPromise;
        clearTimeout(t);
      }
      await o.cleanup?.().catch((e: unknown) => console.error(`[${o.label}] cleanup failed: ${String(e)}`));
      if (process.env.BENCH_KEEP_LOGS !== '1') rmSync(o.dir, { recursive: true, force: true });
      else console.error(`[${o.label}] logs kept in ${o.dir}`);
    },
  };

  unregister = onInterrupt(() => proc.stop());

  const deadline = Date.now() + o.startTimeoutMs;
  const failStart = async (why: string): Promise<never> => {
    const log = proc.logTail(60);
    await proc.stop();
    throw new Error(`${o.label} did not start (${why}). Last output:\n${log}`);
  };
  for (;;) {
    if (exited) return failStart(`exited with code ${exited.code ?? exited.signal}`);
    if (Date.now() > deadline) return failStart(`not ready after ${o.startTimeoutMs} ms`);
    try {
      await o.ready(url);
      return proc;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

const HEAP_SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT_DIR;
const ALLOC_PROFILE_DIR = process.env.BENCH_ALLOC_PROFILE_DIR;

/**
 * Extra `node` options from an environment variable, split on spaces: `BENCH_SERVER_NODE_ARGS` for the server,
 * `BENCH_RELAY_NODE_ARGS` for the bare relay (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile under load).
 */
export function nodeArgsFrom(variable: 'BENCH_SERVER_NODE_ARGS' | 'BENCH_RELAY_NODE_ARGS'): string[] {
  return process.env[variable]?.split(/\s+/).filter(Boolean) ?? [];
}

/**
 * Node options for the memory diagnostics the environment asks for (none by default): BENCH_ALLOC_PROFILE_DIR preloads
 * the allocation profiler that `phase()` cuts; BENCH_HEAP_SNAPSHOT_DIR lets `heapSnapshot()` ask for a heap snapshot.
 */
function memoryDiagnosticArgs(): string[] {
  const args: string[] = [];
  if (ALLOC_PROFILE_DIR) {
    mkdirSync(ALLOC_PROFILE_DIR, { recursive: true });
    args.push('-r', join(__dirname, 'alloc-profile.js'));
  }
  if (HEAP_SNAPSHOT_DIR) {
    mkdirSync(HEAP_SNAPSHOT_DIR, { recursive: true });
    args.push('--heapsnapshot-signal=SIGWINCH', `--diagnostic-dir=${resolve(HEAP_SNAPSHOT_DIR)}`);
  }
  return args;
}

/** Signals the child to write a heap snapshot and waits until the new file stops growing (Node writes it in one go). */
async function writeHeapSnapshot(child: ChildProcess): Promise<string | undefined> {
  if (!HEAP_SNAPSHOT_DIR) return undefined;
  const dir = resolve(HEAP_SNAPSHOT_DIR);
  const before = new Set(readdirSync(dir));
  child.kill('SIGWINCH');
  let size = -1;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 1000));
    const name = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!name) continue;
    const now = statSync(join(dir, name)).size;
    if (now > 0 && now === size) return join(dir, name);
    size = now;
  }
  throw new Error(`no heap snapshot appeared in ${dir} within 120 s`);
}

/**
 * Starts the bare relay (`bench/bare-relay.ts`, the floor Diemcau is compared against) on `port` (default a free one)
 * and waits until it answers `GET /health`. `workUs`: CPU it spends on every check-in before the ack (default none).
 */
export async function startBareRelay({ port, workUs = 0 }: { port?: number; workUs?: number } = {}): Promise<RunningProcess> {
  const p = port ?? (await freePort());
  return spawnNode({
    label: 'bare-relay',
    script: BARE_RELAY_ENTRY,
    nodeArgs: [...nodeArgsFrom('BENCH_RELAY_NODE_ARGS'), ...memoryDiagnosticArgs()],
    env: { PORT: String(p), NODE_ENV: 'production', RELAY_WORK_US: String(workUs) },
    dir: mkdtempSync(join(tmpdir(), 'diemcau-bench-relay-')),
    port: p,
    startTimeoutMs: 20_000,
    maxLifetimeSeconds: 3600,
    ready: async (url) => {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status !== 200) throw new Error(String(res.status));
    },
  });
}

/** Creates a fresh PostgreSQL database on the server `baseUrl` names; `drop()` removes it. */
export async function createPostgresDatabase(baseUrl: string): Promise<FreshPostgres> {
  try {
    return await createFreshPostgres(baseUrl, 'diemcau_bench');
  } catch (e) {
    throw new Error(`${(e as Error).message} Start it or pass another --pg-url.`, { cause: e });
  }
}

/**
 * Starts `node dist/src/main.js` on a free loopback port with a temporary data folder, SEED_DEMO=false and
 * the bench admin, and waits until `GET /api/health` answers 200.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningProcess> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build:server\` first.`);
  const label = opts.label ?? 'diemcau';
  const dir = mkdtempSync(join(tmpdir(), 'diemcau-bench-'));
  const port = opts.port ?? (await freePort());
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl ?? `sqlite:${join(dir, 'bench.sqlite')}`,
    DATA_DIR: dir,
    SEED_DEMO: 'false',
    ADMIN_USERNAME: BENCH_ADMIN.username,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    JWT_SECRET: opts.jwtSecret ?? randomBytes(24).toString('hex'),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    ...opts.env,
  };
  return spawnNode({
    label,
    script: SERVER_ENTRY,
    nodeArgs: [...nodeArgsFrom('BENCH_SERVER_NODE_ARGS'), ...memoryDiagnosticArgs()],
    env,
    dir,
    port,
    startTimeoutMs: opts.startTimeoutMs ?? 90_000,
    maxLifetimeSeconds: opts.maxLifetimeSeconds ?? 3600,
    ready: async (url) => {
      // 10 s: a server restarted under thousands of reconnecting sockets answers slowly, but it answers.
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      if (res.status !== 200) throw new Error(`health ${res.status}`);
    },
  });
}
