import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Conferences gain their readiness checks (JSON text, null = the defaults) and a cap on connected points. */
export class ConferenceReadinessAndCap1765400000001 implements MigrationInterface {
  name = 'ConferenceReadinessAndCap1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('conferences', new TableColumn({ name: 'readiness', type: 'text', isNullable: true }));
    await q.addColumn('conferences', new TableColumn({ name: 'max_connected_points', type: 'integer', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('conferences', 'max_connected_points');
    await q.dropColumn('conferences', 'readiness');
  }
}
