import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { Repository } from 'typeorm';
import { isIsoDate } from '../calendar/working-days';
import { toCsv } from '../common/csv/csv';
import { AppError } from '../common/errors';
import { DepartmentsService } from '../departments/departments.service';
import type { ConferencePetitionSummaryResponse, PetitionReportResponse } from './dto/petition.response';
import { PetitionEntity } from './entities/petition.entity';
import { PETITION_ZONE } from './petition-mapper';
import { petitionStats, type AnswerDays, type StatRow } from './petition-stats';

const REPORT_CSV_COLUMNS = ['departmentId', 'name', 'assigned', 'answered', 'answeredOnTime', 'overdue', 'open', 'medianWorkingDaysToAnswer'] as const;

/** The conference summary and the working group's report (and its CSV). */
@Injectable()
export class PetitionReportsService {
  constructor(
    @InjectRepository(PetitionEntity) private readonly petitions: Repository<PetitionEntity>,
    private readonly departments: DepartmentsService,
  ) {}

  async report(from: string | undefined, to: string | undefined): Promise<PetitionReportResponse> {
    for (const [field, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (v !== undefined && !isIsoDate(v))
        throw AppError.badRequest([{ vi: `${field} phải có dạng YYYY-MM-DD`, en: `${field} must be YYYY-MM-DD` }], { field });
    }
    if (from && to && to < from) throw AppError.badRequest([{ vi: 'to phải không sớm hơn from', en: 'to must not be before from' }], { field: 'to' });
    const qb = this.statQuery();
    if (from) qb.andWhere('p.received_at >= :from', { from: DateTime.fromISO(from, { zone: PETITION_ZONE }).startOf('day').toUTC().toJSDate() });
    if (to) qb.andWhere('p.received_at < :to', { to: DateTime.fromISO(to, { zone: PETITION_ZONE }).plus({ days: 1 }).startOf('day').toUTC().toJSDate() });
    const stats = await this.stats(qb, true);
    const byField: PetitionReportResponse['byField'] = {};
    for (const [f, v] of Object.entries(stats.byField)) byField[f] = v;
    return { byDepartment: stats.byDepartment, byField, commitmentsOpen: stats.commitmentsOpen };
  }

  async reportCsv(from: string | undefined, to: string | undefined): Promise<string> {
    const r = await this.report(from, to);
    return toCsv(
      REPORT_CSV_COLUMNS,
      r.byDepartment.map((d) => ({ ...d })),
    );
  }

  async conferenceSummary(conferenceId: string): Promise<ConferencePetitionSummaryResponse> {
    const stats = await this.stats(this.statQuery().andWhere('p.conference_id = :conferenceId', { conferenceId }), false);
    const byField: Record<string, number> = {};
    for (const [f, v] of Object.entries(stats.byField)) byField[f] = v.total;
    return {
      total: stats.total,
      answeredOnSpot: stats.answeredOnSpot,
      answeredInWriting: stats.answeredInWriting,
      open: stats.open,
      overdue: stats.overdue,
      byField,
      byDepartment: stats.byDepartment
        .filter((d) => d.assigned > 0)
        .map((d) => ({ departmentId: d.departmentId, name: d.name, total: d.assigned, answered: d.answered, overdue: d.overdue })),
    };
  }

  /** The petitions counted (report: by day of receipt; summary: of one conference); `where` adds to it. */
  private statQuery() {
    return this.petitions.createQueryBuilder('p').where('1 = 1');
  }

  /**
   * Counted in SQL: petitions grouped by everything the numbers depend on (a few hundred groups however many
   * petitions), and the answered ones per lead department and working days to answer (kept on the petition), for the medians.
   */
  private async stats(qb: ReturnType<PetitionReportsService['statQuery']>, everyActiveDepartment: boolean) {
    const now = new Date();
    // Grouped by the plain columns in the order of IDX_petitions_stats, so SQLite aggregates while it walks that index
    // (no sort of every petition); whether a petition is overdue now or was answered on time is summed within a group.
    const overdue = "p.status IN ('received', 'assigned') AND p.due_at IS NOT NULL AND p.due_at < :statNow";
    const onTime = 'p.answered_at IS NOT NULL AND (p.due_at IS NULL OR p.answered_at <= p.due_at)';
    const grouped = qb.clone().select([]).setParameter('statNow', now);
    for (const [column, alias] of [
      ['p.lead_department_id', 'lead'],
      ['p.status', 'status'],
      ['p.field', 'field'],
      ['p.answer_mode', 'answerMode'],
      ['p.commitment_done', 'commitmentDone'],
    ])
      grouped.addSelect(column, alias).addGroupBy(column);
    grouped
      .addSelect('COUNT(*)', 'n')
      .addSelect(`SUM(CASE WHEN ${overdue} THEN 1 ELSE 0 END)`, 'overdue')
      .addSelect(`SUM(CASE WHEN ${onTime} THEN 1 ELSE 0 END)`, 'onTime')
      .addSelect(`SUM(CASE WHEN ${overdue} AND ${onTime} THEN 1 ELSE 0 END)`, 'both');
    // The medians from the working days kept on each answered petition (PetitionAnswerDays): counts per department and value.
    // The status is summed rather than filtered, so that SQLite reads IDX_petitions_answer_days alone, in its order.
    const daysQuery = qb
      .clone()
      .select([])
      .addSelect('p.lead_department_id', 'lead')
      .addSelect('p.answer_working_days', 'days')
      .addSelect("SUM(CASE WHEN p.status IN ('answered', 'closed') THEN 1 ELSE 0 END)", 'n')
      .andWhere('p.lead_department_id IS NOT NULL AND p.answer_working_days IS NOT NULL')
      .groupBy('p.lead_department_id')
      .addGroupBy('p.answer_working_days');
    const [raw, rawDays, departments] = await Promise.all([
      grouped.getRawMany<Record<string, unknown>>(),
      daysQuery.getRawMany<{ lead: string; days: number | string; n: number | string }>(),
      this.departments.all(),
    ]);
    const truthy = (v: unknown) => v === true || v === 1 || v === '1';
    const rows: StatRow[] = [];
    for (const r of raw) {
      const row = {
        leadDepartmentId: (r.lead as string | null) || null,
        status: r.status as StatRow['status'],
        field: r.field as StatRow['field'],
        answerMode: (r.answerMode as StatRow['answerMode']) ?? null,
        hasCommitment: r.commitmentDone !== null && r.commitmentDone !== undefined,
        commitmentDone: truthy(r.commitmentDone),
      };
      // The group split by (overdue, on time): both, overdue only, on time only, neither.
      const [n, o, t, b] = [r.n, r.overdue, r.onTime, r.both].map(Number);
      for (const [isOverdue, isOnTime, count] of [
        [true, true, b],
        [true, false, o - b],
        [false, true, t - b],
        [false, false, n - o - t + b],
      ] as const)
        if (count > 0) rows.push({ ...row, overdue: isOverdue, onTime: isOnTime, n: count });
    }
    const answerDays: AnswerDays[] = rawDays.map((r) => ({ leadDepartmentId: r.lead, workingDays: Number(r.days), n: Number(r.n) })).filter((d) => d.n > 0);
    const stats = petitionStats(
      rows,
      answerDays,
      departments.filter((d) => d.active || !everyActiveDepartment),
    );
    if (everyActiveDepartment) {
      const active = new Set(departments.filter((d) => d.active).map((d) => d.id));
      stats.byDepartment = stats.byDepartment.filter((d) => active.has(d.departmentId) || d.assigned > 0);
    }
    const names = new Map(departments.map((d) => [d.id, d.name]));
    for (const d of stats.byDepartment) d.name ||= names.get(d.departmentId) ?? '';
    return stats;
  }
}
