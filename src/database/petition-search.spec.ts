import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { escapeLike, fold } from '../common/text/fold';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';
import { countMatchesByStatus, ensurePetitionSearchIndex, searchContains, type SearchColumn } from './petition-search';

describe('the petitions trigram index (SQLite)', () => {
  let ds: DataSource;
  const ids = new Map<string, string>();

  const insert = async (code: string, title: string, organization: string | null, status = 'received') => {
    const id = randomUUID();
    ids.set(code, id);
    const at = '2026-01-01 00:00:00.000';
    await ds.query(
      `INSERT INTO petitions (id, code, kind, channel, title, content, field, submitter_erased, anonymous, consent, status, received_at,
         published, tracking_token_hash, search_text, search_org, version, created_at, updated_at)
       VALUES (?, ?, 'petition', 'web', ?, 'C', 'other', 0, 0, 1, ?, ?, 0, 'x', ?, ?, 1, ?, ?)`,
      [id, code, title, status, at, fold(`${code} ${title}`), organization ? fold(organization) : null, at, at],
    );
  };
  /** Codes found through `searchContains`, and through a plain LIKE on the same columns: they must agree. */
  const find = async (q: string, columns: SearchColumn[], many = false) => {
    const cond = searchContains(ds, 'p', columns, q, 'q', { many });
    const qb = ds.createQueryBuilder().select('p.code', 'code').from('petitions', 'p').orderBy('p.code');
    if (cond) qb.where(cond.where, cond.params);
    return (await qb.getRawMany<{ code: string }>()).map((r) => r.code);
  };
  const like = async (q: string, columns: SearchColumn[]) => {
    const pattern = `%${escapeLike(fold(q))}%`;
    const rows = await ds.query<Array<{ code: string }>>(
      `SELECT code FROM petitions WHERE ${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')} ORDER BY code`,
      columns.map(() => pattern),
    );
    return rows.map((r) => r.code);
  };
  /** Counts per status through `countMatchesByStatus` (null below 3 characters) and by LIKE grouped by status. */
  const counts = async (q: string, columns: SearchColumn[] = ['search_text', 'search_org']) => ({
    indexed: await countMatchesByStatus(ds.manager, columns, q),
    like: Object.fromEntries(
      (
        await ds.query<Array<{ status: string; n: number }>>(
          `SELECT status, COUNT(*) AS n FROM petitions WHERE ${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')} GROUP BY status`,
          columns.map(() => `%${escapeLike(fold(q))}%`),
        )
      ).map((r) => [r.status, Number(r.n)]),
    ),
  });
  const expectCountsLikeLike = async (queries: string[]) => {
    for (const q of queries)
      for (const columns of [['search_text'], ['search_org'], ['search_text', 'search_org']] as SearchColumn[][]) {
        const { indexed, like } = await counts(q, columns);
        expect([q, columns, indexed]).toEqual([q, columns, [...fold(q)].length < 3 ? null : like]);
      }
  };

  beforeAll(async () => {
    ds = await new DataSource({ ...dataSourceOptions({ type: 'sqlite', path: ':memory:' }), logging: false }).initialize();
    await runMigrations(ds);
    await insert('KN-2026-000001', 'Thủ tục hải quan chậm', 'Công ty "Sông Cầu"');
    await insert('KN-2026-000002', 'Đất đai', 'Hải Quan Xanh 100%');
    await insert('KN-2026-000003', 'Thuế', null);
  });
  afterAll(() => ds.destroy());

  it('finds what LIKE on the folded columns finds, through the index from 3 characters and by LIKE below', async () => {
    for (const q of ['hải quan', 'HAI QUAN', 'hai', 'ha', 'n c', '"sông', '100%', 'xyz', 'kn-2026-00000', 'đ'])
      for (const columns of [['search_text'], ['search_org'], ['search_text', 'search_org']] as SearchColumn[][]) {
        const expected = await like(q, columns);
        expect([q, columns, await find(q, columns)]).toEqual([q, columns, expected]);
        expect([q, columns, await find(q, columns, true)]).toEqual([q, columns, expected]);
      }
    expect(await find('hai quan', ['search_text', 'search_org'])).toEqual(['KN-2026-000001', 'KN-2026-000002']);
    expect(searchContains(ds, 'p', ['search_text'], 'hai quan', 'q')!.where).toContain('MATCH');
    expect(searchContains(ds, 'p', ['search_text'], 'ha', 'q')!.where).toContain('LIKE');
    expect(searchContains(ds, 'p', ['search_text'], '   ', 'q')).toBeNull();
  });

  it('follows updates and deletes of the petitions', async () => {
    await ds.query(`UPDATE petitions SET search_text = 'kn-2026-000003 thue hai quan' WHERE id = ?`, [ids.get('KN-2026-000003')]);
    expect(await find('hai quan', ['search_text'])).toEqual(['KN-2026-000001', 'KN-2026-000003']);
    await ds.query(`DELETE FROM petitions WHERE id = ?`, [ids.get('KN-2026-000001')]);
    expect(await find('hai quan', ['search_text'])).toEqual(['KN-2026-000003']);
    await ds.query(`INSERT INTO petition_search(petition_search) VALUES ('integrity-check')`);
  });

  it('counts the matches per status from the index and the status table as LIKE grouped by status does, following every change', async () => {
    await insert('KN-2026-000004', 'Hải quan cửa khẩu', null, 'assigned');
    await insert('KN-2026-000005', 'Cảng', 'Hải quan cảng', 'closed');
    const queries = ['hải quan', 'HAI QUAN', 'hai', 'ha', 'n c', '"sông', '100%', 'xyz', 'kn-2026-00000', 'cang'];
    await expectCountsLikeLike(queries);
    expect((await counts('hai quan')).indexed).toEqual({ received: 2, assigned: 1, closed: 1 });
    await ds.query(`UPDATE petitions SET status = 'answered' WHERE code = 'KN-2026-000004'`);
    await ds.query(`UPDATE petitions SET search_org = 'hai quan moi' WHERE code = 'KN-2026-000003'`);
    await insert('KN-2026-000006', 'Hải quan', null, 'rejected');
    await ds.query(`DELETE FROM petitions WHERE code = 'KN-2026-000005'`);
    await expectCountsLikeLike(queries);
    expect((await counts('hai quan')).indexed).toEqual({ received: 2, answered: 1, rejected: 1 });
    // One row per petition, with its status, and none left of a deleted one.
    const rows = await ds.query<Array<{ n: number }>>(
      `SELECT COUNT(*) AS n FROM petitions p LEFT JOIN petition_search_status s ON s.petition_rowid = p.rowid WHERE s.status IS NOT p.status
       UNION ALL SELECT (SELECT COUNT(*) FROM petition_search_status) - (SELECT COUNT(*) FROM petitions)`,
    );
    expect(rows.map((r) => Number(r.n))).toEqual([0, 0]);
  });

  it('is rebuilt at start when a trigger is missing (a later migration rebuilt the table), and left alone when whole', async () => {
    await ds.query('DROP TRIGGER petition_search_au');
    await ds.query(`UPDATE petitions SET search_text = 'kn-2026-000002 dat dai moi' WHERE id = ?`, [ids.get('KN-2026-000002')]);
    expect(await ensurePetitionSearchIndex(ds)).toBe(true);
    expect(await find('dai moi', ['search_text'])).toEqual(['KN-2026-000002']);
    expect(await ensurePetitionSearchIndex(ds)).toBe(false);
    await ds.query(`UPDATE petitions SET search_text = 'kn-2026-000002 dat dai cu' WHERE id = ?`, [ids.get('KN-2026-000002')]);
    expect(await find('dai cu', ['search_text'])).toEqual(['KN-2026-000002']);
  });

  it('rebuilds the status table at start when one of its triggers is missing, and leaves it alone when whole', async () => {
    await ds.query('DROP TRIGGER petition_search_status_au');
    await ds.query(`UPDATE petitions SET status = 'closed' WHERE code = 'KN-2026-000006'`);
    expect(await ensurePetitionSearchIndex(ds)).toBe(true);
    expect((await counts('hai quan')).indexed).toEqual((await counts('hai quan')).like);
    expect((await counts('hai quan')).indexed).toMatchObject({ closed: 1 });
    expect(await ensurePetitionSearchIndex(ds)).toBe(false);
    await ds.query(`UPDATE petitions SET status = 'merged' WHERE code = 'KN-2026-000006'`);
    expect((await counts('hai quan')).indexed).toEqual((await counts('hai quan')).like);
    expect((await counts('hai quan')).indexed).toMatchObject({ merged: 1 });
  });
});
