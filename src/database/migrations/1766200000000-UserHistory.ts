import { MigrationInterface, QueryRunner, Table, TableColumn, type TableColumnOptions } from 'typeorm';

/**
 * The account history (`user_history`: who created, locked, unlocked an account, changed its role, point or department,
 * reset or changed its password, and when) and `users.last_sign_in_at` (null until the next password sign-in).
 */
export class UserHistory1766200000000 implements MigrationInterface {
  name = 'UserHistory1766200000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const uuid = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: pg ? 'uuid' : 'varchar',
      length: pg ? undefined : '36',
      isNullable: nullable,
    });
    const ts = (name: string, nullable = false): TableColumnOptions => ({ name, type: pg ? 'timestamptz' : 'datetime', isNullable: nullable });
    await q.createTable(
      new Table({
        name: 'user_history',
        columns: [
          { ...uuid('id'), isPrimary: true },
          uuid('user_id'),
          ts('at'),
          { name: 'action', type: 'varchar', length: '16', isNullable: false },
          uuid('by_user_id', true),
          { name: 'from_value', type: 'text', isNullable: true },
          { name: 'to_value', type: 'text', isNullable: true },
        ],
        indices: [{ name: 'IDX_user_history_user', columnNames: ['user_id', 'at'] }],
        foreignKeys: [
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['by_user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' },
        ],
      }),
    );
    await q.addColumn('users', new TableColumn(ts('last_sign_in_at', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'last_sign_in_at');
    await q.dropTable('user_history', true);
  }
}
