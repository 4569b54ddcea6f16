import { localDayNumber, WorkingDayCounter, type WorkingCalendar } from '../calendar/working-days';
import type { AnswerMode, PetitionField } from './entities/petition.entity';
import type { PetitionStatus } from './rules/petition-status';

/** The few columns the summary and the report read. */
export interface StatRow {
  leadDepartmentId: string | null;
  status: PetitionStatus;
  field: PetitionField;
  assignedAt: Date | null;
  dueAt: Date | null;
  answeredAt: Date | null;
  answerMode: AnswerMode | null;
  hasCommitment: boolean;
  commitmentDone: boolean;
}

export interface DepartmentStats {
  departmentId: string;
  name: string;
  assigned: number;
  answered: number;
  answeredOnTime: number;
  overdue: number;
  open: number;
  medianWorkingDaysToAnswer: number | null;
}

export interface Stats {
  total: number;
  answeredOnSpot: number;
  answeredInWriting: number;
  open: number;
  overdue: number;
  commitmentsOpen: number;
  byField: Record<string, { total: number; answered: number }>;
  byDepartment: DepartmentStats[];
}

const isAnswered = (s: PetitionStatus) => s === 'answered' || s === 'closed';
const isOpenStatus = (s: PetitionStatus) => s === 'received' || s === 'assigned';

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * The numbers of the conference summary and the report. Per department by lead department only: `assigned` = petitions
 * it leads, `answered` = of those answered or closed, `answeredOnTime` = answered at or before the due date, `overdue` =
 * overdue now, `open` = received or assigned, median working days from assignment to answer (null when none).
 * Departments come in the order given (`departments`), then any other lead found in the rows.
 */
export function petitionStats(
  rows: readonly StatRow[], departments: ReadonlyArray<{ id: string; name: string }>, calendar: WorkingCalendar, now: number, zone: string,
): Stats {
  const counter = new WorkingDayCounter(calendar);
  const day = (d: Date) => localDayNumber(d, zone);
  const byDep = new Map<string, DepartmentStats & { days: number[] }>();
  const dep = (id: string) => {
    let s = byDep.get(id);
    if (!s) byDep.set(id, (s = { departmentId: id, name: '', assigned: 0, answered: 0, answeredOnTime: 0, overdue: 0, open: 0, medianWorkingDaysToAnswer: null, days: [] }));
    return s;
  };
  for (const d of departments) dep(d.id).name = d.name;
  const stats: Stats = { total: 0, answeredOnSpot: 0, answeredInWriting: 0, open: 0, overdue: 0, commitmentsOpen: 0, byField: {}, byDepartment: [] };
  for (const r of rows) {
    stats.total++;
    const answered = isAnswered(r.status);
    const open = isOpenStatus(r.status);
    const overdue = open && r.dueAt !== null && now > r.dueAt.getTime();
    if (answered && r.answerMode === 'on_spot') stats.answeredOnSpot++;
    if (answered && r.answerMode === 'written') stats.answeredInWriting++;
    if (open) stats.open++;
    if (overdue) stats.overdue++;
    if (r.hasCommitment && !r.commitmentDone) stats.commitmentsOpen++;
    const f = (stats.byField[r.field] ??= { total: 0, answered: 0 });
    f.total++;
    if (answered) f.answered++;
    if (!r.leadDepartmentId) continue;
    const s = dep(r.leadDepartmentId);
    s.assigned++;
    if (open) s.open++;
    if (overdue) s.overdue++;
    if (answered) {
      s.answered++;
      if (r.answeredAt && (!r.dueAt || r.answeredAt.getTime() <= r.dueAt.getTime())) s.answeredOnTime++;
      if (r.answeredAt && r.assignedAt) s.days.push(Math.max(0, counter.betweenDays(day(r.assignedAt), day(r.answeredAt))));
    }
  }
  stats.byDepartment = [...byDep.values()].map(({ days, ...s }) => ({ ...s, medianWorkingDaysToAnswer: median(days) }));
  return stats;
}
