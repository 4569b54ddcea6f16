import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows per INSERT statement: well under PostgreSQL's 65,535 and SQLite's 32,766 parameters for narrow tables. */
export const ROWS_PER_INSERT = 1000;

/**
 * Multi-row INSERTs of plain rows (no RETURNING, no entity hydration), the values prepared exactly as TypeORM
 * stores them (date format, JSON text) for either driver. For append-only hot paths such as the presence event
 * log; run it inside `Transactions.run` (several chunks) or `Transactions.write` (one).
 */
export async function bulkInsert<E extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<E>,
  properties: ReadonlyArray<keyof E & string>,
  rows: readonly Partial<E>[],
  /** `ON CONFLICT DO NOTHING`: a row clashing with a unique key (one stored before, or earlier in `rows`) is skipped. */
  opts: { skipConflicts?: boolean } = {},
): Promise<void> {
  const meta = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const columns = properties.map((p) => meta.findColumnWithPropertyName(p)!);
  const pg = em.connection.options.type === 'postgres';
  const head = `INSERT INTO ${meta.tableName} (${columns.map((c) => c.databaseName).join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const params: unknown[] = [];
    const tuples = rows.slice(i, i + ROWS_PER_INSERT).map((row) => {
      const marks = columns.map((c, j) => {
        params.push(driver.preparePersistentValue(row[properties[j]], c));
        return pg ? `$${params.length}` : '?';
      });
      return `(${marks.join(', ')})`;
    });
    await em.query(head + tuples.join(', ') + (opts.skipConflicts ? ' ON CONFLICT DO NOTHING' : ''), params);
  }
}

/** How many statements `bulkInsert` needs for this many rows. */
export const insertStatements = (rows: number): number => Math.ceil(rows / ROWS_PER_INSERT);
