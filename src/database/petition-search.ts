import type { DataSource, EntityManager, ObjectLiteral, QueryRunner } from 'typeorm';
import { containsPattern, fold } from '../common/text/fold';

/**
 * The trigram index over the petitions' folded search columns (`search_text`: code and title; `search_org`: the
 * submitter's organization), so that "contains" needs no scan of every petition.
 *
 * - SQLite: an FTS5 table `petition_search` with `tokenize='trigram'` whose content is the petitions table itself
 *   (external content keyed on the petitions' rowid), kept by three triggers. A phrase query on a trigram index
 *   matches exactly the rows whose column contains the phrase, for phrases of 3 characters or more; shorter ones use
 *   `LIKE` on the column (a scan, as before).
 * - PostgreSQL: `pg_trgm` GIN indexes on both columns, which `LIKE '%…%'` uses as it is.
 *
 * SQLite also keeps `petition_search_status` (migration 1765800000000): each petition's status by its rowid, a narrow
 * table kept by three more triggers, so that a search's counts per status read the index and this table
 * ({@link countMatchesByStatus}) instead of every matching petition's wide row.
 *
 * The rowid of a SQLite table without an INTEGER PRIMARY KEY can change when the table is copied (TypeORM rebuilds a
 * SQLite table for most column changes) and the copy drops the triggers: {@link ensurePetitionSearchIndex} (run after
 * the migrations at every start) recreates missing triggers and rebuilds the index and the status table from the
 * petitions.
 */
export type SearchColumn = 'search_text' | 'search_org';

const TRIGGERS = ['petition_search_ai', 'petition_search_ad', 'petition_search_au'] as const;

function triggerSql(): string[] {
  const insert = (row: 'new') => `INSERT INTO petition_search(rowid, search_text, search_org) VALUES (${row}.rowid, ${row}.search_text, ${row}.search_org);`;
  const remove = (row: 'old') =>
    `INSERT INTO petition_search(petition_search, rowid, search_text, search_org) VALUES ('delete', ${row}.rowid, ${row}.search_text, ${row}.search_org);`;
  return [
    `CREATE TRIGGER IF NOT EXISTS petition_search_ai AFTER INSERT ON petitions BEGIN ${insert('new')} END`,
    `CREATE TRIGGER IF NOT EXISTS petition_search_ad AFTER DELETE ON petitions BEGIN ${remove('old')} END`,
    `CREATE TRIGGER IF NOT EXISTS petition_search_au AFTER UPDATE OF search_text, search_org ON petitions BEGIN ${remove('old')} ${insert('new')} END`,
  ];
}

const STATUS_TRIGGERS = ['petition_search_status_ai', 'petition_search_status_ad', 'petition_search_status_au'] as const;

function statusTriggerSql(): string[] {
  return [
    `CREATE TRIGGER IF NOT EXISTS petition_search_status_ai AFTER INSERT ON petitions BEGIN INSERT OR REPLACE INTO petition_search_status(petition_rowid, status) VALUES (new.rowid, new.status); END`,
    `CREATE TRIGGER IF NOT EXISTS petition_search_status_ad AFTER DELETE ON petitions BEGIN DELETE FROM petition_search_status WHERE petition_rowid = old.rowid; END`,
    `CREATE TRIGGER IF NOT EXISTS petition_search_status_au AFTER UPDATE OF status ON petitions BEGIN UPDATE petition_search_status SET status = new.status WHERE petition_rowid = new.rowid; END`,
  ];
}

const REFILL_STATUS = ['DELETE FROM petition_search_status', 'INSERT INTO petition_search_status(petition_rowid, status) SELECT rowid, status FROM petitions'];

/** Creates the index (migration): the FTS5 table, its triggers and its content on SQLite; the GIN indexes on PostgreSQL. */
export async function createPetitionSearchIndex(q: QueryRunner): Promise<void> {
  if (q.connection.options.type === 'postgres') {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query('CREATE INDEX "IDX_petitions_search_text_trgm" ON petitions USING gin (search_text gin_trgm_ops)');
    await q.query('CREATE INDEX "IDX_petitions_search_org_trgm" ON petitions USING gin (search_org gin_trgm_ops)');
    return;
  }
  await q.query(`CREATE VIRTUAL TABLE petition_search USING fts5(search_text, search_org, content='petitions', tokenize='trigram')`);
  for (const sql of triggerSql()) await q.query(sql);
  await q.query(`INSERT INTO petition_search(petition_search) VALUES ('rebuild')`);
}

/** Drops it (migration down). The extension stays: other databases objects may use it. */
export async function dropPetitionSearchIndex(q: QueryRunner): Promise<void> {
  if (q.connection.options.type === 'postgres') {
    await q.query('DROP INDEX "IDX_petitions_search_org_trgm"');
    await q.query('DROP INDEX "IDX_petitions_search_text_trgm"');
    return;
  }
  for (const t of TRIGGERS) await q.query(`DROP TRIGGER IF EXISTS ${t}`);
  await q.query('DROP TABLE petition_search');
}

/** Creates the status table beside the index (migration; SQLite only: PostgreSQL counts through its GIN indexes as before). */
export async function createPetitionSearchStatus(q: QueryRunner): Promise<void> {
  if (q.connection.options.type === 'postgres') return;
  // An INTEGER PRIMARY KEY is the table's own rowid: a lookup by the petition's rowid is one b-tree search of narrow rows.
  await q.query('CREATE TABLE petition_search_status (petition_rowid INTEGER PRIMARY KEY, status varchar(16) NOT NULL)');
  for (const sql of statusTriggerSql()) await q.query(sql);
  for (const sql of REFILL_STATUS) await q.query(sql);
}

/** Drops it (migration down). */
export async function dropPetitionSearchStatus(q: QueryRunner): Promise<void> {
  if (q.connection.options.type === 'postgres') return;
  for (const t of STATUS_TRIGGERS) await q.query(`DROP TRIGGER IF EXISTS ${t}`);
  await q.query('DROP TABLE petition_search_status');
}

/**
 * SQLite, after the migrations: when a trigger of the index or of the status table is missing (the petitions table was
 * rebuilt by a later migration, which changes the rowids and drops every trigger), recreates the triggers and rebuilds
 * both from the petitions. Nothing to do on PostgreSQL or when they are whole.
 */
export async function ensurePetitionSearchIndex(ds: DataSource): Promise<boolean> {
  if (ds.options.type === 'postgres') return false;
  const rows = await ds.query<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE 'petition_search%'");
  const names = new Set(rows.map((r) => r.name));
  const index = names.has('petition_search');
  const status = names.has('petition_search_status');
  const whole = (!index || TRIGGERS.every((t) => names.has(t))) && (!status || STATUS_TRIGGERS.every((t) => names.has(t)));
  if (whole) return false;
  await ds.transaction(async (em) => {
    if (index) {
      for (const sql of triggerSql()) await em.query(sql);
      await em.query(`INSERT INTO petition_search(petition_search) VALUES ('rebuild')`);
    }
    if (status) for (const sql of [...statusTriggerSql(), ...REFILL_STATUS]) await em.query(sql);
  });
  return true;
}

/** Shortest folded text the trigram index can look up (shorter: `LIKE` over the column). */
const MIN_INDEXED = 3;

/** Above this many matches, a page in another index's order walks that index and probes the matches (see `many`). */
export const MANY_MATCHES = 2_000;

/**
 * The condition "one of the folded `columns` of the petition aliased `alias` contains `q` folded", with its parameters
 * (named `param`), for a query builder; null when `q` folds to nothing. On SQLite the matches' rowids come from the
 * trigram index; with `many` (the caller knows there are more than {@link MANY_MATCHES}, or its other conditions
 * bound the rows better, as a department's own petitions do) the condition keeps SQLite from reading the petitions
 * by those rowids (`+rowid`), so that a page ordered by another index walks it and stops at the page's end, or the
 * bounded rows are probed, instead of reading and sorting every match.
 */
export function searchContains(
  source: DataSource | EntityManager,
  alias: string,
  columns: readonly SearchColumn[],
  q: string,
  param: string,
  opts: { many?: boolean } = {},
): { where: string; params: ObjectLiteral } | null {
  const folded = fold(q);
  if (!folded || !columns.length) return null;
  const match = matchQuery(source, columns, folded);
  if (match === null) {
    const like = columns.map((c) => `${alias}.${c} LIKE :${param} ESCAPE '\\'`);
    return { where: like.length > 1 ? `(${like.join(' OR ')})` : like[0], params: { [param]: containsPattern(folded) } };
  }
  return {
    where: `${opts.many ? '+' : ''}${alias}.rowid IN (SELECT rowid FROM petition_search WHERE petition_search MATCH :${param})`,
    params: { [param]: match },
  };
}

/**
 * SQLite: the counts per status of the petitions one of whose folded `columns` contains `q` folded, read from the
 * trigram index and `petition_search_status` alone (no petition row is read); every petition counted, so only for a
 * viewer who sees them all and no other filter. Null when the index cannot answer (PostgreSQL, fewer than 3
 * characters, nothing to search for): the caller counts from the petitions.
 */
export async function countMatchesByStatus(em: EntityManager, columns: readonly SearchColumn[], q: string): Promise<Record<string, number> | null> {
  const folded = fold(q);
  const match = folded && columns.length ? matchQuery(em, columns, folded) : null;
  if (match === null) return null;
  const rows = await em.query<Array<{ status: string; n: number }>>(
    `SELECT s.status AS status, COUNT(*) AS n FROM petition_search f JOIN petition_search_status s ON s.petition_rowid = f.rowid
       WHERE petition_search MATCH ? GROUP BY s.status`,
    [match],
  );
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** The FTS5 query for "one of `columns` contains `folded`" on SQLite from 3 characters; null where the index cannot answer. */
function matchQuery(source: DataSource | EntityManager, columns: readonly SearchColumn[], folded: string): string | null {
  const connection = 'connection' in source ? source.connection : source;
  if (connection.options.type === 'postgres' || [...folded].length < MIN_INDEXED) return null;
  // A phrase of the folded text in double quotes (a double quote doubled), limited to the columns.
  return `{${columns.join(' ')}} : "${folded.replace(/"/g, '""')}"`;
}
