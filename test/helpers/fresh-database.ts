import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/common/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { createFreshPostgres } from '../../src/database/fresh-postgres';
import { runMigrations } from '../../src/database/migrate';

export const ADMIN = { username: 'admin', password: 'admin-password-123' };

/** Test environment for a fresh database: SQLite in a temp folder, or a fresh PostgreSQL database. */
export async function freshDatabaseEnv(extra: Record<string, string> = {}): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'diemcau-test-'));
  const base = process.env.DATABASE_URL;
  let dbUrl = `sqlite:${join(dir, 'test.sqlite')}`;
  let drop = async () => {};
  if (base && /^postgres/.test(base)) {
    // Postgres runs: each test file gets its own fresh database on the server `DATABASE_URL` names.
    const fresh = await createFreshPostgres(base);
    dbUrl = fresh.url;
    drop = fresh.drop;
  }
  const env = {
    DATABASE_URL: dbUrl,
    DATA_DIR: dir,
    SEED_DEMO: 'false',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: 'test-secret-that-is-long-enough-32+bytes',
    NODE_ENV: 'test',
    ...extra,
  };
  return {
    env,
    cleanup: async () => {
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh migrated database opened directly (no application), for a spec that needs the real schema: the database
 * of {@link freshDatabaseEnv}. `cleanup` closes and removes it.
 */
export async function freshDataSource(): Promise<{ ds: DataSource; cleanup: () => Promise<void> }> {
  const fresh = await freshDatabaseEnv();
  const ds = await new DataSource(dataSourceOptions(parseDatabaseUrl(fresh.env.DATABASE_URL))).initialize();
  await runMigrations(ds);
  return {
    ds,
    cleanup: async () => {
      await ds.destroy();
      await fresh.cleanup();
    },
  };
}
