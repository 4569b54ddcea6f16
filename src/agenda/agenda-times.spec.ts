import { parseInstant } from '../common/time/time';
import { agendaEnd, cascade, moveTo, overrunMinutes, permutationProblems, projectTimes, TimedItem } from './agenda-times';

const at = (iso: string) => parseInstant(iso);
const iso = (d: Date) => d.toISOString();
const item = (id: string, durationMinutes: number, actualStartAt: Date | null = null): TimedItem => ({ id, durationMinutes, actualStartAt });

describe('agenda time cascade', () => {
  it('starts item 0 at the conference start and each next item when the previous ends', () => {
    const times = cascade(at('2021-07-10T08:00:00+07:00'), [10, 45, 5]);
    expect(times.map((t) => [iso(t.startsAt), iso(t.endsAt)])).toEqual([
      ['2021-07-10T01:00:00.000Z', '2021-07-10T01:10:00.000Z'],
      ['2021-07-10T01:10:00.000Z', '2021-07-10T01:55:00.000Z'],
      ['2021-07-10T01:55:00.000Z', '2021-07-10T02:00:00.000Z'],
    ]);
  });

  it('moves every item when the conference start moves', () => {
    const before = cascade(at('2021-07-10T08:00:00+07:00'), [30, 60]);
    const after = cascade(at('2021-07-10T14:00:00+07:00'), [30, 60]);
    expect(after.map((t, i) => t.startsAt.getTime() - before[i].startsAt.getTime())).toEqual([6 * 3600_000, 6 * 3600_000]);
    expect(iso(after[1].endsAt)).toBe('2021-07-10T08:30:00.000Z');
  });

  it('crosses midnight and a DST change without drifting (times are UTC instants)', () => {
    // Europe/Berlin switched to summer time on 2021-03-28 at 02:00 local (01:00Z): 60 minutes stay 60 minutes.
    const times = cascade(at('2021-03-28T01:30:00+01:00'), [60, 30]);
    expect(iso(times[0].endsAt)).toBe('2021-03-28T01:30:00.000Z');
    expect(iso(times[1].endsAt)).toBe('2021-03-28T02:00:00.000Z');
  });

  it('has no items and ends at the start for an empty agenda', () => {
    const start = at('2021-07-10T08:00:00+07:00');
    expect(cascade(start, [])).toEqual([]);
    expect(agendaEnd(start, [])).toEqual(start);
  });
});

describe('overrun', () => {
  const end = at('2021-07-10T11:30:00+07:00');
  it('is 0 when the items end before or exactly at the conference end', () => {
    expect(overrunMinutes(at('2021-07-10T11:00:00+07:00'), end)).toBe(0);
    expect(overrunMinutes(end, end)).toBe(0);
  });
  it('counts the minutes past the conference end', () => {
    expect(overrunMinutes(at('2021-07-10T11:45:00+07:00'), end)).toBe(15);
  });
  it('rounds a part of a minute up (a projected end can carry seconds)', () => {
    expect(overrunMinutes(at('2021-07-10T11:30:20+07:00'), end)).toBe(1);
  });
  it('uses the end of the last item', () => {
    const times = cascade(at('2021-07-10T08:00:00+07:00'), [120, 100]);
    expect(overrunMinutes(agendaEnd(at('2021-07-10T08:00:00+07:00'), times), end)).toBe(10);
  });
});

describe('projected times after the current item is set', () => {
  const start = at('2021-07-10T08:00:00+07:00');

  it('is the plain cascade while no item is current', () => {
    const items = [item('a', 10), item('b', 20)];
    expect(projectTimes(start, items, null)).toEqual(cascade(start, [10, 20]));
  });

  it('shifts the current item and every later one by the delay; earlier items keep their planned times', () => {
    // b was planned at 08:10 but actually started at 08:17: b, c and d move by 7 minutes.
    const items = [item('a', 10, at('2021-07-10T08:01:00+07:00')), item('b', 20, at('2021-07-10T08:17:00+07:00')), item('c', 30), item('d', 5)];
    const times = projectTimes(start, items, 'b');
    expect(times.map((t) => iso(t.startsAt))).toEqual([
      '2021-07-10T01:00:00.000Z',
      '2021-07-10T01:17:00.000Z',
      '2021-07-10T01:37:00.000Z',
      '2021-07-10T02:07:00.000Z',
    ]);
    expect(iso(times[3].endsAt)).toBe('2021-07-10T02:12:00.000Z');
  });

  it('moves the rest earlier when the current item starts ahead of plan', () => {
    const items = [item('a', 30), item('b', 30, at('2021-07-10T08:20:00+07:00')), item('c', 10)];
    expect(projectTimes(start, items, 'b').map((t) => iso(t.startsAt))).toEqual([
      '2021-07-10T01:00:00.000Z',
      '2021-07-10T01:20:00.000Z',
      '2021-07-10T01:50:00.000Z',
    ]);
  });

  it('ignores a current id that is not in the list, or one without an actual start', () => {
    const items = [item('a', 10), item('b', 20)];
    expect(projectTimes(start, items, 'zzz')).toEqual(cascade(start, [10, 20]));
    expect(projectTimes(start, items, 'b')).toEqual(cascade(start, [10, 20]));
  });

  it('feeds the overrun: a late current item can push the agenda past the conference end', () => {
    const items = [item('a', 60, at('2021-07-10T08:25:00+07:00')), item('b', 60)];
    const times = projectTimes(start, items, 'a');
    expect(overrunMinutes(agendaEnd(start, times), at('2021-07-10T10:00:00+07:00'))).toBe(25);
  });
});

describe('reorder permutation', () => {
  const ids = ['a', 'b', 'c'];
  it('accepts every id exactly once, in any order', () => {
    expect(permutationProblems(ids, ['c', 'a', 'b'])).toEqual([]);
    expect(permutationProblems([], [])).toEqual([]);
  });
  it('refuses a missing id', () => {
    const problems = permutationProblems(ids, ['a', 'b']);
    expect(problems).toHaveLength(1);
    expect(problems[0].vi).toBe('itemIds thiếu nội dung: c');
    expect(problems[0].en).toContain('misses');
  });
  it('refuses an unknown id', () => {
    const problems = permutationProblems(ids, ['a', 'b', 'c', 'x']);
    expect(problems).toEqual([{ vi: 'itemIds có nội dung không thuộc chương trình: x', en: expect.stringContaining('not in this agenda') }]);
  });
  it('refuses a repeated id even when the length matches', () => {
    const problems = permutationProblems(ids, ['a', 'a', 'b']);
    expect(problems.map((p) => p.en)).toEqual([expect.stringContaining('repeats'), expect.stringContaining('misses')]);
  });
});

describe('moveTo', () => {
  it('moves an element and shifts the others', () => {
    expect(moveTo(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveTo(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveTo(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});
