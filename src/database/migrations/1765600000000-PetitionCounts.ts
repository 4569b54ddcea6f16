import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Petitions counted per department, relation, kind, field and status (`petition_counts`, kept by every change), filled
 * from the petitions already there.
 */
export class PetitionCounts1765600000000 implements MigrationInterface {
  name = 'PetitionCounts1765600000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const key = (name: string, length: number) => ({ name, type: 'varchar', length: String(length), isPrimary: true });
    await q.createTable(
      new Table({
        name: 'petition_counts',
        columns: [key('department_id', 36), key('relation', 8), key('kind', 16), key('field', 32), key('status', 16), { name: 'n', type: 'integer' }],
      }),
    );
    // The same statements as `rebuildCountsSql` in src/petitions/petition-counts.ts, as they were at this migration.
    const lead = pg ? 'CAST(p.lead_department_id AS varchar)' : 'p.lead_department_id';
    const dep = pg ? 'CAST(s.department_id AS varchar)' : 's.department_id';
    await q.query(
      `INSERT INTO petition_counts (department_id, relation, kind, field, status, n)
         SELECT COALESCE(${lead}, ''), CASE WHEN p.lead_department_id IS NULL THEN 'none' ELSE 'lead' END, p.kind, p.field, p.status, COUNT(*)
         FROM petitions p GROUP BY p.lead_department_id, p.kind, p.field, p.status`,
    );
    await q.query(
      `INSERT INTO petition_counts (department_id, relation, kind, field, status, n)
         SELECT ${dep}, 'support', p.kind, p.field, p.status, COUNT(*)
         FROM petition_support_departments s JOIN petitions p ON p.id = s.petition_id GROUP BY s.department_id, p.kind, p.field, p.status`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('petition_counts');
  }
}
