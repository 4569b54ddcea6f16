import { loadHolidays, WorkingCalendar, WorkingDayCounter } from '../calendar/working-days';
import { medianOfCounts, petitionStats, statRowOf, workingDaysToAnswer, type AnswerDays } from './petition-stats';

const at = (s: string) => new Date(s);
type Petition = Parameters<typeof statRowOf>[0] & { assignedAt: Date | null };
const row = (r: Partial<Petition>): Petition => ({
  leadDepartmentId: null,
  status: 'received',
  field: 'other',
  assignedAt: null,
  dueAt: null,
  answeredAt: null,
  answerMode: null,
  hasCommitment: false,
  commitmentDone: false,
  ...r,
});

// The holiday library is loaded on first use (as `CalendarService` does); these tests build calendars themselves.
beforeAll(() => loadHolidays());

describe('petition statistics', () => {
  const now = at('2024-03-20T03:00:00Z').getTime();
  const cal = new WorkingCalendar();
  const petitions: Petition[] = [
    // A: answered on the spot, on time, 2 working days (Mon 4/3 → Wed 6/3)
    row({
      leadDepartmentId: 'A',
      status: 'answered',
      field: 'land',
      assignedAt: at('2024-03-04T02:00:00Z'),
      dueAt: at('2024-03-13T10:00:00Z'),
      answeredAt: at('2024-03-06T02:00:00Z'),
      answerMode: 'on_spot',
    }),
    // A: closed, written, late, 9 working days (4/3 → 15/3)
    row({
      leadDepartmentId: 'A',
      status: 'closed',
      field: 'land',
      assignedAt: at('2024-03-04T02:00:00Z'),
      dueAt: at('2024-03-13T10:00:00Z'),
      answeredAt: at('2024-03-15T02:00:00Z'),
      answerMode: 'written',
      hasCommitment: true,
    }),
    // A: assigned and overdue
    row({ leadDepartmentId: 'A', status: 'assigned', field: 'tax', assignedAt: at('2024-03-01T02:00:00Z'), dueAt: at('2024-03-12T10:00:00Z') }),
    // B: assigned, not yet due
    row({
      leadDepartmentId: 'B',
      status: 'assigned',
      field: 'tax',
      assignedAt: at('2024-03-19T02:00:00Z'),
      dueAt: at('2024-03-28T10:00:00Z'),
      hasCommitment: true,
      commitmentDone: true,
    }),
    // received, no department; rejected with a department: neither open nor answered
    row({ status: 'received', field: 'investment' }),
    row({ leadDepartmentId: 'B', status: 'rejected', field: 'investment', dueAt: at('2024-03-01T10:00:00Z') }),
  ];

  it('counts the summary and the per-department report as the contract defines them', () => {
    const rows = petitions.map((p) => statRowOf(p, now));
    const counter = new WorkingDayCounter(cal);
    const answerDays: AnswerDays[] = petitions
      .filter((p) => p.leadDepartmentId && p.assignedAt && p.answeredAt && (p.status === 'answered' || p.status === 'closed'))
      .map((p) => ({
        leadDepartmentId: p.leadDepartmentId!,
        workingDays: workingDaysToAnswer(counter, p.assignedAt!, p.answeredAt!, 'Asia/Ho_Chi_Minh'),
        n: 1,
      }));
    const s = petitionStats(rows, answerDays, [
      { id: 'A', name: 'Sở A' },
      { id: 'B', name: 'Sở B' },
      { id: 'C', name: 'Sở C' },
    ]);
    // Groups of several alike petitions count as many.
    const grouped = petitionStats([{ ...rows[0], n: 3 }], [], []);
    expect(grouped).toMatchObject({ total: 3, answeredOnSpot: 3, byField: { land: { total: 3, answered: 3 } } });
    expect(grouped.byDepartment[0]).toMatchObject({ assigned: 3, answered: 3, answeredOnTime: 3 });
    expect(s).toMatchObject({ total: 6, answeredOnSpot: 1, answeredInWriting: 1, open: 3, overdue: 1, commitmentsOpen: 1 });
    expect(s.byField).toEqual({ land: { total: 2, answered: 2 }, tax: { total: 2, answered: 0 }, investment: { total: 2, answered: 0 } });
    expect(s.byDepartment).toEqual([
      { departmentId: 'A', name: 'Sở A', assigned: 3, answered: 2, answeredOnTime: 1, overdue: 1, open: 1, medianWorkingDaysToAnswer: 5.5 },
      { departmentId: 'B', name: 'Sở B', assigned: 2, answered: 0, answeredOnTime: 0, overdue: 0, open: 1, medianWorkingDaysToAnswer: null },
      { departmentId: 'C', name: 'Sở C', assigned: 0, answered: 0, answeredOnTime: 0, overdue: 0, open: 0, medianWorkingDaysToAnswer: null },
    ]);
  });

  it('takes the median of odd and even counts', () => {
    const median = (values: number[]) => medianOfCounts(new Map(values.map((v) => [v, values.filter((x) => x === v).length])));
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
