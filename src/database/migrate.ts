import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ensurePetitionSearchIndex } from './petition-search';

/** Any fixed number: the advisory lock that serialises migrations across instances. */
const MIGRATION_LOCK_KEY = 4_242_000_001;

/**
 * Runs pending migrations. On PostgreSQL one instance takes an advisory lock and runs them while
 * instances starting at the same moment wait on the lock, then find nothing left to run.
 */
export async function runMigrations(ds: DataSource): Promise<void> {
  const logger = new Logger('Database');
  if (ds.options.type !== 'postgres') {
    const done = await ds.runMigrations({ transaction: 'all' });
    if (done.length) logger.log(`migrations applied: ${done.map((m) => m.name).join(', ')}`);
    if (await ensurePetitionSearchIndex(ds)) logger.warn('petition search index: triggers were missing (the table was rebuilt); recreated and reindexed');
    return;
  }
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = await ds.runMigrations({ transaction: 'all' });
    if (done.length) logger.log(`migrations applied: ${done.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
