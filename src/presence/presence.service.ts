import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AGENDA_CHANGED, type AgendaChangedEvent } from '../agenda/agenda.events';
import { ReleasesService } from '../agenda/releases/releases.service';
import { readinessCounts, readinessKeysOf } from './readiness/readiness-marks';
import { ConnectionCap } from './readiness/connection-cap';
import { actorName, type Principal } from '../auth/principal';
import { AppError, ErrorCode, type Message } from '../common/errors';
import { now } from '../common/time/time';
import { endedAt, type ConferenceSchedule } from '../conferences/conference-schedule';
import { CONFERENCE_STATUS_LABEL } from '../conferences/conference-status';
import type { ConferenceStatus } from '../common/domain';
import { Transactions } from '../database/transactions';
import { attendanceRows, recordsAt } from './attendance-report';
import { BoardPublisher } from './board-publisher';
import type { AgendaAckDto, AttendanceMarkDto, ConferenceRefDto, NoticeDto, StatusDto } from './dto/live-payloads.dto';
import type { AttendanceRowResponse, PresenceEventResponse } from './dto/presence.response';
import { AttendanceMarkEntity } from './entities/attendance-mark.entity';
import type { LiveClient } from './live-client';
import { LiveConferences } from './live-conferences';
import { LiveRooms, rooms } from './live-rooms';
import { assertBoardViewer, assertOperator, NOT_INVITED, pointActor } from './presence-access';
import { inZone, PresenceEntryJson, toPresenceEntry } from './presence-entry';
import { PresenceEventLog } from './presence-event-log';
import type { AgendaStateReply, PresenceSnapshot, PresenceState } from './presence.events';
import { CatchUpState } from './catch-up-state';
import type { LiveRecord, PresenceInput } from './presence-state';
import { type Applied, PresenceTransitions } from './presence-transitions';
import { RollcallService } from './rollcall.service';
import { LiveStateLostError, POINT_RECORDS, PointRecords } from './store/presence-store';

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** A point may check in only while its conference is scheduled or live. */
const CHECKIN_OPEN = new Set(['scheduled', 'live']);
const CHECKIN_CLOSED = (status: ConferenceStatus): Message => ({
  vi: `Hội nghị đang ở trạng thái "${CONFERENCE_STATUS_LABEL[status].vi}": chỉ xác nhận tham dự được khi hội nghị đã lên lịch hoặc đang diễn ra`,
  en: `The conference is ${CONFERENCE_STATUS_LABEL[status].en}: check-in is open only while it is scheduled or live`,
});

/**
 * The rules of live presence as the clients see them: who may do what, in which conference state; every change
 * goes through `PresenceTransitions` (the one write path: log, store, timer, delta). Also the board snapshot,
 * attendance marks, notices and the REST views.
 */
@Injectable()
export class PresenceService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('PresenceService');
  private closing = false;

  constructor(
    @Inject(POINT_RECORDS) private readonly store: PointRecords,
    private readonly live: LiveConferences,
    private readonly transitions: PresenceTransitions,
    private readonly log: PresenceEventLog,
    private readonly board: BoardPublisher,
    private readonly rooms: LiveRooms,
    private readonly rollcalls: RollcallService,
    private readonly entryJson: PresenceEntryJson,
    private readonly transactions: Transactions,
    private readonly releases: ReleasesService,
    private readonly cap: ConnectionCap,
    private readonly catchUp: CatchUpState,
  ) {}

  // ---- point clients ------------------------------------------------------------------------

  checkin(client: LiveClient, dto: ConferenceRefDto): Promise<{ state: PresenceState }> {
    return this.reloadingLost(dto.conferenceId, () => this.checkinNow(client, dto));
  }

  private async checkinNow(client: LiveClient, { conferenceId }: ConferenceRefDto): Promise<{ state: PresenceState }> {
    const pointId = await this.invitedActor(client.principal, conferenceId);
    let schedule = await this.live.schedule(conferenceId);
    if (!CHECKIN_OPEN.has(schedule.status)) {
      schedule = await this.live.schedule(conferenceId, true);
      if (!CHECKIN_OPEN.has(schedule.status)) throw new AppError(ErrorCode.Conflict, CHECKIN_CLOSED(schedule.status), undefined, { status: schedule.status });
    }
    return client.serial(async () => {
      // A socket that closed while its check-in waited must not be counted (its disconnect already ran).
      if (!client.connected) return { state: (await this.store.read(conferenceId, pointId))?.state ?? 'absent' };
      const via = client.principal.kind === 'link' ? 'link' : 'user';
      const release = await this.cap.hold(schedule, pointId);
      let record: LiveRecord;
      try {
        ({ record } = await this.apply(schedule, pointId, { kind: 'checkin', socketId: client.id, via }));
      } finally {
        release(); // applied (the store counts the point now) or failed
      }
      client.checkins.set(conferenceId, pointId);
      // The point's own messages (roll calls, notices) go to the sockets its record lists: no room per point.
      client.join([rooms.conference(conferenceId)]);
      await this.rollcalls.promptLateComer(conferenceId, pointId, client);
      return { state: record.state };
    });
  }

  status(client: LiveClient, dto: StatusDto): Promise<object> {
    return this.reloadingLost(dto.conferenceId, () => this.statusNow(client, dto));
  }

  private async statusNow(client: LiveClient, dto: StatusDto): Promise<object> {
    const pointId = await this.invitedActor(client.principal, dto.conferenceId);
    const schedule = await this.live.schedule(dto.conferenceId);
    const note = dto.note?.trim() ? dto.note.trim() : null;
    await client.serial(() => this.apply(schedule, pointId, { kind: 'status', socketId: client.id, audio: dto.audio, video: dto.video, note }));
    return {};
  }

  agendaAck(client: LiveClient, dto: AgendaAckDto): Promise<object> {
    return this.reloadingLost(dto.conferenceId, () => this.agendaAckNow(client, dto));
  }

  private async agendaAckNow(client: LiveClient, dto: AgendaAckDto): Promise<object> {
    const pointId = await this.invitedActor(client.principal, dto.conferenceId);
    const schedule = await this.live.schedule(dto.conferenceId);
    if (dto.release !== undefined && !(await this.releases.exists(dto.conferenceId, dto.release))) {
      throw AppError.notFound({ vi: 'bản phát hành chương trình', en: 'agenda release' }, String(dto.release));
    }
    await client.serial(() => this.apply(schedule, pointId, { kind: 'agendaAck', socketId: client.id, version: dto.version, release: dto.release }));
    return {};
  }

  /** `agenda:state` (an invited point): what its page compares after an automatic re-check-in (see CatchUpState). */
  async agendaState(client: LiveClient, dto: ConferenceRefDto): Promise<AgendaStateReply> {
    await this.invitedActor(client.principal, dto.conferenceId);
    return this.catchUp.read(dto.conferenceId);
  }

  checkout(client: LiveClient, dto: ConferenceRefDto): Promise<{ state: PresenceState }> {
    return this.reloadingLost(dto.conferenceId, () => this.checkoutNow(client, dto));
  }

  private async checkoutNow(client: LiveClient, { conferenceId }: ConferenceRefDto): Promise<{ state: PresenceState }> {
    const pointId = await this.invitedActor(client.principal, conferenceId);
    const schedule = await this.live.schedule(conferenceId);
    return client.serial(async () => {
      const { before, record } = await this.apply(schedule, pointId, { kind: 'checkout' });
      client.checkins.delete(conferenceId);
      // Every socket the point had checked in leaves (on any instance): no more agenda pushes; roll calls and notices
      // go to the sockets of the record, which has none now.
      this.rooms.leave([...new Set([client.id, ...before.sockets])], [rooms.conference(conferenceId)]);
      return { state: record.state };
    });
  }

  /**
   * The socket closed: each conference it checked in to loses one connection (the point drops when it was the
   * last). A fact: recorded even while the event log is failing (retried), so a dead socket never stays online.
   * `client.closeReason` (e.g. `link_revoked`) goes into the log's disconnect line.
   */
  async disconnected(client: LiveClient): Promise<void> {
    if (this.closing) return;
    const checkins = [...client.checkins];
    client.checkins.clear();
    for (const [conferenceId, pointId] of checkins) {
      await client.serial(async () => {
        try {
          const schedule = await this.live.schedule(conferenceId);
          const input: PresenceInput = {
            kind: 'socketClosed',
            socketId: client.id,
            ...(client.closeReason ? { reason: client.closeReason } : {}),
            ...(client.closedBy ? { by: client.closedBy } : {}),
          };
          await this.transitions.applyFact(schedule, pointId, input);
        } catch (e) {
          this.logger.error(`disconnect of ${pointId} in ${conferenceId}: ${(e as Error).stack ?? String(e)}`);
        }
      });
    }
  }

  /** A socket of a dead instance is gone (see InstanceTakeover): the same as its disconnect; 404 for an unknown conference. */
  async socketLost(conferenceId: string, pointId: string, socketId: string): Promise<void> {
    const schedule = await this.live.schedule(conferenceId);
    await this.transitions.applyFact(schedule, pointId, { kind: 'socketClosed', socketId });
  }

  // ---- boards and operators -----------------------------------------------------------------

  /** Joins the board rooms first, then reads the snapshot: a delta may arrive before the ack (keep those with a higher seq). */
  async boardJoin(client: LiveClient, { conferenceId }: ConferenceRefDto): Promise<{ snapshot: PresenceSnapshot }> {
    assertBoardViewer(client.principal);
    await this.reloadingLost(conferenceId, () => this.live.ensureLoaded(conferenceId));
    client.join([rooms.conference(conferenceId), rooms.board(conferenceId)]);
    return { snapshot: await this.snapshot(conferenceId) };
  }

  /**
   * `board:join {snapshot: false}`: joins the rooms as `boardJoin` does, then answers the `seq` at that moment; every
   * delta after it reaches this board, so a snapshot read later (over REST) with `seq >=` it misses none.
   */
  async boardJoinSeq(client: LiveClient, { conferenceId }: ConferenceRefDto): Promise<{ seq: number }> {
    assertBoardViewer(client.principal);
    await this.reloadingLost(conferenceId, () => this.live.ensureLoaded(conferenceId));
    client.join([rooms.conference(conferenceId), rooms.board(conferenceId)]);
    const { seq } = await this.reloadingLost(conferenceId, () => this.store.counts(conferenceId));
    return { seq };
  }

  /** The board snapshot (also `GET /api/conferences/:id/presence`); 404 for an unknown conference. */
  snapshot(conferenceId: string): Promise<PresenceSnapshot> {
    return this.reloadingLost(conferenceId, () => this.snapshotNow(conferenceId));
  }

  /** The snapshot without its points (`GET …/presence?format=counts`: the conference list's "online" figure): no record is read. */
  counts(conferenceId: string): Promise<Omit<PresenceSnapshot, 'points'>> {
    return this.reloadingLost(conferenceId, async () => {
      await this.live.ensureLoaded(conferenceId);
      const keys = readinessKeysOf(await this.live.schedule(conferenceId));
      const c = await this.store.counts(conferenceId);
      return { conferenceId, seq: c.seq, counts: { ...c.counts, readiness: readinessCounts(keys, c) } };
    });
  }

  /** The store's snapshot with the board's counts (readiness included), the conference's zone and readiness keys. */
  private async boardSnapshot(conferenceId: string) {
    await this.live.ensureLoaded(conferenceId);
    const schedule = await this.live.schedule(conferenceId);
    const keys = readinessKeysOf(schedule);
    const snap = await this.store.snapshot(conferenceId);
    return { snap, zone: schedule.timezone, keys, counts: { ...snap.counts, readiness: readinessCounts(keys, snap) } };
  }

  private async snapshotNow(conferenceId: string): Promise<PresenceSnapshot> {
    const { snap, zone, keys, counts } = await this.boardSnapshot(conferenceId);
    return { conferenceId, seq: snap.seq, counts, points: snap.views.map((v) => toPresenceEntry(v, zone, keys)) };
  }

  /**
   * The same snapshot as UTF-8 JSON, for `GET …/presence`: each entry's bytes are cached with its record, so a
   * 10,000-point snapshot costs a copy, not a serialisation.
   */
  snapshotJson(conferenceId: string): Promise<Buffer> {
    return this.reloadingLost(conferenceId, () => this.snapshotJsonNow(conferenceId));
  }

  private async snapshotJsonNow(conferenceId: string): Promise<Buffer> {
    const { snap, zone, keys, counts } = await this.boardSnapshot(conferenceId);
    const parts: Buffer[] = [Buffer.from(`{"conferenceId":${JSON.stringify(conferenceId)},"seq":${snap.seq},"counts":${JSON.stringify(counts)},"points":[`)];
    snap.views.forEach((v, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(this.entryJson.of(v, zone, keys));
    });
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }

  markAttendance(principal: Principal, dto: AttendanceMarkDto): Promise<object> {
    return this.reloadingLost(dto.conferenceId, () => this.markAttendanceNow(principal, dto));
  }

  private async markAttendanceNow(principal: Principal, dto: AttendanceMarkDto): Promise<object> {
    assertOperator(principal);
    const schedule = await this.loadedSchedule(dto.conferenceId);
    if (!(await this.store.point(dto.conferenceId, dto.pointId))) throw AppError.notFound('pointInConference', dto.pointId);
    const reason = dto.reason?.trim() ? dto.reason.trim() : null;
    // In its own (queued) transaction: on SQLite a lone write could otherwise land inside another feature's open one.
    await this.transactions.run((em) =>
      em.upsert(
        AttendanceMarkEntity,
        { conferenceId: dto.conferenceId, pointId: dto.pointId, attendance: dto.attendance, reason, markedBy: actorName(principal), markedAt: now() },
        ['conferenceId', 'pointId'],
      ),
    );
    await this.transitions.apply(schedule, dto.pointId, { kind: 'attendance', attendance: dto.attendance, reason });
    return {};
  }

  async notice(principal: Principal, dto: NoticeDto): Promise<{ delivered: number }> {
    assertOperator(principal);
    const schedule = await this.loadedSchedule(dto.conferenceId);
    let views;
    if (dto.to.pointIds) {
      views = await this.store.views(dto.conferenceId, dto.to.pointIds);
      if (views.length < dto.to.pointIds.length) {
        const known = new Set(views.map((v) => v.point.pointId));
        const unknown = dto.to.pointIds.filter((id) => !known.has(id));
        throw new AppError(ErrorCode.NotFound, {
          vi: `Điểm cầu không thuộc hội nghị: ${unknown.join(', ')}`,
          en: `Points not in this conference: ${unknown.join(', ')}`,
        });
      }
    } else {
      const all = await this.store.all(dto.conferenceId);
      views = dto.to.level ? all.filter((v) => v.point.level === dto.to.level) : all;
    }
    const reached = views.filter((v) => v.record.sockets.length > 0);
    const sentAt = Date.now();
    const at = inZone(sentAt, schedule.timezone);
    const id = randomUUID();
    this.rooms.to(rooms.checkedIn(reached)).emit('notice', { id, conferenceId: dto.conferenceId, text: dto.text.trim(), at });
    // Counted by the report (the text stays out of the log).
    await this.log.append([
      {
        conferenceId: dto.conferenceId,
        pointId: schedule.hostPointId,
        at: sentAt,
        type: 'notice',
        detail: { noticeId: id, delivered: reached.length, by: actorName(principal) },
      },
    ]);
    return { delivered: reached.length };
  }

  /** The event log of a conference (one point's with `pointId`), oldest first, a page of it with `limit`/`offset`; 404 for an unknown conference. */
  async events(conferenceId: string, query: { pointId?: string; limit?: number; offset?: number } = {}): Promise<PresenceEventResponse[]> {
    const { timezone } = await this.live.schedule(conferenceId);
    const rows = await this.log.list(conferenceId, query.pointId, { limit: query.limit, offset: query.offset });
    return rows.map((r) => ({ at: inZone(r.at, timezone), pointId: r.pointId, type: r.type, detail: r.detail }));
  }

  /** The attendance report: one row per invited point, in roster order. */
  async attendance(conferenceId: string): Promise<AttendanceRowResponse[]> {
    const schedule = await this.loadedSchedule(conferenceId);
    const views = await this.store.all(conferenceId);
    const end = endedAt(schedule);
    if (end === null) return attendanceRows(views, schedule.timezone, Date.now());
    // An ended conference is counted as it stood at its end: a site's socket may stay open after it, and drop later.
    await this.log.flush();
    return attendanceRows(recordsAt(views, await this.log.list(conferenceId), end), schedule.timezone, end);
  }

  /** Every agenda change reaches everyone in the conference room. */
  @OnEvent(AGENDA_CHANGED)
  onAgendaChanged({ conferenceId, agenda }: AgendaChangedEvent): void {
    this.rooms.to(rooms.conference(conferenceId)).emit('agenda', {
      conferenceId,
      version: agenda.version,
      items: agenda.items,
      currentItemId: agenda.currentItemId ?? null,
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  /** The point the principal acts for, after checking it is invited (membership first: `forbidden`, whatever the conference). */
  private async invitedActor(principal: Principal, conferenceId: string): Promise<string> {
    const pointId = pointActor(principal, conferenceId);
    if (!(await this.live.member(conferenceId, pointId))) throw AppError.forbidden(NOT_INVITED);
    return pointId;
  }

  private async loadedSchedule(conferenceId: string): Promise<ConferenceSchedule> {
    await this.live.ensureLoaded(conferenceId);
    return this.live.schedule(conferenceId);
  }

  /** Applies one input through the one write path. */
  private apply(schedule: ConferenceSchedule, pointId: string, input: PresenceInput): Promise<Applied> {
    return this.transitions.apply(schedule, pointId, input);
  }

  /** Redis lost the conference's live state (restart, flush): rebuild it from the event log and try once more. */
  private async reloadingLost<T>(conferenceId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof LiveStateLostError)) throw e;
      await this.live.reload(conferenceId);
      return work();
    }
  }

  /**
   * Shutdown: the sockets about to close are not recorded as drops (a restart is not the sites' fault;
   * the next process turns the points that were online `unstable`, as after a crash), and what the log
   * holds is written while the database is still open.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.transitions.stop();
    this.board.stop();
    this.rollcalls.stop();
    await this.log.flush();
  }
}
