/**
 * Storms on a fleet of online points (`bench:presence --agenda-release`, `--rollcall`): one action of the organizer
 * or the operator reaches every point, and every point answers at once, as the point page does.
 * - agenda release: `POST …/agenda/releases` → `agenda:release` → `agenda:ack {conferenceId, release}`;
 * - roll call: `rollcall:start` (the operator's socket) → `rollcall` → `rollcall:answer {rollcallId}`.
 * Timed from the action to the last answer's ack, with the server's CPU per answer.
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import type { ApiClient } from './api-client';
import { connectSocket, emitWithAck } from './presence-harness';
import { percentile, sleep } from './stats';

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
  sockets: Socket[],
  cpu: () => number,
  timeoutMs: number,
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

/** The agenda's version to release, an item added first when it is empty (a new version after each release). */
async function versionToRelease(api: ApiClient, conferenceId: string): Promise<number> {
  const agenda = await api.getAgenda(conferenceId);
  const title = agenda.items.length === 0 ? 'Khai mạc hội nghị' : `Mục ${agenda.items.length + 1}`;
  return (await api.addAgendaItem(conferenceId, agenda.version, { title, kind: 'opening', durationMinutes: 15 })).version;
}

const releaseAgenda = (api: ApiClient, conferenceId: string, version: number) =>
  api.request<{ number: number }>('POST', `/api/conferences/${conferenceId}/agenda/releases`, { version, note: 'Bản phát hành đo tải' });

/** The agenda is released (an item added first); every point acknowledges the release. */
export async function releaseStorm(api: ApiClient, conferenceId: string, sockets: Socket[], cpu: () => number, timeoutMs: number): Promise<StormResult> {
  const version = await versionToRelease(api, conferenceId);
  return storm(
    sockets,
    cpu,
    timeoutMs,
    'agenda:release',
    (r) => ['agenda:ack', { conferenceId, release: r.number }],
    async () => void (await releaseAgenda(api, conferenceId, version)),
  );
}

/** The operator (the bench admin, on a socket of its own at `url`) starts a roll call; every point answers it. */
export async function rollcallStorm(
  api: ApiClient,
  url: string,
  conferenceId: string,
  sockets: Socket[],
  cpu: () => number,
  timeoutMs: number,
): Promise<StormResult> {
  const operator = await connectSocket(url, api.token!);
  try {
    return await storm(
      sockets,
      cpu,
      timeoutMs,
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

/** What every point page asks over REST at once (`--point-pages`): one list of paths per page, with the page's token. */
export interface PageStormResult {
  pages: number;
  requests: number;
  /** First request sent → every page's last answer. */
  allAnsweredMs: number;
  /** First request sent → each page's last answer. */
  pageP50: number;
  pageP99: number;
  /** Server CPU (user + system) over the storm, per request, ms. */
  cpuPerRequestMs: number;
  /** Answers that were not 2xx (or failed); the first one's status and body. */
  errors: number;
  firstError?: string;
}

/**
 * Each page (one per token) sends its `paths` one after another, as `fetch` with its Bearer token, `concurrency`
 * pages at a time (a real fleet opens as many connections as it has phones; the bench keeps a pool). The bodies are
 * read in full, as the pages do.
 */
export async function pageStorm(
  baseUrl: string,
  tokens: readonly string[],
  paths: readonly string[],
  cpu: () => number,
  concurrency = 128,
): Promise<PageStormResult> {
  const doneAt = new Float64Array(tokens.length);
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const cpu0 = cpu();
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < tokens.length; i = next++) {
      for (const path of paths) {
        try {
          const res = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${tokens[i]}`, 'accept-encoding': 'gzip, deflate, br' } });
          const body = await res.text();
          if (!res.ok) {
            errors++;
            firstError ??= `${path}: ${res.status} ${body.slice(0, 200)}`;
          }
        } catch (e) {
          errors++;
          firstError ??= `${path}: ${(e as Error).message}`;
        }
      }
      doneAt[i] = performance.now();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tokens.length) }, worker));
  const cpuUsed = cpu() - cpu0;
  const times = Array.from(doneAt, (t) => t - t0);
  const requests = tokens.length * paths.length;
  return {
    pages: tokens.length,
    requests,
    allAnsweredMs: Math.max(...times),
    pageP50: percentile(times, 50),
    pageP99: percentile(times, 99),
    cpuPerRequestMs: (cpuUsed * 1000) / requests,
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
export async function pointPageStorms(
  api: ApiClient,
  baseUrl: string,
  conferenceId: string,
  tokens: readonly string[],
  cpu: () => number,
): Promise<Record<string, PageStormResult>> {
  const c = `/api/conferences/${conferenceId}`;
  const { number } = await releaseAgenda(api, conferenceId, await versionToRelease(api, conferenceId));
  await pageStorm(baseUrl, tokens, ['/api/auth/me'], cpu);
  const out: Record<string, PageStormResult> = {};
  for (const path of ['/api/auth/me', `${c}?points=none`, `${c}/agenda`, `${c}/readiness`, `${c}/agenda/releases`, `${c}/agenda/releases/${number}`])
    out[path.replace(c, '…')] = await pageStorm(baseUrl, tokens, [path], cpu);
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
export async function leaveStorm(
  api: ApiClient,
  url: string,
  conferenceId: string,
  sockets: Socket[],
  cpu: () => number,
  timeoutMs: number,
): Promise<LeaveStormResult> {
  const board = await connectSocket(url, api.token!);
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
export async function currentItemStorm(
  api: ApiClient,
  conferenceId: string,
  sockets: Socket[],
  cpu: () => number,
  timeoutMs: number,
  ack: boolean,
): Promise<StormResult> {
  await versionToRelease(api, conferenceId); // an item to mark
  const { items } = await api.getAgenda(conferenceId);
  const item = items[items.length - 1];
  return storm(
    sockets,
    cpu,
    timeoutMs,
    'agenda',
    ack ? (a) => ['agenda:ack', { conferenceId, version: a.version }] : null,
    async () => void (await api.request('POST', `/api/conferences/${conferenceId}/agenda/current`, { itemId: item.id })),
  );
}
