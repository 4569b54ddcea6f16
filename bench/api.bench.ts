/**
 * `npm run bench:api [-- --requests 2000 --connections 1,10 --database sqlite|postgres]`
 *
 * REST read latency on a database holding 1,000 conferences and one agenda of 200 items:
 * `GET /api/conferences?from=&to=` (a window overlapping hundreds of them, default limit) and
 * `GET /api/conferences/:id/agenda`, with `GET /api/health` measured in the same run as the floor.
 * See bench/README.md for what every figure means.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { AgendaItemInput, ApiClient, mapLimit } from './lib/api-client';
import { CSV_HEADER, iso } from './lib/fixtures';
import { BENCH_ADMIN, createPostgresDatabase, onInterrupt, PROJECT_ROOT, startServer } from './lib/server';
import { median, ms, percentile, ratio, table } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '1,10' },
    conferences: { type: 'string', default: '1000' },
    'agenda-items': { type: 'string', default: '200' },
    warmup: { type: 'string', default: '200' },
    runs: { type: 'string', default: '1' },
    database: { type: 'string', default: 'sqlite' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    'npm run bench:api -- [--requests 2000] [--connections 1,10] [--conferences 1000] [--agenda-items 200] [--warmup 200] [--runs 1] [--database sqlite|postgres]',
  );
  process.exit(0);
}

const REQUESTS = Number(args.requests);
const CONNECTIONS = args.connections!.split(',').map(Number);
const CONFERENCES = Number(args.conferences);
const AGENDA_ITEMS = Number(args['agenda-items']);
const WARMUP = Number(args.warmup);
const RUNS = Math.max(1, Number(args.runs));
const HOSTS = 20;
const ZONE = 'Asia/Ho_Chi_Minh';
const log = (line: string) => console.error(line);

interface Measured {
  name: string;
  path: string;
  connections: number;
  requests: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  rps: number;
  bytes: number;
}

/** `amount` requests over `connections` keep-alive connections; latencies recorded per response (sub-ms). */
function cannon(
  url: string,
  token: string | undefined,
  amount: number,
  connections: number,
): Promise<{ lat: number[]; result: autocannon.Result; seconds: number }> {
  return new Promise((resolve, reject) => {
    const lat: number[] = [];
    const t0 = performance.now();
    let lastResponse = t0;
    // req/s from our own clock: autocannon only finishes on its next one-second sampling tick.
    const instance = autocannon({ url, amount, connections, headers: token ? { authorization: `Bearer ${token}` } : {}, timeout: 30 }, (err, result) =>
      err ? reject(err) : resolve({ lat, result, seconds: (lastResponse - t0) / 1000 }),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      lastResponse = performance.now();
      if (statusCode >= 200 && statusCode < 300) lat.push(responseTime);
    });
  });
}

async function seed(api: ApiClient): Promise<{ windowFrom: string; windowTo: string; inWindow: number; agendaConferenceId: string }> {
  const hostRows = Array.from(
    { length: HOSTS },
    (_, i) =>
      `BH${String(i).padStart(3, '0')},UBND huyện điểm cầu ${i + 1},district,,Trung tâm huyện ${i + 1},Văn phòng,0222 3000 ${String(i).padStart(3, '0')},50`,
  );
  await api.importPoints(`${CSV_HEADER}\n${hostRows.join('\n')}\n`);
  const hosts = (await api.listPoints({ limit: 1000 })).items.filter((p) => p.code.startsWith('BH')).sort((a, b) => a.code.localeCompare(b.code));
  if (hosts.length !== HOSTS) throw new Error(`expected ${HOSTS} host points, found ${hosts.length}`);

  // Conference i: host i % 20, in slot floor(i / 20) of 2 hours, 90 minutes long; no host holds two at once.
  const base = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 1, hours: 7 });
  const t0 = performance.now();
  await mapLimit(
    Array.from({ length: CONFERENCES }, (_, i) => i),
    4,
    async (i) => {
      const start = base.plus({ hours: 2 * Math.floor(i / HOSTS) });
      await api.createConference({
        title: `Hội nghị giao ban trực tuyến số ${i + 1}`,
        description: 'Giao ban công tác chuyển đổi số với các huyện, thị xã, thành phố',
        format: i % 3 === 0 ? 'hybrid' : 'online',
        category: i % 5 === 0 ? 'dialogue' : 'briefing',
        startsAt: iso(start),
        endsAt: iso(start.plus({ minutes: 90 })),
        timezone: ZONE,
        hostPointId: hosts[i % HOSTS].id,
      });
    },
  );
  log(`  ${CONFERENCES} conferences created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The agenda lives in its own long conference, before all the others.
  const aStart = base.minus({ days: 2 });
  const agendaConf = await api.createConference({
    title: 'Hội nghị tổng kết năm với chương trình dài',
    format: 'hybrid',
    startsAt: iso(aStart),
    endsAt: iso(aStart.plus({ hours: 18 })),
    timezone: ZONE,
    hostPointId: hosts[0].id,
  });
  const kinds: AgendaItemInput['kind'][] = ['opening', 'report', 'speech', 'discussion', 'break', 'video', 'qa', 'closing'];
  let agenda = await api.getAgenda(agendaConf.id);
  for (let i = 0; i < AGENDA_ITEMS; i++) {
    agenda = await api.addAgendaItem(agendaConf.id, agenda.version, {
      title: `Mục ${i + 1}: Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội`,
      kind: kinds[i % kinds.length],
      durationMinutes: 5,
      presenter: `Đồng chí Nguyễn Văn ${String.fromCharCode(65 + (i % 26))}`,
      responsibleUnit: 'Sở Thông tin và Truyền thông',
      pointId: hosts[i % HOSTS].id,
      notes: 'Chuẩn bị tài liệu trình chiếu trước 15 phút',
    });
  }
  if (agenda.items.length !== AGENDA_ITEMS) throw new Error(`agenda holds ${agenda.items.length} items, expected ${AGENDA_ITEMS}`);

  // Window: from the middle of the 6th slot in ten to the start of the 8th slot in ten (for 1,000: 35 slots × 20 conferences).
  const slots = Math.ceil(CONFERENCES / HOSTS);
  const windowFrom = iso(base.plus({ hours: 2 * Math.floor(slots * 0.1) + 1 }));
  const windowTo = iso(base.plus({ hours: 2 * Math.ceil(slots * 0.8) }));
  const page = await api.request<{ items: unknown[]; total: number }>(
    'GET',
    `/api/conferences?from=${encodeURIComponent(windowFrom)}&to=${encodeURIComponent(windowTo)}`,
  );
  log(`  window ${windowFrom} … ${windowTo}: total ${page.total}, page of ${page.items.length}`);
  return { windowFrom, windowTo, inWindow: page.total, agendaConferenceId: agendaConf.id };
}

async function main(): Promise<void> {
  const started = new Date();
  log(
    `API benchmark: ${CONFERENCES} conferences, agenda of ${AGENDA_ITEMS} items, ${REQUESTS} requests per endpoint at ${CONNECTIONS.join(' and ')} connection(s); load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const db = args.database === 'postgres' ? await createPostgresDatabase(args['pg-url']!) : undefined;
  const offInterrupt = onInterrupt(async () => db?.drop());
  const server = await startServer({ label: 'diemcau', databaseUrl: db?.url });
  const measured: Measured[] = [];
  let inWindow: number;
  try {
    const api = new ApiClient(server.url);
    await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    const s = await seed(api);
    inWindow = s.inWindow;
    const targets = [
      { name: 'GET /api/health (floor)', path: '/api/health', token: undefined },
      {
        name: 'GET /api/conferences?from=&to=',
        path: `/api/conferences?from=${encodeURIComponent(s.windowFrom)}&to=${encodeURIComponent(s.windowTo)}`,
        token: api.token,
      },
      { name: `GET /api/conferences/:id/agenda (${AGENDA_ITEMS} items)`, path: `/api/conferences/${s.agendaConferenceId}/agenda`, token: api.token },
    ];
    for (const t of targets) if (WARMUP > 0) await cannon(server.url + t.path, t.token, WARMUP, 2);
    // With --runs k the whole sequence repeats k times; each figure is then the median over the runs.
    const all: Measured[] = [];
    for (let run = 1; run <= RUNS; run++) {
      if (RUNS > 1) log(`  run ${run} of ${RUNS}`);
      for (const connections of CONNECTIONS) {
        for (const t of targets) {
          const { lat, result, seconds } = await cannon(server.url + t.path, t.token, REQUESTS, connections);
          all.push({
            name: t.name,
            path: t.path,
            connections,
            requests: result.requests.sent,
            non2xx: result.non2xx,
            errors: result.errors + result.timeouts,
            p50: percentile(lat, 50),
            p99: percentile(lat, 99),
            rps: lat.length / seconds,
            bytes: result.throughput.total / Math.max(1, lat.length),
          });
          log(`  ${t.name} ×${connections}: p50 ${ms(percentile(lat, 50))}, p99 ${ms(percentile(lat, 99))}`);
        }
      }
    }
    for (const connections of CONNECTIONS)
      for (const t of targets) {
        const same = all.filter((m) => m.path === t.path && m.connections === connections);
        measured.push({
          ...same[0],
          requests: same.reduce((a, m) => a + m.requests, 0),
          non2xx: same.reduce((a, m) => a + m.non2xx, 0),
          errors: same.reduce((a, m) => a + m.errors, 0),
          p50: median(same.map((m) => m.p50)),
          p99: median(same.map((m) => m.p99)),
          rps: median(same.map((m) => m.rps)),
        });
      }
  } finally {
    await server.stop();
    await db?.drop();
    offInterrupt();
  }

  const rows = measured.map((m) => {
    const floor = measured.find((f) => f.connections === m.connections && f.path === '/api/health')!;
    return [
      m.name,
      String(m.connections),
      `${m.requests}${m.non2xx || m.errors ? ` (${m.non2xx} non-2xx, ${m.errors} errors)` : ''}`,
      `${(m.bytes / 1024).toFixed(1)} KB`,
      ms(m.p50),
      ms(m.p99),
      m.rps.toFixed(0),
      m.path === '/api/health' ? '1.00×' : ratio(m.p99, floor.p99),
    ];
  });
  const out: string[] = [];
  out.push(`### REST reads (\`npm run bench:api${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`)`);
  out.push('');
  out.push(
    `${started.toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${db ? 'PostgreSQL' : 'SQLite'}; ` +
      `${CONFERENCES} conferences (${inWindow} in the window, default page of 100), agenda of ${AGENDA_ITEMS} items; ${WARMUP} warm-up requests per endpoint first` +
      (RUNS > 1 ? `; ${RUNS} runs, each figure the median over them (requests: the total)` : ''),
  );
  out.push('');
  out.push(table(['request', 'connections', 'requests', 'body', 'p50', 'p99', 'req/s', 'p99 / health p99'], rows));
  out.push('');
  for (const m of measured.filter((x) => x.path.endsWith('/agenda'))) {
    const floor = measured.find((f) => f.connections === m.connections && f.path === '/api/health');
    out.push(
      `- ${m.p99 < 10 ? 'PASS' : 'FAIL'} agenda p99 under 10 ms at ${m.connections} connection(s): ${ms(m.p99)} (health p99 in the same run: ${ms(floor?.p99 ?? NaN)})`,
    );
  }
  const bad = measured.filter((m) => m.non2xx || m.errors);
  if (bad.length) out.push(`- WARNING: non-2xx answers or errors in ${bad.map((b) => `${b.name} ×${b.connections}`).join(', ')}`);
  console.log(`\n${out.join('\n')}\n`);

  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `api-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ startedAt: started.toISOString(), database: db ? 'postgres' : 'sqlite', measured }, null, 2));
  log(`results saved to ${file}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`\nAPI benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
