import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { Transactions } from '../database/transactions';
import { MetricsService } from '../metrics/metrics.service';
import { PresenceEventEntity, PresenceEventType } from './entities/presence-event.entity';
import type { LoggedEvent } from './presence-state';

/** One line to write. */
export interface PresenceEventInput {
  conferenceId: string;
  pointId: string;
  at: number;
  type: PresenceEventType;
  detail: Record<string, unknown> | null;
}

/** Events wait at most this long for their batch to start (one transaction per tick). */
export const BATCH_TICK_MS = 10;
/** A batch this large is written at once. */
export const MAX_BATCH_ROWS = 1000;
/** Rows per INSERT statement on PostgreSQL (5 parameters each: well under its 65,535). */
const ROWS_PER_INSERT = MAX_BATCH_ROWS;

const COLUMNS = [
  { name: 'conference_id', property: 'conferenceId' },
  { name: 'point_id', property: 'pointId' },
  { name: 'at', property: 'at' },
  { name: 'type', property: 'type' },
  { name: 'detail', property: 'detail' },
] as const;

/** The parts of a better-sqlite3 handle the log uses. */
interface SqliteDatabase {
  readonly inTransaction: boolean;
  prepare(sql: string): { run(...values: unknown[]): unknown };
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
}

interface Pending {
  rows: PresenceEventInput[];
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
  /** When its first row came. */
  since: number;
}

const emptyBatch = (): Pending => ({ rows: [], waiters: [], since: 0 });

/**
 * The durable presence log. `append` resolves once its batch is committed (callers ack after that).
 * Group commit: one transaction at a time; what arrives meanwhile waits (at most `BATCH_TICK_MS`, or until
 * `MAX_BATCH_ROWS`) and goes into the next one, so a burst of thousands of check-ins costs a handful of
 * commits instead of thousands. The age is also checked on every append, not only by the timer: during a
 * burst Node reads thousands of sockets before it runs any timer.
 */
@Injectable()
export class PresenceEventLog {
  private readonly logger = new Logger('PresenceEventLog');
  private pending: Pending = emptyBatch();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private sqliteInsert: ((batch: unknown[][]) => void) | null = null;
  private columnMetadata: ColumnMetadata[] | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** Queues the lines; resolves when they are committed, rejects when their batch failed. */
  append(rows: readonly PresenceEventInput[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const p = this.pending;
      if (p.rows.length === 0) p.since = Date.now();
      p.rows.push(...rows);
      p.waiters.push({ resolve, reject });
      if (this.inFlight) return; // written as soon as the current transaction ends
      if (p.rows.length >= MAX_BATCH_ROWS || Date.now() - p.since >= BATCH_TICK_MS) this.startWrite();
      else this.timer ??= setTimeout(() => this.startWrite(), BATCH_TICK_MS);
    });
  }

  /** Writes everything queued so far (also used at shutdown); resolves when it is committed. */
  async flush(): Promise<void> {
    while (this.inFlight || this.pending.rows.length > 0) {
      if (!this.inFlight) this.startWrite();
      await this.inFlight;
    }
  }

  private startWrite(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight || this.pending.rows.length === 0) return;
    const batch = this.pending;
    this.pending = emptyBatch();
    this.inFlight = this.write(batch).finally(() => {
      this.inFlight = null;
      if (this.pending.rows.length > 0) this.startWrite();
    });
  }

  private async write(batch: Pending): Promise<void> {
    const started = performance.now();
    try {
      if (this.dataSource.driver.options.type === 'postgres') await this.writePostgres(batch.rows);
      else await this.writeSqlite(batch.rows);
      this.metrics?.eventLogBatch(batch.rows.length, (performance.now() - started) / 1000, true);
      for (const w of batch.waiters) w.resolve();
    } catch (e) {
      this.metrics?.eventLogBatch(batch.rows.length, (performance.now() - started) / 1000, false);
      this.logger.error(`could not write ${batch.rows.length} presence events: ${(e as Error).stack ?? String(e)}`);
      for (const w of batch.waiters) w.reject(e);
    }
  }

  /**
   * SQLite: one prepared statement run per row inside one native transaction, synchronously, so nothing can
   * interleave with it. TypeORM shares SQLite's single connection between all its query runners: a write
   * made while another feature's transaction is open would join that transaction (and vanish with its
   * rollback, after the ack). So the batch waits until no transaction is open, then runs whole.
   */
  private async writeSqlite(rows: readonly PresenceEventInput[]): Promise<void> {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteDatabase }).databaseConnection;
    while (db.inTransaction) await new Promise((r) => setTimeout(r, 1));
    if (!this.sqliteInsert) {
      const stmt = db.prepare(`INSERT INTO presence_events (${COLUMNS.map((c) => c.name).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
      this.sqliteInsert = db.transaction((batch: unknown[][]) => {
        for (const values of batch) stmt.run(...values);
      });
    }
    this.sqliteInsert(rows.map((r) => this.values(r)));
  }

  /** PostgreSQL (a pool: no sharing hazard): multi-row INSERTs, in a transaction when there is more than one. */
  private async writePostgres(rows: readonly PresenceEventInput[]): Promise<void> {
    const chunks: PresenceEventInput[][] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) chunks.push(rows.slice(i, i + ROWS_PER_INSERT));
    const insert = (em: EntityManager, chunk: PresenceEventInput[]) => {
      const params: unknown[] = [];
      const tuples = chunk.map((r) => `(${this.values(r).map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
      return em.query(`INSERT INTO presence_events (${COLUMNS.map((c) => c.name).join(', ')}) VALUES ${tuples.join(', ')}`, params);
    };
    if (chunks.length === 1) await insert(this.dataSource.manager, chunks[0]);
    else await this.transactions.run(async (em) => {
      for (const chunk of chunks) await insert(em, chunk);
    });
  }

  /** A row's values as TypeORM itself would store them (date format, JSON text), in `COLUMNS` order. */
  private values(r: PresenceEventInput): unknown[] {
    if (!this.columnMetadata) {
      const meta = this.dataSource.getMetadata(PresenceEventEntity);
      this.columnMetadata = COLUMNS.map((c) => meta.findColumnWithPropertyName(c.property)!);
    }
    const raw = [r.conferenceId, r.pointId, new Date(r.at), r.type, r.detail];
    return raw.map((v, i) => this.dataSource.driver.preparePersistentValue(v, this.columnMetadata![i]));
  }

  /** The events of a conference (optionally one point), oldest first. */
  async list(conferenceId: string, pointId?: string): Promise<Array<LoggedEvent & { pointId: string }>> {
    const rows = await this.dataSource.getRepository(PresenceEventEntity).find({
      select: { pointId: true, at: true, type: true, detail: true },
      where: pointId ? { conferenceId, pointId } : { conferenceId },
      order: { id: 'ASC' },
    });
    return rows.map((r) => ({ pointId: r.pointId, type: r.type, at: r.at.getTime(), detail: r.detail }));
  }
}
