import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AccountEntry } from './accounts';
import { UserHistoryEntity } from './entities/user-history.entity';

/**
 * Writes the history entries of one change of an account, inside the change's transaction (so a refused change has
 * none, and no change lands without its rows). `by`: the acting account, null for the system.
 */
export async function recordAccountEntries(em: EntityManager, userId: string, by: string | null, at: Date, entries: AccountEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({ id: randomUUID(), userId, at, action: e.action, byUserId: by, from: e.from ?? null, to: e.to ?? null }));
  await em.insert(UserHistoryEntity, rows);
}
