/**
 * The presence measurement, identical for Diemcau and the bare relay: one board socket joins the conference,
 * N point sockets connect (in parallel batches) and then all check in at once; the harness times the acks
 * and the moment the board sees each point come online.
 */
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { median, percentile, sleep } from './stats';

export interface PointClientSpec {
  /** Base URL of the instance this point connects to. */
  url: string;
  token: string;
  pointId: string;
}

export interface HarnessInput {
  name: string;
  conferenceId: string;
  board: { url: string; token: string };
  points: PointClientSpec[];
  /** Sockets opened at once (default 200). */
  batch: number;
  /**
   * Index of a point checked in alone before the burst and excluded from the figures: the board must see it
   * within `timeoutMs`, else the run stops with the message `failure` makes from the probe's ack (used to prove
   * that instances share presence).
   */
  probe?: { index: number; timeoutMs: number; failure: (ack: string) => Promise<string> };
  /** Resident memory of the server process(es), bytes. */
  rss: () => number;
  /** CPU seconds (user + system) the server process(es) used so far; absent: no CPU figures. */
  cpu?: () => number;
  /** One full `GET …/presence`, returning its duration in ms (absent for the bare relay). */
  snapshot?: () => Promise<number>;
  snapshotRuns: number;
  /** Writes a heap snapshot of the server once all points are online (see BENCH_HEAP_SNAPSHOT_DIR); absent: none. */
  heapSnapshot?: () => Promise<string | undefined>;
  /** Called at each phase boundary (connect, connected, burst, online): the allocation profiles' cut (BENCH_ALLOC_PROFILE_DIR). */
  phase?: () => void;
  /** Upper bound for the check-in phase. */
  timeoutMs: number;
  /** Runs with every point online (after the snapshot reads), before the sockets close: a further phase on the same fleet. */
  afterOnline?: (points: Socket[]) => Promise<void>;
  log: (line: string) => void;
}

export interface HarnessResult {
  name: string;
  points: number;
  connectAllMs: number;
  allOnlineMs: number;
  boardP50: number;
  boardP99: number;
  ackP50: number;
  ackP99: number;
  /** Server RSS once the N sockets are connected, before any check-in. */
  rssConnectedBytes: number;
  rssBytes: number;
  /** Server CPU time (user + system) while the N sockets connected, per socket, ms. */
  cpuPerConnectMs: number;
  /** Server CPU time (user + system) from the first check-in sent to the last ack and board change, per check-in, ms. */
  cpuPerCheckinMs: number;
  snapshotMs: number;
  /** How long the harness took to send the N check-ins (its own share of the burst). */
  sendMs: number;
  /** First check-in sent → first ack received / first board change seen. */
  firstAckMs: number;
  firstBoardMs: number;
  /** Check-ins answered `ok: false` (or not answered); the first error's text. */
  ackErrors: number;
  firstAckError?: string;
  /** Measured points the board never saw online before the timeout. */
  missing: number;
  /** Board changes for points whose check-in was not sent yet (should be 0). */
  early: number;
  /** Point sockets that dropped during the run, by Socket.IO reason (e.g. "ping timeout", "transport close"). */
  drops: Record<string, number>;
}

interface Delta {
  pointId?: unknown;
  changes?: Array<{ pointId?: unknown; state?: unknown }>;
}

type AckBody = { ok?: boolean; error?: { code?: string; message?: string } } | undefined;

export function connectSocket(url: string, token: string, timeoutMs = 30_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(`${url}/live`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true, timeout: timeoutMs });
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e: Error) => {
      s.close();
      reject(
        new Error(
          `Socket.IO connection to ${url}/live refused: ${e.message}${e.message === 'websocket error' ? ' (is the /live namespace served there?)' : ''}`,
        ),
      );
    });
  });
}

export function emitWithAck<T = AckBody>(s: Socket, event: string, payload: unknown, timeoutMs = 30_000): Promise<T> {
  return s.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

export async function runHarness(input: HarnessInput): Promise<HarnessResult> {
  const { points, log } = input;
  const n = points.length;
  const indexOf = new Map(points.map((p, i) => [p.pointId, i]));
  const sentAt = new Float64Array(n);
  const ackAt = new Float64Array(n);
  const seenAt = new Float64Array(n);
  const measured = new Uint8Array(n).fill(1);
  if (input.probe) measured[input.probe.index] = 0;
  const measuredCount = n - (input.probe ? 1 : 0);
  let seen = 0;
  let acked = 0;
  let early = 0;
  let ackErrors = 0;
  let firstAckError: string | undefined;
  let wake: (() => void) | undefined;

  const sockets: Socket[] = [];
  const drops: Record<string, number> = {};
  let closing = false;
  const onDrop = (reason: string) => {
    if (!closing) drops[reason] = (drops[reason] ?? 0) + 1;
  };
  let board: Socket | undefined;
  try {
    board = await connectSocket(input.board.url, input.board.token);
    const joined = await emitWithAck<AckBody>(board, 'board:join', { conferenceId: input.conferenceId });
    if (!joined?.ok) throw new Error(`board:join refused: ${JSON.stringify(joined)}`);
    board.on('presence', (d: Delta) => {
      const t = performance.now();
      const mark = (id: unknown) => {
        const i = typeof id === 'string' ? indexOf.get(id) : undefined;
        if (i === undefined || seenAt[i] !== 0) return;
        if (sentAt[i] === 0) {
          early++;
          return;
        }
        seenAt[i] = t;
        if (measured[i]) seen++;
        wake?.();
      };
      if (Array.isArray(d.changes)) {
        for (const c of d.changes) if (c.state === 'online') mark(c.pointId);
      } else mark(d.pointId);
    });

    // 1. Connect every point, `batch` at a time.
    const cpu = input.cpu ?? (() => NaN);
    input.phase?.();
    const cpuConnect0 = cpu();
    const c0 = performance.now();
    for (let i = 0; i < n; i += input.batch) {
      const settled = await Promise.allSettled(points.slice(i, i + input.batch).map((p) => connectSocket(p.url, p.token)));
      for (const r of settled) if (r.status === 'fulfilled') sockets.push(r.value.on('disconnect', onDrop));
      const failed = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length) throw new Error(`${input.name}: ${failed.length} point sockets of a batch failed to connect: ${String(failed[0].reason)}`);
      if ((i / input.batch) % 10 === 9) log(`  ${input.name}: ${sockets.length}/${n} connected`);
    }
    const connectAllMs = performance.now() - c0;
    const cpuConnect = cpu() - cpuConnect0;
    input.phase?.();
    await sleep(1000);
    const rssConnectedBytes = input.rss();
    log(`  ${input.name}: ${n} sockets connected in ${(connectAllMs / 1000).toFixed(1)} s; server RSS ${(rssConnectedBytes / 1048576).toFixed(0)} MB`);

    let probeAck = 'no ack yet';
    const checkIn = (i: number) => {
      sentAt[i] = performance.now();
      sockets[i].timeout(input.timeoutMs).emit('checkin', { conferenceId: input.conferenceId }, (err: Error | null, res: AckBody) => {
        ackAt[i] = performance.now();
        if (i === input.probe?.index) probeAck = err ? err.message : JSON.stringify(res);
        if (err || !res?.ok) {
          ackErrors++;
          firstAckError ??= err ? err.message : JSON.stringify(res);
        }
        if (measured[i]) acked++;
        wake?.();
      });
    };

    // 2. Optional probe: one point alone, which the board must see.
    if (input.probe) {
      const p = input.probe;
      checkIn(p.index);
      const until = performance.now() + p.timeoutMs;
      while (seenAt[p.index] === 0 && performance.now() < until) await sleep(20);
      if (seenAt[p.index] === 0) throw new Error(await p.failure(probeAck));
      log(`  ${input.name}: probe seen by the board after ${(seenAt[p.index] - sentAt[p.index]).toFixed(1)} ms`);
    }

    // 3. The burst: every other point checks in at once (yielding every 250 emits so acks can be read).
    const deadline = performance.now() + input.timeoutMs;
    input.phase?.();
    const cpuBurst0 = cpu();
    const sendStart = performance.now();
    for (let i = 0; i < n; i++) {
      if (!measured[i]) continue;
      checkIn(i);
      if (i % 250 === 249) await new Promise<void>((r) => setImmediate(r));
    }
    const sendMs = performance.now() - sendStart;
    while ((seen < measuredCount || acked < measuredCount) && performance.now() < deadline) {
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 250);
      });
      wake = undefined;
    }
    const cpuBurst = cpu() - cpuBurst0;
    input.phase?.();
    const rssBytes = input.rss();
    const heapFile = await input.heapSnapshot?.();
    if (heapFile) log(`  ${input.name}: heap snapshot with all points online: ${heapFile}`);
    if (seen < measuredCount) log(`  ${input.name}: board saw ${seen}/${measuredCount} points online before the timeout`);

    const board_: number[] = [];
    const ack: number[] = [];
    let first = Infinity;
    let last = 0;
    let firstAck = Infinity;
    let firstSeen = Infinity;
    for (let i = 0; i < n; i++) {
      if (!measured[i]) continue;
      first = Math.min(first, sentAt[i]);
      if (ackAt[i]) {
        ack.push(ackAt[i] - sentAt[i]);
        firstAck = Math.min(firstAck, ackAt[i]);
      }
      if (seenAt[i]) {
        board_.push(seenAt[i] - sentAt[i]);
        last = Math.max(last, seenAt[i]);
        firstSeen = Math.min(firstSeen, seenAt[i]);
      }
    }

    // 4. Snapshot of all N points over REST.
    const snaps: number[] = [];
    if (input.snapshot) for (let k = 0; k < input.snapshotRuns; k++) snaps.push(await input.snapshot());
    await input.afterOnline?.(sockets);

    return {
      name: input.name,
      points: measuredCount,
      connectAllMs,
      allOnlineMs: seen === measuredCount ? last - first : NaN,
      boardP50: percentile(board_, 50),
      boardP99: percentile(board_, 99),
      ackP50: percentile(ack, 50),
      ackP99: percentile(ack, 99),
      sendMs,
      firstAckMs: firstAck - first,
      firstBoardMs: firstSeen - first,
      rssConnectedBytes,
      rssBytes,
      cpuPerConnectMs: (cpuConnect * 1000) / n,
      cpuPerCheckinMs: (cpuBurst * 1000) / measuredCount,
      snapshotMs: snaps.length ? median(snaps) : NaN,
      ackErrors,
      firstAckError,
      missing: measuredCount - seen,
      early,
      drops,
    };
  } finally {
    closing = true;
    board?.disconnect();
    for (let i = 0; i < sockets.length; i++) {
      sockets[i].disconnect();
      if (i % 500 === 499) await new Promise<void>((r) => setImmediate(r));
    }
  }
}
