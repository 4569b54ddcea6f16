/**
 * Storms on a fleet of online points (`bench:presence --agenda-release`, `--rollcall`, `--current-item`,
 * `--point-pages`, `--leave`): one action of the organizer or the operator reaches every point, and every point
 * answers at once, as the point page does; or every point page asks the same over REST; or every socket closes.
 * - agenda release: `POST …/agenda/releases` → `agenda:release` → `agenda:ack {conferenceId, release}`;
 * - roll call: `rollcall:start` (the operator's socket) → `rollcall` → `rollcall:answer {rollcallId}`.
 * Timed from the action to the last answer's ack, with the server's CPU per answer.
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { type Agenda, ApiClient, mapLimit } from './api-client';
import { connectSocket, emitWithAck } from './presence-harness';
import { percentile, sleep } from './stats';

/** What every storm acts on: the bench admin's client (on the server's URL), the conference, its online points. */
export interface Fleet {
  api: ApiClient;
  conferenceId: string;
  /** The points' sockets, every one checked in. */
  sockets: Socket[];
  /** The points' link tokens, in the same order. */
  tokens: readonly string[];
  /** The server's CPU seconds (user + system) so far. */
  cpu: () => number;
  timeoutMs: number;
}

export interface StormResult {
  points: number;
  /** Action sent → every answer acknowledged. */
  allAnsweredMs: number;
  /** Action sent → each point's answer acknowledged. */
  answerP50: number;
  answerP99: number;
  /** Server CPU (user + system) from the action to the last answer's ack, per answer, ms. */
  cpuPerAnswerMs: number;
  errors: number;
  firstError?: string;
}

type AckBody = { ok?: boolean; error?: unknown } | undefined;

/** Every socket answers `push` with `answer(payload)` (with null: nothing, the push's arrival counts); `act` sets it off. */
async function storm(
  { sockets, cpu, timeoutMs }: Fleet,
  push: string,
  answer: ((payload: Record<string, unknown>) => [event: string, body: object]) | null,
  act: () => Promise<void>,
): Promise<StormResult> {
  const answeredAt = new Float64Array(sockets.length);
  let answered = 0;
  let errors = 0;
  let firstError: string | undefined;
  sockets.forEach((s, i) =>
    s.once(push, (payload: Record<string, unknown>) => {
      if (!answer) {
        answeredAt[i] = performance.now();
        answered++;
        return;
      }
      const [event, body] = answer(payload);
      s.timeout(timeoutMs).emit(event, body, (err: Error | null, res: AckBody) => {
        answeredAt[i] = performance.now();
        answered++;
        if (err || !res?.ok) {
          errors++;
          firstError ??= err ? err.message : JSON.stringify(res);
        }
      });
    }),
  );
  const cpu0 = cpu();
  const t0 = performance.now();
  await act();
  const deadline = t0 + timeoutMs;
  while (answered < sockets.length && performance.now() < deadline) await sleep(20);
  const cpuUsed = cpu() - cpu0;
  const times = Array.from(answeredAt, (t) => t - t0).filter((t) => t > 0);
  return {
    points: sockets.length,
    allAnsweredMs: answered === sockets.length ? Math.max(...times) : NaN,
    answerP50: percentile(times, 50),
    answerP99: percentile(times, 99),
    cpuPerAnswerMs: (cpuUsed * 1000) / Math.max(1, answered),
    errors: errors + (sockets.length - answered),
    firstError,
  };
}

/** The agenda with one more item at its end (a new version: each release needs one, a current item needs an item). */
async function addAgendaItem({ api, conferenceId }: Fleet): Promise<Agenda> {
  const agenda = await api.getAgenda(conferenceId);
  const title = agenda.items.length === 0 ? 'Khai mạc hội nghị' : `Mục ${agenda.items.length + 1}`;
  return api.addAgendaItem(conferenceId, agenda.version, { title, kind: 'opening', durationMinutes: 15 });
}

const releaseAgenda = ({ api, conferenceId }: Fleet, version: number) =>
  api.request<{ number: number }>('POST', `/api/conferences/${conferenceId}/agenda/releases`, { version, note: 'Bản phát hành đo tải' });

/** The agenda is released (an item added first); every point acknowledges the release. */
export async function releaseStorm(fleet: Fleet): Promise<StormResult> {
  const { conferenceId } = fleet;
  const { version } = await addAgendaItem(fleet);
  return storm(
    fleet,
    'agenda:release',
    (r) => ['agenda:ack', { conferenceId, release: r.number }],
    async () => void (await releaseAgenda(fleet, version)),
  );
}

/** The operator (the bench admin, on a socket of its own) starts a roll call; every point answers it. */
export async function rollcallStorm(fleet: Fleet): Promise<StormResult> {
  const { api, conferenceId } = fleet;
  const operator = await connectSocket(api.baseUrl, api.token!);
  try {
    return await storm(
      fleet,
      'rollcall',
      (r) => ['rollcall:answer', { rollcallId: r.rollcallId }],
      async () => {
        const started = await emitWithAck<AckBody>(operator, 'rollcall:start', { conferenceId, timeoutSeconds: 300 });
        if (!started?.ok) throw new Error(`rollcall:start refused: ${JSON.stringify(started)}`);
      },
    );
  } finally {
    operator.disconnect();
  }
}

/** Every point page asking the same over REST at once (`--point-pages`), one request each, with the page's token. */
export interface PageStormResult {
  requests: number;
  /** First request sent → the last answer. */
  allAnsweredMs: number;
  /** First request sent → each page's answer. */
  pageP50: number;
  pageP99: number;
  /** Server CPU (user + system) over the storm, per request, ms. */
  cpuPerRequestMs: number;
  /** Answers that were not 2xx (or failed); the first one's status and body. */
  errors: number;
  firstError?: string;
}

/**
 * Each page (one per token) sends `GET path` with its Bearer token, `concurrency` pages at a time (a real fleet opens
 * as many connections as it has phones; the bench keeps a pool). The bodies are read in full, as the pages do.
 */
async function pageStorm({ api, tokens, cpu }: Fleet, path: string, concurrency = 128): Promise<PageStormResult> {
  let errors = 0;
  let firstError: string | undefined;
  const cpu0 = cpu();
  const t0 = performance.now();
  const times = await mapLimit(tokens, concurrency, async (token) => {
    try {
      await new ApiClient(api.baseUrl, token).request('GET', path, undefined, { acceptEncoding: 'gzip, deflate, br' });
    } catch (e) {
      errors++;
      firstError ??= (e as Error).message;
    }
    return performance.now() - t0;
  });
  const cpuUsed = cpu() - cpu0;
  return {
    requests: tokens.length,
    allAnsweredMs: Math.max(...times),
    pageP50: percentile(times, 50),
    pageP99: percentile(times, 99),
    cpuPerRequestMs: (cpuUsed * 1000) / tokens.length,
    errors,
    firstError,
  };
}

/**
 * `--point-pages`: every point page asks, one request per page at a time, what the point page asks over REST
 * (web/src/checkin/checkin-session.ts, web/src/broadcast/point-broadcast.tsx) when it opens: who the token is (the
 * floor: the cheapest authenticated request), the conference without its points, the agenda, its own readiness row
 * (also read again after its check-in and signal reports, and now and then), the list of releases and the latest one
 * (a release is made first). A first round (not reported) warms up the connections and the code paths.
 */
export async function pointPageStorms(fleet: Fleet): Promise<Record<string, PageStormResult>> {
  const c = `/api/conferences/${fleet.conferenceId}`;
  const { number } = await releaseAgenda(fleet, (await addAgendaItem(fleet)).version);
  await pageStorm(fleet, '/api/auth/me');
  const out: Record<string, PageStormResult> = {};
  for (const path of ['/api/auth/me', `${c}?points=none`, `${c}/agenda`, `${c}/readiness`, `${c}/agenda/releases`, `${c}/agenda/releases/${number}`])
    out[path.replace(c, '…')] = await pageStorm(fleet, path);
  return out;
}

/** `--leave`: every point's socket closes at once (the end of a broadcast, a district's network down). */
export interface LeaveStormResult {
  points: number;
  /** Sockets closed → the board's counts show none of them online. */
  allDroppedMs: number;
  /** Server CPU from the sockets closing to the board's last drop, per point, ms. */
  cpuPerDropMs: number;
  /** Sockets closed → the board's counts show every one offline (the grace period, then the expiries). */
  allOfflineMs: number;
  /** Server CPU from the first grace expiry seen to the last, per point, ms. */
  cpuPerExpiryMs: number;
}

/**
 * The operator's board (the bench admin's socket, `board:join {snapshot: false}`) follows the counts of the `presence`
 * deltas while every point socket is closed at once; then waits out the grace period until every point is offline.
 * Run last: the sockets stay closed.
 */
export async function leaveStorm({ api, conferenceId, sockets, cpu, timeoutMs }: Fleet): Promise<LeaveStormResult> {
  const board = await connectSocket(api.baseUrl, api.token!);
  try {
    let counts = { online: -1, unstable: -1, offline: -1 };
    let cpuAtFirstExpiry: number | null = null;
    board.on('presence', (d: { counts: typeof counts }) => {
      if (cpuAtFirstExpiry === null && d.counts.offline > 0) cpuAtFirstExpiry = cpu();
      counts = d.counts;
    });
    const joined = await emitWithAck<AckBody>(board, 'board:join', { conferenceId, snapshot: false });
    if (!joined?.ok) throw new Error(`board:join refused: ${JSON.stringify(joined)}`);
    const online = sockets.length;
    const until = (done: () => boolean, deadline: number) =>
      (async () => {
        while (!done() && performance.now() < deadline) await sleep(10);
        return done() ? performance.now() : NaN;
      })();
    const cpu0 = cpu();
    const t0 = performance.now();
    for (const s of sockets) s.disconnect();
    const dropped = await until(() => counts.online === 0 && counts.unstable >= online, t0 + timeoutMs);
    const cpuDrop = cpu() - cpu0;
    const offline = await until(() => counts.unstable === 0 && counts.offline >= online, t0 + timeoutMs + 60_000);
    const expiryCpu0 = cpuAtFirstExpiry as number | null; // set by the listener
    return {
      points: online,
      allDroppedMs: dropped - t0,
      cpuPerDropMs: (cpuDrop * 1000) / online,
      allOfflineMs: offline - t0,
      cpuPerExpiryMs: expiryCpu0 === null ? NaN : ((cpu() - expiryCpu0) * 1000) / online,
    };
  } finally {
    board.disconnect();
  }
}

/**
 * `--current-item none|ack`: the operator marks an agenda item as running (`POST …/agenda/current`); every point gets
 * `agenda` (the same version). `none`: the points only show it, as the point page does since stop 29 (timed to the
 * last push received); `ack`: every point acknowledges it (`agenda:ack {version}`), as the page did before.
 */
export async function currentItemStorm(fleet: Fleet, ack: boolean): Promise<StormResult> {
  const { api, conferenceId } = fleet;
  const { items } = await addAgendaItem(fleet); // an item to mark
  const item = items[items.length - 1];
  return storm(
    fleet,
    'agenda',
    ack ? (a) => ['agenda:ack', { conferenceId, version: a.version }] : null,
    async () => void (await api.request('POST', `/api/conferences/${conferenceId}/agenda/current`, { itemId: item.id })),
  );
}
