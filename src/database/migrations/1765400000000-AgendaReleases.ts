import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Agenda releases (phát hành chương trình): immutable snapshots of an agenda with their changes. */
export class AgendaReleases1765400000000 implements MigrationInterface {
  name = 'AgendaReleases1765400000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    await q.createTable(
      new Table({
        name: 'agenda_releases',
        columns: [
          { name: 'conference_id', type: pg ? 'uuid' : 'varchar', length: pg ? undefined : '36', isPrimary: true },
          { name: 'number', type: 'integer', isPrimary: true },
          { name: 'at', type: pg ? 'timestamptz' : 'datetime' },
          { name: 'by', type: 'varchar', length: '64' },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'agenda_version', type: 'integer' },
          { name: 'items', type: 'text' },
          { name: 'changes', type: 'text' },
        ],
        foreignKeys: [{ columnNames: ['conference_id'], referencedTableName: 'conferences', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('agenda_releases');
  }
}
