import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The one raw-row hydration of the app: turns the values of `getRawMany()` rows into what the entity's columns
 * hold (Dates for time columns, on SQLite and PostgreSQL alike) with the driver's own conversion, as entity loading
 * would, without the cost of building entities. A row's keys are property names (`addSelect('c.startsAt',
 * 'startsAt')`); keys that name no column of `entity` are left as they are.
 */
export function hydrateRaw<T extends ObjectLiteral, R extends Record<string, unknown>>(
  source: DataSource | EntityManager,
  entity: EntityTarget<T>,
  rows: readonly R[],
): R[] {
  const connection = 'connection' in source ? source.connection : source;
  const meta = connection.getMetadata(entity);
  const driver = connection.driver;
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0])
    .map((key) => [key, meta.findColumnWithPropertyName(key)] as const)
    .filter((entry): entry is readonly [string, NonNullable<(typeof entry)[1]>] => entry[1] !== undefined);
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [key, column] of columns) out[key] = row[key] === null || row[key] === undefined ? null : driver.prepareHydratedValue(row[key], column);
    return out as R;
  });
}

/** Selects every column of `alias` under its property name, ready for {@link hydrateRaw}. */
export function selectAllColumns(source: DataSource | EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string): [string, string][] {
  const connection = 'connection' in source ? source.connection : source;
  return connection.getMetadata(entity).columns.map((c) => [`${alias}.${c.propertyName}`, c.propertyName]);
}
