/**
 * `npm run bench:petitions [-- --petitions 100000 --requests 1000 --database sqlite|postgres --thread 2000]`
 *
 * The working group's inbox on a database holding 100,000 petitions (12 departments, every status, a fifth of them
 * with a supporting department, linked to 20 conferences): `GET /api/petitions` newest first, with filters, with an
 * accent-insensitive search, as a department user (visibility through lead or support) with and without a search;
 * one petition with a long thread; the report over all of them. `GET /api/health` is measured in the same run as the floor.
 * The petitions are written straight into the database after the server ran its migrations (the API would take
 * minutes to receive 100,000); everything measured goes through the API.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ApiClient } from './lib/api-client';
import { BENCH_ADMIN, createPostgresDatabase, onInterrupt, PROJECT_ROOT, startServer } from './lib/server';
import { ms, percentile, ratio, sleep, table } from './lib/stats';
import { loadHolidays, WorkingCalendar, WorkingDayCounter } from '../src/calendar/working-days';
import { PETITION_FIELDS } from '../src/common/domain';
import { fold } from '../src/common/text/fold';
import { rebuildCountsSql } from '../src/petitions/petition-counts';
import { PETITION_ZONE } from '../src/petitions/petition-mapper';
import { workingDaysToAnswer } from '../src/petitions/petition-stats';

const { values: args } = parseArgs({
  options: {
    petitions: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '1000' },
    'report-requests': { type: 'string', default: '20' },
    thread: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '100' },
    database: { type: 'string', default: 'sqlite' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(
    'npm run bench:petitions -- [--petitions 100000] [--requests 1000] [--report-requests 20] [--thread 2000] [--warmup 100] [--database sqlite|postgres]',
  );
  process.exit(0);
}
const PETITIONS = Number(args.petitions);
const REQUESTS = Number(args.requests);
const REPORT_REQUESTS = Number(args['report-requests']);
const THREAD = Number(args.thread);
const WARMUP = Number(args.warmup);
const log = (line: string) => console.error(line);

const FIELDS = PETITION_FIELDS;
/** Roughly the 2023 dialogue's spread: investment 39, land 29, security 16, labour and insurance 13 of 118, the rest spread. */
const FIELD_WEIGHTS = [33, 25, 4, 4, 4, 2, 6, 5, 13, 1, 1, 1, 1];
const STATUSES: Array<[string, number]> = [
  ['received', 10],
  ['assigned', 30],
  ['answered', 35],
  ['closed', 20],
  ['rejected', 3],
  ['merged', 2],
];
const WORDS = [
  'giấy phép',
  'đất đai',
  'thuế',
  'hải quan',
  'lao động',
  'bảo hiểm',
  'an ninh',
  'phòng cháy',
  'hạ tầng',
  'thủ tục',
  'xây dựng',
  'môi trường',
  'đầu tư',
  'mặt bằng',
  'điện',
  'nước',
];
const ORG = ['Sao Mai', 'Kim Long', 'Hồng Hà', 'Đông Phong', 'Tre Việt', 'Kinh Bắc', 'Sông Cầu', 'Phù Lãng', 'Đồng Kỵ', 'Yên Phong'];

function pick<T>(items: readonly T[], weights: readonly number[], r: number): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r * total;
  for (let i = 0; i < items.length; i++) if ((x -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
}

/** A deterministic pseudo-random sequence (the same database every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

interface Row {
  [column: string]: unknown;
}

function petitionRows(departments: string[], conferences: string[]): { petitions: Row[]; supports: Row[] } {
  const r = rng(42);
  const now = Date.now();
  const year = new Date(now).getUTCFullYear();
  const petitions: Row[] = [];
  const supports: Row[] = [];
  // The working days to answer that the app writes with each answer (no overrides here: the computed holidays).
  const counter = new WorkingDayCounter(new WorkingCalendar());
  for (let i = 0; i < PETITIONS; i++) {
    const id = randomUUID();
    const code = `KN-${year}-${String(i + 1).padStart(6, '0')}`;
    const status = pick(
      STATUSES.map((s) => s[0]),
      STATUSES.map((s) => s[1]),
      r(),
    );
    const field = pick(FIELDS, FIELD_WEIGHTS, r());
    const receivedAt = new Date(now - Math.floor((PETITIONS - i) * ((730 * 86_400_000) / PETITIONS)));
    const assigned = status !== 'received' && status !== 'rejected' && status !== 'merged';
    const assignedAt = assigned ? new Date(receivedAt.getTime() + 2 * 86_400_000) : null;
    const dueAt = assignedAt ? new Date(assignedAt.getTime() + (7 + Math.floor(r() * 20)) * 86_400_000) : null;
    const answered = status === 'answered' || status === 'closed';
    const answeredAt = answered && assignedAt ? new Date(assignedAt.getTime() + Math.floor(r() * 30) * 86_400_000) : null;
    const title = `Kiến nghị về ${WORDS[i % WORDS.length]} của doanh nghiệp số ${i + 1}`;
    const org = `Công ty TNHH ${ORG[i % ORG.length]} ${i % 997}`;
    const lead = assigned ? departments[Math.floor(r() * departments.length)] : null;
    petitions.push({
      id,
      code,
      kind: i % 10 === 0 ? 'feedback' : 'petition',
      channel: ['web', 'paper', 'email', 'hotline', 'conference'][i % 5],
      title,
      content: `${title}. Nội dung kiến nghị minh họa cho phép đo.`,
      field,
      submitter_name: `Người gửi ${i}`,
      submitter_organization: org,
      submitter_tax_code: null,
      submitter_phone: '+84912000000',
      submitter_email: null,
      submitter_point_id: null,
      submitter_zalo_user_id: null,
      submitter_erased: false,
      anonymous: i % 7 === 0,
      consent: true,
      conference_id: i % 50 === 0 ? conferences[i % conferences.length] : null,
      queue_position: i % 50 === 0 ? i : null,
      status,
      lead_department_id: lead,
      received_at: receivedAt,
      assigned_at: assignedAt,
      due_at: dueAt,
      answered_at: answeredAt,
      answer_working_days: assignedAt && answeredAt ? workingDaysToAnswer(counter, assignedAt, answeredAt, PETITION_ZONE) : null,
      answer_mode: answered ? (i % 3 === 0 ? 'on_spot' : 'written') : null,
      answer_text: answered ? 'Đơn vị đã trả lời.' : null,
      answer_document_no: null,
      answer_signed_by: null,
      answered_by: answered ? 'benchadmin' : null,
      commitment_text: i % 40 === 0 ? 'Cam kết báo cáo' : null,
      commitment_due_at: i % 40 === 0 ? dueAt : null,
      commitment_done: i % 40 === 0 ? i % 80 === 0 : null,
      published: answered && i % 2 === 0,
      published_at: answered && i % 2 === 0 ? answeredAt : null,
      merged_into_id: null,
      finished_at: ['closed', 'rejected', 'merged'].includes(status) ? (answeredAt ?? receivedAt) : null,
      tracking_token_hash: '0'.repeat(64),
      source_key: null,
      search_text: fold(`${code} ${title}`),
      search_org: fold(org),
      version: 1,
      created_at: receivedAt,
      updated_at: receivedAt,
    });
    if (lead && i % 5 === 0) {
      const other = departments[(departments.indexOf(lead) + 1) % departments.length];
      supports.push({ petition_id: id, department_id: other, position: 0 });
    }
  }
  return { petitions, supports };
}

function threadRows(petitionId: string): Row[] {
  const start = Date.now() - THREAD * 60_000;
  return Array.from({ length: THREAD }, (_, i) => ({
    id: randomUUID(),
    petition_id: petitionId,
    at: new Date(start + i * 60_000),
    direction: i % 3 === 0 ? 'note' : i % 3 === 1 ? 'in' : 'out',
    by: i % 3 === 1 ? null : 'benchadmin',
    text: `Tin nhắn số ${i + 1} trong trao đổi về kiến nghị.`,
    attachments: '[]',
    status: 'sent',
    zalo_message_id: null,
  }));
}

/** SQLite stores instants as UTC text `YYYY-MM-DD HH:MM:SS.SSS`, booleans as 0/1. */
function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

async function insertAll(database: { sqlite?: string; pg?: string }, table: string, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  if (database.sqlite) {
    const db = new Database(database.sqlite);
    db.pragma('busy_timeout = 10000');
    const stmt = db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    db.transaction((all: Row[]) => {
      for (const r of all) stmt.run(columns.map((c) => sqliteValue(r[c])));
    })(rows);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: database.pg });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const values: unknown[] = [];
      const tuples = batch.map(
        (r, j) =>
          `(${columns
            .map((c, k) => {
              values.push(r[c]);
              return `$${j * columns.length + k + 1}`;
            })
            .join(', ')})`,
      );
      await client.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values);
    }
    await client.query('COMMIT');
    await client.query(`ANALYZE ${table}`);
  } finally {
    await client.end();
  }
}

/** Statements run in order in one transaction. */
async function runSql(database: { sqlite?: string; pg?: string }, statements: string[]): Promise<void> {
  if (database.sqlite) {
    const db = new Database(database.sqlite);
    db.pragma('busy_timeout = 10000');
    db.transaction(() => statements.forEach((sql) => db.prepare(sql).run()))();
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: database.pg });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

function cannon(url: string, token: string | undefined, amount: number, connections: number): Promise<{ lat: number[]; non2xx: number; errors: number }> {
  return new Promise((resolve, reject) => {
    const lat: number[] = [];
    const instance = autocannon({ url, amount, connections, headers: token ? { authorization: `Bearer ${token}` } : {}, timeout: 30 }, (err, result) =>
      err ? reject(err) : resolve({ lat, non2xx: result.non2xx, errors: result.errors + result.timeouts }),
    );
    instance.on('response', (_c, statusCode, _b, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) lat.push(responseTime);
    });
  });
}

async function main(): Promise<void> {
  const started = new Date();
  const postgres = args.database === 'postgres';
  log(
    `Petitions benchmark: ${PETITIONS} petitions, ${REQUESTS} requests per inbox query at 1 connection, ${postgres ? 'PostgreSQL' : 'SQLite'}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const pgDb = postgres ? await createPostgresDatabase(args['pg-url']!) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'diemcau-bench-petitions-'));
  const sqlitePath = join(dir, 'petitions.sqlite');
  const database = postgres ? { pg: pgDb!.url } : { sqlite: sqlitePath };
  const offInterrupt = onInterrupt(async () => {
    await pgDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const server = await startServer({ label: 'diemcau', databaseUrl: postgres ? pgDb!.url : `sqlite:${sqlitePath}` });
  const results: Array<{ name: string; requests: number; p50: number; p99: number; bad: number }> = [];
  try {
    const api = new ApiClient(server.url);
    await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    const departments: string[] = [];
    for (let i = 0; i < 12; i++)
      departments.push((await api.request<{ id: string }>('POST', '/api/departments', { code: `BENCH${i}`, name: `Sở thử nghiệm ${i + 1}` })).id);
    await api.request('POST', '/api/users', { username: 'benchso', password: 'bench-department-1', role: 'department', departmentId: departments[0] });
    const host =
      (await api.request<{ items: Array<{ id: string }> }>('GET', '/api/points?limit=1')).items[0]?.id ??
      (await api.request<{ id: string }>('POST', '/api/points', { code: 'BENCH-HOST', name: 'Điểm cầu chính', level: 'province' })).id;
    const conferences: string[] = [];
    for (let i = 0; i < 20; i++) {
      const startsAt = new Date(Date.now() + (i + 1) * 86_400_000 * 3).toISOString();
      const endsAt = new Date(Date.now() + (i + 1) * 86_400_000 * 3 + 3 * 3600_000).toISOString();
      conferences.push(
        (
          await api.request<{ id: string }>('POST', '/api/conferences', {
            title: `Hội nghị đối thoại ${i + 1}`,
            startsAt,
            endsAt,
            hostPointId: host,
            force: true,
          })
        ).id,
      );
    }
    const t0 = performance.now();
    await loadHolidays();
    const { petitions, supports } = petitionRows(departments, conferences);
    await insertAll(database, 'petitions', petitions);
    await insertAll(database, 'petition_support_departments', supports);
    // Written around the API, so the counts it keeps per transition are recomputed once, as after a bulk import.
    await runSql(database, rebuildCountsSql(postgres));
    const threadPetition = petitions[PETITIONS - 10].id as string;
    await insertAll(database, 'petition_messages', threadRows(threadPetition));
    log(
      `  ${PETITIONS} petitions, ${supports.length} support rows and a thread of ${THREAD} messages written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    // The SQLite inserts block this process for seconds: let the HTTP client notice the keep-alive sockets the server closed meanwhile.
    await sleep(1000);
    const department = new ApiClient(server.url);
    await department.login('benchso', 'bench-department-1');

    const targets: Array<{ name: string; path: string; token: string | undefined; amount: number; inbox?: boolean }> = [
      { name: 'GET /api/health (floor)', path: '/api/health', token: undefined, amount: REQUESTS },
      { name: 'inbox: newest 50', path: '/api/petitions?limit=50', token: api.token, amount: REQUESTS, inbox: true },
      { name: 'inbox: status + field', path: '/api/petitions?status=assigned&field=land&limit=50', token: api.token, amount: REQUESTS, inbox: true },
      {
        name: 'inbox: department + overdue',
        path: `/api/petitions?departmentId=${departments[3]}&overdue=true&limit=50`,
        token: api.token,
        amount: REQUESTS,
        inbox: true,
      },
      {
        name: 'inbox: search "hai quan" (accents folded)',
        path: `/api/petitions?q=${encodeURIComponent('hai quan')}&limit=50`,
        token: api.token,
        amount: REQUESTS,
        inbox: true,
      },
      { name: 'inbox: search by code', path: `/api/petitions?q=${petitions[1234].code}&limit=50`, token: api.token, amount: REQUESTS, inbox: true },
      { name: 'inbox: as a department user', path: '/api/petitions?limit=50', token: department.token, amount: REQUESTS, inbox: true },
      {
        name: 'inbox: department user, search "hai quan"',
        path: `/api/petitions?q=${encodeURIComponent('hai quan')}&limit=50`,
        token: department.token,
        amount: REQUESTS,
        inbox: true,
      },
      { name: `one petition, thread of ${THREAD}`, path: `/api/petitions/${threadPetition}`, token: api.token, amount: Math.max(50, Math.floor(REQUESTS / 5)) },
      { name: `report over ${PETITIONS}`, path: '/api/petitions/report', token: api.token, amount: REPORT_REQUESTS },
    ];
    for (const t of targets) if (WARMUP > 0) await cannon(server.url + t.path, t.token, Math.min(WARMUP, t.amount), 1);
    for (const t of targets) {
      const { lat, non2xx, errors } = await cannon(server.url + t.path, t.token, t.amount, 1);
      results.push({ name: t.name, requests: lat.length, p50: percentile(lat, 50), p99: percentile(lat, 99), bad: non2xx + errors });
      log(`  ${t.name}: p50 ${ms(percentile(lat, 50))}, p99 ${ms(percentile(lat, 99))}${non2xx + errors ? ` (${non2xx + errors} failed)` : ''}`);
    }
    const floor = results[0];
    const out: string[] = [];
    out.push(`### Petitions (\`npm run bench:petitions${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`)`);
    out.push('');
    out.push(
      `${started.toISOString()}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${postgres ? 'PostgreSQL' : 'SQLite'}; ${PETITIONS} petitions; 1 connection; ${WARMUP} warm-up requests per query first`,
    );
    out.push('');
    out.push(
      table(
        ['request', 'requests', 'p50', 'p99', 'p99 / health p99'],
        results.map((r) => [
          `${r.name}${r.bad ? ` (${r.bad} failed)` : ''}`,
          String(r.requests),
          ms(r.p50),
          ms(r.p99),
          r === floor ? '1.00×' : ratio(r.p99, floor.p99),
        ]),
      ),
    );
    out.push('');
    const inboxWorst = Math.max(...results.filter((r, i) => targets[i].inbox).map((r) => r.p99));
    const report = results[results.length - 1];
    out.push(
      `- ${inboxWorst < 20 ? 'PASS' : 'FAIL'} inbox list p99 under 20 ms at one connection (worst of the inbox queries): ${ms(inboxWorst)}${postgres ? ' (the goal is set for SQLite)' : ''}`,
    );
    out.push(`- ${report.p99 < 500 ? 'PASS' : 'FAIL'} report under 500 ms: p99 ${ms(report.p99)}${postgres ? ' (the goal is set for SQLite)' : ''}`);
    console.log(`\n${out.join('\n')}\n`);
    const resultsDir = join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `petitions-${started.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify({ startedAt: started.toISOString(), database: postgres ? 'postgres' : 'sqlite', petitions: PETITIONS, results }, null, 2),
    );
    log(`results saved to ${file}`);
  } catch (e) {
    log(`server log:\n${server.logTail(40)}`);
    throw e;
  } finally {
    await server.stop();
    await pgDb?.drop();
    if (process.env.BENCH_KEEP_DB) log(`kept ${sqlitePath}`);
    else rmSync(dir, { recursive: true, force: true });
    offInterrupt();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(
      `\nPetitions benchmark failed: ${e instanceof Error ? `${e.message}${e.cause ? ` (${String((e.cause as Error).message ?? e.cause)})` : ''}\n${e.stack}` : String(e)}`,
    );
    process.exit(1);
  },
);
