/** Levels of a bridge point, highest first: a constant other features may import (unlike the entity). */
export const LEVELS = ['central', 'province', 'district', 'commune', 'enterprise'] as const;
export type Level = (typeof LEVELS)[number];
