import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { DatabaseType, Driver, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** PostgreSQL: rows per INSERT statement (SQLite: see SQLITE_ROWS). */
export const ROWS_PER_INSERT = 1000;

/**
 * Multi-row INSERTs of plain rows (no RETURNING, no entity hydration), the values prepared exactly as TypeORM
 * stores them (date format, JSON text) for either driver. For append-only hot paths such as the presence event
 * log; `Transactions.insert` runs it in the app-wide write queue, in a transaction when it takes several statements.
 *
 * PostgreSQL gets one array per column (`INSERT … SELECT … FROM unnest($1::uuid[], …) WITH ORDINALITY`): five
 * parameters for a batch instead of five per row: a third less CPU in Node and a third less time per insert (see
 * the README's benchmarks). The rows keep their order, so serial ids follow it. SQLite gets `VALUES` tuples.
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
  const { driver } = em.connection;
  const columns = properties.map((p) => meta.findColumnWithPropertyName(p)!);
  const postgres = em.connection.options.type === 'postgres';
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) `;
  const tail = opts.skipConflicts ? ' ON CONFLICT DO NOTHING' : '';
  let i = 0;
  for (const size of chunkSizes(postgres, rows.length)) {
    const chunk = rows.slice(i, (i += size));
    if (postgres) {
      const [values, params] = unnestStatement(driver, columns, chunk);
      await em.query(head + values + tail, params);
    } else {
      await em.query(valuesText(head, tail, columns.length, size), valuesParams(driver, columns, chunk));
    }
  }
}

/**
 * SQLite: rows per statement, largest first. A batch is cut into these sizes (250 rows: 128 + 64 + 32 + 16 + 8 + 2),
 * so its statements are always among nine texts per table, built once here and prepared once by TypeORM (whose
 * statement cache keeps 100, first in first out). One statement per batch size, as before, was a new text to build,
 * hash and prepare for most batches of a burst, whose batches come in every size from 1 to 250.
 */
const SQLITE_ROWS = [256, 128, 64, 32, 16, 8, 4, 2, 1];

/** The rows of each statement `bulkInsert` runs for this many rows. */
function chunkSizes(postgres: boolean, rows: number): number[] {
  const sizes: number[] = [];
  if (postgres) {
    for (let left = rows; left > 0; left -= ROWS_PER_INSERT) sizes.push(Math.min(left, ROWS_PER_INSERT));
    return sizes;
  }
  let left = rows;
  for (const size of SQLITE_ROWS) {
    for (; left >= size; left -= size) sizes.push(size);
  }
  return sizes;
}

/** How many statements `bulkInsert` needs for this many rows (one needs no transaction around it). */
export const insertStatements = (type: DatabaseType, rows: number): number => chunkSizes(type === 'postgres', rows).length;

/** The text of each SQLite statement, by table, columns, conflict clause and rows. */
const VALUES_TEXT = new Map<string, string>();

/** `INSERT … VALUES (?, ?), (?, ?)`: one parameter per value; the same string object for the same statement. */
function valuesText(head: string, tail: string, columns: number, rows: number): string {
  const key = `${head}|${rows}|${tail}`;
  let text = VALUES_TEXT.get(key);
  if (text === undefined) {
    const tuple = `(${new Array<string>(columns).fill('?').join(', ')})`;
    text = `${head}VALUES ${new Array<string>(rows).fill(tuple).join(', ')}${tail}`;
    VALUES_TEXT.set(key, text);
  }
  return text;
}

function valuesParams(driver: Driver, columns: ColumnMetadata[], rows: readonly ObjectLiteral[]): unknown[] {
  const params: unknown[] = [];
  for (const row of rows) for (const c of columns) params.push(driver.preparePersistentValue(row[c.propertyName], c));
  return params;
}

/** `SELECT … FROM unnest($1::type[], …) WITH ORDINALITY … ORDER BY`: one array parameter per column. */
function unnestStatement(driver: Driver, columns: ColumnMetadata[], rows: readonly ObjectLiteral[]): [sql: string, params: unknown[]] {
  const types = columns.map((c) => driver.normalizeType(c));
  const arrays = columns.map((c, j) => {
    // Instants as ISO text (UTC, unambiguous for timestamptz): `pg` would otherwise format every Date in local time.
    const iso = types[j] === 'timestamp with time zone';
    return rows.map((row) => {
      const v = driver.preparePersistentValue(row[c.propertyName], c) as unknown;
      return iso && v instanceof Date ? v.toISOString() : v;
    });
  });
  const casts = types.map((type, j) => `$${j + 1}::${type}[]`).join(', ');
  const names = columns.map((_, j) => `c${j}`);
  return [`SELECT ${names.join(', ')} FROM unnest(${casts}) WITH ORDINALITY AS u(${names.join(', ')}, n) ORDER BY n`, arrays];
}
