import type { PointResponse } from './dto/point.response';

/**
 * What other features may know of a point (entities never leave this feature): the point's response minus the
 * address and capacity. Made by the one mapper, `toPointResponse`.
 */
export type PointSummary = Pick<PointResponse, 'id' | 'code' | 'name' | 'level' | 'parentId' | 'active' | 'contactName' | 'contactPhone'>;
