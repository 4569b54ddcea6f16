import { getMetadataArgsStorage } from 'typeorm';

/**
 * The type of a UTC-instant column in entity decorators (`@Column({type: TIMESTAMP})`). It is a placeholder that
 * {@link useInstantColumnType} turns into the driver's type when data source options are built: `timestamptz` on
 * PostgreSQL, `datetime` (UTC text) on SQLite. Nothing is read from the environment at import time.
 */
export const TIMESTAMP = 'datetime' as const;

const INSTANT_TYPES: ReadonlySet<unknown> = new Set(['datetime', 'timestamptz']);

/**
 * Sets the type of every instant column for the database about to be opened. Entity metadata is built from these
 * arguments when a DataSource initializes, so call it (through `dataSourceOptions`) right before; one process works
 * with one kind of database at a time.
 */
export function useInstantColumnType(kind: 'sqlite' | 'postgres'): void {
  const type = kind === 'postgres' ? 'timestamptz' : 'datetime';
  for (const column of getMetadataArgsStorage().columns) {
    if (INSTANT_TYPES.has(column.options.type)) column.options.type = type;
  }
}
