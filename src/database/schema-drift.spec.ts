import { DataSource } from 'typeorm';
import { freshDataSource } from '../../test/helpers/fresh-database';

/**
 * The migrations build the schema that the entities describe: every entity's table exists after the migrations, with
 * the entity's columns and nullability, and no column the entities do not know that would refuse an insert (NOT NULL
 * without a default). A column added to an entity without its migration fails here, not on an office's server.
 *
 * Indexes and foreign keys are not compared: the migrations name them by hand and the entities leave several to the
 * migrations, so TypeORM's schema builder reports renames that are not drift. On PostgreSQL the builder is asked too,
 * for its column and table statements only, which also catches a column whose type or length differs (on SQLite it
 * proposes rebuilding every table, which says nothing).
 */
// On the database DATABASE_URL names (SQLite when unset): CI runs it on both.
describe(`migrations against entities (${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ds: DataSource;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, cleanup } = await freshDataSource());
  });
  afterAll(() => cleanup());

  it("every entity's table and columns are in the migrated schema, with the entity's nullability", async () => {
    const runner = ds.createQueryRunner();
    const problems: string[] = [];
    try {
      for (const meta of ds.entityMetadatas) {
        if (meta.tableType === 'view') continue;
        const table = await runner.getTable(meta.tablePath);
        if (!table) {
          problems.push(`${meta.tableName}: no table`);
          continue;
        }
        const known = new Set(meta.columns.map((c) => c.databaseName));
        for (const column of meta.columns) {
          const found = table.findColumnByName(column.databaseName);
          if (!found) problems.push(`${meta.tableName}.${column.databaseName}: no column`);
          else if (found.isNullable !== column.isNullable && !column.isPrimary)
            problems.push(
              `${meta.tableName}.${column.databaseName}: ${found.isNullable ? 'nullable' : 'NOT NULL'} in the schema, ${column.isNullable ? 'nullable' : 'NOT NULL'} in the entity`,
            );
        }
        for (const column of table.columns)
          if (!known.has(column.name) && !column.isNullable && column.default === undefined && !column.isGenerated)
            problems.push(`${meta.tableName}.${column.name}: NOT NULL without a default, unknown to the entity (its inserts would fail)`);
      }
    } finally {
      await runner.release();
    }
    expect(problems).toEqual([]);
  });

  it('PostgreSQL: the schema builder has no table or column to change', async () => {
    if (ds.options.type !== 'postgres') {
      console.info('schema builder check skipped: it runs on PostgreSQL only (on SQLite the builder proposes rebuilding every table)');
      return;
    }
    const { upQueries } = await ds.driver.createSchemaBuilder().log();
    const structural = upQueries
      .map((q) => q.query.trim())
      .filter((q) => /^(CREATE TABLE|DROP TABLE|CREATE TYPE|DROP TYPE)\b/.test(q) || /^ALTER TABLE "[^"]+" (ADD|DROP|ALTER|RENAME) (COLUMN )?"/.test(q));
    expect(structural).toEqual([]);
  });
});
