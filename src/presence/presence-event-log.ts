import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ROWS_PER_INSERT } from '../database/bulk-insert';
import { GroupCommit } from '../database/group-commit';
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
 * event loop for its whole length (a burst of 2,000 check-ins is eight short writes with socket reads in between,
 * not one long one). 256: a full batch is one statement of `bulkInsert`'s largest shape, with no transaction around it.
 */
export const MAX_BATCH_ROWS = 256;
/**
 * PostgreSQL: one `INSERT` of up to this many rows (one statement, no transaction). The write does not hold the event
 * loop, but each batch is a round trip that Node reads back only after the sockets read meanwhile: with 250 rows a
 * batch, a burst read faster than 250 check-ins a loop turn piled up in the queue, and acks left in waves.
 */
export const MAX_BATCH_ROWS_POSTGRES = ROWS_PER_INSERT;
const COLUMNS = ['conferenceId', 'pointId', 'at', 'type', 'detail'] as const;

/**
 * The durable presence log. `append` resolves once its batch is committed (callers ack after that), by group commit
 * ({@link GroupCommit}): a burst of thousands of check-ins costs a handful of commits instead of thousands.
 */
@Injectable()
export class PresenceEventLog {
  private readonly logger = new Logger('PresenceEventLog');
  private readonly batches: GroupCommit<PresenceEventInput>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    @Optional() private readonly metrics?: MetricsService,
  ) {
    const maxRows = dataSource.options.type === 'postgres' ? MAX_BATCH_ROWS_POSTGRES : MAX_BATCH_ROWS;
    this.batches = new GroupCommit((rows) => this.write(rows), BATCH_TICK_MS, maxRows);
  }

  /** Queues the lines (in one batch); resolves when they are committed, rejects when their batch failed. */
  append(rows: readonly PresenceEventInput[]): Promise<void> {
    return this.batches.addAll(rows);
  }

  /** Writes everything queued so far (also used at shutdown); resolves when it is committed. */
  flush(): Promise<void> {
    return this.batches.flush();
  }

  private async write(batch: PresenceEventInput[]): Promise<void> {
    const started = performance.now();
    try {
      const rows = batch.map((r) => ({ ...r, at: new Date(r.at) }));
      // Through the app-wide write queue (SQLite: never inside another feature's transaction; retried while
      // another process holds the lock).
      await this.transactions.insert(PresenceEventEntity, COLUMNS, rows);
      this.metrics?.eventLogBatch(batch.length, (performance.now() - started) / 1000, true);
    } catch (e) {
      this.metrics?.eventLogBatch(batch.length, (performance.now() - started) / 1000, false);
      this.logger.error(`could not write ${batch.length} presence events: ${(e as Error).stack ?? String(e)}`);
      throw e;
    }
  }

  /** The conferences that have at least one line. */
  async conferenceIds(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(PresenceEventEntity)
      .createQueryBuilder('e')
      .select('DISTINCT e.conferenceId', 'conferenceId')
      .getRawMany<{ conferenceId: string }>();
    return rows.map((r) => r.conferenceId);
  }

  /** The events of a conference (optionally one point), oldest first; a page of them with `limit` and `offset`. */
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
