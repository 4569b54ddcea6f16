import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { POINT_DEACTIVATING, PointDeactivatingEvent } from '../bridge-points/bridge-points.events';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppError, ErrorCode, unknownPointMessage } from '../common/errors';
import { formatInZone, now } from '../common/time/time';
import { inIdSet, Transactions } from '../database/transactions';
import { isUuid } from '../common/validation/id.pipe';
import { CONFERENCE_POINTS_CHANGED, type ConferencePointsChangedEvent } from './conferences.events';
import type { HostInvitation } from './conference-schedule';
import { ConferencesService } from './conferences.service';
import { InvitePointsDto } from './dto/conference.dto';
import { ConferenceDetailResponse } from './dto/conference.response';
import { ConferencePointEntity, type InvitationMode } from './entities/conference-point.entity';
import { ConferenceEntity } from './entities/conference.entity';
import { ScheduleClashFinder } from './schedule-clash';

/** A participant's invitation carried into a copy. */
export interface CopiedInvitation {
  pointId: string;
  mode: InvitationMode;
  expectedAttendees: number | null;
}

/** What a copy takes of its source's invitations (see `InvitationsService.copyPlan`). */
export interface InvitationCopyPlan {
  host: HostInvitation;
  /** Participants whose point is still active, in the source's order. */
  participants: CopiedInvitation[];
  /** Participants whose point is inactive or gone by now: not invited to the copy. */
  inactive: string[];
}

/**
 * Inserts every new participant with ONE statement whatever their number (the ids travel as a single array
 * parameter); an invitation that appeared meanwhile is left as it is (never a duplicate).
 */
async function insertParticipants(
  em: EntityManager,
  conferenceId: string,
  pointIds: string[],
  mode: InvitationMode,
  expectedAttendees: number | null,
  at: Date,
): Promise<void> {
  const pg = em.connection.options.type === 'postgres';
  const columns = 'conference_id, point_id, role, mode, expected_attendees, created_at';
  const sql = pg
    ? `INSERT INTO conference_points (${columns})
       SELECT CAST(:conferenceId AS uuid), p, 'participant', :mode, CAST(:expectedAttendees AS integer), CAST(:at AS timestamptz)
       FROM unnest(CAST(:ids AS uuid[])) AS p ON CONFLICT DO NOTHING`
    : `INSERT INTO conference_points (${columns})
       SELECT :conferenceId, value, 'participant', :mode, :expectedAttendees, :at FROM json_each(:ids) WHERE true ON CONFLICT DO NOTHING`;
  const [query, params] = em.connection.driver.escapeQueryWithParameters(sql, {
    conferenceId,
    mode,
    expectedAttendees,
    at,
    ids: pg ? pointIds : JSON.stringify(pointIds),
  });
  await em.query(query, params);
}

/** Which points a conference invites: invite by ids or by subtree, remove, and refuse deactivating a point in use. */
@Injectable()
export class InvitationsService {
  private readonly logger = new Logger('InvitationsService');

  constructor(
    @InjectRepository(ConferencePointEntity) private readonly invitations: Repository<ConferencePointEntity>,
    private readonly conferences: ConferencesService,
    private readonly points: BridgePointsService,
    private readonly tx: Transactions,
    private readonly clashes: ScheduleClashFinder,
    private readonly events: EventEmitter2,
  ) {}

  /** After the commit: presence (and whoever listens) follows the invited points. */
  private emitPointsChanged(event: ConferencePointsChangedEvent): void {
    if (!event.added.length && !event.removed.length) return;
    try {
      this.events.emit(CONFERENCE_POINTS_CHANGED, event);
    } catch (e) {
      this.logger.error(`a ${CONFERENCE_POINTS_CHANGED} listener failed: ${(e as Error).stack ?? String(e)}`);
    }
  }

  /**
   * Invites the points named and/or every active point under `subtreeOf` (at `levels`), all in one transaction.
   * New points are checked for clashes with one set query (409 with every clash, nothing added, unless `force`).
   * Points already invited get the new mode/expectedAttendees (never a duplicate); the host stays host.
   * Takes no version and does not change the conference's version.
   */
  async invite(conferenceId: string, dto: InvitePointsDto): Promise<ConferenceDetailResponse> {
    const conference = await this.conferences.loadOpen(conferenceId);
    if (!dto.pointIds?.length && !dto.subtreeOf) {
      throw AppError.badRequest([{ vi: 'Cần pointIds hoặc subtreeOf', en: 'pointIds or subtreeOf is required' }]);
    }
    if (dto.levels && !dto.subtreeOf) throw AppError.badRequest([{ vi: 'levels chỉ dùng cùng subtreeOf', en: 'levels needs subtreeOf' }]);
    const named = [...new Set(dto.pointIds ?? [])];
    if (dto.role === 'host' && (named.length !== 1 || named[0] !== conference.hostPointId || dto.subtreeOf)) {
      throw AppError.badRequest([
        {
          vi: 'Chỉ điểm cầu chính có vai trò host; đổi điểm cầu chính bằng PATCH hostPointId',
          en: 'Only the host point has role host; change it with PATCH hostPointId',
        },
      ]);
    }

    // Named points must exist and be active (400 naming the bad ones).
    const { unknownPointIds, inactivePointIds } = await this.standing(named);
    if (unknownPointIds.length || inactivePointIds.length) {
      const messages = [
        ...(unknownPointIds.length ? [{ vi: `Không có điểm cầu: ${unknownPointIds.join(', ')}`, en: `Unknown points: ${unknownPointIds.join(', ')}` }] : []),
        ...(inactivePointIds.length
          ? [{ vi: `Điểm cầu đã ngừng hoạt động: ${inactivePointIds.join(', ')}`, en: `Inactive points: ${inactivePointIds.join(', ')}` }]
          : []),
      ];
      throw AppError.badRequest(messages, { unknownPointIds, inactivePointIds });
    }
    let ids = named;
    if (dto.subtreeOf) {
      const [root] = await this.points.summaries([dto.subtreeOf]);
      if (!root) throw AppError.badRequest([unknownPointMessage('subtreeOf', dto.subtreeOf)], { unknownPointIds: [dto.subtreeOf], inactivePointIds: [] });
      const subtree = await this.points.activeSubtree(dto.subtreeOf, dto.levels);
      ids = [...new Set([...named, ...subtree.map((p) => p.id)])];
    }

    const at = now();
    const mode: InvitationMode = dto.mode ?? (conference.format === 'in_person' ? 'in_person' : 'online');
    const added = await this.tx.run(async (em) => {
      const existing = new Set((await em.find(ConferencePointEntity, { where: { conferenceId }, select: { pointId: true } })).map((r) => r.pointId));
      const fresh = ids.filter((id) => !existing.has(id));
      const again = ids.filter((id) => existing.has(id));
      await this.clashes.assertFree(em, { conferenceId, startsAt: conference.startsAt, endsAt: conference.endsAt }, fresh, dto.force);
      if (fresh.length) await insertParticipants(em, conferenceId, fresh, mode, dto.expectedAttendees ?? null, at);
      const set: Partial<ConferencePointEntity> = {};
      if (dto.mode) set.mode = dto.mode;
      if (dto.expectedAttendees !== undefined) set.expectedAttendees = dto.expectedAttendees;
      if (again.length && Object.keys(set).length) {
        const [match, params] = inIdSet(em, 'point_id', 'again', again);
        await em
          .createQueryBuilder()
          .update(ConferencePointEntity)
          .set(set)
          .where('conference_id = :conferenceId', { conferenceId })
          .andWhere(match, params)
          .execute();
      }
      return fresh;
    });
    this.emitPointsChanged({ conferenceId, added, removed: [] });
    return this.conferences.findOne(conferenceId);
  }

  /**
   * The invitations half of a copy, before its transaction: the source's invitations (ordered by level, then code),
   * the host's apart, the participants whose point is unknown or inactive by now set aside (`invite` refuses them).
   */
  async copyPlan(sourceId: string): Promise<InvitationCopyPlan> {
    // Invitations reference existing points (a foreign key): "gone" is a deactivated point (DELETE deactivates).
    const listed = await this.conferences.invitedPoints(sourceId);
    const host = listed.find((p) => p.role === 'host');
    const participants = listed.filter((p) => p.role !== 'host');
    const { unknownPointIds, inactivePointIds } = await this.standing(participants.map((p) => p.pointId));
    const gone = new Set([...unknownPointIds, ...inactivePointIds]);
    return {
      host: { mode: host?.mode ?? 'in_person', expectedAttendees: host?.expectedAttendees ?? null },
      participants: participants.filter((p) => !gone.has(p.pointId)).map((p) => ({ pointId: p.pointId, mode: p.mode, expectedAttendees: p.expectedAttendees })),
      inactive: participants.filter((p) => gone.has(p.pointId)).map((p) => p.pointId),
    };
  }

  /**
   * Inside the copy's transaction, once its draft is written: invites the planned participants, each with its mode and
   * expected attendees, except those that clash at the new time (the rule `invite` applies, without `force`), which
   * are returned. Call `announce` once the transaction committed.
   */
  async insertCopied(
    em: EntityManager,
    conference: { id: string; startsAt: Date; endsAt: Date },
    participants: CopiedInvitation[],
  ): Promise<{ added: string[]; clashed: string[]; announce: () => void }> {
    const window = { conferenceId: conference.id, startsAt: conference.startsAt, endsAt: conference.endsAt };
    const ids = participants.map((p) => p.pointId);
    const clashes = await this.clashes.find(em, window, ids);
    const clashing = new Set(clashes.map((c) => c.pointId));
    const invited = participants.filter((p) => !clashing.has(p.pointId));
    // One statement per (mode, expected attendees): a handful whatever the number of points.
    const groups = new Map<string, { mode: InvitationMode; expectedAttendees: number | null; ids: string[] }>();
    for (const p of invited) {
      const key = `${p.mode}|${p.expectedAttendees}`;
      const group = groups.get(key) ?? groups.set(key, { mode: p.mode, expectedAttendees: p.expectedAttendees, ids: [] }).get(key)!;
      group.ids.push(p.pointId);
    }
    const at = now();
    for (const g of groups.values()) await insertParticipants(em, conference.id, g.ids, g.mode, g.expectedAttendees, at);
    const added = invited.map((p) => p.pointId);
    return {
      added,
      clashed: participants.filter((p) => clashing.has(p.pointId)).map((p) => p.pointId),
      announce: () => this.emitPointsChanged({ conferenceId: conference.id, added, removed: [] }),
    };
  }

  /** Which of `ids` name no point, and which an inactive one. */
  private async standing(ids: string[]): Promise<{ unknownPointIds: string[]; inactivePointIds: string[] }> {
    const found = new Map((await this.points.summaries(ids)).map((p) => [p.id, p]));
    return {
      unknownPointIds: ids.filter((id) => !found.has(id)),
      inactivePointIds: ids.filter((id) => found.has(id) && !found.get(id)!.active),
    };
  }

  /** Withdraws an invitation: 404 when the point is not invited, 409 for the host point. Takes no version. */
  async remove(conferenceId: string, pointId: string): Promise<ConferenceDetailResponse> {
    const conference = await this.conferences.loadOpen(conferenceId);
    const invitation = isUuid(pointId) ? await this.invitations.findOneBy({ conferenceId, pointId }) : null;
    if (!invitation) throw AppError.notFound('invitation', pointId);
    if (invitation.role === 'host' || pointId === conference.hostPointId) {
      throw new AppError(
        ErrorCode.Conflict,
        { vi: 'Không thể bỏ điểm cầu chính; hãy đổi điểm cầu chính trước', en: 'The host point cannot be removed; change the host first' },
        { pointId },
      );
    }
    await this.tx.run((em) => em.delete(ConferencePointEntity, { conferenceId, pointId }));
    this.emitPointsChanged({ conferenceId, added: [], removed: [pointId] });
    return this.conferences.findOne(conferenceId);
  }

  /**
   * Bridge points emit `point.deactivating` with `emitAsync` before deactivating a point: refuse (409 point_in_use)
   * while the point is invited to a conference that has neither ended nor been cancelled. `promisify` +
   * `suppressErrors: false` make the thrown error reject the emitter's `emitAsync`.
   */
  @OnEvent(POINT_DEACTIVATING, { async: true, promisify: true, suppressErrors: false })
  async onPointDeactivating(event: PointDeactivatingEvent): Promise<void> {
    if (!event?.pointId || !isUuid(event.pointId)) return;
    const busy = await this.invitations.manager
      .createQueryBuilder(ConferenceEntity, 'c')
      .innerJoin(ConferencePointEntity, 'cp', 'cp.conferenceId = c.id')
      .where('cp.pointId = :pointId', { pointId: event.pointId })
      .andWhere('c.status NOT IN (:...closed)', { closed: ['ended', 'cancelled'] })
      .orderBy('c.startsAt', 'ASC')
      .getMany();
    if (!busy.length) return;
    const first = busy[0];
    throw new AppError(
      ErrorCode.PointInUse,
      {
        vi: `Điểm cầu đang được mời tham dự hội nghị "${first.title}" chưa kết thúc`,
        en: `The point is invited to a conference that has not ended ("${first.title}")`,
      },
      {
        conferences: busy.map((c) => ({
          conferenceId: c.id,
          title: c.title,
          status: c.status,
          startsAt: formatInZone(c.startsAt, c.timezone),
          endsAt: formatInZone(c.endsAt, c.timezone),
        })),
      },
    );
  }
}
