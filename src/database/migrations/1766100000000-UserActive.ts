import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * `users.active` (true for every existing account): an admin locks an account (`PATCH /api/users/:id {active: false}`),
 * which can then no longer sign in, and unlocks it again.
 */
export class UserActive1766100000000 implements MigrationInterface {
  name = 'UserActive1766100000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    await q.addColumn('users', new TableColumn({ name: 'active', type: 'boolean', isNullable: false, default: pg ? 'true' : '1' }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'active');
  }
}
