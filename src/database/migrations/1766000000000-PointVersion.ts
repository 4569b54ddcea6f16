import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Bridge points gain a version (1 for every existing point), so an edit made on a stale copy is refused (409). */
export class PointVersion1766000000000 implements MigrationInterface {
  name = 'PointVersion1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('bridge_points', new TableColumn({ name: 'version', type: 'integer', isNullable: false, default: 1 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('bridge_points', 'version');
  }
}
