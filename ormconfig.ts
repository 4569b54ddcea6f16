import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from './src/common/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * The one TypeORM DataSource, used by the app (through the same options) and by the TypeORM CLI:
 *   npm run typeorm -- migration:run        (DATABASE_URL picks the database; unset = ./data/diemcau.sqlite)
 */
export default new DataSource(dataSourceOptions(parseDatabaseUrl(process.env.DATABASE_URL, Number(process.env.DB_POOL_SIZE ?? 10))));
