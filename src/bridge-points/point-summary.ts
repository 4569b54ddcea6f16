import type { BridgePointEntity, Level } from './bridge-point.entity';

/** What other features may know of a point (entities never leave this feature). */
export interface PointSummary {
  id: string;
  code: string;
  name: string;
  level: Level;
  parentId: string | null;
  active: boolean;
  contactName: string | null;
  contactPhone: string | null;
}

export function toPointSummary(p: BridgePointEntity): PointSummary {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    level: p.level,
    parentId: p.parentId,
    active: p.active,
    contactName: p.contactName,
    contactPhone: p.contactPhone,
  };
}
