import type { Message } from '../common/errors/message';
import { LEVELS, type Level } from './bridge-point.entity';

/**
 * The rules of the point hierarchy, as pure functions (no database):
 * levels highest first `central, province, district, commune, enterprise`; a parent must be of a strictly
 * higher level than its child (so an enterprise may hang under any non-enterprise level and never has children);
 * a point is never its own ancestor.
 */

/** 0 = highest (central). */
export { LEVEL_RANK } from '../common/domain';
import { canBeParentLevel } from '../common/domain';

/** How users read each level. */
export const LEVEL_LABEL: Readonly<Record<Level, { vi: string; en: string }>> = {
  central: { vi: 'Trung ương', en: 'central' },
  province: { vi: 'cấp tỉnh', en: 'province' },
  district: { vi: 'cấp huyện', en: 'district' },
  commune: { vi: 'cấp xã', en: 'commune' },
  enterprise: { vi: 'doanh nghiệp', en: 'enterprise' },
};

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/** `null` when a point of `parentLevel` may be the parent of one of `childLevel`, else the reason (Vietnamese / English). */
export function parentLevelProblem(childLevel: Level, parentLevel: Level): Message | null {
  if (canBeParentLevel(childLevel, parentLevel)) return null;
  if (parentLevel === 'enterprise') {
    return { vi: 'Doanh nghiệp không thể là điểm cầu cấp trên của điểm cầu khác', en: 'An enterprise point cannot be the parent of another point' };
  }
  if (childLevel === 'central') {
    return { vi: 'Điểm cầu Trung ương không có điểm cầu cấp trên', en: 'A central point cannot have a parent' };
  }
  const c = LEVEL_LABEL[childLevel];
  const p = LEVEL_LABEL[parentLevel];
  return {
    vi: `Điểm cầu ${c.vi} không thể trực thuộc điểm cầu ${p.vi}: điểm cầu cấp trên phải ở cấp cao hơn`,
    en: `A ${c.en} point cannot hang under a ${p.en} point: the parent must be of a higher level`,
  };
}

export const SELF_PARENT_MESSAGE: Message = { vi: 'Điểm cầu không thể là cấp trên của chính nó', en: 'A point cannot be its own parent' };
export const CYCLE_MESSAGE: Message = {
  vi: 'Không thể đặt điểm cầu dưới một điểm cầu cấp dưới của chính nó (tạo vòng lặp)',
  en: 'A point cannot be placed under one of its own descendants (cycle)',
};

export function childLevelProblem(child: { code: string; level: Level }, newParentLevel: Level): Message | null {
  if (!parentLevelProblem(child.level, newParentLevel)) return null;
  const c = LEVEL_LABEL[child.level];
  const p = LEVEL_LABEL[newParentLevel];
  return {
    vi: `Điểm cầu cấp dưới ${child.code} (${c.vi}) không thể trực thuộc điểm cầu ${p.vi}`,
    en: `Child point ${child.code} (${c.en}) cannot hang under a ${p.en} point`,
  };
}

/** Where a point would sit after a create or an update, with what the rules need to know about its surroundings. */
export interface Placement {
  /** The point's own id (absent on create). */
  id?: string;
  level: Level;
  parent: { id: string; level: Level } | null;
  /** Its current children (none on create). */
  children: { code: string; level: Level }[];
  /** True when the new parent is the point itself or one of its descendants (see {@link isSelfOrAncestor}). */
  parentIsSelfOrDescendant: boolean;
}

/** Every rule a placement breaks (empty = valid). */
export function placementProblems(p: Placement): Message[] {
  const problems: Message[] = [];
  if (p.parent) {
    if (p.id && p.parent.id === p.id) problems.push(SELF_PARENT_MESSAGE);
    else if (p.parentIsSelfOrDescendant) problems.push(CYCLE_MESSAGE);
    const levelProblem = parentLevelProblem(p.level, p.parent.level);
    if (levelProblem && !problems.includes(SELF_PARENT_MESSAGE)) problems.push(levelProblem);
  }
  for (const child of p.children) {
    const problem = childLevelProblem(child, p.level);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * True when `pointId` is `startId` or one of its ancestors, following `parentOf` upwards
 * (so placing `pointId` under `startId` would close a cycle). Stops on an existing cycle.
 */
export async function isSelfOrAncestor(
  pointId: string,
  startId: string,
  parentOf: (id: string) => string | null | undefined | Promise<string | null | undefined>,
): Promise<boolean> {
  const seen = new Set<string>();
  let current: string | null | undefined = startId;
  while (current) {
    if (current === pointId) return true;
    if (seen.has(current)) return false;
    seen.add(current);
    current = await parentOf(current);
  }
  return false;
}

/** The keys that sit on a cycle of the `parentOf` graph (parents missing from the map end a chain). */
export function keysOnCycles(parentOf: ReadonlyMap<string, string | null>): Set<string> {
  const onCycle = new Set<string>();
  const done = new Set<string>();
  for (const start of parentOf.keys()) {
    if (done.has(start)) continue;
    const path: string[] = [];
    const index = new Map<string, number>();
    let current: string | null | undefined = start;
    while (current != null && parentOf.has(current) && !done.has(current)) {
      if (index.has(current)) {
        for (const k of path.slice(index.get(current)!)) onCycle.add(k);
        break;
      }
      index.set(current, path.length);
      path.push(current);
      current = parentOf.get(current);
    }
    for (const k of path) done.add(k);
  }
  return onCycle;
}
