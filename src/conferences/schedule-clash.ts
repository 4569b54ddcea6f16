import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError, ErrorCode } from '../common/errors';
import { formatInZone, intervalsOverlap } from '../common/time/time';
import { inIdSet } from '../database/transactions';
import { hydrateRaw } from '../database/raw-rows';
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
  return (
    booking.conferenceId !== window.conferenceId &&
    !RELEASED.includes(booking.status) &&
    intervalsOverlap(window.startsAt, window.endsAt, booking.startsAt, booking.endsAt)
  );
}

/** The clashing bookings among `bookings`, as the 409 details list them (ordered by start, then point). */
export function scheduleClashes(window: ConferenceWindow, bookings: Booking[]): ScheduleClash[] {
  // Many points usually clash with the same few conferences: render each conference's times once.
  const shown = new Map<string, { startsAt: string; endsAt: string }>();
  const times = (b: Booking) => {
    let t = shown.get(b.conferenceId);
    if (!t) shown.set(b.conferenceId, (t = { startsAt: formatInZone(b.startsAt, b.timezone), endsAt: formatInZone(b.endsAt, b.timezone) }));
    return t;
  };
  return bookings
    .filter((b) => clashes(window, b))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || cmp(a.pointId, b.pointId) || cmp(a.conferenceId, b.conferenceId))
    .map((b) => ({ pointId: b.pointId, conferenceId: b.conferenceId, title: b.title, ...times(b) }));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The 409 for a non-empty clash list; `forceHint: false` for a request that takes no `force` (a copy). */
export function scheduleClashError(list: ScheduleClash[], forceHint = true): AppError {
  const first = list[0];
  const others = list.length - 1;
  return new AppError(
    ErrorCode.ScheduleClash,
    {
      vi: `Trùng lịch với hội nghị "${first.title}"${others ? ` (và ${others} trường hợp khác)` : ''}${forceHint ? '. Gửi "force": true để vẫn thực hiện' : ''}`,
      en: `Schedule clash with "${first.title}"${others ? ` (and ${others} more)` : ''}${forceHint ? '; send "force": true to go ahead' : ''}`,
    },
    list,
    { title: first.title, others },
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
    const [pointsMatch, params] = inIdSet(em, 'cp.pointId', 'ids', ids);
    const qb = em
      .createQueryBuilder(ConferencePointEntity, 'cp')
      .innerJoin(ConferenceEntity, 'c', 'c.id = cp.conferenceId')
      .select('cp.pointId', 'pointId')
      .addSelect('c.id', 'conferenceId')
      .addSelect('c.title', 'title')
      .addSelect('c.startsAt', 'startsAt')
      .addSelect('c.endsAt', 'endsAt')
      .addSelect('c.timezone', 'timezone')
      .addSelect('c.status', 'status')
      .where(pointsMatch, params)
      .andWhere('c.status NOT IN (:...released)', { released: RELEASED })
      .andWhere('c.startsAt < :end AND c.endsAt > :start', { start: window.startsAt, end: window.endsAt });
    if (window.conferenceId) qb.andWhere('c.id <> :self', { self: window.conferenceId });
    // Raw rows skip entity hydration (thousands of rows stay cheap); hydrateRaw turns the stored times into Dates.
    const raw = hydrateRaw(em, ConferenceEntity, await qb.getRawMany<Record<keyof Booking, unknown>>());
    const bookings: Booking[] = raw.map((r) => ({
      pointId: String(r.pointId),
      conferenceId: String(r.conferenceId),
      title: String(r.title),
      timezone: String(r.timezone),
      status: r.status as ConferenceStatus,
      startsAt: r.startsAt as Date,
      endsAt: r.endsAt as Date,
    }));
    return scheduleClashes(window, bookings);
  }

  /**
   * Throws 409 `schedule_clash` (details = the clashes) unless there are none or `force` is set; `forceHint: false` for
   * a request that takes no `force` (its message then does not suggest it).
   */
  async assertFree(em: EntityManager, window: ConferenceWindow, pointIds: string[], force: boolean | undefined, forceHint = true): Promise<void> {
    if (force) return;
    const list = await this.find(em, window, pointIds);
    if (list.length) throw scheduleClashError(list, forceHint);
  }
}
