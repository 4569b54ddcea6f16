import type { DataSource, EntityManager, ObjectLiteral, QueryRunner } from 'typeorm';
import { escapeLike, fold } from '../common/text/fold';

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
 * The rowid of a SQLite table without an INTEGER PRIMARY KEY can change when the table is copied (TypeORM rebuilds a
 * SQLite table for most column changes) and the copy drops the triggers: {@link ensurePetitionSearchIndex} (run after
 * the migrations at every start) recreates missing triggers and rebuilds the index from the petitions.
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

/**
 * SQLite, after the migrations: when a trigger is missing (the petitions table was rebuilt by a later migration),
 * recreates the triggers and rebuilds the index from the petitions. Nothing to do on PostgreSQL or when it is whole.
 */
export async function ensurePetitionSearchIndex(ds: DataSource): Promise<boolean> {
  if (ds.options.type === 'postgres') return false;
  const rows = await ds.query<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE 'petition_search%'");
  const names = new Set(rows.map((r) => r.name));
  if (!names.has('petition_search') || TRIGGERS.every((t) => names.has(t))) return false;
  for (const sql of triggerSql()) await ds.query(sql);
  await ds.query(`INSERT INTO petition_search(petition_search) VALUES ('rebuild')`);
  return true;
}

/** Shortest folded text the trigram index can look up (shorter: `LIKE` over the column). */
const MIN_INDEXED = 3;

/** Above this many matches, a page in another index's order walks that index and probes the matches (see `many`). */
export const MANY_MATCHES = 2_000;

/**
 * The condition "one of the folded `columns` of the petition aliased `alias` contains `q` folded", with its parameters
 * (named `param`), for a query builder; null when `q` folds to nothing. On SQLite the matches' rowids come from the
 * trigram index; with `many` (the caller knows there are more than {@link MANY_MATCHES}) the condition keeps SQLite
 * from reading the petitions by those rowids (`+rowid`), so that a page ordered by another index walks it and stops
 * at the page's end instead of reading and sorting every match.
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
  const connection = 'connection' in source ? source.connection : source;
  if (connection.options.type === 'postgres' || [...folded].length < MIN_INDEXED) {
    const like = columns.map((c) => `${alias}.${c} LIKE :${param} ESCAPE '\\'`);
    return { where: like.length > 1 ? `(${like.join(' OR ')})` : like[0], params: { [param]: `%${escapeLike(folded)}%` } };
  }
  // A phrase of the folded text in double quotes (a double quote doubled), limited to the columns.
  return {
    where: `${opts.many ? '+' : ''}${alias}.rowid IN (SELECT rowid FROM petition_search WHERE petition_search MATCH :${param})`,
    params: { [param]: `{${columns.join(' ')}} : "${folded.replace(/"/g, '""')}"` },
  };
}
