import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';

/** Departments, the `department` role's binding, petitions with their thread, history and access log, the calendar's overrides. */
export class Petitions1765200000000 implements MigrationInterface {
  name = 'Petitions1765200000000';

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
    const bool = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'boolean', isNullable: nullable });

    await q.createTable(
      new Table({
        name: 'departments',
        columns: [
          id(),
          str('code', 32),
          str('code_key', 32),
          str('name', 255),
          str('short_name', 100, true),
          str('contact_name', 255, true),
          str('contact_phone', 32, true),
          str('email', 255, true),
          uuid('point_id', true),
          bool('active'),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [{ name: 'UQ_departments_code_key', columnNames: ['code_key'], isUnique: true }],
      }),
    );

    await q.addColumn('users', new TableColumn(uuid('department_id', true)));

    await q.createTable(
      new Table({
        name: 'petitions',
        columns: [
          id(),
          str('code', 16),
          str('kind', 16),
          str('channel', 16),
          str('title', 200),
          text('content', false),
          str('field', 32),
          str('submitter_name', 255, true),
          str('submitter_organization', 255, true),
          str('submitter_tax_code', 14, true),
          str('submitter_phone', 16, true),
          str('submitter_email', 255, true),
          uuid('submitter_point_id', true),
          str('submitter_zalo_user_id', 64, true),
          bool('submitter_erased'),
          bool('anonymous'),
          bool('consent'),
          uuid('conference_id', true),
          int('queue_position', true),
          str('status', 16),
          uuid('lead_department_id', true),
          ts('received_at'),
          ts('assigned_at', true),
          ts('due_at', true),
          ts('answered_at', true),
          str('answer_mode', 16, true),
          text('answer_text'),
          str('answer_document_no', 100, true),
          str('answer_signed_by', 255, true),
          str('answered_by', 64, true),
          text('commitment_text'),
          ts('commitment_due_at', true),
          bool('commitment_done', true),
          bool('published'),
          ts('published_at', true),
          uuid('merged_into_id', true),
          ts('finished_at', true),
          str('tracking_token_hash', 64),
          str('source_key', 64, true),
          str('search_text', 300),
          str('search_org', 300, true),
          int('version'),
          ts('created_at'),
          ts('updated_at'),
        ],
        indices: [
          { name: 'UQ_petitions_code', columnNames: ['code'], isUnique: true },
          // Every inbox query orders by (received_at DESC, id DESC): each index ends with both, so a page is read in order.
          { name: 'IDX_petitions_received', columnNames: ['received_at', 'id'] },
          { name: 'IDX_petitions_status_received', columnNames: ['status', 'received_at', 'id'] },
          { name: 'IDX_petitions_lead_received', columnNames: ['lead_department_id', 'received_at', 'id'] },
          { name: 'IDX_petitions_field_received', columnNames: ['field', 'received_at', 'id'] },
          // Counts per status under a filter read these instead of the table.
          { name: 'IDX_petitions_field_status', columnNames: ['field', 'status'] },
          { name: 'IDX_petitions_lead_status_due', columnNames: ['lead_department_id', 'status', 'due_at'] },
          { name: 'IDX_petitions_search', columnNames: ['search_text', 'search_org', 'anonymous', 'status'] },
          // The report reads only these columns.
          {
            name: 'IDX_petitions_report',
            columnNames: ['received_at', 'lead_department_id', 'status', 'field', 'assigned_at', 'due_at', 'answered_at', 'answer_mode', 'commitment_done'],
          },
          { name: 'IDX_petitions_conference_pos', columnNames: ['conference_id', 'queue_position'] },
          { name: 'IDX_petitions_source', columnNames: ['source_key', 'received_at'] },
          { name: 'IDX_petitions_zalo_user', columnNames: ['submitter_zalo_user_id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'petition_support_departments',
        columns: [{ ...uuid('petition_id'), isPrimary: true }, { ...uuid('department_id'), isPrimary: true }, int('position')],
        indices: [{ name: 'IDX_petition_support_department', columnNames: ['department_id'] }],
        foreignKeys: [{ columnNames: ['petition_id'], referencedTableName: 'petitions', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'petition_history',
        columns: [
          id(),
          uuid('petition_id'),
          ts('at'),
          str('by', 64),
          str('from_status', 16),
          str('to_status', 16),
          str('action', 16),
          text('reason'),
          text('details'),
        ],
        indices: [{ name: 'IDX_petition_history_petition', columnNames: ['petition_id', 'at'] }],
        foreignKeys: [{ columnNames: ['petition_id'], referencedTableName: 'petitions', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'petition_messages',
        columns: [
          id(),
          uuid('petition_id'),
          ts('at'),
          str('direction', 8),
          str('by', 64, true),
          text('text', false),
          text('attachments', false),
          str('status', 16),
          str('zalo_message_id', 64, true),
        ],
        indices: [
          { name: 'IDX_petition_messages_petition', columnNames: ['petition_id', 'at'] },
          { name: 'UQ_petition_messages_zalo', columnNames: ['zalo_message_id'], isUnique: true },
        ],
        foreignKeys: [{ columnNames: ['petition_id'], referencedTableName: 'petitions', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'petition_access_log',
        columns: [id(), uuid('petition_id'), ts('at'), str('by', 64), str('role', 16)],
        indices: [{ name: 'IDX_petition_access_petition', columnNames: ['petition_id', 'at'] }],
        foreignKeys: [{ columnNames: ['petition_id'], referencedTableName: 'petitions', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(new Table({ name: 'petition_counters', columns: [{ ...int('year'), isPrimary: true }, int('n')] }));

    await q.createTable(
      new Table({
        name: 'conference_petition_state',
        columns: [{ ...uuid('conference_id'), isPrimary: true }, uuid('current_petition_id', true), ts('updated_at')],
        foreignKeys: [{ columnNames: ['conference_id'], referencedTableName: 'conferences', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );

    await q.createTable(
      new Table({
        name: 'calendar_overrides',
        columns: [{ ...str('date', 10), isPrimary: true }, bool('working'), str('name', 200), str('updated_by', 64), ts('updated_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'calendar_overrides',
      'conference_petition_state',
      'petition_counters',
      'petition_access_log',
      'petition_messages',
      'petition_history',
      'petition_support_departments',
      'petitions',
    ]) {
      await q.dropTable(t, true);
    }
    await q.dropColumn('users', 'department_id');
    await q.dropTable('departments', true);
  }
}
