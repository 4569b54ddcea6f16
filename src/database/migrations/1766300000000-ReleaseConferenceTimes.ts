import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * `agenda_releases.conference_starts_at` / `conference_ends_at`: the conference's times when the release was made, for
 * its printed header (a release never changes afterwards; the header showed the conference's times of today, which
 * contradicted the released items after a move). Null for releases made before this migration.
 */
export class ReleaseConferenceTimes1766300000000 implements MigrationInterface {
  name = 'ReleaseConferenceTimes1766300000000';

  async up(q: QueryRunner): Promise<void> {
    const instant = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await q.addColumns('agenda_releases', [
      new TableColumn({ name: 'conference_starts_at', type: instant, isNullable: true }),
      new TableColumn({ name: 'conference_ends_at', type: instant, isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('agenda_releases', 'conference_ends_at');
    await q.dropColumn('agenda_releases', 'conference_starts_at');
  }
}
