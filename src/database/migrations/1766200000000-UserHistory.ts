import { MigrationInterface, QueryRunner, Table, TableColumn, type TableColumnOptions } from 'typeorm';

/**
 * The account history (`user_history`: who created, locked, unlocked an account, changed its role, point or department,
 * reset or changed its password, and when) and `users.last_sign_in_at` (null until the next password sign-in).
 */
export class UserHistory1766200000000 implements MigrationInterface {
  name = 'UserHistory1766200000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    // Self-contained, as every migration: the id type and the instant type of the driver.
    const uuidType: Pick<TableColumnOptions, 'type' | 'length'> = pg ? { type: 'uuid' } : { type: 'varchar', length: '36' };
    const instant = pg ? 'timestamptz' : 'datetime';
    // The column first: on SQLite it rebuilds `users`, best done before a new table refers to it.
    await q.addColumn('users', new TableColumn({ name: 'last_sign_in_at', type: instant, isNullable: true }));
    await q.createTable(
      new Table({
        name: 'user_history',
        columns: [
          { name: 'id', ...uuidType, isPrimary: true },
          { name: 'user_id', ...uuidType },
          { name: 'at', type: instant },
          { name: 'action', type: 'varchar', length: '16' },
          { name: 'by_user_id', ...uuidType, isNullable: true },
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('user_history', true);
    await q.dropColumn('users', 'last_sign_in_at');
  }
}
