import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { closeAllSockets, sleep, waitFor } from './live-client';
import type { TestApp } from './test-app';

/**
 * The server as operators run it: the compiled build started as a child process (`node <build>/src/main.js`),
 * for tests that kill it (SIGKILL, SIGTERM) or run several instances.
 */

const ROOT = process.cwd();

export function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A compiled server in a folder of its own; `remove()` deletes the folder. */
export interface ServerBuild {
  dir: string;
  remove: () => void;
}

/**
 * Compiles the server into a folder of its own (another build of dist/ may be running at the same time), inside the
 * project's `node_modules/.cache` so that the build finds its packages as `dist/` does: by walking up to
 * `node_modules`. (`NODE_PATH` serves `require` only; the modules loaded on first use with `import()`, such as
 * exceljs and date-holidays, are not found from a folder in /tmp.)
 */
export async function buildServer(): Promise<ServerBuild> {
  const parent = join(ROOT, 'node_modules', '.cache');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'diemcau-build-'));
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', dir]);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ServerProcess {
  child: ChildProcess;
  /** Enough of a TestApp for the live-client helpers (url, http(), env). */
  t: TestApp;
  log: () => string;
  /** Sends the signal and resolves when the process has exited. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

const children = new Set<ChildProcess>();

/**
 * Starts the compiled server with this environment (on top of the test process's own, minus the names in
 * `unset`) on a free port; resolves when `/api/health` answers 200.
 */
export async function startServer(buildDir: string, env: Record<string, string>, unset: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  let output = '';
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, PORT: String(port), NODE_PATH: join(ROOT, 'node_modules') };
  for (const name of unset) delete childEnv[name];
  const child = spawn(process.execPath, [join(buildDir, 'src', 'main.js')], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  child.on('exit', () => children.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const t = { url, http: () => request(url), env, app: undefined, close: async () => undefined } as unknown as TestApp;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output}`);
      return (await fetch(`${url}/api/health`)
        .then((r) => r.ok)
        .catch(() => false)) as boolean;
    },
    90_000,
    200,
  );
  const stop = (signal: NodeJS.Signals = 'SIGKILL') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { child, t, log: () => output, stop };
}

/** SIGKILLs every server this file started that is still running (afterAll). */
function killAllServers(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/**
 * The afterAll of a file that starts compiled servers: closes the sockets its clients opened, SIGKILLs its servers,
 * gives them a moment to let go of the database, then runs the clean-ups in the order given (databases, stubs) and
 * removes the build. Undefined entries (a beforeAll that failed half-way) are passed over.
 */
export async function tearDownServers(build: ServerBuild | undefined, ...cleanups: Array<(() => Promise<void> | void) | undefined>): Promise<void> {
  closeAllSockets();
  killAllServers();
  await sleep(200);
  for (const cleanup of cleanups) await cleanup?.();
  build?.remove();
}
