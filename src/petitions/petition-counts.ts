import type { EntityManager } from 'typeorm';
import type { PetitionEntity } from './entities/petition.entity';

/** What a petition counts under: its status, kind, field, lead department and supporting departments. */
export type CountedPetition = Pick<PetitionEntity, 'status' | 'kind' | 'field' | 'leadDepartmentId'> & { supports: readonly string[] };

interface CountKey {
  departmentId: string;
  relation: 'lead' | 'support' | 'none';
  kind: string;
  field: string;
  status: string;
}

const keyOf = (k: CountKey) => [k.departmentId, k.relation, k.kind, k.field, k.status].join('\u0000');

/** The rows of `petition_counts` one petition adds to (one `lead` or `none`, one `support` per supporting department). */
export function countKeys(p: CountedPetition): CountKey[] {
  const base = { kind: p.kind, field: p.field, status: p.status };
  const keys: CountKey[] = [
    p.leadDepartmentId ? { ...base, departmentId: p.leadDepartmentId, relation: 'lead' } : { ...base, departmentId: '', relation: 'none' },
  ];
  for (const d of p.supports) keys.push({ ...base, departmentId: d, relation: 'support' });
  return keys;
}

/** The changes to `petition_counts` when a petition goes from `before` to `after` (null: not there), nonzero only, in key order. */
export function countDeltas(before: CountedPetition | null, after: CountedPetition | null): Array<CountKey & { delta: number }> {
  const out = new Map<string, CountKey & { delta: number }>();
  const add = (p: CountedPetition | null, delta: number) => {
    for (const k of p ? countKeys(p) : []) {
      const id = keyOf(k);
      const cur = out.get(id) ?? { ...k, delta: 0 };
      cur.delta += delta;
      out.set(id, cur);
    }
  };
  add(before, -1);
  add(after, 1);
  // One order for every transaction, so that two of them never wait for each other's rows (PostgreSQL).
  return [...out.entries()]
    .filter(([, d]) => d.delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}

/**
 * Applies the change in the caller's transaction: the one place counts move (petition intake and every action go
 * through it). `INSERT … ON CONFLICT DO UPDATE` on each row touched; PostgreSQL keeps those rows locked until commit.
 */
export async function applyCountDeltas(em: EntityManager, before: CountedPetition | null, after: CountedPetition | null): Promise<void> {
  const pg = em.connection.options.type === 'postgres';
  const sql = pg
    ? 'INSERT INTO petition_counts (department_id, relation, kind, field, status, n) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (department_id, relation, kind, field, status) DO UPDATE SET n = petition_counts.n + EXCLUDED.n'
    : 'INSERT INTO petition_counts (department_id, relation, kind, field, status, n) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (department_id, relation, kind, field, status) DO UPDATE SET n = petition_counts.n + excluded.n';
  for (const d of countDeltas(before, after)) await em.query(sql, [d.departmentId, d.relation, d.kind, d.field, d.status, d.delta]);
}

/**
 * Recomputes `petition_counts` from the petitions (the migration's first fill; a bulk load that bypassed the API,
 * such as the benchmark's). Statements to run in order, in one transaction.
 */
export function rebuildCountsSql(postgres: boolean): string[] {
  const lead = postgres ? 'CAST(p.lead_department_id AS varchar)' : 'p.lead_department_id';
  const dep = postgres ? 'CAST(s.department_id AS varchar)' : 's.department_id';
  return [
    'DELETE FROM petition_counts',
    `INSERT INTO petition_counts (department_id, relation, kind, field, status, n)
       SELECT COALESCE(${lead}, ''), CASE WHEN p.lead_department_id IS NULL THEN 'none' ELSE 'lead' END, p.kind, p.field, p.status, COUNT(*)
       FROM petitions p GROUP BY p.lead_department_id, p.kind, p.field, p.status`,
    `INSERT INTO petition_counts (department_id, relation, kind, field, status, n)
       SELECT ${dep}, 'support', p.kind, p.field, p.status, COUNT(*)
       FROM petition_support_departments s JOIN petitions p ON p.id = s.petition_id GROUP BY s.department_id, p.kind, p.field, p.status`,
  ];
}

/** Which kept counts answer a filter: one department (or any), its relations, kind and field. */
export interface CountScope {
  departmentId?: string;
  relations: ReadonlyArray<'lead' | 'support' | 'none'>;
  kind?: string;
  field?: string;
}

/** Petitions per status in a scope, from the kept counts (a few rows at most; statuses with none left out). */
export async function readCounts(em: EntityManager, scope: CountScope): Promise<Record<string, number>> {
  const qb = em
    .createQueryBuilder()
    .from('petition_counts', 'c')
    .select('c.status', 'status')
    .addSelect('SUM(c.n)', 'n')
    .where('c.relation IN (:...relations)', { relations: scope.relations })
    .groupBy('c.status');
  if (scope.departmentId !== undefined) qb.andWhere('c.department_id = :departmentId', { departmentId: scope.departmentId });
  if (scope.kind !== undefined) qb.andWhere('c.kind = :kind', { kind: scope.kind });
  if (scope.field !== undefined) qb.andWhere('c.field = :field', { field: scope.field });
  const out: Record<string, number> = {};
  for (const r of await qb.getRawMany<{ status: string; n: string | number }>()) if (Number(r.n) > 0) out[r.status] = Number(r.n);
  return out;
}
