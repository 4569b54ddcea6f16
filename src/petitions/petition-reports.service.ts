import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { Repository } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { isIsoDate } from '../calendar/working-days';
import { toCsv } from '../common/csv/csv';
import { AppError } from '../common/errors';
import { hydrateRaw } from '../database/raw-rows';
import { DepartmentsService } from '../departments/departments.service';
import type { ConferencePetitionSummaryResponse, PetitionReportResponse } from './dto/petition.response';
import { PetitionEntity } from './entities/petition.entity';
import { PETITION_ZONE } from './petition-mapper';
import { petitionStats, type StatRow } from './petition-stats';

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
    for (const [field, v] of [['from', from], ['to', to]] as const) {
      if (v !== undefined && !isIsoDate(v)) throw AppError.badRequest([{ vi: `${field} phải có dạng YYYY-MM-DD`, en: `${field} must be YYYY-MM-DD` }], { field });
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
    return toCsv(REPORT_CSV_COLUMNS, r.byDepartment.map((d) => ({ ...d })));
  }

  async conferenceSummary(conferenceId: string): Promise<ConferencePetitionSummaryResponse> {
    const stats = await this.stats(this.statQuery().andWhere('p.conference_id = :conferenceId', { conferenceId }), false);
    const byField: Record<string, number> = {};
    for (const [f, v] of Object.entries(stats.byField)) byField[f] = v.total;
    return {
      total: stats.total, answeredOnSpot: stats.answeredOnSpot, answeredInWriting: stats.answeredInWriting, open: stats.open, overdue: stats.overdue, byField,
      byDepartment: stats.byDepartment.filter((d) => d.assigned > 0).map((d) => ({ departmentId: d.departmentId, name: d.name, total: d.assigned, answered: d.answered, overdue: d.overdue })),
    };
  }

  private statQuery() {
    return this.petitions.createQueryBuilder('p').select([])
      .addSelect('p.lead_department_id', 'lead').addSelect('p.status', 'status').addSelect('p.field', 'field').addSelect('p.assigned_at', 'assignedAt')
      .addSelect('p.due_at', 'dueAt').addSelect('p.answered_at', 'answeredAt').addSelect('p.answer_mode', 'answerMode')
      .addSelect('p.commitment_done IS NOT NULL', 'hasCommitment').addSelect('p.commitment_done', 'commitmentDone')
      .where('1 = 1');
  }

  /** Every department (active ones, and inactive ones that lead something) with its numbers. */
  private async stats(qb: ReturnType<PetitionReportsService['statQuery']>, everyActiveDepartment: boolean) {
    const [raw, departments, calendar] = await Promise.all([qb.getRawMany<Record<string, unknown>>(), this.departments.all(), this.calendar.calendar()]);
    const truthy = (v: unknown) => v === true || v === 1 || v === '1';
    const rows: StatRow[] = hydrateRaw(this.petitions.manager, PetitionEntity, raw).map((r) => ({
      leadDepartmentId: (r.lead as string | null) ?? null, status: r.status as StatRow['status'], field: r.field as StatRow['field'],
      assignedAt: (r.assignedAt as Date | null) ?? null, dueAt: (r.dueAt as Date | null) ?? null, answeredAt: (r.answeredAt as Date | null) ?? null, answerMode: (r.answerMode as StatRow['answerMode']) ?? null,
      hasCommitment: truthy(r.hasCommitment), commitmentDone: truthy(r.commitmentDone),
    }));
    const stats = petitionStats(rows, departments.filter((d) => d.active || !everyActiveDepartment), calendar, Date.now(), PETITION_ZONE);
    if (everyActiveDepartment) {
      const active = new Set(departments.filter((d) => d.active).map((d) => d.id));
      stats.byDepartment = stats.byDepartment.filter((d) => active.has(d.departmentId) || d.assigned > 0);
    }
    const names = new Map(departments.map((d) => [d.id, d.name]));
    for (const d of stats.byDepartment) d.name ||= names.get(d.departmentId) ?? '';
    return stats;
  }
}
