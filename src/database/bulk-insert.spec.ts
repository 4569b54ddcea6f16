import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { freshDataSource } from '../../test/helpers/fresh-database';
import { PresenceEventEntity } from '../presence/entities/presence-event.entity';
import { ZaloInboxEntity } from '../zalo/entities/zalo.entities';
import { bulkInsert, insertStatements, ROWS_PER_INSERT } from './bulk-insert';

const EVENT_COLUMNS = ['conferenceId', 'pointId', 'at', 'type', 'detail'] as const;
const INBOX_COLUMNS = ['eventKey', 'eventName', 'body', 'receivedAt', 'processedAt', 'attempts', 'lastError', 'nextAttemptAt'] as const;

/** Text that an array literal or a parameter list could mangle: quotes, backslashes, braces, commas, the word NULL. */
const AWKWARD = ['', 'NULL', 'null', '"quoted"', 'back\\slash', '{a,b}', 'a, b', "it's", 'Điểm cầu Ủy ban\nxã Đông Hà', '(1, 2)', '$1'];

// On the database DATABASE_URL names (SQLite when unset): CI runs it on both.
describe(`bulkInsert (${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'})`, () => {
  let ds: DataSource;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, cleanup } = await freshDataSource());
  });
  afterAll(() => cleanup());

  it('stores every row as given, in the given order, over several statements', async () => {
    const conferenceId = randomUUID();
    const n = 2 * ROWS_PER_INSERT + 37;
    const base = Date.UTC(2021, 6, 10, 1, 0, 0, 0);
    const rows = Array.from({ length: n }, (_, i) => ({
      conferenceId,
      pointId: randomUUID(),
      at: new Date(base + i * 1001),
      type: (i % 3 === 0 ? 'checkin' : 'disconnect') as PresenceEventEntity['type'],
      detail: i % 5 === 0 ? null : { i, via: AWKWARD[i % AWKWARD.length], nested: { list: [i, 'x'] } },
    }));
    // PostgreSQL: 1,000 rows a statement; SQLite: 256 rows a statement, then the rest in halving sizes (245 = 128 + 64 + 32 + 16 + 4 + 1)
    expect(insertStatements(ds.options.type, n)).toBe(ds.options.type === 'postgres' ? 3 : 7 + 6);
    await ds.transaction((em) => bulkInsert(em, PresenceEventEntity, EVENT_COLUMNS, rows));

    const stored = await ds.getRepository(PresenceEventEntity).find({ where: { conferenceId }, order: { id: 'ASC' } });
    expect(stored).toHaveLength(n);
    // ids follow the order of the input: the log is read back in id order
    expect(stored.map(({ pointId, at, type, detail }) => ({ conferenceId, pointId, at, type, detail }))).toEqual(rows);
    expect(stored.every((r, i) => i === 0 || r.id > stored[i - 1].id)).toBe(true);
  });

  it('stores batches of every size from 1 to 300 rows in order, with SQLite from nine statement texts in all', async () => {
    const conferenceId = randomUUID();
    const runner = ds.createQueryRunner();
    const texts = new Set<string>();
    const query = runner.query.bind(runner);
    const spy = jest.spyOn(runner, 'query').mockImplementation(((sql: string, ...rest: unknown[]) => {
      if (sql.startsWith('INSERT')) texts.add(sql);
      return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof runner.query);
    const rows: Array<Pick<PresenceEventEntity, 'conferenceId' | 'pointId' | 'at' | 'type' | 'detail'>> = [];
    try {
      for (let size = 1; size <= 300; size++) {
        const batch = Array.from({ length: size }, (_, i) => ({
          conferenceId,
          pointId: randomUUID(),
          at: new Date(Date.UTC(2026, 11, 6, 1, 0, 0, rows.length + i)),
          type: 'checkin' as const,
          detail: { size, i },
        }));
        await ds.transaction((em) => bulkInsert(em, PresenceEventEntity, EVENT_COLUMNS, batch));
        rows.push(...batch);
      }
    } finally {
      spy.mockRestore();
      if (ds.options.type === 'postgres') await runner.release();
    }
    const stored = await ds.getRepository(PresenceEventEntity).find({ where: { conferenceId }, order: { id: 'ASC' } });
    expect(stored.map(({ pointId, at, type, detail }) => ({ conferenceId, pointId, at, type, detail }))).toEqual(rows);
    // better-sqlite3: TypeORM shares one query runner, so every INSERT went through the one spied on
    if (ds.options.type !== 'postgres') expect(texts.size).toBe(9);
  });

  it('with skipConflicts skips rows whose key is taken (before, or earlier in the batch) and keeps nulls and awkward text', async () => {
    const receivedAt = new Date('2026-11-30T17:05:06.789Z');
    const row = (eventKey: string, body: string, extra: Partial<ZaloInboxEntity> = {}) => ({
      eventKey,
      eventName: 'user_send_text',
      body,
      receivedAt,
      processedAt: null,
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
      ...extra,
    });
    await ds.transaction((em) => bulkInsert(em, ZaloInboxEntity, INBOX_COLUMNS, [row('msg:1', 'first')], { skipConflicts: true }));
    const batch = [
      row('msg:1', 'again'),
      ...AWKWARD.map((body, i) =>
        row(`msg:a${i}`, body, i === 1 ? { lastError: 'NULL', attempts: 3, nextAttemptAt: new Date('2026-12-01T00:00:00.001Z') } : {}),
      ),
      row('msg:a0', 'twice in one batch'),
    ];
    await ds.transaction((em) => bulkInsert(em, ZaloInboxEntity, INBOX_COLUMNS, batch, { skipConflicts: true }));

    const stored = await ds.getRepository(ZaloInboxEntity).find({ order: { seq: 'ASC' } });
    expect(stored.map((r) => [r.eventKey, r.body])).toEqual([['msg:1', 'first'], ...AWKWARD.map((body, i) => [`msg:a${i}`, body])]);
    expect(stored[0]).toMatchObject({ receivedAt, processedAt: null, lastError: null, nextAttemptAt: null, attempts: 0 });
    expect(stored[2]).toMatchObject({ lastError: 'NULL', attempts: 3, nextAttemptAt: new Date('2026-12-01T00:00:00.001Z') });
  });

  it('writes nothing when a row is refused (a batch is one statement per chunk, inside the caller’s transaction)', async () => {
    const before = await ds.getRepository(PresenceEventEntity).count();
    const good = { conferenceId: randomUUID(), pointId: randomUUID(), at: new Date(), type: 'checkin' as const, detail: null };
    const bad = { ...good, type: 'x'.repeat(17) as PresenceEventEntity['type'] };
    const rows = [...Array.from({ length: ROWS_PER_INSERT }, () => good), bad];
    const write = ds.transaction((em) => bulkInsert(em, PresenceEventEntity, EVENT_COLUMNS, rows));
    if (ds.options.type === 'postgres') await expect(write).rejects.toThrow(/too long/);
    else await write; // SQLite does not enforce varchar lengths: the row is stored as given
    expect(await ds.getRepository(PresenceEventEntity).count()).toBe(ds.options.type === 'postgres' ? before : before + rows.length);
  });
});
