import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { createPetitionSearchIndex, dropPetitionSearchIndex } from '../petition-search';

/**
 * Issue 9's benchmark goals: a trigram index over the petitions' folded search columns (SQLite FTS5 `trigram` kept by
 * triggers, PostgreSQL `pg_trgm` GIN; see src/database/petition-search.ts), filled from the petitions already there;
 * and `answer_working_days`, the working days from assignment to answer written with the answer, for the report's
 * medians; and two indexes for the report (its counts grouped while an index is walked). Working days need the
 * calendar (the holiday library and the admins' overrides), which this folder may not import: the petitions feature
 * fills the column for the petitions answered before this migration when it starts (`PetitionAnswerDays`, at module
 * init), before the app serves a request.
 */
export class PetitionSearchAndAnswerDays1765700000000 implements MigrationInterface {
  name = 'PetitionSearchAndAnswerDays1765700000000';

  async up(q: QueryRunner): Promise<void> {
    // Plain ALTER TABLE (both drivers): TypeORM's addColumn rebuilds the whole table on SQLite.
    await q.query('ALTER TABLE petitions ADD COLUMN answer_working_days integer');
    // The report's medians: counts per lead department and working days, read from the index alone in its order.
    await q.createIndex(
      'petitions',
      new TableIndex({ name: 'IDX_petitions_answer_days', columnNames: ['lead_department_id', 'answer_working_days', 'status', 'received_at'] }),
    );
    // The report's counts, grouped in this order while the index is walked (every column the counts read is in it).
    await q.createIndex(
      'petitions',
      new TableIndex({
        name: 'IDX_petitions_stats',
        columnNames: ['lead_department_id', 'status', 'field', 'answer_mode', 'commitment_done', 'due_at', 'answered_at', 'received_at'],
      }),
    );
    await createPetitionSearchIndex(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropPetitionSearchIndex(q);
    await q.dropIndex('petitions', 'IDX_petitions_stats');
    await q.dropIndex('petitions', 'IDX_petitions_answer_days');
    await q.query('ALTER TABLE petitions DROP COLUMN answer_working_days');
  }
}
