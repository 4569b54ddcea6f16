import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/common/config/app-config';
import { createFreshPostgres } from '../../src/database/fresh-postgres';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';

/**
 * A fresh migrated database for a spec that needs the real schema: SQLite in a temp folder, or a fresh PostgreSQL
 * database when DATABASE_URL says so. `cleanup` closes and removes it.
 */
export async function freshDataSource(name = 'spec'): Promise<{ ds: DataSource; cleanup: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (base && /^postgres/.test(base)) {
    const fresh = await createFreshPostgres(base, 'diemcau_u');
    const ds = await new DataSource(dataSourceOptions(parseDatabaseUrl(fresh.url))).initialize();
    await runMigrations(ds);
    return {
      ds,
      cleanup: async () => {
        await ds.destroy();
        await fresh.drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `diemcau-${name}-`));
  const ds = await new DataSource(dataSourceOptions({ type: 'sqlite', path: join(dir, `${name}.sqlite`) })).initialize();
  await runMigrations(ds);
  return {
    ds,
    cleanup: async () => {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
