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

/** Every socket answers `push` with `answer(payload)`; `act` sets it off. */
async function storm(
  sockets: Socket[],
  cpu: () => number,
  timeoutMs: number,
  push: string,
  answer: (payload: Record<string, unknown>) => [event: string, body: object],
  act: () => Promise<void>,
): Promise<StormResult> {
  const answeredAt = new Float64Array(sockets.length);
  let answered = 0;
  let errors = 0;
  let firstError: string | undefined;
  sockets.forEach((s, i) =>
    s.once(push, (payload: Record<string, unknown>) => {
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

/** The agenda is released (an item added first when it is empty); every point acknowledges the release. */
export async function releaseStorm(api: ApiClient, conferenceId: string, sockets: Socket[], cpu: () => number, timeoutMs: number): Promise<StormResult> {
  let agenda = await api.getAgenda(conferenceId);
  if (agenda.items.length === 0)
    agenda = await api.addAgendaItem(conferenceId, agenda.version, { title: 'Khai mạc hội nghị', kind: 'opening', durationMinutes: 15 });
  const { version } = agenda;
  return storm(
    sockets,
    cpu,
    timeoutMs,
    'agenda:release',
    (r) => ['agenda:ack', { conferenceId, release: r.number }],
    async () => void (await api.request('POST', `/api/conferences/${conferenceId}/agenda/releases`, { version, note: 'Bản phát hành đo tải' })),
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
