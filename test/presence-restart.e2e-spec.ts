import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ask, checkedIn, closeAllSockets, liveConference, sleep, waitFor } from './helpers/live-client';
import { freshDatabaseEnv, TestApp } from './helpers/test-app';

/**
 * The server as operators run it (the compiled build, a child process), killed with SIGKILL and started
 * again on the same database: what was acked is in the event log, and the points that were online come
 * back `unstable`, then `offline` after the grace, unless their client checks in again.
 */

const GRACE_MS = 2000;
const ROOT = process.cwd();

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

interface Server {
  child: ChildProcess;
  t: TestApp;
  log: () => string;
}

describe('presence across a server restart (child process, SIGKILL)', () => {
  let buildDir: string;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  const children = new Set<ChildProcess>();

  /** Starts the compiled server on the test database; resolves when /api/health answers. */
  async function start(): Promise<Server> {
    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, [join(buildDir, 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port), PRESENCE_GRACE_MS: String(GRACE_MS), NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', () => children.delete(child));
    const url = `http://127.0.0.1:${port}`;
    const t = { url, http: () => request(url), env, app: undefined, close: async () => undefined } as unknown as TestApp;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output}`);
        return (await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false)) as boolean;
      },
      90_000,
      200,
    );
    return { child, t, log: () => output };
  }

  function kill(s: Server): Promise<void> {
    return new Promise((resolve) => {
      if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
      s.child.once('exit', () => resolve());
      s.child.kill('SIGKILL');
    });
  }

  beforeAll(async () => {
    // Build into a folder of its own: another build of dist/ may be running at the same time.
    buildDir = mkdtempSync(join(tmpdir(), 'diemcau-build-'));
    await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir]);
    ({ env, cleanup } = await freshDatabaseEnv());
  }, 300_000);

  afterAll(async () => {
    closeAllSockets();
    for (const child of children) child.kill('SIGKILL');
    await sleep(200);
    await cleanup?.();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it('keeps every acked check-in; points that were online come back unstable, then offline unless they check in again', async () => {
    const first = await start();
    const c = await liveConference(first.t, ['district', 'district', 'commune']);
    const cid = c.conference.id;
    const [stays, returns, never] = c.points;
    await checkedIn(first.t, c.links.get(stays.id)!, cid);
    const returning = await checkedIn(first.t, c.links.get(returns.id)!, cid);
    expect(await ask(returning, 'status', { conferenceId: cid, audio: 'ok', video: 'fail' })).toEqual({ ok: true });
    await kill(first); // right after the acks: nothing more is written
    closeAllSockets();

    const second = await start();
    const operator = c.organizer;
    const events = async (pointId: string) => {
      const res = await second.t.http().get(`/api/conferences/${cid}/presence/events?pointId=${pointId}`).set('Authorization', operator).expect(200);
      return res.body as Array<{ type: string; detail: Record<string, unknown> | null }>;
    };
    const entry = async (pointId: string) => {
      const res = await second.t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', operator).expect(200);
      return (res.body.points as Array<Record<string, unknown>>).find((p) => p.pointId === pointId)!;
    };

    // The acked events survived the kill.
    expect((await events(stays.id)).map((e) => e.type)).toEqual(['checkin']);
    expect((await events(returns.id)).map((e) => e.type)).toEqual(['checkin', 'status']);

    // First use after the restart rebuilds live state: online points are unstable, their drop counted and logged.
    expect(await entry(stays.id)).toMatchObject({ state: 'unstable', connections: 0, drops: 1 });
    expect(await entry(returns.id)).toMatchObject({ state: 'unstable', drops: 1, audio: 'ok', video: 'fail' });
    expect(await entry(never.id)).toMatchObject({ state: 'absent', drops: 0 });
    expect((await events(stays.id)).map((e) => [e.type, e.detail?.reason ?? null])).toEqual([['checkin', null], ['disconnect', 'server_restart']]);

    // The client protocol: re-send checkin on reconnect (same link token, new process) keeps the entry.
    const back = await checkedIn(second.t, c.links.get(returns.id)!, cid);
    expect(back.connected).toBe(true);
    expect(await entry(returns.id)).toMatchObject({ state: 'online', drops: 1, connections: 1 });

    await waitFor(async () => (await entry(stays.id)).state === 'offline', GRACE_MS * 4, 100);
    expect(await entry(stays.id)).toMatchObject({ drops: 1 });
    expect(await entry(returns.id)).toMatchObject({ state: 'online' });
    expect((await events(stays.id)).map((e) => e.type)).toEqual(['checkin', 'disconnect', 'lost']);
    expect((await events(returns.id)).map((e) => e.type)).toEqual(['checkin', 'status', 'disconnect', 'connect']);
    await kill(second);
  }, 180_000);
});
