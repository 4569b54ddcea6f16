/**
 * `npm run bench:presence -- --restart-storm [--points 10000]`
 *
 * N points connected and online, the server killed with SIGKILL and started again on the same SQLite database and
 * port. The points' sockets reconnect by themselves (socket.io-client's reconnection, as the point page does) and
 * send `checkin` on every `connect`; the board re-sends `board:join` on every `connect` and applies the deltas after
 * its snapshot (as web/src/board does). Measures the cold all-online time (first check-in → board has every point
 * online) and, after the kill, the time until the re-joined board shows every point online again, and checks:
 * every point appears once in the REST snapshot, each was counted as dropped once by the crash (drops = 1), and
 * the board's state equals the REST snapshot.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { ApiClient } from './api-client';
import { liveConferenceWithPoints } from './fixtures';
import { BENCH_ADMIN, freePort, onInterrupt, RunningProcess, startServer } from './server';

interface Entry {
  pointId: string;
  state: string;
  drops: number;
}

export interface StormResult {
  points: number;
  /** First check-in sent → the board has seen every point online (cold start, nobody online before). */
  coldAllOnlineMs: number;
  /** SIGKILL → the restarted server answers /api/health. */
  restartMs: number;
  /** Restarted server ready → the re-joined board shows every point online. */
  readyToAllOnlineMs: number;
  /** SIGKILL → the re-joined board shows every point online. */
  killToAllOnlineMs: number;
  /** Points listed more than once in the REST snapshot, and points missing from it. */
  duplicates: number;
  missing: number;
  /** Points whose `drops` is not exactly 1 after the crash (each drop counted once), with an example. */
  dropsNotOne: number;
  dropsExample?: string;
  /** Points whose state or drops on the board differ from the REST snapshot. */
  boardMismatches: number;
  /** Points not online in the REST snapshot at the end. */
  notOnline: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runRestartStorm(n: number, batch: number, timeoutMs: number, log: (l: string) => void): Promise<StormResult> {
  const dir = mkdtempSync(join(tmpdir(), 'diemcau-bench-storm-'));
  const port = await freePort();
  const opts = {
    label: 'diemcau-storm',
    port,
    databaseUrl: `sqlite:${join(dir, 'storm.sqlite')}`,
    jwtSecret: randomBytes(24).toString('hex'),
    env: { DATA_DIR: dir },
  };
  let server: RunningProcess = await startServer(opts);
  const sockets: Socket[] = [];
  let board: Socket | undefined;
  const offInterrupt = onInterrupt(async () => rmSync(dir, { recursive: true, force: true }));
  try {
    const api = new ApiClient(server.url);
    await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    const { conference, links } = await liveConferenceWithPoints(api, n, `S${randomBytes(3).toString('hex')}`);
    const conferenceId = conference.id;

    // The board: its state is the snapshot of its latest join plus the deltas after it.
    const state = new Map<string, Entry>();
    let online = 0;
    let seq = -1;
    /** Snapshots received (a join answered). */
    let joins = 0;
    let buffered: Array<{ seq: number; changes: Entry[] }> = [];
    let wake: (() => void) | undefined;
    const apply = (changes: Entry[]) => {
      for (const c of changes) {
        const before = state.get(c.pointId)?.state;
        if (before === 'online') online--;
        if (c.state === 'online') online++;
        state.set(c.pointId, { pointId: c.pointId, state: c.state, drops: c.drops });
      }
      wake?.();
    };
    const join_ = (s: Socket) => {
      seq = -1;
      buffered = [];
      s.timeout(timeoutMs).emit('board:join', { conferenceId }, (err: Error | null, res: { ok: boolean; snapshot?: { seq: number; points: Entry[] } }) => {
        if (err || !res?.ok || !res.snapshot) return log(`  board:join failed: ${err?.message ?? JSON.stringify(res)}`);
        state.clear();
        online = 0;
        apply(res.snapshot.points);
        seq = res.snapshot.seq;
        joins++;
        for (const d of buffered) {
          if (d.seq <= seq) continue;
          apply(d.changes);
          seq = d.seq;
        }
        buffered = [];
      });
    };
    board = io(`${server.url}/live`, {
      transports: ['websocket'],
      auth: { token: api.token! },
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 2000,
    });
    board.on('connect', () => join_(board!));
    // Until the next join answers, what the board holds is stale.
    board.on('disconnect', () => void (seq = -1));
    board.on('presence', (d: { seq: number; changes: Entry[] }) => {
      if (seq < 0) return void buffered.push(d);
      if (d.seq <= seq) return;
      if (d.seq !== seq + 1) return join_(board!); // a gap: join again
      seq = d.seq;
      apply(d.changes);
    });

    // Points: reconnect by themselves and check in on every connect (as the point page does).
    let firstCheckin = 0;
    let checkinsEnabled = false;
    const checkIn = (s: Socket) => {
      if (checkinsEnabled) s.timeout(timeoutMs).emit('checkin', { conferenceId }, () => {});
    };
    for (let i = 0; i < links.length; i += batch) {
      await Promise.all(
        links.slice(i, i + batch).map(
          (l) =>
            new Promise<void>((resolve, reject) => {
              const s = io(`${server.url}/live`, {
                transports: ['websocket'],
                auth: { token: l.token },
                forceNew: true,
                // As the point page (web/src/live.ts).
                reconnectionDelay: 500,
                reconnectionDelayMax: 4000,
              });
              s.on('connect', () => checkIn(s));
              s.once('connect', () => resolve());
              s.once('connect_error', (e: Error) => reject(new Error(`point socket refused: ${e.message}`)));
              sockets.push(s);
            }),
        ),
      );
    }
    log(`  restart storm: ${n} point sockets connected`);
    const until = async (pred: () => boolean, what: string) => {
      const deadline = performance.now() + timeoutMs;
      while (!pred()) {
        if (performance.now() > deadline) throw new Error(`restart storm: ${what} not reached within ${timeoutMs} ms (board sees ${online}/${n} online)`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
        wake = undefined;
      }
    };
    await until(() => seq >= 0, 'board joined');

    // Cold: every point checks in at once.
    checkinsEnabled = true;
    firstCheckin = performance.now();
    for (let i = 0; i < sockets.length; i++) {
      checkIn(sockets[i]);
      if (i % 250 === 249) await new Promise<void>((r) => setImmediate(r));
    }
    await until(() => online === n, 'cold all-online');
    const coldAllOnlineMs = performance.now() - firstCheckin;
    log(`  restart storm: cold all-online after ${coldAllOnlineMs.toFixed(0)} ms`);
    await sleep(1000); // the event log has every check-in (acks came after it); let the board settle

    // The crash.
    const joinsBefore = joins;
    const killedAt = performance.now();
    await server.kill();
    await server.stop();
    server = await startServer({ ...opts, startTimeoutMs: Math.max(90_000, timeoutMs) });
    const readyAt = performance.now();
    log(`  restart storm: server killed and ready again after ${(readyAt - killedAt).toFixed(0)} ms`);
    await until(() => joins > joinsBefore && seq >= 0 && online === n, 'all online after the restart (board re-joined)');
    const allOnlineAt = performance.now();
    log(`  restart storm: every point online again ${(allOnlineAt - readyAt).toFixed(0)} ms after the restart`);

    // Checks against the REST snapshot, once no delta is in flight.
    await sleep(500);
    const reader = new ApiClient(server.url);
    await reader.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    const snap = (await reader.presence(conferenceId)) as unknown as { points: Entry[] };
    const counts = new Map<string, number>();
    for (const p of snap.points) counts.set(p.pointId, (counts.get(p.pointId) ?? 0) + 1);
    const duplicates = [...counts.values()].filter((c) => c > 1).length;
    const missing = links.filter((l) => !counts.has(l.pointId)).length;
    const notOne = snap.points.filter((p) => p.drops !== 1);
    const boardMismatches = snap.points.filter((p) => {
      const b = state.get(p.pointId);
      return !b || b.state !== p.state || b.drops !== p.drops;
    }).length;
    return {
      points: n,
      coldAllOnlineMs,
      restartMs: readyAt - killedAt,
      readyToAllOnlineMs: allOnlineAt - readyAt,
      killToAllOnlineMs: allOnlineAt - killedAt,
      duplicates,
      missing,
      dropsNotOne: notOne.length,
      dropsExample: notOne[0] ? `drops ${notOne[0].drops}, state ${notOne[0].state}` : undefined,
      boardMismatches,
      notOnline: snap.points.filter((p) => p.state !== 'online').length,
    };
  } finally {
    board?.disconnect();
    for (let i = 0; i < sockets.length; i++) {
      sockets[i].disconnect();
      if (i % 500 === 499) await new Promise<void>((r) => setImmediate(r));
    }
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    offInterrupt();
  }
}
