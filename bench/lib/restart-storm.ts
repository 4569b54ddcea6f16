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
 *
 * `--catch-up state|reads` adds what a phone does after an automatic re-check-in (web/src/checkin/checkin-session.ts),
 * at a random moment within CATCH_UP_SPREAD_MS (20 s) of its ack. `state` (the phone since stop 31): it asks
 * `agenda:state` on its socket and reads the agenda and the release list over REST only if the answer differs from
 * what it showed before the crash (nothing changes in the storm, so it reads nothing). `reads` (the phone before):
 * it reads the agenda and the list of releases with its link token, two REST requests, so the restarted server
 * answers 2 × N reads while the other points are still checking in.
 *
 * The same storm against the bare relay (`runRelayRestartStorm`) is the floor: its points reconnect with the same
 * back-off and must hand-shake again too. Both are also timed by their acks (every point's check-in acknowledged by
 * the restarted process), the one figure the relay has.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { ApiClient } from './api-client';
import { percentile } from './stats';
import { liveConferenceWithPoints } from './fixtures';
import { BENCH_ADMIN, freePort, onInterrupt, RunningProcess, startBareRelay, startServer } from './server';

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
  /** Acks: first check-in sent → every point's check-in acknowledged (cold), and SIGKILL → every point's again. */
  coldAllAckedMs: number;
  killToAllAckedMs: number;
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
  /** With `--catch-up`: the phones' reads after their re-check-ins. */
  catchUp?: CatchUpResult;
  /**
   * CPU seconds (user + system) from the restarted server being ready until every point is online again, of the
   * server and of this harness (its clients share the machine's cores); and the server's until the last catch-up read.
   */
  cpu: { serverToAllOnline: number; harnessToAllOnline: number; serverToLastRead?: number };
}

/** The phone's window for its catch-up reads after an automatic re-check-in (web/src/checkin/checkin-session.ts, CATCH_UP_SPREAD_MS). */
export const CATCH_UP_SPREAD_MS = 20_000;

export type CatchUpMode = 'state' | 'reads';

export interface CatchUpResult {
  mode: CatchUpMode;
  /** Points whose catch-up finished, and those whose catch-up failed (a refused or lost request), with the first message. */
  done: number;
  errors: number;
  firstError?: string;
  /** REST reads made (2 per point with `reads`; with `state`, only where the answer differed). */
  reads: number;
  /** Each point's catch-up from its start to its end (the `agenda:state` answer, and the reads it led to). */
  p50: number;
  p99: number;
  /** SIGKILL → the last catch-up done. */
  killToAllDoneMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The same storm against the bare relay: acks only (it keeps no state to compare). */
export interface RelayStormResult {
  points: number;
  coldAllAckedMs: number;
  restartMs: number;
  killToAllAckedMs: number;
}

/**
 * N point sockets that reconnect by themselves (with the point page's back-off, web/src/live.ts) and send `checkin`
 * on every `connect` once check-ins are enabled; counts the points whose check-in was acknowledged since the last
 * `resetAcks()`.
 */
class PointFleet {
  readonly sockets: Socket[] = [];
  private readonly tokens: string[] = [];
  private checkinsEnabled = false;
  /** With `--catch-up`, once enabled: where the points read after each acknowledged check-in, and what came of it. */
  private catchUp:
    | { mode: CatchUpMode; url: string; known: string; times: number[]; errors: number; firstError?: string; reads: number; pending: number; lastAt: number }
    | undefined;
  private acked = new Set<number>();
  /** When the last point's ack arrived (since the last reset). */
  private allAckedAt = 0;
  private wake: (() => void) | undefined;

  constructor(
    private readonly conferenceId: string,
    private readonly timeoutMs: number,
  ) {}

  async connect(url: string, tokens: readonly string[], batch: number): Promise<void> {
    for (let i = 0; i < tokens.length; i += batch) {
      await Promise.all(tokens.slice(i, i + batch).map((token, k) => this.add(url, token, i + k)));
    }
  }

  resetAcks(): void {
    this.acked = new Set();
    this.allAckedAt = 0;
  }

  /**
   * From now on every acknowledged check-in is followed by the phone's catch-up (see the file's comment). With `state`,
   * first asks `agenda:state` once (what every point shows before the crash: the same for all of them).
   */
  async enableCatchUp(url: string, mode: CatchUpMode): Promise<void> {
    const known = mode === 'state' ? JSON.stringify(await this.agendaState(this.sockets[0])) : '';
    this.catchUp = { mode, url, known, times: [], errors: 0, reads: 0, pending: 0, lastAt: 0 };
  }

  /** Once every point's catch-up is done: its figures, the last one timed from `since`. */
  async catchUpDone(since: number): Promise<CatchUpResult> {
    const c = this.catchUp;
    if (!c) throw new Error('catch-up was not enabled');
    await waitFor(
      () => c.pending === 0 && c.times.length + c.errors >= this.sockets.length,
      this.timeoutMs + CATCH_UP_SPREAD_MS,
      () => undefined,
      () => `every catch-up done (${c.times.length + c.errors}/${this.sockets.length})`,
    );
    return {
      mode: c.mode,
      done: c.times.length,
      errors: c.errors,
      firstError: c.firstError,
      reads: c.reads,
      p50: percentile(c.times, 50),
      p99: percentile(c.times, 99),
      killToAllDoneMs: c.lastAt - since,
    };
  }

  private async agendaState(s: Socket): Promise<unknown> {
    const res = (await s.timeout(this.timeoutMs).emitWithAck('agenda:state', { conferenceId: this.conferenceId })) as { ok?: boolean };
    if (res?.ok !== true) throw new Error(`agenda:state refused: ${JSON.stringify(res)}`);
    return res;
  }

  /** Every socket checks in now (yielding every 250 sends, as a burst from many clients), and on every later connect. */
  async checkInAll(): Promise<void> {
    this.checkinsEnabled = true;
    for (let i = 0; i < this.sockets.length; i++) {
      this.checkIn(this.sockets[i], i);
      if (i % 250 === 249) await new Promise<void>((r) => setImmediate(r));
    }
  }

  /** Resolves, once every point's check-in was acknowledged (since the last reset), with when the last ack came. */
  async allAcked(what: string): Promise<number> {
    await waitFor(
      () => this.allAckedAt > 0,
      this.timeoutMs,
      (r) => (this.wake = r),
      () => `${what} (${this.acked.size}/${this.sockets.length} acked)`,
    );
    return this.allAckedAt;
  }

  async disconnect(): Promise<void> {
    for (let i = 0; i < this.sockets.length; i++) {
      this.sockets[i].disconnect();
      if (i % 500 === 499) await new Promise<void>((r) => setImmediate(r));
    }
  }

  private add(url: string, token: string, index: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const s = io(`${url}/live`, {
        transports: ['websocket'],
        auth: { token },
        forceNew: true,
        // As the point page (web/src/live.ts).
        reconnectionDelay: 500,
        reconnectionDelayMax: 4000,
      });
      this.tokens[index] = token;
      s.on('connect', () => this.checkIn(s, index));
      s.once('connect', () => resolve());
      s.once('connect_error', (e: Error) => reject(new Error(`point socket refused: ${e.message}`)));
      this.sockets.push(s);
    });
  }

  /**
   * The phone's catch-up after a re-check-in: with `state`, `agenda:state` and the reads only if it differs from what
   * the point showed; with `reads`, the agenda and the releases (web/src/broadcast/point-broadcast.tsx) at once.
   */
  private async readCatchUp(index: number): Promise<void> {
    const c = this.catchUp!;
    const client = new ApiClient(c.url, this.tokens[index]);
    const base = `/api/conferences/${this.conferenceId}`;
    c.pending++;
    const t0 = performance.now();
    try {
      const changed = c.mode === 'reads' || JSON.stringify(await this.agendaState(this.sockets[index])) !== c.known;
      if (changed) {
        c.reads += 2;
        await Promise.all(
          [`${base}/agenda`, `${base}/agenda/releases`].map((path) =>
            client.request('GET', path, undefined, { acceptEncoding: 'gzip, deflate, br', timeoutMs: this.timeoutMs }),
          ),
        );
      }
      c.times.push(performance.now() - t0);
    } catch (e) {
      c.errors++;
      const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
      c.firstError ??= `${(e as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
    }
    c.pending--;
    c.lastAt = performance.now();
  }

  private checkIn(s: Socket, index: number): void {
    if (!this.checkinsEnabled) return;
    s.timeout(this.timeoutMs).emit('checkin', { conferenceId: this.conferenceId }, (err: Error | null, res?: { ok?: boolean }) => {
      if (err || res?.ok !== true) return;
      if (this.catchUp) setTimeout(() => void this.readCatchUp(index), Math.random() * CATCH_UP_SPREAD_MS);
      this.acked.add(index);
      if (this.acked.size === this.sockets.length && this.allAckedAt === 0) this.allAckedAt = performance.now();
      this.wake?.();
    });
  }
}

/** Polls `pred` (woken early through `setWake`) until it holds; throws after `timeoutMs`. */
async function waitFor(pred: () => boolean, timeoutMs: number, setWake: (wake: (() => void) | undefined) => void, what: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!pred()) {
    if (performance.now() > deadline) throw new Error(`restart storm: ${what()} not reached within ${timeoutMs} ms`);
    await new Promise<void>((r) => {
      setWake(r);
      setTimeout(r, 100);
    });
    setWake(undefined);
  }
}

/** The crash: SIGKILL, then `start()` again (on the same port); the new process, when the kill was sent and when the new one answered. */
async function crashAndRestart(
  proc: RunningProcess,
  start: () => Promise<RunningProcess>,
): Promise<{ next: RunningProcess; killedAt: number; readyAt: number }> {
  const killedAt = performance.now();
  await proc.kill();
  await proc.stop();
  const next = await start();
  return { next, killedAt, readyAt: performance.now() };
}

/** The storm against the bare relay: N points online (acked), the relay killed with SIGKILL and started again on its port. */
export async function runRelayRestartStorm(n: number, batch: number, timeoutMs: number, log: (l: string) => void): Promise<RelayStormResult> {
  const port = await freePort();
  let relay = await startBareRelay({ port });
  const fleet = new PointFleet('bench', timeoutMs);
  try {
    await fleet.connect(
      relay.url,
      Array.from({ length: n }, (_, i) => `p${i}`),
      batch,
    );
    log(`  relay storm: ${n} point sockets connected`);
    const firstCheckin = performance.now();
    await fleet.checkInAll();
    const coldAllAckedMs = (await fleet.allAcked('cold: every check-in acked by the relay')) - firstCheckin;
    log(`  relay storm: cold, every check-in acked after ${coldAllAckedMs.toFixed(0)} ms`);
    await sleep(1000);
    fleet.resetAcks();
    const { next, killedAt, readyAt } = await crashAndRestart(relay, () => startBareRelay({ port }));
    relay = next;
    const killToAllAckedMs = (await fleet.allAcked('every check-in acked by the restarted relay')) - killedAt;
    log(
      `  relay storm: killed, ready after ${(readyAt - killedAt).toFixed(0)} ms, every check-in acked again ${killToAllAckedMs.toFixed(0)} ms after the kill`,
    );
    return { points: n, coldAllAckedMs, restartMs: readyAt - killedAt, killToAllAckedMs };
  } finally {
    await fleet.disconnect();
    await relay.stop();
  }
}

export async function runRestartStorm(n: number, batch: number, timeoutMs: number, log: (l: string) => void, catchUp?: CatchUpMode): Promise<StormResult> {
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
  let fleet: PointFleet | undefined;
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
    fleet = new PointFleet(conferenceId, timeoutMs);
    await fleet.connect(
      server.url,
      links.map((l) => l.token),
      batch,
    );
    log(`  restart storm: ${n} point sockets connected`);
    const until = (pred: () => boolean, what: string) =>
      waitFor(
        pred,
        timeoutMs,
        (w) => (wake = w),
        () => `${what} (board sees ${online}/${n} online)`,
      );
    await until(() => seq >= 0, 'board joined');

    // Cold: every point checks in at once.
    const firstCheckin = performance.now();
    await fleet.checkInAll();
    await until(() => online === n, 'cold all-online');
    const coldAllOnlineMs = performance.now() - firstCheckin;
    const coldAllAckedMs = (await fleet.allAcked('cold: every check-in acked')) - firstCheckin;
    log(`  restart storm: cold all-online after ${coldAllOnlineMs.toFixed(0)} ms (every check-in acked after ${coldAllAckedMs.toFixed(0)} ms)`);
    await sleep(1000); // the event log has every check-in (acks came after it); let the board settle
    fleet.resetAcks();
    if (catchUp) await fleet.enableCatchUp(server.url, catchUp); // the same port after the restart

    // The crash.
    const joinsBefore = joins;
    const { next, killedAt, readyAt } = await crashAndRestart(server, () => startServer({ ...opts, startTimeoutMs: Math.max(90_000, timeoutMs) }));
    server = next;
    const serverCpu0 = server.cpu();
    const harnessCpu0 = process.cpuUsage();
    log(`  restart storm: server killed and ready again after ${(readyAt - killedAt).toFixed(0)} ms`);
    await until(() => joins > joinsBefore && seq >= 0 && online === n, 'all online after the restart (board re-joined)');
    const allOnlineAt = performance.now();
    const harnessCpu = process.cpuUsage(harnessCpu0);
    const cpu: StormResult['cpu'] = { serverToAllOnline: server.cpu() - serverCpu0, harnessToAllOnline: (harnessCpu.user + harnessCpu.system) / 1e6 };
    log(`  restart storm: every point online again ${(allOnlineAt - readyAt).toFixed(0)} ms after the restart`);
    const killToAllAckedMs = (await fleet.allAcked('every check-in acked after the restart')) - killedAt;
    const catchUpResult = catchUp ? await fleet.catchUpDone(killedAt) : undefined;
    if (catchUpResult) cpu.serverToLastRead = server.cpu() - serverCpu0;
    if (catchUpResult)
      log(
        `  restart storm: ${catchUpResult.done} catch-ups done (${catchUpResult.errors} failed, ${catchUpResult.reads} REST reads), the last ${catchUpResult.killToAllDoneMs.toFixed(0)} ms after the kill`,
      );

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
      coldAllAckedMs,
      killToAllAckedMs,
      duplicates,
      missing,
      dropsNotOne: notOne.length,
      dropsExample: notOne[0] ? `drops ${notOne[0].drops}, state ${notOne[0].state}` : undefined,
      boardMismatches,
      notOnline: snap.points.filter((p) => p.state !== 'online').length,
      catchUp: catchUpResult,
      cpu,
    };
  } finally {
    board?.disconnect();
    await fleet?.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    offInterrupt();
  }
}
