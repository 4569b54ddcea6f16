/**
 * `npm run bench:webhook`: signed Zalo webhooks at WEBHOOK_RATE per second (default 1,000) for WEBHOOK_SECONDS
 * (default 10), 10% of them repeats of an earlier event (Zalo's retries), against the built server with the local
 * Zalo stub. Reports the response p50/p99 beside `GET /api/health` at the same rate in the same run (the floor),
 * whether every distinct event ended up in a thread exactly once, and the time from the last 200 until all are in
 * threads. Goal (issue 10): p99 under 100 ms, none lost, none twice. DATABASE_URL=postgres://… runs on PostgreSQL.
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_ADMIN, PROJECT_ROOT, startServer } from './lib/server';
import { ms, percentile, ratio, sleep, table } from './lib/stats';

const RATE = Number(process.env.WEBHOOK_RATE ?? 1000);
const SECONDS = Number(process.env.WEBHOOK_SECONDS ?? 10);
const WORKERS = 200;
const APP = { appId: '1234567890', oaSecret: 'bench-oa-secret', appSecret: 'bench-app-secret', refreshToken: 'bench-refresh-token' };

const stubModule = createRequire(join(PROJECT_ROOT, 'package.json'))('./scripts/zalo-stub.cjs') as {
  startZaloStub: (o: Record<string, unknown>) => Promise<{ url: string; close: () => Promise<void> }>;
  signZaloEvent: (body: unknown, secret: string) => { raw: string; signature: string };
};

/** Sends `make(i)` at `rate` per second for `seconds`; answers each request's latency (ms) and the failures. */
async function paced(
  rate: number,
  seconds: number,
  make: (i: number) => Promise<Response>,
): Promise<{ latencies: number[]; failed: number; why: Record<string, number> }> {
  const why: Record<string, number> = {};
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failed = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const t0 = performance.now();
    inflight.push(
      make(i).then(
        async (r) => {
          await r.arrayBuffer();
          latencies.push(performance.now() - t0);
          if (r.status !== 200) {
            failed++;
            why[`HTTP ${r.status}`] = (why[`HTTP ${r.status}`] ?? 0) + 1;
          }
        },
        (e: Error & { cause?: { code?: string } }) => {
          failed++;
          const k = e.cause?.code ?? e.name;
          why[k] = (why[k] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(inflight);
  return { latencies, failed, why };
}

async function main(): Promise<void> {
  const stub = await stubModule.startZaloStub({ appId: APP.appId, appSecret: APP.appSecret, refreshToken: APP.refreshToken });
  const server = await startServer({
    label: 'webhook',
    databaseUrl: process.env.DATABASE_URL,
    env: {
      ZALO_APP_ID: APP.appId,
      ZALO_OA_SECRET: APP.oaSecret,
      ZALO_APP_SECRET: APP.appSecret,
      ZALO_REFRESH_TOKEN: APP.refreshToken,
      ZALO_API_BASE: stub.url,
      ZALO_OAUTH_BASE: stub.url,
    },
  });
  try {
    const floor = await paced(RATE, Math.min(3, SECONDS), () => fetch(`${server.url}/api/health`));

    const sent: string[] = [];
    /** Events answered 200 at least once: each must end up in a thread (one never answered may or may not be stored). */
    const acked = new Set<string>();
    const bodies: Array<{ raw: string; signature: string; msgId: string }> = [];
    const t0 = Date.now();
    const hooks = await paced(RATE, SECONDS, (i) => {
      let b: { raw: string; signature: string; msgId: string };
      if (i % 10 === 9 && bodies.length) {
        b = bodies[Math.floor(Math.random() * bodies.length)];
      } else {
        const msgId = `bench${i}`;
        const body = {
          app_id: APP.appId,
          event_name: 'user_send_text',
          timestamp: String(t0 + i),
          sender: { id: `84${String(i % WORKERS).padStart(8, '0')}` },
          recipient: { id: '579745863508352884' },
          message: { msg_id: msgId, text: `Phản ánh số ${i}` },
        };
        b = { ...stubModule.signZaloEvent(body, APP.oaSecret), msgId };
        bodies.push(b);
        sent.push(msgId);
      }
      return fetch(`${server.url}/api/webhooks/zalo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zevent-signature': b.signature },
        body: b.raw,
      }).then((r) => {
        if (r.status === 200) acked.add(b.msgId);
        return r;
      });
    });
    const lastAck = Date.now();
    const p99 = percentile(hooks.latencies, 99);
    const floorP99 = percentile(floor.latencies, 99);
    console.log(
      `\nZalo webhooks: ${RATE}/s for ${SECONDS} s, 10% repeats, ${WORKERS} workers, ${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}\n`,
    );
    console.log(
      table(
        ['requests', 'count', 'failed', 'p50', 'p99', 'p99 / health p99'],
        [
          ['GET /api/health (floor)', String(floor.latencies.length), String(floor.failed), ms(percentile(floor.latencies, 50)), ms(floorP99), '1.00×'],
          ['POST /api/webhooks/zalo', String(hooks.latencies.length), String(hooks.failed), ms(percentile(hooks.latencies, 50)), ms(p99), ratio(p99, floorP99)],
        ],
      ),
    );
    console.log(
      `load average at the end of the requests: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );

    const login = (await (
      await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) })
    ).json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${login.accessToken}` };
    const count = async (): Promise<string[]> => {
      const ids: string[] = [];
      const list = (await (await fetch(`${server.url}/api/petitions?channel=zalo&limit=500`, { headers: auth })).json()) as { items: Array<{ id: string }> };
      // Eight threads read at a time (the probe must not take longer than the worker).
      for (let i = 0; i < list.items.length; i += 8) {
        const details = await Promise.all(
          list.items.slice(i, i + 8).map(
            async (p) =>
              (await (await fetch(`${server.url}/api/petitions/${p.id}`, { headers: auth })).json()) as {
                thread: Array<{ zaloMessageId: string | null; direction: string }>;
              },
          ),
        );
        for (const d of details) for (const m of d.thread) if (m.direction === 'in' && m.zaloMessageId) ids.push(m.zaloMessageId);
      }
      return ids;
    };
    let ids: string[] = [];
    const deadline = Date.now() + 300_000;
    for (;;) {
      ids = await count();
      const inThreads = new Set(ids);
      if ([...acked].every((id) => inThreads.has(id)) || Date.now() > deadline) break;
      if (process.env.WEBHOOK_VERBOSE) console.log(`${ids.length}/${sent.length} in threads\n${server.logTail(5)}`);
      await sleep(2000);
    }
    const allIn = Date.now();
    const distinct = new Set(ids);
    const lost = [...acked].filter((id) => !distinct.has(id)).length;
    const twice = ids.length - distinct.size;

    if (hooks.failed) console.log(`\nwebhook requests that failed: ${JSON.stringify(hooks.why)} (client side: one Node process sending)`);
    console.log(
      `\ndistinct events sent: ${sent.length}; answered 200: ${acked.size}; in threads: ${distinct.size}; lost (answered 200, not in a thread): ${lost}; stored twice: ${twice}`,
    );
    console.log(`all in threads ${((allIn - lastAck) / 1000).toFixed(1)} s after the last 200 (the probe itself reads every thread)`);
    console.log(`goal: p99 < 100 ms → ${p99 < 100 ? 'met' : 'NOT met'}; none lost, none twice → ${lost === 0 && twice === 0 ? 'met' : 'NOT met'}`);
    if (lost || twice || hooks.failed) process.exitCode = 1;
  } catch (e) {
    console.error(server.logTail(40));
    throw e;
  } finally {
    await server.stop();
    await stub.close();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
