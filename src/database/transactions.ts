import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { bulkInsert, insertStatements } from './bulk-insert';

/** How long a write waits for another process's SQLite write lock (a backup, the sqlite3 shell) before failing. */
export const SQLITE_BUSY_DEADLINE_MS = 30_000;
/** Asynchronous pauses between attempts while another process holds the write lock (the event loop stays free). */
const BUSY_BACKOFF_MS = [10, 25, 50, 100, 200];

/** True for SQLite's "database is locked" (`SQLITE_BUSY*`), however TypeORM wrapped it. */
export function isSqliteBusy(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = err?.driverError?.code ?? err?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one place where the app writes to its database (SQLite or PostgreSQL); features use `run` for
 * multi-row changes (all or nothing) and `write` for a single statement.
 *
 * PostgreSQL: each transaction gets its own pooled connection; nothing is queued.
 *
 * SQLite (the SQLite write queue): TypeORM shares ONE connection, so two transactions started concurrently would
 * nest as savepoints of each other (the second committing or rolling back the first), and a lone statement would
 * land inside whichever transaction is open. So every write — transactions and the presence event log's batches
 * alike — goes through one app-wide queue, one at a time, in arrival order. The driver is synchronous: the
 * connection's `busy_timeout` is short (see `data-source-options.ts`), and when another process holds the write
 * lock the work is rolled back and retried after an asynchronous pause, so the event loop keeps serving sockets
 * and `GET /api/health` meanwhile; it fails after `SQLITE_BUSY_DEADLINE_MS`.
 * Not re-entrant: work inside `run` must use its `EntityManager`, never `run` again.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger('Transactions');
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** A transaction: all of `work` or nothing. */
  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.postgres) return this.dataSource.transaction(work);
    return this.enqueue(() => this.dataSource.transaction(work));
  }

  /** One statement (atomic by itself): no transaction on PostgreSQL; queued like the transactions on SQLite. */
  write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.postgres) return work(this.dataSource.manager);
    return this.enqueue(() => work(this.dataSource.manager));
  }

  /** `bulkInsert` of plain rows: one statement as it is (`write`), several in one transaction (`run`). */
  insert<E extends ObjectLiteral>(
    target: EntityTarget<E>,
    properties: ReadonlyArray<keyof E & string>,
    rows: readonly Partial<E>[],
    opts: { skipConflicts?: boolean } = {},
  ): Promise<void> {
    const work = (em: EntityManager) => bulkInsert(em, target, properties, rows, opts);
    return insertStatements(this.dataSource.options.type, rows.length) === 1 ? this.write(work) : this.run(work);
  }

  /** Runs `attempt` after every earlier write, retrying it (whole) while another process holds the write lock. */
  private enqueue<T>(attempt: () => Promise<T>): Promise<T> {
    const work = () => this.retryWhileBusy(attempt);
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async retryWhileBusy<T>(attempt: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + SQLITE_BUSY_DEADLINE_MS;
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (e) {
        if (!isSqliteBusy(e) || Date.now() >= deadline) throw e;
        if (i === 0) this.logger.warn('the SQLite file is locked by another process: retrying the write');
        await pause(BUSY_BACKOFF_MS[Math.min(i, BUSY_BACKOFF_MS.length - 1)]);
      }
    }
  }
}

/**
 * A WHERE fragment matching `column` against a set of ids passed as ONE parameter (however many ids):
 * `json_each` on SQLite, `ANY(uuid[])` on PostgreSQL. Never one query, or one placeholder, per id.
 */
export function inIdSet(em: EntityManager, column: string, param: string, ids: string[]): [string, Record<string, unknown>] {
  return em.connection.options.type === 'postgres'
    ? [`${column} = ANY(CAST(:${param} AS uuid[]))`, { [param]: ids }]
    : [`${column} IN (SELECT value FROM json_each(:${param}))`, { [param]: JSON.stringify(ids) }];
}
