import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { bulkInsert, insertStatements } from '../database/bulk-insert';
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
/**
 * A batch this large is written at once, and no batch is larger: with SQLite a write is synchronous and holds the
 * event loop for its whole length (a burst of 2,000 check-ins is four short writes with socket reads in between,
 * not one long one). Consecutive batches are started from `setImmediate`, so I/O runs between them.
 */
export const MAX_BATCH_ROWS = 250;
const COLUMNS = ['conferenceId', 'pointId', 'at', 'type', 'detail'] as const;

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  /** How many of the batch's rows are this append's (they are consecutive). */
  rows: number;
}

interface Pending {
  rows: PresenceEventInput[];
  waiters: Waiter[];
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
      p.waiters.push({ resolve, reject, rows: rows.length });
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
    const batch = this.takeBatch();
    this.inFlight = this.write(batch).finally(() => {
      this.inFlight = null;
      // Not straight on: the socket reads (and timers) that waited for this write run first.
      if (this.pending.rows.length > 0) setImmediate(() => this.startWrite());
    });
  }

  /** The oldest appends, whole, up to MAX_BATCH_ROWS rows (at least one append); the rest stays pending. */
  private takeBatch(): Pending {
    const p = this.pending;
    if (p.rows.length <= MAX_BATCH_ROWS) {
      this.pending = emptyBatch();
      return p;
    }
    let rows = 0;
    let waiters = 0;
    while (waiters < p.waiters.length && (waiters === 0 || rows + p.waiters[waiters].rows <= MAX_BATCH_ROWS)) rows += p.waiters[waiters++].rows;
    const batch: Pending = { rows: p.rows.slice(0, rows), waiters: p.waiters.slice(0, waiters), since: p.since };
    // What stays waited for MAX_BATCH_ROWS already: it goes as soon as this write is done.
    this.pending = { rows: p.rows.slice(rows), waiters: p.waiters.slice(waiters), since: p.since };
    return batch;
  }

  private async write(batch: Pending): Promise<void> {
    const started = performance.now();
    try {
      const rows = batch.rows.map((r) => ({ ...r, at: new Date(r.at) }));
      // Through the app-wide write queue (SQLite: never inside another feature's transaction; retried while
      // another process holds the lock). One statement needs no transaction.
      if (insertStatements(rows.length) === 1) await this.transactions.write((em) => bulkInsert(em, PresenceEventEntity, COLUMNS, rows));
      else await this.transactions.run((em) => bulkInsert(em, PresenceEventEntity, COLUMNS, rows));
      this.metrics?.eventLogBatch(batch.rows.length, (performance.now() - started) / 1000, true);
      for (const w of batch.waiters) w.resolve();
    } catch (e) {
      this.metrics?.eventLogBatch(batch.rows.length, (performance.now() - started) / 1000, false);
      this.logger.error(`could not write ${batch.rows.length} presence events: ${(e as Error).stack ?? String(e)}`);
      for (const w of batch.waiters) w.reject(e);
    }
  }

  /** The events of a conference (optionally one point), oldest first; a page of them with `limit` and `offset`. */
  /** The conferences that have at least one line. */
  async conferenceIds(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(PresenceEventEntity)
      .createQueryBuilder('e')
      .select('DISTINCT e.conferenceId', 'conferenceId')
      .getRawMany<{ conferenceId: string }>();
    return rows.map((r) => r.conferenceId);
  }

  async list(conferenceId: string, pointId?: string, page: { limit?: number; offset?: number } = {}): Promise<Array<LoggedEvent & { pointId: string }>> {
    const rows = await this.dataSource.getRepository(PresenceEventEntity).find({
      select: { pointId: true, at: true, type: true, detail: true },
      where: pointId ? { conferenceId, pointId } : { conferenceId },
      order: { id: 'ASC' },
      ...(page.limit !== undefined ? { take: page.limit } : {}),
      ...(page.offset ? { skip: page.offset } : {}),
    });
    return rows.map((r) => ({ pointId: r.pointId, type: r.type, at: r.at.getTime(), detail: r.detail }));
  }
}
