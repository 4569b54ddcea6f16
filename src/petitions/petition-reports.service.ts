import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { Repository } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
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
    private readonly calendar: CalendarService,
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
    const groups: Array<[string, string]> = [
      // `|| ''`: not groupable by an index, so SQLite scans the narrow report index instead of walking another one and reading every row.
      ["p.lead_department_id || ''", 'lead'],
      ['p.status', 'status'],
      ['p.field', 'field'],
      ['p.answer_mode', 'answerMode'],
      ['CASE WHEN p.commitment_done IS NULL THEN 0 ELSE 1 END', 'hasCommitment'],
      ['CASE WHEN p.commitment_done IS NULL THEN 0 WHEN p.commitment_done THEN 1 ELSE 0 END', 'commitmentDone'],
      ["CASE WHEN p.status IN ('received', 'assigned') AND p.due_at IS NOT NULL AND p.due_at < :statNow THEN 1 ELSE 0 END", 'overdue'],
      ['CASE WHEN p.answered_at IS NOT NULL AND (p.due_at IS NULL OR p.answered_at <= p.due_at) THEN 1 ELSE 0 END', 'onTime'],
    ];
    const grouped = qb.clone().select([]).setParameter('statNow', now);
    for (const [expr, alias] of groups) grouped.addSelect(expr, alias).addGroupBy(expr);
    grouped.addSelect('COUNT(*)', 'n');
    // The medians from the working days kept on each answered petition (PetitionAnswerDays): counts per department and value.
    const daysQuery = qb
      .clone()
      .select([])
      .addSelect('p.lead_department_id', 'lead')
      .addSelect('p.answer_working_days', 'days')
      .addSelect('COUNT(*)', 'n')
      .andWhere("p.status IN ('answered', 'closed') AND p.lead_department_id IS NOT NULL AND p.answer_working_days IS NOT NULL")
      .groupBy('p.lead_department_id')
      .addGroupBy('p.answer_working_days');
    const [raw, rawDays, departments, calendar] = await Promise.all([
      grouped.getRawMany<Record<string, unknown>>(),
      daysQuery.getRawMany<{ lead: string; days: number | string; n: number | string }>(),
      this.departments.all(),
      this.calendar.calendar(),
    ]);
    const truthy = (v: unknown) => v === true || v === 1 || v === '1';
    const rows: StatRow[] = raw.map((r) => ({
      leadDepartmentId: (r.lead as string | null) || null,
      status: r.status as StatRow['status'],
      field: r.field as StatRow['field'],
      answerMode: (r.answerMode as StatRow['answerMode']) ?? null,
      hasCommitment: truthy(r.hasCommitment),
      commitmentDone: truthy(r.commitmentDone),
      overdue: truthy(r.overdue),
      onTime: truthy(r.onTime),
      n: Number(r.n),
    }));
    const spans: AnswerDays[] = rawDays.map((r) => ({ leadDepartmentId: r.lead, workingDays: Number(r.days), n: Number(r.n) }));
    const stats = petitionStats(
      rows,
      spans,
      departments.filter((d) => d.active || !everyActiveDepartment),
      calendar,
      PETITION_ZONE,
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
