import { LEVELS, type Level } from './bridge-point.entity';
import { CYCLE_MESSAGE, isSelfOrAncestor, keysOnCycles, LEVEL_RANK, parentLevelProblem, placementProblems, SELF_PARENT_MESSAGE } from './hierarchy';

describe('level rule', () => {
  it('ranks the levels highest first', () => {
    expect(LEVELS.map((l) => LEVEL_RANK[l])).toEqual([0, 1, 2, 3, 4]);
  });

  it('allows a parent of a strictly higher level only', () => {
    const allowed: [Level, Level][] = [];
    for (const child of LEVELS) for (const parent of LEVELS) if (!parentLevelProblem(child, parent)) allowed.push([child, parent]);
    expect(allowed).toEqual([
      ['province', 'central'],
      ['district', 'central'],
      ['district', 'province'],
      ['commune', 'central'],
      ['commune', 'province'],
      ['commune', 'district'],
      ['enterprise', 'central'],
      ['enterprise', 'province'],
      ['enterprise', 'district'],
      ['enterprise', 'commune'],
    ]);
  });

  it('explains each refusal in Vietnamese and in English, separately', () => {
    expect(parentLevelProblem('district', 'district')).toEqual({
      vi: expect.stringMatching(/^Điểm cầu cấp huyện không thể trực thuộc điểm cầu cấp huyện: điểm cầu cấp trên phải ở cấp cao hơn$/),
      en: expect.stringMatching(/^A district point cannot hang under a district point/),
    });
    expect(parentLevelProblem('province', 'commune')?.vi).toMatch(/cấp tỉnh không thể trực thuộc điểm cầu cấp xã/);
    expect(parentLevelProblem('enterprise', 'enterprise')).toEqual({
      vi: expect.stringMatching(/^Doanh nghiệp không thể là điểm cầu cấp trên/),
      en: expect.stringMatching(/^An enterprise point cannot be the parent/),
    });
    expect(parentLevelProblem('central', 'province')?.vi).toMatch(/^Điểm cầu Trung ương không có điểm cầu cấp trên$/);
  });
});

describe('placementProblems', () => {
  const base = { children: [], parentIsSelfOrDescendant: false };

  it('accepts a root of any level and a valid parent', () => {
    for (const level of LEVELS) expect(placementProblems({ ...base, level, parent: null })).toEqual([]);
    expect(placementProblems({ ...base, level: 'commune', parent: { id: 'p', level: 'district' } })).toEqual([]);
  });

  it('refuses a parent of the same or a lower level', () => {
    expect(placementProblems({ ...base, level: 'district', parent: { id: 'p', level: 'commune' } })).toHaveLength(1);
  });

  it('refuses a point as its own parent', () => {
    expect(placementProblems({ ...base, id: 'a', level: 'commune', parent: { id: 'a', level: 'commune' }, parentIsSelfOrDescendant: true })).toEqual([
      SELF_PARENT_MESSAGE,
    ]);
  });

  it('refuses moving a point under its own descendant', () => {
    const problems = placementProblems({ ...base, id: 'a', level: 'province', parent: { id: 'd', level: 'commune' }, parentIsSelfOrDescendant: true });
    expect(problems[0]).toBe(CYCLE_MESSAGE);
  });

  it('refuses a level change that would leave a child invalid, naming the child', () => {
    const problems = placementProblems({
      ...base,
      id: 'a',
      level: 'commune',
      parent: null,
      children: [
        { code: 'X-COMMUNE', level: 'commune' },
        { code: 'E-1', level: 'enterprise' },
      ],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual({ vi: expect.stringMatching(/X-COMMUNE \(cấp xã\)/), en: expect.stringMatching(/^Child point X-COMMUNE \(commune\)/) });
  });

  it('refuses turning a point with children into an enterprise', () => {
    expect(placementProblems({ ...base, id: 'a', level: 'enterprise', parent: null, children: [{ code: 'E-1', level: 'enterprise' }] })).toHaveLength(1);
  });
});

describe('isSelfOrAncestor', () => {
  // central C ← province P ← district D ← commune X
  const parents = new Map<string, string | null>([
    ['C', null],
    ['P', 'C'],
    ['D', 'P'],
    ['X', 'D'],
  ]);
  const parentOf = (id: string) => parents.get(id);

  it('finds the point among the ancestors of the new parent', async () => {
    expect(await isSelfOrAncestor('P', 'X', parentOf)).toBe(true);
    expect(await isSelfOrAncestor('X', 'X', parentOf)).toBe(true);
    expect(await isSelfOrAncestor('C', 'D', async (id) => parentOf(id))).toBe(true);
  });

  it('is false for siblings, descendants and unrelated points', async () => {
    expect(await isSelfOrAncestor('X', 'C', parentOf)).toBe(false);
    expect(await isSelfOrAncestor('Z', 'X', parentOf)).toBe(false);
  });

  it('terminates on a corrupt cyclic chain', async () => {
    const loop = new Map([
      ['A', 'B'],
      ['B', 'A'],
    ]);
    expect(await isSelfOrAncestor('Z', 'A', (id) => loop.get(id))).toBe(false);
  });
});

describe('keysOnCycles', () => {
  it('finds nothing in a forest', () => {
    expect(
      keysOnCycles(
        new Map([
          ['a', null],
          ['b', 'a'],
          ['c', 'b'],
          ['d', 'missing'],
        ]),
      ),
    ).toEqual(new Set());
  });

  it('finds self-loops and longer cycles, not the chains leading into them', () => {
    const graph = new Map<string, string | null>([
      ['s', 's'],
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['tail', 'a'],
      ['root', null],
    ]);
    expect(keysOnCycles(graph)).toEqual(new Set(['s', 'a', 'b', 'c']));
  });
});
