import { databaseKind } from '../common/config/app-config';

/**
 * A UTC instant column: `timestamptz` on PostgreSQL, `datetime` (stored as UTC text) on SQLite.
 * The kind comes from `DATABASE_URL`, which is known before entities load.
 */
export const TIMESTAMP = databaseKind() === 'postgres' ? 'timestamptz' : 'datetime';

const SQLITE_INSTANT = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?Z?$/;

/** A time column read raw: a Date (PostgreSQL) or SQLite's UTC text `YYYY-MM-DD HH:MM:SS.SSS`; null stays null. */
export function storedInstant(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const m = SQLITE_INSTANT.exec(String(value));
  if (!m) return new Date(String(value));
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? +m[7].padEnd(3, '0') : 0));
}
