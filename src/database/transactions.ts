import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs every feature's transactions (multi-row changes are all or nothing). On PostgreSQL each gets its own pooled
 * connection. On SQLite TypeORM shares ONE query runner, so two transactions started concurrently would nest as
 * savepoints of each other (the second committing or rolling back the first): they are queued here, app-wide, one
 * at a time, in arrival order. Not re-entrant: work inside `run` must use its `EntityManager`, never `run` again.
 */
@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.postgres) return this.dataSource.transaction(work);
    return this.serialize(() => this.dataSource.transaction(work));
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    if (this.postgres) return work();
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * A WHERE fragment matching `column` against a set of ids passed as ONE parameter (however many ids):
 * `json_each` on SQLite, `ANY(uuid[])` on PostgreSQL. Never one query, or one placeholder, per id.
 */
export function inIdSet(em: EntityManager, column: string, param: string, ids: string[]): [string, Record<string, unknown>] {
  return em.connection.options.type === 'postgres'
    ? [`${column} = ANY(CAST(:${param} AS uuid[]))`, { [param]: ids }]
    : [`${column} IN (SELECT value FROM json_each(:${param}))`, { [param]: JSON.stringify(ids) }];
}
