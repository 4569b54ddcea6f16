import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { actorName, type Principal } from '../../auth/principal';
import { BridgePointsService } from '../../bridge-points/bridge-points.service';
import { AppError, ErrorCode } from '../../common/errors';
import { formatInZone, now } from '../../common/time/time';
import { expectedVersion } from '../../common/versioning/expected-version';
import { ConferencesService } from '../../conferences/conferences.service';
import { Transactions } from '../../database/transactions';
import { cascade } from '../agenda-times';
import { AgendaService } from '../agenda.service';
import { AgendaReleaseEntity } from './agenda-release.entity';
import type { CreateReleaseDto, ReleaseResponse, ReleaseSummaryResponse } from './dto/release.dto';
import { renderReleasePrint } from './release-print';
import { releaseDiff, type ReleasedItem } from './release-diff';
import { AGENDA_RELEASED, type AgendaReleasedEvent } from './releases.events';

const ALREADY_RELEASED = (version: number, number: number) => ({
  vi: `Phiên bản chương trình ${version} đã được phát hành (lần ${number}); hãy sửa chương trình trước khi phát hành lại`,
  en: `Agenda version ${version} is already release ${number}; change the agenda before releasing again`,
});
const RACE = { vi: 'Một bản phát hành khác vừa được tạo; tải lại danh sách', en: 'Another release was just made; reload the list' };
const RELEASE = { vi: 'bản phát hành', en: 'release' };

function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const err = e.driverError as { code?: string; message?: string } | undefined;
  return err?.code === '23505' || /UNIQUE constraint failed/i.test(err?.message ?? e.message);
}

/**
 * Agenda releases: the version of the agenda the organizers send out. A release is an immutable snapshot of the
 * items with their planned times (the cascade from the conference start, never the live projection) and its
 * changes against the previous release. Releasing does not change the agenda's version.
 */
@Injectable()
export class ReleasesService {
  private readonly logger = new Logger('AgendaReleases');
  /** The highest release number seen per conference (see `exists`), and the look-ups in flight. */
  private readonly highest = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<number>>();

  constructor(
    private readonly tx: Transactions,
    @InjectRepository(AgendaReleaseEntity) private readonly releases: Repository<AgendaReleaseEntity>,
    private readonly agenda: AgendaService,
    private readonly conferences: ConferencesService,
    private readonly points: BridgePointsService,
    private readonly events: EventEmitter2,
  ) {}

  async create(conferenceId: string, dto: CreateReleaseDto, ifMatch: string | undefined, principal: Principal): Promise<ReleaseResponse> {
    const version = expectedVersion(ifMatch, dto.version);
    const schedule = await this.conferences.findSchedule(conferenceId);
    const agenda = await this.agenda.get(conferenceId);
    if (agenda.version !== version) throw AppError.staleVersion(agenda.version);
    const planned = cascade(
      schedule.startsAt,
      agenda.items.map((i) => i.durationMinutes),
    );
    const pointIds = [...new Set(agenda.items.map((i) => i.pointId).filter((id): id is string => !!id))];
    const names = new Map((pointIds.length ? await this.points.summaries(pointIds) : []).map((p) => [p.id, p.name]));
    const items: ReleasedItem[] = agenda.items.map((i, k) => ({
      id: i.id,
      position: k,
      title: i.title,
      kind: i.kind,
      durationMinutes: i.durationMinutes,
      presenter: i.presenter,
      responsibleUnit: i.responsibleUnit,
      pointId: i.pointId,
      pointName: i.pointId ? (names.get(i.pointId) ?? null) : null,
      notes: i.notes,
      startsAt: formatInZone(planned[k].startsAt, schedule.timezone),
      endsAt: formatInZone(planned[k].endsAt, schedule.timezone),
    }));
    const note = dto.note?.trim() ? dto.note.trim() : null;
    let row: AgendaReleaseEntity;
    try {
      row = await this.tx.run(async (em) => {
        const latest = await em.findOne(AgendaReleaseEntity, { where: { conferenceId }, order: { number: 'DESC' } });
        const changes = releaseDiff(latest?.items ?? null, items);
        // The same version with the same items is a duplicate; a conference moved since the last release keeps its
        // agenda version but not its times (every item `retimed`), and that is what the points must receive.
        if (latest && latest.agendaVersion === version && changes.length === 0)
          throw new AppError(
            ErrorCode.Conflict,
            ALREADY_RELEASED(version, latest.number),
            { number: latest.number },
            { reason: 'already_released', number: latest.number },
          );
        const entity = Object.assign(new AgendaReleaseEntity(), {
          conferenceId,
          number: (latest?.number ?? 0) + 1,
          at: now(),
          by: actorName(principal),
          note,
          agendaVersion: version,
          items,
          changes,
          conferenceStartsAt: schedule.startsAt,
          conferenceEndsAt: schedule.endsAt,
        });
        // insert, never save: a release is written once (a racing duplicate number fails on the primary key).
        await em.insert(AgendaReleaseEntity, entity as QueryDeepPartialEntity<AgendaReleaseEntity>);
        return entity;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(ErrorCode.Conflict, RACE, undefined, { reason: 'release_race' });
      throw e;
    }
    this.seen(conferenceId, row.number);
    const event: AgendaReleasedEvent = { conferenceId, number: row.number, note: row.note, changes: row.changes };
    try {
      this.events.emit(AGENDA_RELEASED, event);
    } catch (e) {
      this.logger.error(`agenda.released listener failed for ${conferenceId}: ${(e as Error).stack ?? e}`);
    }
    return this.toResponse(row, schedule.timezone);
  }

  async list(conferenceId: string): Promise<ReleaseSummaryResponse[]> {
    const { timezone } = await this.conferences.findSchedule(conferenceId);
    const rows = await this.releases.find({ where: { conferenceId }, order: { number: 'ASC' } });
    return rows.map((r) => ({ number: r.number, at: formatInZone(r.at, timezone), by: r.by, note: r.note, changeCount: r.changes.length }));
  }

  async get(conferenceId: string, number: number): Promise<ReleaseResponse> {
    const { timezone } = await this.conferences.findSchedule(conferenceId);
    return this.toResponse(await this.row(conferenceId, number), timezone);
  }

  /** The stored release, or 404. */
  private async row(conferenceId: string, number: number): Promise<AgendaReleaseEntity> {
    const row = await this.releases.findOne({ where: { conferenceId, number } });
    if (!row) throw AppError.notFound(RELEASE, String(number));
    return row;
  }

  /** `GET …/releases/:number/print`: the release as a print-ready A4 page in Vietnamese. */
  async print(conferenceId: string, number: number): Promise<string> {
    const schedule = await this.conferences.findSchedule(conferenceId);
    const row = await this.row(conferenceId, number);
    const [host] = await this.points.summaries([schedule.hostPointId]);
    // The header says when the conference was as released (the items below are as released too); releases made
    // before those times were kept show today's.
    const startsAt = row.conferenceStartsAt ?? schedule.startsAt;
    const endsAt = row.conferenceEndsAt ?? schedule.endsAt;
    return renderReleasePrint(
      { title: schedule.title, startsAt, endsAt, timezone: schedule.timezone, hostName: host?.name ?? null },
      this.toResponse(row, schedule.timezone),
    );
  }

  /**
   * True when the conference has a release with this number (`agenda:ack {release}`). Numbers only grow and releases
   * are never removed, so a number at or below the highest seen here exists without a query: the 10,000 acks that
   * follow a release cost one query on each instance (one shared look-up while it is in flight), not one each.
   */
  async exists(conferenceId: string, number: number): Promise<boolean> {
    if (number <= (this.highest.get(conferenceId) ?? 0)) return true;
    let lookup = this.lookups.get(conferenceId);
    if (!lookup) {
      lookup = this.latestNumber(conferenceId).finally(() => this.lookups.delete(conferenceId));
      this.lookups.set(conferenceId, lookup);
    }
    if (number <= (await lookup)) return true;
    // The shared look-up may have started before this release was committed: one more, of its own.
    return number <= (await this.latestNumber(conferenceId));
  }

  /** The latest release number of a conference (0 when none), read now; remembered as the highest seen. */
  async latestNumber(conferenceId: string): Promise<number> {
    const row = await this.releases.findOne({ select: { number: true }, where: { conferenceId }, order: { number: 'DESC' } });
    const latest = row?.number ?? 0;
    this.seen(conferenceId, latest);
    return latest;
  }

  private seen(conferenceId: string, number: number): void {
    if (number > (this.highest.get(conferenceId) ?? 0)) this.highest.set(conferenceId, number);
  }

  private toResponse(r: AgendaReleaseEntity, zone: string): ReleaseResponse {
    return { number: r.number, at: formatInZone(r.at, zone), by: r.by, note: r.note, agendaVersion: r.agendaVersion, items: r.items, changes: r.changes };
  }
}
