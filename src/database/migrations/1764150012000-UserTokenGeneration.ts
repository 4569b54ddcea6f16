import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * `users.token_generation`: every user token carries the generation it was signed with; `POST /api/auth/logout`
 * raises it, so every token signed before stops working (the revocation path of user tokens).
 */
export class UserTokenGeneration1764150012000 implements MigrationInterface {
  name = 'UserTokenGeneration1764150012000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('users', new TableColumn({ name: 'token_generation', type: 'integer', isNullable: false, default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('users', 'token_generation');
  }
}
