import { localDayNumber, type WorkingDayCounter } from '../calendar/working-days';
import type { AnswerMode, PetitionField } from './entities/petition.entity';
import type { PetitionStatus } from './rules/petition-status';

/** One group of petitions alike in everything the summary and the report count (`n` of them; SQL groups them). */
export interface StatRow {
  leadDepartmentId: string | null;
  status: PetitionStatus;
  field: PetitionField;
  answerMode: AnswerMode | null;
  hasCommitment: boolean;
  commitmentDone: boolean;
  /** Open (received or assigned) and past its due date now. */
  overdue: boolean;
  /** Answered at or before its due date (or without one). */
  onTime: boolean;
  n: number;
}

/** `n` answered petitions of one lead department that took `workingDays` to answer (as kept on the petitions). */
export interface AnswerDays {
  leadDepartmentId: string;
  workingDays: number;
  n: number;
}

/** Working days from assignment to answer, by local day in `zone` (0 for the same day, never negative). */
export function workingDaysToAnswer(counter: WorkingDayCounter, assignedAt: Date, answeredAt: Date, zone: string): number {
  return Math.max(0, counter.betweenDays(localDayNumber(assignedAt, zone), localDayNumber(answeredAt, zone)));
}

/** The group of one petition, from its columns (the SQL of the report computes the same). */
export function statRowOf(
  p: {
    leadDepartmentId: string | null;
    status: PetitionStatus;
    field: PetitionField;
    answerMode: AnswerMode | null;
    dueAt: Date | null;
    answeredAt: Date | null;
    hasCommitment?: boolean;
    commitmentDone?: boolean;
  },
  now: number,
): StatRow {
  return {
    leadDepartmentId: p.leadDepartmentId,
    status: p.status,
    field: p.field,
    answerMode: p.answerMode,
    hasCommitment: !!p.hasCommitment,
    commitmentDone: !!p.commitmentDone,
    overdue: (p.status === 'received' || p.status === 'assigned') && p.dueAt !== null && now > p.dueAt.getTime(),
    onTime: p.answeredAt !== null && (p.dueAt === null || p.answeredAt.getTime() <= p.dueAt.getTime()),
    n: 1,
  };
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

/** The median of values given as counts per value (`counts.get(v)` times `v`): the middle one, or the mean of the middle two. */
export function medianOfCounts(counts: ReadonlyMap<number, number>): number | null {
  const values = [...counts.keys()].sort((a, b) => a - b);
  const total = values.reduce((sum, v) => sum + counts.get(v)!, 0);
  if (!total) return null;
  // The values at 0-based positions lo and hi of the sorted list (the same one when the count is odd).
  const lo = (total - 1) >> 1;
  const hi = total >> 1;
  let seen = 0;
  let atLo: number | null = null;
  for (const v of values) {
    seen += counts.get(v)!;
    if (atLo === null && seen > lo) atLo = v;
    if (seen > hi) return (atLo! + v) / 2;
  }
  return null;
}

/**
 * The numbers of the conference summary and the report. Per department by lead department only: `assigned` = petitions
 * it leads, `answered` = of those answered or closed, `answeredOnTime` = answered at or before the due date, `overdue` =
 * overdue now, `open` = received or assigned, median working days from assignment to answer (null when none).
 * Departments come in the order given (`departments`), then any other lead found in the rows.
 */
export function petitionStats(rows: readonly StatRow[], answerDays: readonly AnswerDays[], departments: ReadonlyArray<{ id: string; name: string }>): Stats {
  const byDep = new Map<string, DepartmentStats & { days: Map<number, number> }>();
  const dep = (id: string) => {
    let s = byDep.get(id);
    if (!s)
      byDep.set(
        id,
        (s = {
          departmentId: id,
          name: '',
          assigned: 0,
          answered: 0,
          answeredOnTime: 0,
          overdue: 0,
          open: 0,
          medianWorkingDaysToAnswer: null,
          days: new Map(),
        }),
      );
    return s;
  };
  for (const d of departments) dep(d.id).name = d.name;
  const stats: Stats = { total: 0, answeredOnSpot: 0, answeredInWriting: 0, open: 0, overdue: 0, commitmentsOpen: 0, byField: {}, byDepartment: [] };
  for (const r of rows) {
    const n = r.n;
    stats.total += n;
    const answered = isAnswered(r.status);
    const open = isOpenStatus(r.status);
    if (answered && r.answerMode === 'on_spot') stats.answeredOnSpot += n;
    if (answered && r.answerMode === 'written') stats.answeredInWriting += n;
    if (open) stats.open += n;
    if (r.overdue) stats.overdue += n;
    if (r.hasCommitment && !r.commitmentDone) stats.commitmentsOpen += n;
    const f = (stats.byField[r.field] ??= { total: 0, answered: 0 });
    f.total += n;
    if (answered) f.answered += n;
    if (!r.leadDepartmentId) continue;
    const s = dep(r.leadDepartmentId);
    s.assigned += n;
    if (open) s.open += n;
    if (r.overdue) s.overdue += n;
    if (answered) {
      s.answered += n;
      if (r.onTime) s.answeredOnTime += n;
    }
  }
  for (const a of answerDays) {
    const days = dep(a.leadDepartmentId).days;
    days.set(a.workingDays, (days.get(a.workingDays) ?? 0) + a.n);
  }
  stats.byDepartment = [...byDep.values()].map(({ days, ...s }) => ({ ...s, medianWorkingDaysToAnswer: medianOfCounts(days) }));
  return stats;
}
