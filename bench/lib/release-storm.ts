/**
 * `bench:presence --agenda-release`: with every point online, the organizer releases the agenda
 * (`POST …/agenda/releases`); every point gets `agenda:release` and acknowledges it at once with `agenda:ack
 * {conferenceId, release}`, as the point page does. Timed from the release request to the last ack, with the
 * server's CPU per ack.
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import type { ApiClient } from './api-client';
import { percentile, sleep } from './stats';

export interface ReleaseStormResult {
  points: number;
  /** Release request sent → every ack received. */
  allAckedMs: number;
  /** Release request sent → each point's ack. */
  ackP50: number;
  ackP99: number;
  /** Server CPU (user + system) from the release request to the last ack, per ack, ms. */
  cpuPerAckMs: number;
  errors: number;
  firstError?: string;
}

type AckBody = { ok?: boolean; error?: unknown } | undefined;

export async function releaseStorm(api: ApiClient, conferenceId: string, sockets: Socket[], cpu: () => number, timeoutMs: number): Promise<ReleaseStormResult> {
  let agenda = await api.getAgenda(conferenceId);
  if (agenda.items.length === 0)
    agenda = await api.addAgendaItem(conferenceId, agenda.version, { title: 'Khai mạc hội nghị', kind: 'opening', durationMinutes: 15 });
  const ackAt = new Float64Array(sockets.length);
  let acked = 0;
  let errors = 0;
  let firstError: string | undefined;
  sockets.forEach((s, i) =>
    s.once('agenda:release', (r: { number?: unknown }) => {
      s.timeout(timeoutMs).emit('agenda:ack', { conferenceId, release: r.number }, (err: Error | null, res: AckBody) => {
        ackAt[i] = performance.now();
        acked++;
        if (err || !res?.ok) {
          errors++;
          firstError ??= err ? err.message : JSON.stringify(res);
        }
      });
    }),
  );
  const cpu0 = cpu();
  const t0 = performance.now();
  await api.request('POST', `/api/conferences/${conferenceId}/agenda/releases`, { version: agenda.version, note: 'Bản phát hành đo tải' });
  const deadline = t0 + timeoutMs;
  while (acked < sockets.length && performance.now() < deadline) await sleep(20);
  const cpuUsed = cpu() - cpu0;
  const times = Array.from(ackAt, (t) => t - t0).filter((t) => t > 0);
  return {
    points: sockets.length,
    allAckedMs: acked === sockets.length ? Math.max(...times) : NaN,
    ackP50: percentile(times, 50),
    ackP99: percentile(times, 99),
    cpuPerAckMs: (cpuUsed * 1000) / Math.max(1, acked),
    errors: errors + (sockets.length - acked),
    firstError,
  };
}
