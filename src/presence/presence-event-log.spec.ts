import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseKind } from '../common/config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { insertStatements } from '../database/bulk-insert';
import { runMigrations } from '../database/migrate';
import { Transactions } from '../database/transactions';
import type { MetricsService } from '../metrics/metrics.service';
import { freshDataSource } from '../../test/helpers/fresh-database';
import { MAX_BATCH_ROWS, MAX_BATCH_ROWS_POSTGRES, PresenceEventInput, PresenceEventLog } from './presence-event-log';

const CID = randomUUID();
const row = (i: number, pointId = randomUUID()): PresenceEventInput => ({
  conferenceId: CID,
  pointId,
  at: Date.UTC(2021, 6, 10, 1, 0, 0, i),
  type: 'checkin',
  detail: { i },
});

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* the event loop is blocked, as when Node reads thousands of sockets in one go */
  }
}

// Entities pick their column types from DATABASE_URL when they load; a PostgreSQL run covers this log through the e2e specs.
const SKIP_REASON = 'skipped under DATABASE_URL=postgres: this spec runs on SQLite in memory; the e2e specs cover the log on PostgreSQL';
const sqlite = databaseKind() === 'sqlite';
if (!sqlite) console.warn(`src/presence/presence-event-log.spec.ts ${SKIP_REASON}`);

(sqlite ? describe : describe.skip)(sqlite ? 'PresenceEventLog (SQLite in memory)' : `PresenceEventLog: ${SKIP_REASON}`, () => {
  let ds: DataSource;
  let log: PresenceEventLog;
  let transactions: number;
  /** The app-wide transaction runner other features write through. */
  let other: Transactions;

  beforeEach(async () => {
    ds = await new DataSource({ ...dataSourceOptions({ type: 'sqlite', path: ':memory:' }), logging: false }).initialize();
    await runMigrations(ds);
    // Count the log's commits: each batch is one write (one statement, or one transaction) through the write queue.
    transactions = 0;
    const counting = new Transactions(ds);
    const run = counting.run.bind(counting);
    const write = counting.write.bind(counting);
    counting.run = (work) => (transactions++, run(work));
    counting.write = (work) => (transactions++, write(work));
    other = counting;
    log = new PresenceEventLog(ds, counting);
  });
  afterEach(async () => {
    await log.flush();
    await ds.destroy();
  });

  it('writes a burst in a few transactions, in order, and resolves every append once committed', async () => {
    const n = MAX_BATCH_ROWS * 2 + 500;
    const pending = Array.from({ length: n }, (_, i) => log.append([row(i)]));
    await Promise.all(pending);
    expect(transactions).toBeGreaterThanOrEqual(2);
    // Full batches of MAX_BATCH_ROWS, plus at most one early, smaller first batch: on a busy machine the loop above can
    // outlast the group's tick, and the age check starts a write with what had come by then (it failed once so in CI).
    expect(transactions).toBeLessThanOrEqual(Math.ceil(n / MAX_BATCH_ROWS) + 1);
    const back = await log.list(CID);
    expect(back).toHaveLength(n);
    expect(back.map((e) => (e.detail as { i: number }).i)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(back[0]).toEqual({ pointId: expect.any(String), type: 'checkin', at: Date.UTC(2021, 6, 10, 1, 0, 0, 0), detail: { i: 0 } });
  });

  it('never writes more than MAX_BATCH_ROWS rows in one go, keeps each append whole, and lets I/O run between batches', async () => {
    const batches: number[] = [];
    const metrics = { eventLogBatch: (rows: number) => void batches.push(rows) } as unknown as MetricsService;
    const capped = new PresenceEventLog(ds, new Transactions(ds), metrics);
    // Appends of 3 rows: a batch ends on an append's boundary.
    const pending = Array.from({ length: 400 }, (_, i) => capped.append([row(3 * i), row(3 * i + 1), row(3 * i + 2)]));
    let turns = 0;
    let done = false;
    const spin = () => {
      turns++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    await Promise.all(pending);
    done = true;
    expect(batches.reduce((a, b) => a + b, 0)).toBe(1200);
    expect(Math.max(...batches)).toBeLessThanOrEqual(MAX_BATCH_ROWS);
    expect(batches.every((n) => n % 3 === 0)).toBe(true);
    expect(batches.length).toBeGreaterThanOrEqual(1200 / MAX_BATCH_ROWS);
    // setImmediate callbacks ran while the batches were written, not only after the last one.
    expect(turns).toBeGreaterThanOrEqual(batches.length - 1);
    expect((await capped.list(CID)).map((e) => (e.detail as { i: number }).i)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
  });

  it('commits without waiting for its timer when the event loop is busy (the age is checked on every append)', async () => {
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const first = log.append([row(1)]);
    busyWait(10);
    const second = log.append([row(2)]);
    await Promise.all([first, second]);
    expect(timerRan).toBe(false);
    expect(await log.list(CID)).toHaveLength(2);
  });

  it("never writes inside another feature's open transaction (its rollback must not take acked lines with it)", async () => {
    let appended: Promise<void> | undefined;
    let appendDone = false;
    await expect(
      other.run(async (em) => {
        await em.query('INSERT INTO presence_events (conference_id, point_id, at, type, detail) VALUES (?, ?, ?, ?, ?)', [
          CID,
          randomUUID(),
          '2021-07-10 01:00:00.000',
          'lost',
          null,
        ]);
        appended = log.append([row(7)]).then(() => void (appendDone = true));
        await new Promise((r) => setTimeout(r, 30));
        expect(appendDone).toBe(false);
        throw new Error('the other feature rolls back');
      }),
    ).rejects.toThrow('rolls back');
    await appended;
    const back = await log.list(CID);
    expect(back.map((e) => e.type)).toEqual(['checkin']);
    expect(back[0].detail).toEqual({ i: 7 });
  });

  it('filters by point; a batch that cannot be written rejects all its appends and writes none of its lines', async () => {
    const p = randomUUID();
    await log.append([row(1, p), row(2), row(3, p)]);
    expect((await log.list(CID, p)).map((e) => (e.detail as { i: number }).i)).toEqual([1, 3]);
    // Two appends in one batch, one of them breaking a NOT NULL column.
    Logger.overrideLogger(false); // the failure is logged; expected here
    try {
      const good = log.append([row(4, p)]);
      const bad = log.append([{ ...row(5, p), conferenceId: null as unknown as string }]);
      // Compared by message: better-sqlite3's native part creates its errors in the realm that loaded it first,
      // which under jest may be another test file's, so they are not `instanceof Error` here.
      const outcome = await Promise.allSettled([good, bad]);
      expect(outcome.map((o) => (o.status === 'rejected' ? String((o.reason as { message?: unknown }).message) : 'fulfilled'))).toEqual([
        expect.stringMatching(/NOT NULL/),
        expect.stringMatching(/NOT NULL/),
      ]);
    } finally {
      Logger.overrideLogger(['error', 'warn', 'log']);
    }
    expect((await log.list(CID, p)).map((e) => (e.detail as { i: number }).i)).toEqual([1, 3]);
    await log.append([row(6, p)]);
    expect((await log.list(CID, p)).map((e) => (e.detail as { i: number }).i)).toEqual([1, 3, 6]);
  });

  it('waits without blocking the event loop while another process holds the SQLite write lock, then commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diemcau-busy-'));
    const file = join(dir, 'busy.sqlite');
    const fileDs = await new DataSource({ ...dataSourceOptions({ type: 'sqlite', path: file }), logging: false }).initialize();
    await runMigrations(fileDs);
    const fileLog = new PresenceEventLog(fileDs, new Transactions(fileDs));
    const locker = new Database(file);
    Logger.overrideLogger(false); // the retry is logged; expected here
    try {
      locker.exec('BEGIN IMMEDIATE'); // a backup or the sqlite3 shell holding the write lock
      let committed = false;
      const pending = fileLog.append([row(1)]).then(() => void (committed = true));
      let ticks = 0;
      for (let i = 0; i < 10; i++) await new Promise<void>((r) => setTimeout(() => (ticks++, r()), 20));
      expect(ticks).toBe(10); // timers kept running
      expect(committed).toBe(false);
      locker.exec('ROLLBACK');
      await pending;
      expect(await fileLog.list(CID)).toHaveLength(1);
    } finally {
      Logger.overrideLogger(['error', 'warn', 'log']);
      locker.close();
      await fileLog.flush().catch(() => undefined);
      await fileDs.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// On the database DATABASE_URL names (SQLite when unset): CI runs it on both.
const kind = databaseKind() === 'sqlite' ? 'SQLite' : 'PostgreSQL';
describe(`PresenceEventLog batch size (${kind})`, () => {
  let ds: DataSource;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, cleanup } = await freshDataSource());
  });
  afterAll(() => cleanup());

  it('writes a burst in batches of at most 256 rows on SQLite, 1,000 on PostgreSQL (a full batch is one statement)', async () => {
    const max = kind === 'SQLite' ? MAX_BATCH_ROWS : MAX_BATCH_ROWS_POSTGRES;
    expect(max).toBe(kind === 'SQLite' ? 256 : 1000);
    const batches: number[] = [];
    const metrics = { eventLogBatch: (rows: number) => void batches.push(rows) } as unknown as MetricsService;
    let transactions = 0;
    const counting = new Transactions(ds);
    const run = counting.run.bind(counting);
    counting.run = (work) => (transactions++, run(work));
    const log = new PresenceEventLog(ds, counting, metrics);
    const n = 2500;
    const conferenceId = randomUUID();
    await Promise.all(Array.from({ length: n }, (_, i) => log.append([{ ...row(i), conferenceId }])));
    expect(batches.reduce((a, b) => a + b, 0)).toBe(n);
    expect(Math.max(...batches)).toBe(max);
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(n / max) + 1);
    // One INSERT per batch needs no transaction: every full batch is one; on SQLite a partial one of several statement
    // shapes (the last, 196 rows: 128 + 64 + 4; on a loaded machine the timer may also cut an early one) takes a transaction
    expect(transactions).toBe(kind === 'PostgreSQL' ? 0 : batches.filter((b) => insertStatements('better-sqlite3', b) > 1).length);
    expect(transactions).toBeLessThanOrEqual(2);
    expect((await log.list(conferenceId)).map((e) => (e.detail as { i: number }).i)).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});
