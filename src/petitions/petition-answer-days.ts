import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { CALENDAR_CHANGED, type CalendarChangedEvent } from '../calendar/calendar.events';
import { CalendarService } from '../calendar/calendar.service';
import { WorkingDayCounter } from '../calendar/working-days';
import { hydrateRaw } from '../database/raw-rows';
import { inIdSet, Transactions } from '../database/transactions';
import { PetitionEntity } from './entities/petition.entity';
import { PETITION_ZONE } from './petition-mapper';
import { workingDaysToAnswer } from './petition-stats';
import { PetitionStore } from './petition-store';

/** Petitions read and written per statement when many are (re)computed. */
const BATCH = 5_000;

/**
 * The working days from assignment to answer kept on each petition (`answer_working_days`), so that the report takes
 * its medians from a `GROUP BY` instead of counting working days for every answered petition. Written with the
 * assignment or the answer (`valueFor`, in the action's transaction); filled at start for petitions without it (those
 * answered before the column existed, or loaded straight into the database); recomputed around a day when an admin
 * changes the calendar there, so the kept value always equals what the calendar of now gives.
 */
@Injectable()
export class PetitionAnswerDays implements OnModuleInit {
  private readonly logger = new Logger('PetitionAnswerDays');

  constructor(
    private readonly store: PetitionStore,
    private readonly calendar: CalendarService,
    private readonly tx: Transactions,
  ) {}

  /** The value for a petition with these times (null unless both are set). */
  async valueFor(assignedAt: Date | null, answeredAt: Date | null): Promise<number | null> {
    if (!assignedAt || !answeredAt) return null;
    return workingDaysToAnswer(new WorkingDayCounter(await this.calendar.calendar()), assignedAt, answeredAt, PETITION_ZONE);
  }

  async onModuleInit(): Promise<void> {
    const n = await this.recompute((qb) => qb.andWhere('p.answer_working_days IS NULL'));
    if (n) this.logger.log(`working days to answer filled for ${n} petitions`);
  }

  /** Awaited by the calendar's change (emitAsync); a failure is logged, the override stays saved. */
  @OnEvent(CALENDAR_CHANGED)
  async calendarChanged(e: CalendarChangedEvent): Promise<void> {
    try {
      await this.recomputeAround(e.date);
    } catch (err) {
      this.logger.error(`working days to answer around ${e.date} not recomputed: ${(err as Error).message}`);
    }
  }

  private async recomputeAround(date: string): Promise<void> {
    // Every petition whose assignment-to-answer span may include that local day (a day's margin for the zone).
    const day = DateTime.fromISO(date, { zone: PETITION_ZONE });
    const n = await this.recompute((qb) =>
      qb
        .andWhere('p.assigned_at < :spanEnd', { spanEnd: day.plus({ days: 2 }).toUTC().toJSDate() })
        .andWhere('p.answered_at >= :spanStart', { spanStart: day.minus({ days: 1 }).toUTC().toJSDate() }),
    );
    if (n) this.logger.log(`working days to answer recomputed for ${n} petitions around ${date}`);
  }

  /** Computes the value of the petitions with both times that `where` selects, and writes those that differ. */
  private async recompute(where: (qb: ReturnType<PetitionStore['select']>) => unknown): Promise<number> {
    let changed = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    // Built only when there is something to compute: the calendar loads date-holidays (~20 MB resident), which an
    // instance that only runs broadcasts never needs at start.
    let counter: WorkingDayCounter | null = null;
    for (;;) {
      const qb = this.store
        .select()
        .select('p.id', 'id')
        .addSelect('p.assignedAt', 'assignedAt')
        .addSelect('p.answeredAt', 'answeredAt')
        .addSelect('p.answerWorkingDays', 'answerWorkingDays')
        .where('p.assigned_at IS NOT NULL AND p.answered_at IS NOT NULL')
        .andWhere('p.id > :after', { after })
        .orderBy('p.id')
        .limit(BATCH);
      where(qb);
      const rows = hydrateRaw(this.store.manager, PetitionEntity, await qb.getRawMany<Record<string, unknown>>());
      if (!rows.length) return changed;
      after = rows[rows.length - 1].id as string;
      counter ??= new WorkingDayCounter(await this.calendar.calendar());
      const byValue = new Map<number, string[]>();
      for (const r of rows) {
        const d = workingDaysToAnswer(counter, r.assignedAt as Date, r.answeredAt as Date, PETITION_ZONE);
        if (d === r.answerWorkingDays) continue;
        let ids = byValue.get(d);
        if (!ids) byValue.set(d, (ids = []));
        ids.push(r.id as string);
      }
      if (byValue.size) {
        await this.tx.run(async (em: EntityManager) => {
          for (const [d, ids] of byValue) {
            const [inIds, params] = inIdSet(em, 'id', 'ids', ids);
            await em.createQueryBuilder().update(PetitionEntity).set({ answerWorkingDays: d }).where(inIds, params).execute();
            changed += ids.length;
          }
        });
      }
    }
  }
}
