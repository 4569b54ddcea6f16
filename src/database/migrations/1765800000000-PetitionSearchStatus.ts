import { MigrationInterface, QueryRunner } from 'typeorm';
import { createPetitionSearchStatus, dropPetitionSearchStatus } from '../petition-search';

/**
 * SQLite: each petition's status beside the trigram index (`petition_search_status`, keyed by the petition's rowid,
 * kept by triggers; see src/database/petition-search.ts), filled from the petitions already there, so that a search's
 * counts per status need not read every matching petition. Nothing on PostgreSQL.
 */
export class PetitionSearchStatus1765800000000 implements MigrationInterface {
  name = 'PetitionSearchStatus1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await createPetitionSearchStatus(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropPetitionSearchStatus(q);
  }
}
