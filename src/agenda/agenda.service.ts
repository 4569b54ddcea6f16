import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { bulkInsert } from '../database/bulk-insert';
import { Transactions } from '../database/transactions';
import { EntityManager, In, Repository } from 'typeorm';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppError, ErrorCode, unknownPointMessage } from '../common/errors';
import { now } from '../common/time/time';
import type { ConferenceSchedule } from '../conferences/conference-schedule';
import { CONFERENCE_CHANGED, type ConferenceChangedEvent } from '../conferences/conferences.events';
import { ConferencesService } from '../conferences/conferences.service';
import { AGENDA_CHANGED, AgendaChangedEvent } from './agenda.events';
import { moveTo, permutationProblems } from './agenda-times';
import { AgendaResponse, AgendaState, toAgendaResponse } from './dto/agenda.response';
import { CreateAgendaItemDto } from './dto/create-agenda-item.dto';
import { ReorderAgendaDto } from './dto/reorder-agenda.dto';
import { UpdateAgendaItemDto } from './dto/update-agenda-item.dto';
import { AgendaItemEntity } from './entities/agenda-item.entity';
import { AgendaEntity } from './entities/agenda.entity';
import { expectedVersion } from '../common/versioning/expected-version';

/** The columns a copied item is written with. */
const COPIED_COLUMNS = [
  'id',
  'conferenceId',
  'position',
  'title',
  'kind',
  'durationMinutes',
  'presenter',
  'responsibleUnit',
  'pointId',
  'notes',
  'actualStartAt',
  'actualEndAt',
] as const satisfies ReadonlyArray<keyof AgendaItemEntity>;

/** An agenda that was never edited has no row yet: version 1, no items, nothing running. */
const NEVER_EDITED: AgendaState = { version: 1, currentItemId: null };

/**
 * What a cached answer depends on: the conference's times and zone, and the agenda row, whose version changes with
 * every content edit and whose `updatedAt` with every run-state change (strictly increasing, see `laterStamp`).
 * Every write goes through this service and touches the row, so a matching key means an identical answer, also
 * when another instance made the change.
 */
function cacheKey(schedule: ConferenceSchedule, agenda: Pick<AgendaEntity, 'version' | 'currentItemId' | 'updatedAt'>): string {
  return `${schedule.startsAt.getTime()}|${schedule.endsAt.getTime()}|${schedule.timezone}|${agenda.version}|${agenda.currentItemId}|${agenda.updatedAt.getTime()}`;
}

/** `at`, or one millisecond after the previous stamp when the clock has not moved on (two changes in one ms). */
function laterStamp(at: Date, previous: Date): Date {
  return at.getTime() > previous.getTime() ? at : new Date(previous.getTime() + 1);
}

interface CachedAnswer {
  key: string;
  response: AgendaResponse;
  /** The response serialised, made on first use. */
  json?: Buffer;
}

/** The last answer per conference, at most `size` conferences (the oldest entry goes first). */
class ResponseCache {
  private readonly entries = new Map<string, CachedAnswer>();

  constructor(private readonly size: number) {}

  get(conferenceId: string, key: string): CachedAnswer | undefined {
    const entry = this.entries.get(conferenceId);
    return entry?.key === key ? entry : undefined;
  }

  set(conferenceId: string, key: string, response: AgendaResponse): CachedAnswer {
    this.entries.delete(conferenceId);
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    const entry: CachedAnswer = { key, response };
    this.entries.set(conferenceId, entry);
    return entry;
  }
}

function itemNotFound(itemId: string): AppError {
  return new AppError(
    ErrorCode.NotFound,
    { vi: `Không tìm thấy nội dung ${itemId} trong chương trình hội nghị`, en: `Agenda item ${itemId} not found in this agenda` },
    undefined,
    { entity: 'agendaItem', id: itemId },
  );
}

/**
 * The agenda of a conference: items in order, their computed times, and the item running now.
 * Every content change is versioned: the version check and the writes happen in one transaction, guarded by
 * `UPDATE agendas SET version = version + 1 WHERE conference_id = ? AND version = ?`, so of two organizers
 * editing the same version exactly one wins. Marking the current item is run state, not content: it does not
 * change the version (an operator advancing the agenda never makes an organizer's edit stale).
 */
@Injectable()
export class AgendaService {
  private readonly logger = new Logger('Agenda');
  private readonly cache = new ResponseCache(500);

  constructor(
    private readonly tx: Transactions,
    @InjectRepository(AgendaEntity) private readonly agendas: Repository<AgendaEntity>,
    @InjectRepository(AgendaItemEntity) private readonly items: Repository<AgendaItemEntity>,
    private readonly conferences: ConferencesService,
    private readonly points: BridgePointsService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * `GET …/agenda`: the conference and the agenda row (side by side), then the items, unless the answer for exactly
   * this conference schedule, agenda version and run-state stamp is cached (it is primed by every change, so a
   * board polling after an edit costs two small queries). The version is read before the items: a racing edit can
   * only make the version look older than the items, which the client learns about with a 409, never the reverse.
   */
  async get(conferenceId: string): Promise<AgendaResponse> {
    return (await this.load(conferenceId)).response;
  }

  /**
   * The same answer, already serialised as UTF-8 JSON: the body of a 200-item agenda is about 100 KB, and
   * stringifying and encoding it on every read costs more than reading it. Serialised once per cached answer.
   */
  async getJson(conferenceId: string): Promise<Buffer> {
    const { response, cached } = await this.load(conferenceId);
    if (!cached) return Buffer.from(JSON.stringify(response));
    return (cached.json ??= Buffer.from(JSON.stringify(response)));
  }

  /** The agenda's version and current item, read now (no items): what a point compares with what it shows. */
  async state(conferenceId: string): Promise<AgendaState> {
    const row = await this.agendas.findOne({ where: { conferenceId }, select: { version: true, currentItemId: true } });
    return row ? { version: row.version, currentItemId: row.currentItemId } : NEVER_EDITED;
  }

  private async load(conferenceId: string): Promise<{ response: AgendaResponse; cached?: CachedAnswer }> {
    const [schedule, agenda] = await Promise.all([
      this.conferences.findSchedule(conferenceId),
      this.agendas.findOne({ where: { conferenceId }, select: { version: true, currentItemId: true, updatedAt: true } }),
    ]);
    const key = agenda ? cacheKey(schedule, agenda) : null;
    const hit = key ? this.cache.get(conferenceId, key) : undefined;
    if (hit) return { response: hit.response, cached: hit };
    const items = await this.items.find({ where: { conferenceId }, order: { position: 'ASC' } });
    const response = toAgendaResponse(schedule, agenda ?? NEVER_EDITED, items);
    return { response, cached: key ? this.cache.set(conferenceId, key, response) : undefined };
  }

  async addItem(conferenceId: string, dto: CreateAgendaItemDto, ifMatch?: string): Promise<AgendaResponse> {
    const version = expectedVersion(ifMatch, dto.version);
    await this.assertPoint(dto.pointId);
    return this.edit(conferenceId, version, async (em, items) => {
      const position = dto.position ?? items.length;
      if (position > items.length) throw this.positionOutOfRange(items.length);
      const item = Object.assign(new AgendaItemEntity(), {
        id: randomUUID(),
        conferenceId,
        position,
        title: dto.title,
        kind: dto.kind,
        durationMinutes: dto.durationMinutes,
        presenter: dto.presenter || null,
        responsibleUnit: dto.responsibleUnit || null,
        pointId: dto.pointId ?? null,
        notes: dto.notes || null,
        actualStartAt: null,
        actualEndAt: null,
      });
      await em.insert(AgendaItemEntity, item);
      return [...items.slice(0, position), item, ...items.slice(position)];
    });
  }

  async updateItem(conferenceId: string, itemId: string, dto: UpdateAgendaItemDto, ifMatch?: string): Promise<AgendaResponse> {
    const version = expectedVersion(ifMatch, dto.version);
    await this.assertPoint(dto.pointId);
    return this.edit(conferenceId, version, async (em, items) => {
      const from = items.findIndex((i) => i.id === itemId);
      if (from < 0) throw itemNotFound(itemId);
      const item = items[from];
      const changes: Partial<AgendaItemEntity> = {};
      if (dto.title !== undefined) changes.title = dto.title;
      if (dto.kind !== undefined) changes.kind = dto.kind;
      if (dto.durationMinutes !== undefined) changes.durationMinutes = dto.durationMinutes;
      if (dto.presenter !== undefined) changes.presenter = dto.presenter || null;
      if (dto.responsibleUnit !== undefined) changes.responsibleUnit = dto.responsibleUnit || null;
      if (dto.pointId !== undefined) changes.pointId = dto.pointId;
      if (dto.notes !== undefined) changes.notes = dto.notes || null;
      if (Object.keys(changes).length) {
        await em.update(AgendaItemEntity, { id: item.id }, changes);
        Object.assign(item, changes);
      }
      if (dto.position === undefined) return items;
      if (dto.position >= items.length) throw this.positionOutOfRange(items.length - 1);
      return moveTo(items, from, dto.position);
    });
  }

  async removeItem(conferenceId: string, itemId: string, bodyVersion: number | undefined, ifMatch?: string): Promise<AgendaResponse> {
    const version = expectedVersion(ifMatch, bodyVersion);
    return this.edit(conferenceId, version, async (em, items, agenda) => {
      if (!items.some((i) => i.id === itemId)) throw itemNotFound(itemId);
      await em.delete(AgendaItemEntity, { id: itemId, conferenceId });
      if (agenda.currentItemId === itemId) {
        await em.update(AgendaEntity, { conferenceId }, { currentItemId: null });
        agenda.currentItemId = null;
      }
      return items.filter((i) => i.id !== itemId);
    });
  }

  async reorder(conferenceId: string, dto: ReorderAgendaDto, ifMatch?: string): Promise<AgendaResponse> {
    const version = expectedVersion(ifMatch, dto.version);
    return this.edit(conferenceId, version, async (_em, items) => {
      const problems = permutationProblems(
        items.map((i) => i.id),
        dto.itemIds.map((id) => id.toLowerCase()),
      );
      if (problems.length) throw AppError.badRequest(problems);
      const byId = new Map(items.map((i) => [i.id, i]));
      return dto.itemIds.map((id) => byId.get(id.toLowerCase())!);
    });
  }

  /**
   * Marks an item as running now (operator): it gets `actualStartAt` = now (and its `actualEndAt` is cleared),
   * the item that was current gets `actualEndAt` = now. `null` ends the run (the current item gets its end).
   * Marking the item that is already current changes nothing. The agenda version does not change.
   */
  async setCurrent(conferenceId: string, itemId: string | null): Promise<AgendaResponse> {
    const schedule = await this.conferences.findSchedule(conferenceId);
    const target = itemId?.toLowerCase() ?? null;
    const { response, changed } = await this.tx.run(async (em) => {
      await this.ensureRow(em, conferenceId);
      // A no-op write first takes the row's lock (PostgreSQL), so two operators advancing at once are serialised.
      await em
        .createQueryBuilder()
        .update(AgendaEntity)
        .set({ currentItemId: () => 'current_item_id' })
        .where({ conferenceId })
        .execute();
      const agenda = await em.findOneByOrFail(AgendaEntity, { conferenceId });
      const items = await em.find(AgendaItemEntity, { where: { conferenceId }, order: { position: 'ASC' } });
      const next = target === null ? null : items.find((i) => i.id === target);
      if (next === undefined) throw itemNotFound(itemId!);
      if (agenda.currentItemId === target) return { response: toAgendaResponse(schedule, agenda, items), changed: null };
      const at = now();
      const previous = items.find((i) => i.id === agenda.currentItemId);
      if (previous) {
        previous.actualEndAt = at;
        await em.update(AgendaItemEntity, { id: previous.id }, { actualEndAt: at });
      }
      if (next) {
        next.actualStartAt = at;
        next.actualEndAt = null;
        await em.update(AgendaItemEntity, { id: next.id }, { actualStartAt: at, actualEndAt: null });
      }
      agenda.currentItemId = target;
      agenda.updatedAt = laterStamp(at, agenda.updatedAt);
      await em.update(AgendaEntity, { conferenceId }, { currentItemId: target, updatedAt: agenda.updatedAt });
      return { response: toAgendaResponse(schedule, agenda, items), changed: cacheKey(schedule, agenda) };
    });
    if (changed) this.changed(changed, response);
    return response;
  }

  /**
   * The agenda half of a copy, inside the copy's transaction (its draft is written): the source's items in order with
   * their fields, as a new agenda at version 1 (no run state: no current item, no actual times). An item's presenting
   * point is kept only when the copy invites it (`invited`). Times follow from the new conference's start (the
   * cascade). Nothing is pushed here: the copy's `conference.changed`, emitted after the commit, makes
   * `onConferenceChanged` push the agenda. Returns the number of items.
   */
  async copyItems(em: EntityManager, sourceId: string, conferenceId: string, invited: ReadonlySet<string>): Promise<number> {
    const items = await em.find(AgendaItemEntity, { where: { conferenceId: sourceId }, order: { position: 'ASC' } });
    await this.ensureRow(em, conferenceId);
    const copies: Partial<AgendaItemEntity>[] = items.map((item, position) => ({
      id: randomUUID(),
      conferenceId,
      position,
      title: item.title,
      kind: item.kind,
      durationMinutes: item.durationMinutes,
      presenter: item.presenter,
      responsibleUnit: item.responsibleUnit,
      pointId: item.pointId && invited.has(item.pointId) ? item.pointId : null,
      notes: item.notes,
      actualStartAt: null,
      actualEndAt: null,
    }));
    if (copies.length) await bulkInsert(em, AgendaItemEntity, COPIED_COLUMNS, copies);
    return copies.length;
  }

  /** A moved (or renamed, or re-statused) conference moves every item: push the recomputed agenda. */
  @OnEvent(CONFERENCE_CHANGED, { async: true })
  async onConferenceChanged(event: ConferenceChangedEvent): Promise<void> {
    try {
      const agenda = await this.get(event.conferenceId);
      if (agenda.items.length) this.publish(agenda);
    } catch (e) {
      this.logger.warn(`agenda of conference ${event.conferenceId} not pushed after its change: ${(e as Error).message}`);
    }
  }

  // ---- internals ---------------------------------------------------------------------------------

  /**
   * One versioned content change: checks and bumps the version, hands the items (by position) to `change`,
   * which writes its own rows and returns the new order; then positions are made dense 0..n-1 again.
   * Everything happens in one transaction; any error rolls all of it back.
   */
  private async edit(
    conferenceId: string,
    version: number,
    change: (em: EntityManager, items: AgendaItemEntity[], agenda: AgendaEntity) => Promise<AgendaItemEntity[]>,
  ): Promise<AgendaResponse> {
    const schedule: ConferenceSchedule = await this.conferences.findSchedule(conferenceId);
    const { response, key } = await this.tx.run(async (em) => {
      await this.ensureRow(em, conferenceId);
      const bumped = await em
        .createQueryBuilder()
        .update(AgendaEntity)
        .set({ version: () => 'version + 1', updatedAt: now() })
        .where({ conferenceId, version })
        .execute();
      const agenda = await em.findOneByOrFail(AgendaEntity, { conferenceId });
      if (!bumped.affected) throw AppError.staleVersion(agenda.version);
      const items = await em.find(AgendaItemEntity, { where: { conferenceId }, order: { position: 'ASC' } });
      const ordered = await change(em, items, agenda);
      await this.savePositions(em, conferenceId, ordered);
      return { response: toAgendaResponse(schedule, agenda, ordered), key: cacheKey(schedule, agenda) };
    });
    this.changed(key, response);
    return response;
  }

  /**
   * After a committed change: keep the answer for the GETs that follow (read back only while the stored state still
   * matches its key) and tell the listeners.
   */
  private changed(key: string, response: AgendaResponse): void {
    this.cache.set(response.conferenceId, key, response);
    this.publish(response);
  }

  /** Creates the agenda row on first write; safe when two requests race to create it. */
  private async ensureRow(em: EntityManager, conferenceId: string): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(AgendaEntity)
      .values({ conferenceId, version: NEVER_EDITED.version, currentItemId: null, updatedAt: now() })
      .orIgnore()
      .execute();
  }

  /** Writes position = index for every item whose stored position differs, in one statement. */
  private async savePositions(em: EntityManager, conferenceId: string, ordered: AgendaItemEntity[]): Promise<void> {
    const moved = ordered.map((item, index) => ({ item, index })).filter(({ item, index }) => item.position !== index);
    if (!moved.length) return;
    const params: Record<string, unknown> = {};
    const cases = moved
      .map(({ item, index }, k) => {
        params[`i${k}`] = item.id;
        params[`p${k}`] = index;
        return `WHEN :i${k} THEN CAST(:p${k} AS integer)`;
      })
      .join(' ');
    await em
      .createQueryBuilder()
      .update(AgendaItemEntity)
      .set({ position: () => `CASE id ${cases} ELSE position END` })
      .where({ conferenceId, id: In(moved.map(({ item }) => item.id)) })
      .setParameters(params)
      .execute();
    for (const { item, index } of moved) item.position = index;
  }

  private async assertPoint(pointId: string | null | undefined): Promise<void> {
    if (!pointId) return;
    if (!(await this.points.exists(pointId))) {
      throw AppError.badRequest(unknownPointMessage('pointId', pointId), undefined, { field: 'pointId', id: pointId });
    }
  }

  private positionOutOfRange(max: number): AppError {
    return AppError.badRequest({ vi: `position phải từ 0 đến ${max}`, en: `position must be between 0 and ${max}` });
  }

  private publish(agenda: AgendaResponse): void {
    const event: AgendaChangedEvent = { conferenceId: agenda.conferenceId, agenda };
    try {
      this.events.emit(AGENDA_CHANGED, event);
    } catch (e) {
      this.logger.error(`agenda.changed listener failed for ${agenda.conferenceId}: ${(e as Error).stack ?? e}`);
    }
  }
}
