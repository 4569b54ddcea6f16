import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

/** Events of one tick are written in one transaction, at most this often. */
export const BATCH_TICK_MS = 5;
/** Rows per INSERT statement (5 parameters each: well under SQLite's and PostgreSQL's limits). */
const ROWS_PER_INSERT = 500;

interface Pending {
  rows: PresenceEventInput[];
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
}

/**
 * The durable presence log. `append` resolves once its batch is committed (callers ack after that);
 * batches are written one at a time, in order, one transaction per tick, so a burst of thousands of
 * check-ins costs a handful of commits instead of thousands.
 */
@Injectable()
export class PresenceEventLog {
  private readonly logger = new Logger('PresenceEventLog');
  private pending: Pending = { rows: [], waiters: [] };
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Queues the lines; resolves when they are committed, rejects when their batch failed. */
  append(rows: readonly PresenceEventInput[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending.rows.push(...rows);
      this.pending.waiters.push({ resolve, reject });
      this.timer ??= setTimeout(() => this.flush(), BATCH_TICK_MS);
    });
  }

  /** Writes what is queued now (also used at shutdown); resolves when everything queued so far is written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = { rows: [], waiters: [] };
    if (batch.rows.length > 0) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private async write(batch: Pending): Promise<void> {
    try {
      await this.dataSource.transaction(async (em) => {
        for (let i = 0; i < batch.rows.length; i += ROWS_PER_INSERT) {
          const values = batch.rows.slice(i, i + ROWS_PER_INSERT).map(
            (r): Partial<PresenceEventEntity> => ({ conferenceId: r.conferenceId, pointId: r.pointId, at: new Date(r.at), type: r.type, detail: r.detail }),
          );
          await em.createQueryBuilder().insert().into(PresenceEventEntity).values(values as object[]).updateEntity(false).execute();
        }
      });
      for (const w of batch.waiters) w.resolve();
    } catch (e) {
      this.logger.error(`could not write ${batch.rows.length} presence events: ${(e as Error).stack ?? String(e)}`);
      for (const w of batch.waiters) w.reject(e);
    }
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
