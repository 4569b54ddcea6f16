import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/** Workers' feedback over Zalo: the webhook's inbox, contacts, the OA's tokens, each feedback's reply target, downloaded attachments. */
export class Zalo1765300000000 implements MigrationInterface {
  name = 'Zalo1765300000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const uuid = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: pg ? 'uuid' : 'varchar',
      length: pg ? undefined : '36',
      isNullable: nullable,
    });
    const ts = (name: string, nullable = false): TableColumnOptions => ({ name, type: pg ? 'timestamptz' : 'datetime', isNullable: nullable });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
    const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
    const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });

    await q.createTable(
      new Table({
        name: 'zalo_inbox',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('event_key', 128),
          str('event_name', 64),
          text('body', false),
          ts('received_at'),
          ts('processed_at', true),
          int('attempts'),
          str('last_error', 255, true),
          ts('next_attempt_at', true),
        ],
        indices: [
          { name: 'UQ_zalo_inbox_key', columnNames: ['event_key'], isUnique: true },
          { name: 'IDX_zalo_inbox_pending', columnNames: ['processed_at', 'seq'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'zalo_contacts',
        columns: [{ ...str('zalo_user_id', 64), isPrimary: true }, bool('following'), str('display_name', 255, true), ts('updated_at')],
        indices: [{ name: 'IDX_zalo_contacts_following', columnNames: ['following'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'zalo_tokens',
        columns: [{ ...str('id', 16), isPrimary: true }, text('access_token'), text('refresh_token', false), ts('expires_at', true), ts('updated_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'zalo_feedback',
        columns: [
          { ...uuid('petition_id'), isPrimary: true },
          str('zalo_user_id', 64),
          str('last_msg_id', 64),
          str('group_id', 64, true),
          ts('last_inbound_at'),
        ],
        indices: [{ name: 'IDX_zalo_feedback_user', columnNames: ['zalo_user_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'zalo_attachments',
        columns: [
          { ...uuid('id'), isPrimary: true },
          uuid('petition_id'),
          uuid('message_id'),
          text('url', false),
          str('name', 255),
          str('type', 64),
          int('size'),
          str('status', 16),
          str('content_type', 128, true),
          int('attempts'),
          ts('next_attempt_at'),
          ts('created_at'),
        ],
        indices: [
          { name: 'IDX_zalo_attachments_pending', columnNames: ['status', 'next_attempt_at'] },
          { name: 'IDX_zalo_attachments_message', columnNames: ['message_id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['zalo_attachments', 'zalo_feedback', 'zalo_tokens', 'zalo_contacts', 'zalo_inbox']) await q.dropTable(t, true);
  }
}
