import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/** The whole first schema, written with TypeORM's portable Table API so it runs on SQLite and PostgreSQL. */
export class InitialSchema1764150000000 implements MigrationInterface {
  name = 'InitialSchema1764150000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const uuid = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: pg ? 'uuid' : 'varchar',
      length: pg ? undefined : '36',
      isNullable: nullable,
    });
    const id = (name = 'id'): TableColumnOptions => ({ ...uuid(name), isPrimary: true });
    const ts = (name: string, nullable = false): TableColumnOptions => ({ name, type: pg ? 'timestamptz' : 'datetime', isNullable: nullable });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
    const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });

    await q.createTable(
      new Table({
        name: 'users',
        columns: [id(), str('username', 64), str('username_key', 64), str('password_hash', 255), str('role', 16), uuid('point_id', true), ts('created_at')],
        indices: [{ name: 'UQ_users_username_key', columnNames: ['username_key'], isUnique: true }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'bridge_points',
        columns: [
          id(),
          str('code', 32),
          str('name', 255),
          str('level', 16),
          uuid('parent_id', true),
          str('address', 500, true),
          str('contact_name', 255, true),
          str('contact_phone', 32, true),
          int('capacity', true),
          { name: 'active', type: 'boolean', isNullable: false, default: pg ? 'true' : '1' },
          str('search_text', 600),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          { name: 'UQ_bridge_points_code', columnNames: ['code'], isUnique: true },
          { name: 'IDX_bridge_points_level', columnNames: ['level'] },
          { name: 'IDX_bridge_points_parent', columnNames: ['parent_id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'conferences',
        columns: [
          id(),
          str('title', 500),
          text('description'),
          str('format', 16),
          str('category', 100, true),
          ts('starts_at'),
          ts('ends_at'),
          str('timezone', 64),
          uuid('host_point_id'),
          str('status', 16),
          int('version'),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [{ name: 'IDX_conferences_window', columnNames: ['starts_at', 'ends_at'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'conference_points',
        columns: [
          { ...uuid('conference_id'), isPrimary: true },
          { ...uuid('point_id'), isPrimary: true },
          str('role', 16),
          str('mode', 16),
          int('expected_attendees', true),
          ts('created_at'),
        ],
        indices: [{ name: 'IDX_conference_points_point', columnNames: ['point_id'] }],
        foreignKeys: [
          { columnNames: ['conference_id'], referencedTableName: 'conferences', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['point_id'], referencedTableName: 'bridge_points', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'conference_history',
        columns: [id(), uuid('conference_id'), ts('at'), str('by', 64), str('field', 32), text('from_value'), text('to_value')],
        indices: [{ name: 'IDX_conference_history_conf', columnNames: ['conference_id', 'at'] }],
        foreignKeys: [{ columnNames: ['conference_id'], referencedTableName: 'conferences', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'agendas',
        columns: [{ ...uuid('conference_id'), isPrimary: true }, int('version'), uuid('current_item_id', true), ts('updated_at')],
        foreignKeys: [{ columnNames: ['conference_id'], referencedTableName: 'conferences', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'agenda_items',
        columns: [
          id(),
          uuid('conference_id'),
          int('position'),
          str('title', 500),
          str('kind', 16),
          int('duration_minutes'),
          str('presenter', 255, true),
          str('responsible_unit', 255, true),
          uuid('point_id', true),
          text('notes'),
          ts('actual_start_at', true),
          ts('actual_end_at', true),
        ],
        indices: [{ name: 'IDX_agenda_items_conf_pos', columnNames: ['conference_id', 'position'] }],
        foreignKeys: [{ columnNames: ['conference_id'], referencedTableName: 'conferences', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'checkin_links',
        columns: [id(), uuid('conference_id'), uuid('point_id'), ts('expires_at'), ts('revoked_at', true), ts('created_at')],
        indices: [{ name: 'IDX_checkin_links_conf_point', columnNames: ['conference_id', 'point_id'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'presence_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          uuid('conference_id'),
          uuid('point_id'),
          ts('at'),
          str('type', 16),
          text('detail'),
        ],
        indices: [{ name: 'IDX_presence_events_conf_point_at', columnNames: ['conference_id', 'point_id', 'at'] }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'attendance_marks',
        columns: [
          { ...uuid('conference_id'), isPrimary: true },
          { ...uuid('point_id'), isPrimary: true },
          str('attendance', 16),
          str('reason', 500, true),
          str('marked_by', 64),
          ts('marked_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'attendance_marks',
      'presence_events',
      'checkin_links',
      'agenda_items',
      'agendas',
      'conference_history',
      'conference_points',
      'conferences',
      'bridge_points',
      'users',
    ]) {
      await q.dropTable(t, true);
    }
  }
}
