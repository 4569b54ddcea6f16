import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AdvancedConsoleLogger, DataSourceOptions, QueryRunner } from 'typeorm';
import { DatabaseConfig } from '../common/config/app-config';
import { useInstantColumnType } from './column-types';
import { ENTITIES, MIGRATIONS } from './entities';

/** How long one SQLite statement waits (synchronously) for another process's lock before `SQLITE_BUSY`. */
export const SQLITE_BUSY_TIMEOUT_MS = 20;

/**
 * TypeORM's console logger for failed queries, on either database: the statement and the error, never the
 * parameter values (they can hold a submitter's name, phone or Zalo id, which stay out of logs), and not the
 * "database is locked" failures that `Transactions` retries (one line per retry otherwise).
 */
export class QueryErrorLogger extends AdvancedConsoleLogger {
  constructor() {
    super(['error']);
  }

  override logQueryError(error: string, query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    if (/SQLITE_BUSY|database is locked/.test(String(error))) return;
    const withCount = parameters?.length ? `${query} -- ${parameters.length} parameters (values not logged)` : query;
    super.logQueryError(error, withCount, undefined, queryRunner);
  }
}

/** TypeORM options for SQLite (WAL) or PostgreSQL; migrations run at boot, never `synchronize`. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  useInstantColumnType(db.type === 'postgres' ? 'postgres' : 'sqlite');
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    // An instance: TypeORM then ignores `logging`, the level is the logger's own (errors only).
    logger: new QueryErrorLogger(),
  };
  if (db.type === 'postgres') {
    return { ...common, type: 'postgres', url: db.url, poolSize: db.poolSize, migrationsTransactionMode: 'all' };
  }
  if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.path,
    enableWAL: true,
    prepareDatabase: (sqlite: { pragma(s: string): unknown }) => {
      // Short: the driver is synchronous, so a wait here blocks the event loop. Transactions retries asynchronously.
      sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
    },
  };
}
