import { canBeParentLevel, type Level, type PointDetail, type PointNode } from '../types';

/** The points of the tree by id, for parents' names and the hierarchy checks of the form. */
export type PointIndex = ReadonlyMap<string, PointNode>;

export function indexTree(roots: readonly PointNode[]): Map<string, PointNode> {
  const byId = new Map<string, PointNode>();
  const walk = (ns: readonly PointNode[]) => {
    for (const n of ns) {
      byId.set(n.id, n);
      walk(n.children ?? []);
    }
  };
  walk(roots);
  return byId;
}

/** True when `candidateId` is `pointId` or lies under it (placing `pointId` under it would close a cycle). */
export function isSelfOrDescendant(index: PointIndex, pointId: string, candidateId: string): boolean {
  const seen = new Set<string>();
  let current: string | null | undefined = candidateId;
  while (current && !seen.has(current)) {
    if (current === pointId) return true;
    seen.add(current);
    current = index.get(current)?.parentId;
  }
  return false;
}

/**
 * Whether a point may be chosen as the parent of a point of `level` (and, when editing, of the point `selfId`): the
 * server's rules (`src/bridge-points/hierarchy.ts`: a strictly higher level, never itself or one of its own
 * descendants), and an active point. The server still checks and its refusal is shown.
 */
export function parentAllowed(index: PointIndex, level: Level, candidate: Pick<PointDetail, 'id' | 'level' | 'active'>, selfId?: string): boolean {
  if (!candidate.active || !canBeParentLevel(level, candidate.level)) return false;
  return !selfId || !isSelfOrDescendant(index, selfId, candidate.id);
}
