import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { ConferenceSchedule, InvitedPoint } from '../conferences/conference-schedule';
import { CONFERENCE_CHANGED, type ConferenceChangedEvent } from '../conferences/conferences.events';
import { ConferencesService } from '../conferences/conferences.service';
import { AttendanceMarkEntity } from './entities/attendance-mark.entity';
import { GraceTimers } from './grace-timers';
import { PresenceEventInput, PresenceEventLog } from './presence-event-log';
import { LiveRecord, LoggedEvent, newRecord, replay, RosterPoint, transition } from './presence-state';
import { PRESENCE_STORE, PresenceStore } from './store/presence-store';

/** A cached schedule older than this is refreshed in the background (conference.changed updates it at once). */
const SCHEDULE_TTL_MS = 5_000;
/** "Not invited" answers are remembered this long, so a misbehaving client cannot make every event a query. */
const NOT_INVITED_TTL_MS = 5_000;

interface CachedSchedule {
  schedule: ConferenceSchedule;
  fetchedAt: number;
  refreshing: Promise<ConferenceSchedule> | null;
}

function toRosterPoint(p: InvitedPoint): RosterPoint {
  return { pointId: p.pointId, code: p.code, name: p.name, level: p.level, parentId: p.parentId };
}

/**
 * What presence needs to know of a conference without asking the database on every event: its
 * schedule (status, zone) and its roster, loaded into the store on first use. The first use also
 * rebuilds live state from the event log, so that after a restart the points that were online come
 * back `unstable` (and go `offline` after the grace unless their clients check in again).
 */
@Injectable()
export class LiveConferences {
  /** When this process started serving presence: the latest moment a socket of the previous process could have been seen. */
  readonly bootAt = Date.now();
  private readonly schedules = new Map<string, CachedSchedule>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly rosterRefresh = new Map<string, Promise<void>>();
  private readonly notInvited = new Map<string, number>();

  constructor(
    private readonly conferences: ConferencesService,
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    private readonly log: PresenceEventLog,
    private readonly grace: GraceTimers,
    @InjectRepository(AttendanceMarkEntity) private readonly marks: Repository<AttendanceMarkEntity>,
  ) {}

  /** The conference's schedule (404 when unknown). `fresh` reads the database now. */
  async schedule(conferenceId: string, fresh = false): Promise<ConferenceSchedule> {
    const hit = this.schedules.get(conferenceId);
    if (hit && !fresh) {
      if (Date.now() - hit.fetchedAt > SCHEDULE_TTL_MS && !hit.refreshing) {
        hit.refreshing = this.fetchSchedule(conferenceId).catch(() => hit.schedule);
      }
      return hit.schedule;
    }
    return this.fetchSchedule(conferenceId);
  }

  private async fetchSchedule(conferenceId: string): Promise<ConferenceSchedule> {
    const schedule = await this.conferences.findSchedule(conferenceId);
    this.schedules.set(conferenceId, { schedule, fetchedAt: Date.now(), refreshing: null });
    return schedule;
  }

  /** Status and times apply at once; the rest (the zone may have changed too) is re-read in the background. */
  @OnEvent(CONFERENCE_CHANGED)
  onConferenceChanged(e: ConferenceChangedEvent): void {
    const hit = this.schedules.get(e.conferenceId);
    if (!hit) return;
    hit.schedule = { ...hit.schedule, status: e.status, startsAt: e.startsAt, endsAt: e.endsAt };
    hit.refreshing ??= this.fetchSchedule(e.conferenceId).catch(() => hit.schedule);
  }

  /**
   * The invited point, or null. A hit in the cached roster costs no query; a miss asks the database
   * (the point may have been invited since the roster was cached) and remembers a "no" for a few seconds.
   */
  async member(conferenceId: string, pointId: string): Promise<RosterPoint | null> {
    if (await this.store.isLoaded(conferenceId)) {
      const hit = await this.store.point(conferenceId, pointId);
      if (hit) return hit;
    }
    const key = `${conferenceId}|${pointId}`;
    if ((this.notInvited.get(key) ?? 0) > Date.now()) return null;
    if (!(await this.conferences.isInvited(conferenceId, pointId))) {
      if (this.notInvited.size > 100_000) this.notInvited.clear();
      this.notInvited.set(key, Date.now() + NOT_INVITED_TTL_MS);
      return null;
    }
    if (await this.store.isLoaded(conferenceId)) await this.refreshRoster(conferenceId);
    else await this.ensureLoaded(conferenceId);
    return this.store.point(conferenceId, pointId);
  }

  /** Loads the conference's live state at first use (once, however many callers wait for it); 404 when unknown. */
  async ensureLoaded(conferenceId: string): Promise<void> {
    if (await this.store.isLoaded(conferenceId)) return;
    let p = this.loading.get(conferenceId);
    if (!p) {
      p = this.load(conferenceId).finally(() => this.loading.delete(conferenceId));
      this.loading.set(conferenceId, p);
    }
    return p;
  }

  /** Adds the points invited since the roster was cached. */
  refreshRoster(conferenceId: string): Promise<void> {
    let p = this.rosterRefresh.get(conferenceId);
    if (!p) {
      p = (async () => {
        const invited = await this.conferences.invitedPoints(conferenceId);
        const known = new Set((await this.store.all(conferenceId)).map((v) => v.point.pointId));
        const added = invited.filter((i) => !known.has(i.pointId)).map(toRosterPoint);
        const at = Date.now();
        await this.store.addPoints(conferenceId, added, new Map(added.map((a) => [a.pointId, newRecord(at)])));
      })().finally(() => this.rosterRefresh.delete(conferenceId));
      this.rosterRefresh.set(conferenceId, p);
    }
    return p;
  }

  private async load(conferenceId: string): Promise<void> {
    await this.schedule(conferenceId, true);
    const [invited, marks, events] = await Promise.all([
      this.conferences.invitedPoints(conferenceId),
      this.marks.findBy({ conferenceId }),
      this.log.list(conferenceId),
    ]);
    const at = Date.now();
    const byPoint = new Map<string, LoggedEvent[]>();
    for (const e of events) {
      const list = byPoint.get(e.pointId);
      if (list) list.push(e);
      else byPoint.set(e.pointId, [e]);
    }
    const markOf = new Map(marks.map((m) => [m.pointId, m]));
    const roster = invited.map(toRosterPoint);
    const records = new Map<string, LiveRecord>();
    const restartLog: PresenceEventInput[] = [];
    const unstable: Array<{ pointId: string; since: number }> = [];
    for (const p of roster) {
      const history = byPoint.get(p.pointId) ?? [];
      const mark = markOf.get(p.pointId);
      let record = replay(history, newRecord(at));
      if (mark) record = { ...record, attendance: mark.attendance, attendanceReason: mark.reason };
      // Sockets do not survive a restart: an online point dropped when the old process went away.
      const dropAt = Math.max(this.bootAt, history.length ? history[history.length - 1].at : 0);
      const t = transition(record, { kind: 'restart' }, dropAt);
      record = t.record;
      if (t.log) restartLog.push({ conferenceId, pointId: p.pointId, at: dropAt, ...t.log });
      if (t.grace === 'start') unstable.push({ pointId: p.pointId, since: record.since });
      records.set(p.pointId, record);
    }
    await this.log.append(restartLog);
    await this.store.load(conferenceId, roster, records);
    for (const u of unstable) this.grace.arm(conferenceId, u.pointId, u.since);
  }
}
