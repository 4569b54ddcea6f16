import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { ask, checkedIn, connectLive, liveConference, type LiveConference, roleToken, sleep, waitFor } from '../helpers/live-client';
import { buildServer, freePort, run, type ServerBuild, type ServerProcess, startServer, tearDownServers } from '../helpers/server-process';
import { freshDatabaseEnv } from '../helpers/test-app';

/**
 * Fault drills, on compiled instances (child processes):
 * - two instances on one PostgreSQL and a Redis of this test's own (`redis-server` on a free port, nothing kept on
 *   disk): Redis stopped and started again during a broadcast, then flushed. No instance crashes, presence recovers
 *   (points that check in again are online on both instances), and every event acknowledged `ok` is in the event log;
 * - one instance on SQLite while another process holds the database's write lock: health and sockets keep answering,
 *   the check-in sent meanwhile is acknowledged once the lock is released.
 * Needs REDIS_URL (a Redis is installed) and a postgres:// DATABASE_URL (the CI PostgreSQL + Redis pass); skipped
 * with the reason otherwise. The shared Redis and PostgreSQL servers are never stopped.
 * - one instance on a PostgreSQL cluster of this test's own (initdb + pg_ctl in a temporary folder, on a free port; as
 *   the `postgres` user when the test runs as root), restarted during a burst of events: no crash, every ack comes
 *   (ok, or an error), and every event acknowledged `ok` is in the event log once the database is back.
 */
jest.setTimeout(300_000);

const postgres = /^postgres/.test(process.env.DATABASE_URL ?? '');
const why = [!process.env.REDIS_URL && 'REDIS_URL is not set', !postgres && 'DATABASE_URL is not a postgres:// URL'].filter(Boolean).join(' and ');
if (why) console.warn(`test/drills/faults.e2e-spec.ts skipped: ${why} (the fault drills run in the PostgreSQL + Redis pass).`);
const describeFaults = why ? describe.skip : describe;

/** A redis-server of this test's own (never the shared one), on a free port, keeping nothing on disk. */
class OwnRedis {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(
      () =>
        run('redis-cli', ['-p', String(this.port), 'ping']).then(
          () => true,
          () => false,
        ),
      10_000,
      100,
    );
  }
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
  flush(): Promise<void> {
    return run('redis-cli', ['-p', String(this.port), 'FLUSHALL']);
  }
}

/** A PostgreSQL cluster of this test's own (never the shared server), in a temporary folder, on a free port. */
class OwnPostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'diemcau-pg-'));
  private readonly bin: string;
  constructor(readonly port: number) {
    const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort() : [];
    this.bin = join('/usr/lib/postgresql', versions[versions.length - 1] ?? '', 'bin');
    if (userInfo().uid === 0)
      chownSync(this.dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  }
  static available(): boolean {
    return existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')));
  }
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  /** Runs a PostgreSQL program (as the postgres user when this test runs as root: initdb refuses root). */
  private pg(program: string, args: string[]): void {
    const cmd = [join(this.bin, program), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    if (userInfo().uid === 0) execFileSync('su', ['postgres', '-c', cmd], { stdio: 'ignore' });
    else execFileSync('sh', ['-c', cmd], { stdio: 'ignore' });
  }
  init(): void {
    this.pg('initdb', ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres']);
  }
  start(): void {
    this.pg('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      '-l',
      join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }
  restart(): void {
    this.pg('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'restart']);
  }
  destroy(): void {
    try {
      this.pg('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', 'stop']);
    } catch {
      // not running
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A point page as the README asks: it checks in again on every (re)connection, and keeps its socket reconnecting. */
function pointPage(url: string, token: string, conferenceId: string): Socket {
  const s = io(`${url}/live`, {
    transports: ['websocket'],
    forceNew: true,
    auth: { token },
    reconnection: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
  });
  s.on('connect', () => s.emit('checkin', { conferenceId }, () => undefined));
  // A server that closes the socket itself (it lost its state) expects the page to come back: Socket.IO does not
  // reconnect on its own after `io server disconnect`.
  s.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') setTimeout(() => s.connect(), 300);
  });
  return s;
}

describeFaults('fault drills (compiled instances)', () => {
  let build: ServerBuild | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(() => tearDownServers(build, ...cleanups.reverse()));
  beforeAll(async () => {
    build = await buildServer();
  }, 300_000);

  describe('two instances, and a Redis of their own that stops, restarts and loses its data', () => {
    let redis: OwnRedis;
    let a: ServerProcess;
    let b: ServerProcess;
    let c: LiveConference;
    let cid: string;
    const pages: Socket[] = [];

    beforeAll(async () => {
      redis = new OwnRedis(await freePort());
      await redis.start();
      cleanups.push(() => redis.stop());
      const { env, cleanup } = await freshDatabaseEnv({
        REDIS_URL: redis.url,
        REDIS_PREFIX: `faults-${randomBytes(4).toString('hex')}:`,
        PRESENCE_GRACE_MS: '60000',
        DB_POOL_SIZE: '4',
      });
      cleanups.push(cleanup);
      a = await startServer(build!.dir, env);
      b = await startServer(build!.dir, env);
      c = await liveConference(a.t, ['district', 'district', 'commune', 'enterprise']);
      cid = c.conference.id;
      c.points.forEach((p, i) => pages.push(pointPage((i % 2 ? b : a).t.url, c.links.get(p.id)!, cid)));
      await allOnline();
    });
    afterAll(() => pages.forEach((s) => s.close()));

    const snapshot = async (s: ServerProcess) =>
      (await s.t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', c.organizer)).body as {
        points: Array<{ pointId: string; state: string }>;
      };
    /** Both instances show every point online (their pages checked in again on their own). */
    const allOnline = async () => {
      let seen: unknown = null;
      try {
        await waitFor(
          async () => {
            const states = [];
            for (const s of [a, b]) {
              const snap = await snapshot(s).catch((e: Error) => ({ error: e.message, points: undefined }));
              states.push(snap.points ? c.points.map((p) => snap.points!.find((e) => e.pointId === p.id)?.state) : snap);
            }
            seen = { states, connected: pages.map((p) => p.connected) };
            return states.every((st) => Array.isArray(st) && st.every((x) => x === 'online')) || null;
          },
          60_000,
          250,
        );
      } catch (e) {
        throw new Error(`${(e as Error).message}; last seen ${JSON.stringify(seen)}\nA: ${a.log().slice(-3000)}\nB: ${b.log().slice(-3000)}`, { cause: e });
      }
    };
    const alive = () => expect([a.child.exitCode, a.child.signalCode, b.child.exitCode, b.child.signalCode]).toEqual([null, null, null, null]);

    /** Every point sends `status` with a note of its own every 150 ms until stopped; returns the notes acknowledged ok. */
    function broadcast(): { stop: () => Promise<Map<string, string[]>> } {
      const acked = new Map<string, string[]>(c.points.map((p) => [p.id, []]));
      let running = true;
      let n = 0;
      const loops = c.points.map(async (p, i) => {
        while (running) {
          const note = `drill-${i}-${n++}`;
          const s = pages[i];
          if (s.connected) {
            const ack = await ask(s as never, 'status', { conferenceId: cid, audio: 'ok', video: 'ok', note }, 20_000).catch(() => null);
            if (ack?.ok) acked.get(p.id)!.push(note);
          }
          await sleep(150);
        }
      });
      return {
        stop: async () => {
          running = false;
          await Promise.all(loops);
          return acked;
        },
      };
    }

    /** Every acknowledged note is a `status` line of that point's event log. */
    async function expectLogged(acked: Map<string, string[]>): Promise<void> {
      for (const [pointId, notes] of acked) {
        const log = await a.t.http().get(`/api/conferences/${cid}/presence/events?pointId=${pointId}&limit=5000`).set('Authorization', c.organizer).expect(200);
        const logged = new Set(
          (log.body as Array<{ type: string; detail: { note?: string } | null }>).filter((e) => e.type === 'status').map((e) => e.detail?.note),
        );
        expect([pointId, notes.filter((n) => !logged.has(n))]).toEqual([pointId, []]);
      }
    }

    it('Redis stopped and started again during a broadcast: no crash, presence recovers, no acknowledged event lost', async () => {
      const load = broadcast();
      await sleep(1_000);
      await redis.stop();
      await sleep(3_000);
      alive();
      for (const s of [a, b]) expect((await s.t.http().get('/api/health')).status).toBeLessThan(600);
      await redis.start();
      await waitFor(
        async () => {
          for (const s of [a, b]) if ((await s.t.http().get('/api/health')).body.redis !== 'up') return false;
          return true;
        },
        30_000,
        250,
      );
      await allOnline();
      const acked = await load.stop();
      alive();
      expect([...acked.values()].flat().length).toBeGreaterThan(0);
      await expectLogged(acked);
      // A fresh check-in shows on the other instance's board.
      const late = await checkedIn(b.t, c.links.get(c.points[0].id)!, cid);
      expect(late.connected).toBe(true);
    });

    it('Redis flushed during a broadcast: presence is rebuilt from the event log, the pages check in again', async () => {
      const load = broadcast();
      await sleep(1_000);
      await redis.flush();
      await allOnline();
      const acked = await load.stop();
      alive();
      await expectLogged(acked);
    });
  });

  (OwnPostgres.available() ? describe : describe.skip)('one instance on a PostgreSQL of its own, restarted during a burst', () => {
    let db: OwnPostgres;
    let s: ServerProcess;

    beforeAll(async () => {
      db = new OwnPostgres(await freePort());
      cleanups.push(() => db.destroy());
      db.init();
      db.start();
      const { env, cleanup } = await freshDatabaseEnv({ PRESENCE_GRACE_MS: '60000', DB_POOL_SIZE: '4' });
      cleanups.push(cleanup);
      s = await startServer(build!.dir, { ...env, DATABASE_URL: db.url }, ['REDIS_URL']);
    });

    it('acks wait or fail cleanly, nothing acknowledged is lost, the instance keeps running', async () => {
      const c = await liveConference(s.t, ['district', 'district', 'commune', 'commune', 'enterprise', 'enterprise']);
      const cid = c.conference.id;
      const pages = c.points.map((p) => pointPage(s.t.url, c.links.get(p.id)!, cid));
      const acked = new Map<string, string[]>(c.points.map((p) => [p.id, []]));
      const failures: string[] = [];
      let running = true;
      let n = 0;
      const loops = c.points.map(async (p, i) => {
        while (running) {
          const note = `pg-${i}-${n++}`;
          if (pages[i].connected) {
            const ack = await ask(pages[i] as never, 'status', { conferenceId: cid, audio: 'ok', video: 'fail', note }, 60_000).catch(() => null);
            if (!ack) failures.push('no ack');
            else if (ack.ok) acked.get(p.id)!.push(note);
            else failures.push((ack.error as { code: string }).code);
          }
          await sleep(100);
        }
      });
      await sleep(1_500);
      db.restart();
      await waitFor(async () => (await s.t.http().get('/api/health')).status === 200, 60_000, 250);
      await sleep(1_500);
      running = false;
      await Promise.all(loops);
      pages.forEach((p) => p.close());
      expect([s.child.exitCode, s.child.signalCode]).toEqual([null, null]);
      expect(failures.filter((f) => f === 'no ack')).toEqual([]);
      if (failures.length)
        console.warn(`PostgreSQL restart drill: ${failures.length} event(s) refused while the database restarted: ${[...new Set(failures)].join(', ')}`);
      expect([...acked.values()].flat().length).toBeGreaterThan(0);
      for (const [pointId, notes] of acked) {
        const log = await s.t.http().get(`/api/conferences/${cid}/presence/events?pointId=${pointId}&limit=5000`).set('Authorization', c.organizer).expect(200);
        const logged = new Set(
          (log.body as Array<{ type: string; detail: { note?: string } | null }>).filter((e) => e.type === 'status').map((e) => e.detail?.note),
        );
        expect([pointId, notes.filter((note) => !logged.has(note))]).toEqual([pointId, []]);
      }
    });
  });

  describe('one instance on SQLite while another process holds the write lock', () => {
    let s: ServerProcess;
    let dbPath: string;

    beforeAll(async () => {
      const { env, cleanup } = await freshDatabaseEnv({ PRESENCE_GRACE_MS: '60000' });
      cleanups.push(cleanup);
      dbPath = join(env.DATA_DIR, 'faults.sqlite');
      s = await startServer(build!.dir, { ...env, DATABASE_URL: `sqlite:${dbPath}` }, ['REDIS_URL']);
    });

    it('health and sockets keep answering; the check-in sent meanwhile is acknowledged after the lock', async () => {
      const c = await liveConference(s.t, ['district', 'commune']);
      const cid = c.conference.id;
      const first = await checkedIn(s.t, c.links.get(c.points[0].id)!, cid);
      const second = await connectLive(s.t, c.links.get(c.points[1].id)!);
      const board = await connectLive(s.t, await roleToken(s.t, 'operator'));
      // Another process (a backup, the sqlite3 shell) takes the write lock and keeps it until told.
      const locker = spawn(
        process.execPath,
        [
          '-e',
          `
        const db = require('better-sqlite3')(${JSON.stringify(dbPath)});
        db.exec('BEGIN IMMEDIATE');
        process.stdout.write('locked\\n');
        process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); });
      `,
        ],
        { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') } },
      );
      let released = false;
      await new Promise<void>((resolve) => locker.stdout!.on('data', (d: Buffer) => String(d).includes('locked') && resolve()));
      const checkin = ask(second, 'checkin', { conferenceId: cid }, 60_000).then((ack) => ({ ack, released }));
      // While it holds the lock: health answers, and a socket event that only reads is answered.
      const health = await s.t.http().get('/api/health').timeout(10_000);
      expect([200, 503]).toContain(health.status);
      expect(await ask(board, 'board:join', { conferenceId: cid }, 10_000)).toMatchObject({ ok: true });
      expect(released).toBe(false);
      released = true;
      locker.stdin!.write('go\n');
      const { ack } = await checkin;
      expect(ack).toMatchObject({ ok: true });
      expect(first.connected && second.connected).toBe(true);
      expect([s.child.exitCode, s.child.signalCode]).toEqual([null, null]);
    });
  });
});
