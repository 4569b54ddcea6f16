import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../common/config/app-config';
import { useInstantColumnType } from './column-types';
import { ENTITIES, MIGRATIONS } from './entities';

/** TypeORM options for SQLite (WAL) or PostgreSQL; migrations run at boot, never `synchronize`. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  useInstantColumnType(db.type === 'postgres' ? 'postgres' : 'sqlite');
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: ['error' as const] };
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
      sqlite.pragma('busy_timeout = 5000');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
    },
  };
}
