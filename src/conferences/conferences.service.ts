import { readinessOf, readinessProblems, type ReadinessCheckDto } from './readiness-checks';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { EntityManager, In, Repository } from 'typeorm';
import { LEVELS } from '../common/domain';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppError, unknownPointMessage } from '../common/errors';
import { Page } from '../common/pagination/pagination.dto';
import { DEFAULT_TIMEZONE, now, parseInstant } from '../common/time/time';
import { hydrateRaw, selectAllColumns } from '../database/raw-rows';
import { isUuid } from '../common/validation/id.pipe';
import { ConferenceSchedule, HostInvitation, InvitedPoint } from './conference-schedule';
import { assertOpen, assertTransition } from './conference-status';
import { Transactions } from '../database/transactions';
import { CONFERENCE_CHANGED, ConferenceChangedEvent } from './conferences.events';
import { ChangeStatusDto, CreateConferenceDto, ListConferencesQueryDto, UpdateConferenceDto } from './dto/conference.dto';
import {
  ConferenceDetailResponse,
  ConferenceResponse,
  HistoryEntryResponse,
  toConferenceResponse,
  toHistoryEntryResponse,
  toInvitedPointResponse,
} from './dto/conference.response';
import { ConferenceHistoryEntity } from './entities/conference-history.entity';
import { ConferencePointEntity } from './entities/conference-point.entity';
import { ConferenceEntity, type ConferenceStatus } from './entities/conference.entity';
import { ScheduleClashFinder } from './schedule-clash';

const LEVEL_RANK = new Map<string, number>(LEVELS.map((l, i) => [l, i]));
/** The fields PATCH may change. */
const UPDATABLE = [
  'title',
  'description',
  'format',
  'category',
  'startsAt',
  'endsAt',
  'timezone',
  'hostPointId',
  'readiness',
  'maxConnectedPoints',
  'contactName',
  'contactPhone',
] as const;
/** History order inside one change (same instant). */
const FIELD_RANK: Record<string, number> = { title: 0, startsAt: 1, endsAt: 2, status: 3 };

/** Conferences: create, list, read, versioned edits with history, status machine; what agenda and presence read. */
@Injectable()
export class ConferencesService {
  private readonly logger = new Logger('Conferences');

  constructor(
    @InjectRepository(ConferenceEntity) private readonly conferences: Repository<ConferenceEntity>,
    @InjectRepository(ConferencePointEntity) private readonly invitations: Repository<ConferencePointEntity>,
    @InjectRepository(ConferenceHistoryEntity) private readonly historyRows: Repository<ConferenceHistoryEntity>,
    private readonly points: BridgePointsService,
    private readonly tx: Transactions,
    private readonly clashes: ScheduleClashFinder,
    private readonly events: EventEmitter2,
  ) {}

  // ---- used by other features (agenda, presence) ---------------------------------------------

  /** The conference's times, zone and status, or 404. */
  async findSchedule(id: string): Promise<ConferenceSchedule> {
    const c = await this.load(id);
    return toSchedule(c);
  }

  /** Every invited point with its names and contact, ordered by level (highest first) then code. */
  async invitedPoints(conferenceId: string): Promise<InvitedPoint[]> {
    const rows = await this.invitations.find({ where: { conferenceId }, select: { pointId: true, role: true, mode: true, expectedAttendees: true } });
    const points = new Map((await this.points.summaries(rows.map((r) => r.pointId))).map((p) => [p.id, p]));
    return rows
      .filter((r) => points.has(r.pointId))
      .map((r) => {
        const p = points.get(r.pointId)!;
        return {
          pointId: r.pointId,
          code: p.code,
          name: p.name,
          level: p.level,
          parentId: p.parentId,
          role: r.role,
          mode: r.mode,
          expectedAttendees: r.expectedAttendees,
          contactName: p.contactName,
          contactPhone: p.contactPhone,
        };
      })
      .sort((a, b) => LEVEL_RANK.get(a.level)! - LEVEL_RANK.get(b.level)! || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  /** Ids of the conferences points may still check in to (scheduled or live), for presence's start-up restore. */
  async openIds(): Promise<string[]> {
    const rows = await this.conferences.find({ where: { status: In(['scheduled', 'live']) }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  isInvited(conferenceId: string, pointId: string): Promise<boolean> {
    return this.invitations.existsBy({ conferenceId, pointId });
  }

  // ---- REST -----------------------------------------------------------------------------------

  /** Creates a draft at version 1 (creation is not a history entry; `_by` is kept for callers' symmetry with update). */
  async create(dto: CreateConferenceDto, _by: string): Promise<ConferenceDetailResponse> {
    const startsAt = parseInstant(dto.startsAt);
    const endsAt = parseInstant(dto.endsAt);
    assertWindow(startsAt, endsAt);
    await this.assertActivePoint(dto.hostPointId, 'hostPointId');
    const at = now();
    this.assertReadiness(dto.readiness);
    const conference = this.conferences.create({
      readiness: dto.readiness ?? null,
      maxConnectedPoints: dto.maxConnectedPoints ?? null,
      id: randomUUID(),
      title: dto.title,
      description: dto.description ?? null,
      format: dto.format ?? 'hybrid',
      category: dto.category ?? null,
      startsAt,
      endsAt,
      timezone: dto.timezone ?? DEFAULT_TIMEZONE,
      hostPointId: dto.hostPointId,
      contactName: dto.contactName?.trim() || null,
      contactPhone: dto.contactPhone?.trim() || null,
      status: 'draft',
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    await this.tx.run((em) => this.insertDraft(em, conference, { mode: 'in_person', expectedAttendees: null }, dto.force));
    this.emitChanged(conference);
    return this.findOne(conference.id);
  }

  /**
   * The conference half of a copy (`POST /api/conferences/:id/copy`), inside the caller's transaction: a new draft at
   * version 1 with the source's fields (title unless renamed, description, category, format, zone, host, hotline,
   * readiness checks, connection cap) and its length, starting at `startsAt` (luxon adds the source's length).
   * The host is invited as in the source (its mode and expected attendees) and checked for clashes exactly as
   * `create` does (409 schedule_clash, no `force`); the caller has checked it is active (`assertActivePoint`).
   * Status, history and everything else of the source stay behind. Call `announce` once the transaction committed.
   */
  async insertCopy(
    em: EntityManager,
    sourceId: string,
    change: { startsAt: Date; title?: string; host: HostInvitation },
  ): Promise<{ schedule: ConferenceSchedule; announce: () => void }> {
    const source = await em.findOneBy(ConferenceEntity, { id: sourceId });
    if (!source) throw AppError.notFound('conference', sourceId);
    const length = DateTime.fromJSDate(source.endsAt).diff(DateTime.fromJSDate(source.startsAt));
    const at = now();
    const conference = this.conferences.create({
      id: randomUUID(),
      title: change.title ?? source.title,
      description: source.description,
      format: source.format,
      category: source.category,
      startsAt: change.startsAt,
      endsAt: DateTime.fromJSDate(change.startsAt).plus(length).toJSDate(),
      timezone: source.timezone,
      hostPointId: source.hostPointId,
      contactName: source.contactName,
      contactPhone: source.contactPhone,
      readiness: source.readiness,
      maxConnectedPoints: source.maxConnectedPoints,
      status: 'draft',
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    await this.insertDraft(em, conference, change.host, null);
    return { schedule: toSchedule(conference), announce: () => this.emitChanged(conference) };
  }

  /** Conferences overlapping `[from, to)`, by status and invited point, ordered by start. Two queries whatever the page size. */
  async list(q: ListConferencesQueryDto): Promise<Page<ConferenceResponse>> {
    const from = q.from ? parseInstant(q.from) : undefined;
    const to = q.to ? parseInstant(q.to) : undefined;
    if (from && to && to.getTime() <= from.getTime()) {
      throw AppError.badRequest([{ vi: 'to phải sau from', en: 'to must be after from' }]);
    }
    const qb = this.conferences.createQueryBuilder('c');
    if (from) qb.andWhere('c.endsAt > :from', { from });
    if (to) qb.andWhere('c.startsAt < :to', { to });
    if (q.status?.length) qb.andWhere('c.status IN (:...status)', { status: q.status });
    if (q.pointId) qb.andWhere('c.id IN (SELECT cp.conference_id FROM conference_points cp WHERE cp.point_id = :pointId)', { pointId: q.pointId });
    const total = await qb.getCount();
    if (total <= q.offset) return { items: [], total };
    // Raw rows mapped here: TypeORM's entity hydration cost more than the query itself (a page of 100 must stay well under 10 ms).
    qb.select([]);
    for (const [column, alias] of selectAllColumns(this.conferences.manager, ConferenceEntity, 'c')) qb.addSelect(column, alias);
    const raw = await qb.orderBy('c.startsAt', 'ASC').addOrderBy('c.id', 'ASC').limit(q.limit).offset(q.offset).getRawMany<Record<string, unknown>>();
    const items = hydrateRaw(this.conferences.manager, ConferenceEntity, raw).map((c) => toConferenceResponse(c as unknown as ConferenceEntity));
    return { items, total };
  }

  /**
   * The conference without its invited points, or 404: what a point's check-in page reads when it opens. The full
   * detail of a 10,000-point conference is ~1.8 MB and ~170 ms of CPU, and every point opens its page at the start.
   */
  async findSummary(id: string): Promise<ConferenceResponse> {
    return toConferenceResponse(await this.load(id));
  }

  /** The conference with its invited points, or 404. */
  async findOne(id: string): Promise<ConferenceDetailResponse> {
    const c = await this.load(id);
    const points = await this.invitedPoints(id);
    const host = points.filter((p) => p.role === 'host');
    const others = points.filter((p) => p.role !== 'host');
    return { ...toConferenceResponse(c), points: [...host, ...others].map(toInvitedPointResponse) };
  }

  /**
   * A versioned edit: `UPDATE … WHERE id = ? AND version = ?`, so of two concurrent edits of one version exactly one wins.
   * Moving the times (or changing the host) re-checks the invited points for clashes. Title, time and status changes are kept in the history.
   */
  async update(id: string, dto: UpdateConferenceDto, expectedVersion: number, by: string): Promise<ConferenceDetailResponse> {
    const current = await this.load(id);
    if (current.version !== expectedVersion) throw AppError.staleVersion(current.version);
    assertOpen(current.status);
    const changes: Partial<ConferenceEntity> = {};
    if (dto.title !== undefined && dto.title !== current.title) changes.title = dto.title;
    if (dto.description !== undefined && dto.description !== current.description) changes.description = dto.description;
    if (dto.format !== undefined && dto.format !== current.format) changes.format = dto.format;
    if (dto.category !== undefined && dto.category !== current.category) changes.category = dto.category;
    if (dto.timezone !== undefined && dto.timezone !== current.timezone) changes.timezone = dto.timezone;
    for (const f of ['contactName', 'contactPhone'] as const) {
      const v = dto[f] === undefined ? undefined : dto[f]?.trim() || null;
      if (v !== undefined && v !== current[f]) changes[f] = v;
    }
    const startsAt = dto.startsAt !== undefined ? parseInstant(dto.startsAt) : current.startsAt;
    const endsAt = dto.endsAt !== undefined ? parseInstant(dto.endsAt) : current.endsAt;
    assertWindow(startsAt, endsAt);
    if (startsAt.getTime() !== current.startsAt.getTime()) changes.startsAt = startsAt;
    if (endsAt.getTime() !== current.endsAt.getTime()) changes.endsAt = endsAt;
    if (dto.readiness !== undefined) {
      this.assertReadiness(dto.readiness);
      if (JSON.stringify(dto.readiness) !== JSON.stringify(readinessOf(current.readiness)))
        changes.readiness = dto.readiness.map((c) => ({ key: c.key, label: c.label, minutesBefore: c.minutesBefore }));
    }
    if (dto.maxConnectedPoints !== undefined && dto.maxConnectedPoints !== current.maxConnectedPoints) changes.maxConnectedPoints = dto.maxConnectedPoints;
    const newHost = dto.hostPointId !== undefined && dto.hostPointId !== current.hostPointId ? dto.hostPointId : undefined;
    if (newHost) {
      await this.assertActivePoint(newHost, 'hostPointId');
      changes.hostPointId = newHost;
    }
    if (!Object.keys(changes).length) {
      if (!UPDATABLE.some((f) => dto[f] !== undefined)) {
        throw AppError.badRequest([
          {
            vi: `Không có gì để cập nhật; các trường được sửa: ${UPDATABLE.join(', ')}`,
            en: `Nothing to update; the fields that can change: ${UPDATABLE.join(', ')}`,
          },
        ]);
      }
      return this.findOne(id); // the same values again: nothing written, version unchanged
    }
    const at = now();
    const next = { ...current, ...changes, version: current.version + 1, updatedAt: at } as ConferenceEntity;
    await this.tx.run(async (em) => {
      await this.bumpVersion(em, id, expectedVersion, { ...changes, updatedAt: at });
      const moved = changes.startsAt !== undefined || changes.endsAt !== undefined;
      if (moved || newHost) {
        const invited = (await em.find(ConferencePointEntity, { where: { conferenceId: id }, select: { pointId: true } })).map((r) => r.pointId);
        const candidates = moved ? [...invited, ...(newHost ? [newHost] : [])] : invited.includes(newHost!) ? [] : [newHost!];
        await this.clashes.assertFree(em, { conferenceId: id, startsAt, endsAt }, candidates, dto.force);
      }
      if (newHost) await this.moveHost(em, id, current.hostPointId, newHost, at);
      await this.record(em, id, by, at, [
        ['title', current.title, changes.title],
        ['startsAt', current.startsAt.toISOString(), changes.startsAt?.toISOString()],
        ['endsAt', current.endsAt.toISOString(), changes.endsAt?.toISOString()],
      ]);
    });
    this.emitChanged(next);
    return this.findOne(id);
  }

  /** A move of the status machine (organizer or operator), versioned like an edit; 409 illegal_transition otherwise. */
  async changeStatus(id: string, dto: ChangeStatusDto, expectedVersion: number, by: string): Promise<ConferenceDetailResponse> {
    const current = await this.load(id);
    if (current.version !== expectedVersion) throw AppError.staleVersion(current.version);
    assertTransition(current.status, dto.status);
    const at = now();
    await this.tx.run(async (em) => {
      await this.bumpVersion(em, id, expectedVersion, { status: dto.status, updatedAt: at }, current.status);
      await this.record(em, id, by, at, [['status', current.status, dto.status]]);
    });
    this.emitChanged({ ...current, status: dto.status, version: current.version + 1, updatedAt: at });
    return this.findOne(id);
  }

  /**
   * Conferences whose readiness checkpoints may fall in `[from, to]` (scheduled or live, starting up to a day after
   * `to`), for the readiness checkpoints (v2).
   */
  async readinessWatch(from: Date, to: Date): Promise<ConferenceSchedule[]> {
    const rows = await this.conferences
      .createQueryBuilder('c')
      .where('c.status IN (:...open)', { open: ['scheduled', 'live'] })
      .andWhere('c.starts_at >= :from AND c.starts_at <= :until', { from, until: new Date(to.getTime() + 24 * 3600_000) })
      .getMany();
    return rows.map(toSchedule);
  }

  private assertReadiness(list: ReadinessCheckDto[] | undefined): void {
    const problems = list ? readinessProblems(list) : [];
    if (problems.length) throw AppError.badRequest(problems);
  }

  /** Title, time and status changes, oldest first, rendered in the conference's zone. */
  async history(id: string): Promise<HistoryEntryResponse[]> {
    const c = await this.load(id);
    const rows = await this.historyRows.find({ where: { conferenceId: id }, order: { at: 'ASC' } });
    rows.sort((a, b) => a.at.getTime() - b.at.getTime() || (FIELD_RANK[a.field] ?? 9) - (FIELD_RANK[b.field] ?? 9));
    return rows.map((h) => toHistoryEntryResponse(h, c.timezone));
  }

  // ---- for the other services of this feature ---------------------------------------------------

  /** The entity, or 404. */
  async load(id: string): Promise<ConferenceEntity> {
    const c = isUuid(id) ? await this.conferences.findOneBy({ id }) : null;
    if (!c) throw AppError.notFound('conference', id);
    return c;
  }

  /** The entity, or 404; 409 when it is ended or cancelled. */
  async loadOpen(id: string): Promise<ConferenceEntity> {
    const c = await this.load(id);
    assertOpen(c.status);
    return c;
  }

  /** 400 unless the point exists and is active. */
  async assertActivePoint(pointId: string, field: string): Promise<void> {
    const [p] = await this.points.summaries([pointId]);
    if (!p) throw AppError.badRequest([unknownPointMessage(field, pointId)], { field, pointId });
    if (!p.active)
      throw AppError.badRequest([{ vi: `${field}: điểm cầu "${p.name}" đã ngừng hoạt động`, en: `${field}: point "${p.name}" is inactive` }], {
        field,
        pointId,
      });
  }

  // ---- internals --------------------------------------------------------------------------------

  /**
   * Writes a new draft and its host's invitation, after checking the host for schedule clashes (409 unless `force`).
   * `force: null`: the request takes no `force` (the copy), so the 409's message does not suggest it.
   */
  private async insertDraft(em: EntityManager, conference: ConferenceEntity, host: HostInvitation, force: boolean | undefined | null): Promise<void> {
    const window = { conferenceId: null, startsAt: conference.startsAt, endsAt: conference.endsAt };
    await this.clashes.assertFree(em, window, [conference.hostPointId], force ?? undefined, force !== null);
    await em.insert(ConferenceEntity, conference);
    await em.insert(ConferencePointEntity, {
      conferenceId: conference.id,
      pointId: conference.hostPointId,
      role: 'host',
      mode: host.mode,
      expectedAttendees: host.expectedAttendees,
      createdAt: conference.createdAt,
    });
  }

  /** Conditional write; when another edit won meanwhile, 409 with the version now stored (and the transaction rolls back). */
  private async bumpVersion(em: EntityManager, id: string, expected: number, set: Partial<ConferenceEntity>, expectedStatus?: ConferenceStatus): Promise<void> {
    const qb = em
      .createQueryBuilder()
      .update(ConferenceEntity)
      .set({ ...set, version: () => 'version + 1' })
      .where('id = :id AND version = :expected', { id, expected });
    if (expectedStatus) qb.andWhere('status = :expectedStatus', { expectedStatus });
    const res = await qb.execute();
    if (res.affected === 1) return;
    const now = await em.findOne(ConferenceEntity, { where: { id }, select: { id: true, version: true } });
    if (!now) throw AppError.notFound('conference', id);
    throw AppError.staleVersion(now.version);
  }

  private async moveHost(em: EntityManager, id: string, oldHost: string, newHost: string, at: Date): Promise<void> {
    await em.update(ConferencePointEntity, { conferenceId: id, pointId: oldHost }, { role: 'participant' });
    const invited = await em.findOneBy(ConferencePointEntity, { conferenceId: id, pointId: newHost });
    if (invited) await em.update(ConferencePointEntity, { conferenceId: id, pointId: newHost }, { role: 'host', mode: 'in_person' });
    else
      await em.insert(ConferencePointEntity, { conferenceId: id, pointId: newHost, role: 'host', mode: 'in_person', expectedAttendees: null, createdAt: at });
  }

  private async record(
    em: EntityManager,
    conferenceId: string,
    by: string,
    at: Date,
    entries: Array<[string, string | null, string | null | undefined]>,
  ): Promise<void> {
    const rows = entries
      .filter(([, , to]) => to !== undefined)
      .map(([field, from, to]) => ({ id: randomUUID(), conferenceId, at, by: by.slice(0, 64), field, from, to: to ?? null }));
    if (rows.length) await em.insert(ConferenceHistoryEntity, rows);
  }

  private emitChanged(c: Pick<ConferenceEntity, 'id' | 'status' | 'startsAt' | 'endsAt' | 'timezone' | 'version' | 'updatedAt'>): void {
    const event: ConferenceChangedEvent = {
      conferenceId: c.id,
      status: c.status,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      timezone: c.timezone,
      version: c.version,
      updatedAt: c.updatedAt,
    };
    try {
      this.events.emit(CONFERENCE_CHANGED, event);
    } catch (e) {
      this.logger.error(`a ${CONFERENCE_CHANGED} listener failed: ${(e as Error).stack ?? String(e)}`);
    }
  }
}

/** 400 unless the conference ends after it starts. */
function assertWindow(startsAt: Date, endsAt: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw AppError.badRequest([{ vi: 'endsAt phải sau startsAt', en: 'endsAt must be after startsAt' }]);
  }
}

/** What other features need of a conference (see conference-schedule.ts). */
function toSchedule(c: ConferenceEntity): ConferenceSchedule {
  return {
    id: c.id,
    title: c.title,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    timezone: c.timezone,
    status: c.status,
    hostPointId: c.hostPointId,
    readiness: readinessOf(c.readiness),
    maxConnectedPoints: c.maxConnectedPoints ?? null,
    updatedAt: c.updatedAt,
  };
}
