import { databaseKind } from '../common/config/app-config';

/**
 * A UTC instant column: `timestamptz` on PostgreSQL, `datetime` (stored as UTC text) on SQLite.
 * The kind comes from `DATABASE_URL`, which is known before entities load.
 */
export const TIMESTAMP = databaseKind() === 'postgres' ? 'timestamptz' : 'datetime';
