import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throw-away PostgreSQL database: its URL, and `drop()` to remove it (open connections are closed by force). */
export interface FreshPostgres {
  url: string;
  drop: () => Promise<void>;
}

/**
 * Creates an empty database, named `<prefix>_<random>`, on the server `baseUrl` names: one per test file, per
 * benchmark run, per spec that needs the real schema. Used by test/helpers/test-app.ts, bench/lib/server.ts and
 * the specs; never by the app.
 */
export async function createFreshPostgres(baseUrl: string, prefix = 'diemcau_t'): Promise<FreshPostgres> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`bad database name prefix: ${prefix}`);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`Cannot reach PostgreSQL at ${baseUrl} (${String(e)}).`, { cause: e });
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
