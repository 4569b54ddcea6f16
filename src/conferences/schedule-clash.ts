import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, ErrorCode } from '../common/errors';
import { formatInZone, intervalsOverlap } from '../common/time/time';
import { ConferencePointEntity } from './entities/conference-point.entity';
import { ConferenceEntity, type ConferenceStatus } from './entities/conference.entity';

/** The time a conference occupies, `[startsAt, endsAt)`. */
export interface ConferenceWindow {
  /** The conference being planned (never clashes with itself); null while it is being created. */
  conferenceId: string | null;
  startsAt: Date;
  endsAt: Date;
}

/** Another conference a point already takes part in. */
export interface Booking {
  pointId: string;
  conferenceId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  status: ConferenceStatus;
}

/** One entry of a 409 `schedule_clash` answer; times rendered in the other conference's timezone. */
export interface ScheduleClash {
  pointId: string;
  conferenceId: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

/** Statuses that no longer hold a point's time. */
const RELEASED: ConferenceStatus[] = ['ended', 'cancelled'];

/**
 * True when the booking keeps the point busy during the window: another conference, not ended or cancelled,
 * whose half-open interval overlaps (touching intervals do not clash).
 */
export function clashes(window: ConferenceWindow, booking: Booking): boolean {
  return booking.conferenceId !== window.conferenceId
    && !RELEASED.includes(booking.status)
    && intervalsOverlap(window.startsAt, window.endsAt, booking.startsAt, booking.endsAt);
}

/** The clashing bookings among `bookings`, as the 409 details list them (ordered by start, then point). */
export function scheduleClashes(window: ConferenceWindow, bookings: Booking[]): ScheduleClash[] {
  return bookings
    .filter((b) => clashes(window, b))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.pointId.localeCompare(b.pointId) || a.conferenceId.localeCompare(b.conferenceId))
    .map((b) => ({ pointId: b.pointId, conferenceId: b.conferenceId, title: b.title, startsAt: formatInZone(b.startsAt, b.timezone), endsAt: formatInZone(b.endsAt, b.timezone) }));
}

/** The 409 for a non-empty clash list. */
export function scheduleClashError(list: ScheduleClash[]): AppError {
  const first = list[0];
  const more = list.length > 1 ? ` (và ${list.length - 1} trường hợp khác / and ${list.length - 1} more)` : '';
  return new AppError(
    ErrorCode.ScheduleClash,
    `Trùng lịch với hội nghị "${first.title}"${more}. Gửi "force": true để vẫn thực hiện / Schedule clash with "${first.title}"${more}; send "force": true to go ahead`,
    list,
  );
}

/**
 * Finds schedule clashes with one set query for all candidate points (never one query per point):
 * the point ids travel as a single array parameter (`json_each` on SQLite, `ANY(uuid[])` on PostgreSQL).
 */
@Injectable()
export class ScheduleClashFinder {
  async find(em: EntityManager, window: ConferenceWindow, pointIds: string[]): Promise<ScheduleClash[]> {
    const ids = [...new Set(pointIds)];
    if (!ids.length) return [];
    const pg = em.connection.options.type === 'postgres';
    const qb = em
      .createQueryBuilder(ConferenceEntity, 'c')
      .innerJoin(ConferencePointEntity, 'cp', 'cp.conferenceId = c.id')
      .addSelect('cp.pointId', 'booking_point_id')
      .where(pg ? 'cp.pointId = ANY(CAST(:ids AS uuid[]))' : 'cp.pointId IN (SELECT value FROM json_each(:ids))', { ids: pg ? ids : JSON.stringify(ids) })
      .andWhere('c.status NOT IN (:...released)', { released: RELEASED })
      .andWhere('c.startsAt < :end AND c.endsAt > :start', { start: window.startsAt, end: window.endsAt });
    if (window.conferenceId) qb.andWhere('c.id <> :self', { self: window.conferenceId });
    const { entities, raw } = await qb.getRawAndEntities<{ c_id: string; booking_point_id: string }>();
    const byId = new Map(entities.map((c) => [c.id, c]));
    const bookings: Booking[] = raw.map((r) => {
      const c = byId.get(r.c_id)!;
      return { pointId: r.booking_point_id, conferenceId: c.id, title: c.title, startsAt: c.startsAt, endsAt: c.endsAt, timezone: c.timezone, status: c.status };
    });
    return scheduleClashes(window, bookings);
  }

  /** Throws 409 `schedule_clash` (details = the clashes) unless there are none or `force` is set. */
  async assertFree(em: EntityManager, window: ConferenceWindow, pointIds: string[], force: boolean | undefined): Promise<void> {
    if (force) return;
    const list = await this.find(em, window, pointIds);
    if (list.length) throw scheduleClashError(list);
  }
}
