import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/errors';
import { hydrateRaw } from '../database/raw-rows';
import { inIdSet } from '../database/transactions';
import { PetitionHistoryEntity } from './entities/petition-history.entity';
import { PetitionMessageEntity, type Direction, type MessageAttachment, type MessageStatus } from './entities/petition-message.entity';
import { PetitionSupportEntity } from './entities/petition-support.entity';
import { PetitionEntity } from './entities/petition.entity';
import type { HistoryAction } from './rules/petition-status';
import { formatTrackingCode } from './rules/tracking-code';

export interface HistoryInput {
  from: string;
  to: string;
  action: HistoryAction;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export interface MessageInput {
  direction: Direction;
  by: string | null;
  text: string;
  status: MessageStatus;
  attachments?: MessageAttachment[];
  /** The message's id in Zalo (an inbound message's `msg_id`, a sent reply's `message_id`). */
  zaloMessageId?: string | null;
}

/**
 * The petitions' persistence: rows read raw and mapped here (TypeORM's hydration costs more than the query on a page of
 * 100), the per-year tracking counter, history and thread rows. Used only by the petitions feature's services.
 */
@Injectable()
export class PetitionStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** A query builder over `petitions p` that selects every column under its property name (see `rows`). */
  select(em: EntityManager = this.dataSource.manager): SelectQueryBuilder<PetitionEntity> {
    const qb = em.createQueryBuilder(PetitionEntity, 'p').select([]);
    for (const col of this.dataSource.getMetadata(PetitionEntity).columns) qb.addSelect(`p.${col.propertyName}`, col.propertyName);
    return qb;
  }

  /** Raw rows of `select()` as entities (the driver's own conversion: dates, SQLite's 0/1 booleans). */
  async rows(qb: SelectQueryBuilder<PetitionEntity>): Promise<PetitionEntity[]> {
    const raw = await qb.getRawMany<Record<string, unknown>>();
    return hydrateRaw(this.dataSource, PetitionEntity, raw) as unknown as PetitionEntity[];
  }

  /** Raw rows keyed by property names, hydrated as the entity's columns would be. */
  hydrate<R extends Record<string, unknown>>(rows: R[]): R[] {
    return hydrateRaw(this.dataSource, PetitionEntity, rows);
  }

  async one(id: string, em: EntityManager = this.dataSource.manager): Promise<PetitionEntity | null> {
    const [p] = await this.rows(this.select(em).where('p.id = :id', { id }));
    return p ?? null;
  }

  /** These petitions, in the order of `ids`. */
  async many(ids: string[]): Promise<PetitionEntity[]> {
    if (!ids.length) return [];
    const qb = this.select();
    const [where, params] = inIdSet(qb.connection.manager, 'p.id', 'ids', ids);
    const byId = new Map((await this.rows(qb.where(where, params))).map((p) => [p.id, p]));
    return ids.map((id) => byId.get(id)).filter((p): p is PetitionEntity => !!p);
  }

  async byCode(code: string): Promise<PetitionEntity | null> {
    const [p] = await this.rows(this.select().where('p.code = :code', { code }));
    return p ?? null;
  }

  /** Support department ids of these petitions, in their given order. */
  async supports(petitionIds: string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!petitionIds.length) return out;
    const [where, params] = inIdSet(em, 's.petition_id', 'ids', petitionIds);
    const rows = await em.createQueryBuilder(PetitionSupportEntity, 's').where(where, params).orderBy('s.position', 'ASC').getMany();
    for (const r of rows) out.set(r.petitionId, [...(out.get(r.petitionId) ?? []), r.departmentId]);
    return out;
  }

  async replaceSupports(em: EntityManager, petitionId: string, departmentIds: string[]): Promise<void> {
    await em.delete(PetitionSupportEntity, { petitionId });
    if (departmentIds.length)
      await em.insert(
        PetitionSupportEntity,
        departmentIds.map((departmentId, position) => ({ petitionId, departmentId, position })),
      );
  }

  /**
   * The next tracking number of a year, in the caller's transaction: one `INSERT … ON CONFLICT DO UPDATE … RETURNING`
   * on the counter row. On PostgreSQL the row stays locked until the transaction ends, so concurrent submissions (on
   * any instance) take numbers one after the other and a rolled-back one gives its number back: no duplicate, no gap.
   * On SQLite the app's transaction runner serialises writes.
   */
  async nextCode(em: EntityManager, year: number): Promise<string> {
    const sql = this.postgres
      ? 'INSERT INTO petition_counters (year, n) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET n = petition_counters.n + 1 RETURNING n'
      : 'INSERT INTO petition_counters (year, n) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET n = petition_counters.n + 1 RETURNING n';
    const rows = (await em.query(sql, [year])) as Array<{ n: number | string }>;
    return formatTrackingCode(year, Number(rows[0].n));
  }

  /**
   * The conditional write of a versioned change: `UPDATE … WHERE id = ? AND version = ?`; when another change won
   * meanwhile, 409 stale_version with the version now stored (the transaction rolls back).
   */
  async update(em: EntityManager, id: string, expected: number, set: Partial<PetitionEntity>): Promise<void> {
    const res = await em
      .createQueryBuilder()
      .update(PetitionEntity)
      .set({ ...set, version: () => 'version + 1' })
      .where('id = :id AND version = :expected', { id, expected })
      .execute();
    if (res.affected === 1) return;
    const current = await em.findOne(PetitionEntity, { where: { id }, select: { id: true, version: true } });
    throw AppError.staleVersion(current?.version ?? expected);
  }

  async addHistory(em: EntityManager, petitionId: string, by: string, at: Date, h: HistoryInput): Promise<void> {
    await em.insert(PetitionHistoryEntity, {
      id: randomUUID(),
      petitionId,
      at,
      by,
      from: h.from,
      to: h.to,
      action: h.action,
      reason: h.reason ?? null,
      details: h.details ? JSON.stringify(h.details) : null,
    });
  }

  async addMessage(em: EntityManager, petitionId: string, at: Date, m: MessageInput): Promise<PetitionMessageEntity> {
    const row: PetitionMessageEntity = {
      id: randomUUID(),
      petitionId,
      at,
      direction: m.direction,
      by: m.by,
      text: m.text,
      attachments: JSON.stringify(m.attachments ?? []),
      status: m.status,
      zaloMessageId: m.zaloMessageId ?? null,
    };
    await em.insert(PetitionMessageEntity, row);
    return row;
  }

  history(petitionId: string): Promise<PetitionHistoryEntity[]> {
    return this.dataSource.manager.find(PetitionHistoryEntity, { where: { petitionId }, order: { at: 'ASC' } });
  }

  /** A page of the thread, oldest first (`offset` from the oldest). */
  threadPage(petitionId: string, limit: number, offset: number, withNotes = true): Promise<PetitionMessageEntity[]> {
    return this.threadQuery(petitionId, withNotes).orderBy('m.at', 'ASC').addOrderBy('m.id', 'ASC').limit(limit).offset(offset).getMany();
  }

  /** How many messages the petition's thread holds (every direction; without the internal notes when `withNotes` is false). */
  threadCount(petitionId: string, withNotes = true): Promise<number> {
    return this.threadQuery(petitionId, withNotes).getCount();
  }

  private threadQuery(petitionId: string, withNotes: boolean) {
    const q = this.dataSource.manager.createQueryBuilder(PetitionMessageEntity, 'm').where('m.petition_id = :petitionId', { petitionId });
    return withNotes ? q : q.andWhere("m.direction <> 'note'");
  }

  async messageIdsWithStatus(direction: Direction, status: MessageStatus): Promise<string[]> {
    const rows = await this.dataSource.manager.find(PetitionMessageEntity, { select: { id: true }, where: { direction, status } });
    return rows.map((r) => r.id);
  }

  /** These thread messages (id, petition, direction, status), whatever their petition. */
  messagesById(ids: string[]): Promise<Array<Pick<PetitionMessageEntity, 'id' | 'petitionId' | 'direction' | 'status'>>> {
    if (!ids.length) return Promise.resolve([]);
    const em = this.dataSource.manager;
    const [where, params] = inIdSet(em, 'm.id', 'ids', ids);
    return em.createQueryBuilder(PetitionMessageEntity, 'm').select(['m.id', 'm.petitionId', 'm.direction', 'm.status']).where(where, params).getMany();
  }

  async moveMessageStatus(em: EntityManager, ids: string[], from: MessageStatus, to: MessageStatus): Promise<number> {
    const [where, params] = inIdSet(em, 'id', 'ids', ids);
    const res = await em
      .createQueryBuilder()
      .update(PetitionMessageEntity)
      .set({ status: to })
      .where(`${where} AND status = :from`, { ...params, from })
      .execute();
    return res.affected ?? 0;
  }

  thread(petitionId: string, directions?: Direction[], em: EntityManager = this.dataSource.manager): Promise<PetitionMessageEntity[]> {
    const qb = em.createQueryBuilder(PetitionMessageEntity, 'm').where('m.petition_id = :petitionId', { petitionId });
    if (directions) qb.andWhere('m.direction IN (:...directions)', { directions });
    return qb.orderBy('m.at', 'ASC').addOrderBy('m.id', 'ASC').getMany();
  }
}
