import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * v2 "Links and contacts": the organizers' hotline on a conference, and a short code per check-in link.
 * The short code is never stored: only its SHA-256 (unique), so the database alone opens no link. Links issued
 * before this migration get theirs the first time the links are listed.
 */
export class LinksAndContacts1765500000000 implements MigrationInterface {
  name = 'LinksAndContacts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('conferences', [
      new TableColumn({ name: 'contact_name', type: 'varchar', length: '255', isNullable: true }),
      new TableColumn({ name: 'contact_phone', type: 'varchar', length: '32', isNullable: true }),
    ]);
    await q.addColumn('checkin_links', new TableColumn({ name: 'short_code_hash', type: 'varchar', length: '64', isNullable: true }));
    await q.createIndex('checkin_links', new TableIndex({ name: 'UQ_checkin_links_short_code_hash', columnNames: ['short_code_hash'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('checkin_links', 'UQ_checkin_links_short_code_hash');
    await q.dropColumn('checkin_links', 'short_code_hash');
    await q.dropColumn('conferences', 'contact_phone');
    await q.dropColumn('conferences', 'contact_name');
  }
}
