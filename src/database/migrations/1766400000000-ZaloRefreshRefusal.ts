import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Zalo's last refusal of the OA's refresh token, kept on the token row (`zalo_tokens`, id `oa`) so that every instance
 * sees it: when Zalo refused (`refresh_refused_at`), its code and message, and a SHA-256 fingerprint of the refused
 * token (never the token), so that an admin who stores a new refresh token clears it. All null while nothing is
 * refused.
 */
export class ZaloRefreshRefusal1766400000000 implements MigrationInterface {
  name = 'ZaloRefreshRefusal1766400000000';

  async up(q: QueryRunner): Promise<void> {
    const instant = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.addColumns('zalo_tokens', [
      new TableColumn({ name: 'refresh_refused_at', type: instant, isNullable: true }),
      new TableColumn({ name: 'refresh_refused_code', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'refresh_refused_message', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'refresh_refused_token', type: 'varchar', length: '64', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['refresh_refused_token', 'refresh_refused_message', 'refresh_refused_code', 'refresh_refused_at']) await q.dropColumn('zalo_tokens', c);
  }
}
