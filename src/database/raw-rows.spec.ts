import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { UserEntity } from '../auth/entities/user.entity';
import { useInstantColumnType } from './column-types';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';
import { hydrateRaw, selectAllColumns } from './raw-rows';

const createdAtType = () => getMetadataArgsStorage().columns.find((c) => c.target === UserEntity && c.propertyName === 'createdAt')!.options.type;

describe('instant columns', () => {
  afterAll(() => useInstantColumnType('sqlite'));

  it('take the driver type chosen when the options are built, not one read at import time', () => {
    useInstantColumnType('postgres');
    expect(createdAtType()).toBe('timestamptz');
    useInstantColumnType('sqlite');
    expect(createdAtType()).toBe('datetime');
    dataSourceOptions({ type: 'postgres', url: 'postgres://x@127.0.0.1:1/none', poolSize: 1 });
    expect(createdAtType()).toBe('timestamptz');
  });
});

describe('hydrateRaw (SQLite)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await new DataSource({ ...dataSourceOptions({ type: 'sqlite', path: ':memory:' }), logging: false }).initialize();
    await runMigrations(ds);
  });
  afterAll(() => ds.destroy());

  it('turns raw time columns into the same Dates as entity loading, and leaves other keys alone', async () => {
    const createdAt = new Date('2021-07-10T01:02:03.456Z');
    const id = randomUUID();
    await ds.getRepository(UserEntity).insert({ id, username: 'a.b', usernameKey: 'a.b', passwordHash: 'x', role: 'operator', pointId: null, createdAt });
    const qb = ds.getRepository(UserEntity).createQueryBuilder('u').select([]);
    for (const [column, alias] of selectAllColumns(ds, UserEntity, 'u')) qb.addSelect(column, alias);
    qb.addSelect("'extra'", 'note');
    const raw = await qb.getRawMany<Record<string, unknown>>();
    expect(typeof raw[0].createdAt).toBe('string');
    const [row] = hydrateRaw(ds, UserEntity, raw);
    expect(row.createdAt).toEqual(createdAt);
    expect(row).toMatchObject({ id, username: 'a.b', role: 'operator', pointId: null, note: 'extra' });
    expect(row.createdAt).toEqual((await ds.getRepository(UserEntity).findOneByOrFail({ id })).createdAt);
  });
});
