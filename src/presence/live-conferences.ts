import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { ConferenceSchedule } from '../conferences/conference-schedule';
import {
  CONFERENCE_CHANGED,
  CONFERENCE_POINTS_CHANGED,
  type ConferenceChangedEvent,
  type ConferencePointsChangedEvent,
} from '../conferences/conferences.events';
import { ConferencesService } from '../conferences/conferences.service';
import { MetricsService } from '../metrics/metrics.service';
import { LiveRooms, rooms } from './live-rooms';
import { PresenceEventLog } from './presence-event-log';
import { newRecord, type RosterPoint } from './presence-state';
import { PresenceTransitions } from './presence-transitions';
import { RestartRecovery, toRosterPoint } from './restart-recovery';
import { POINT_RECORDS, PointRecords } from './store/presence-store';

/** A cached schedule older than this is refreshed in the background (conference.changed updates it at once). */
const SCHEDULE_TTL_MS = 5_000;
/** A failed background refresh is tried again after this long (the cached schedule is served meanwhile). */
const SCHEDULE_RETRY_MS = 1_000;
/** "Not invited" answers are remembered this long, so a misbehaving client cannot make every event a query. */
const NOT_INVITED_TTL_MS = 5_000;
/** An ended or cancelled conference is forgotten from memory this long after it closed (reloaded from the log on use). */
export const CLOSED_CONFERENCE_RETAIN_MS = 10 * 60_000;
/** `/live` handshakes wait at most this long for the start-up restore (a conference not restored by then loads on first use). */
export const RESTORE_WAIT_MS = 30_000;

interface CachedSchedule {
  schedule: ConferenceSchedule;
  fetchedAt: number;
  refreshing: Promise<ConferenceSchedule> | null;
  /** The latest `conference.changed` (status and times), kept over a read that may have started before it. */
  changed: { at: number; status: ConferenceSchedule['status']; startsAt: Date; endsAt: Date; updatedAt: Date } | null;
}

/**
 * What presence needs to know of a conference without asking the database on every event: its schedule (status,
 * zone) and its roster of invited points, loaded into the store on first use (through `RestartRecovery`), kept in
 * step with invitations (`conference.points.changed`), and forgotten a while after the conference closed.
 */
@Injectable()
export class LiveConferences implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveConferences');
  private readonly schedules = new Map<string, CachedSchedule>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly rosterRefresh = new Map<string, Promise<void>>();
  private readonly notInvited = new Map<string, number>();
  private readonly evictions = new Map<string, NodeJS.Timeout>();
  private restoring: Promise<void> = Promise.resolve();
  /** The start-up restore is over (or was never started: tests that do not bootstrap the application). */
  private restoreDone = true;

  constructor(
    private readonly conferences: ConferencesService,
    @Inject(POINT_RECORDS) private readonly store: PointRecords,
    private readonly recovery: RestartRecovery,
    private readonly transitions: PresenceTransitions,
    private readonly log: PresenceEventLog,
    private readonly rooms: LiveRooms,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * After a restart, the conferences that are open and have a presence log are restored from it at once, one after
   * the other, before any client is let in (`restored`): otherwise the thousands of points reconnecting together
   * each wait on the first load while their handshakes and check-ins compete with it. With several instances the
   * store already holds them and this does nothing.
   */
  onApplicationBootstrap(): void {
    this.restoreDone = false;
    this.restoring = this.restoreOpen().finally(() => (this.restoreDone = true));
  }

  get isRestored(): boolean {
    return this.restoreDone;
  }

  private async restoreOpen(): Promise<void> {
    const startedAt = Date.now();
    let ids: string[];
    try {
      const [open, logged] = await Promise.all([this.conferences.openIds(), this.log.conferenceIds()]);
      const withLog = new Set(logged);
      ids = open.filter((id) => withLog.has(id));
    } catch (e) {
      this.logger.error(`open conferences not restored at start-up (they load on first use): ${(e as Error).message}`);
      return;
    }
    for (const id of ids) {
      try {
        await this.ensureLoaded(id);
      } catch (e) {
        this.logger.error(`conference ${id} not restored at start-up (it loads on first use): ${(e as Error).message}`);
      }
    }
    if (ids.length) this.logger.log(`${ids.length} open conference(s) restored from the presence log in ${Date.now() - startedAt} ms`);
  }

  /** Settles once the start-up restore is done, or after `RESTORE_WAIT_MS` at most; never rejects. */
  restored(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, RESTORE_WAIT_MS);
      timer.unref();
    });
    return Promise.race([this.restoring, cap]).finally(() => clearTimeout(timer));
  }

  /** The conference's schedule (404 when unknown). `fresh` reads the database now. */
  async schedule(conferenceId: string, fresh = false): Promise<ConferenceSchedule> {
    const hit = this.schedules.get(conferenceId);
    if (hit && !fresh) {
      if (Date.now() - hit.fetchedAt > SCHEDULE_TTL_MS) this.refreshInBackground(conferenceId, hit);
      return hit.schedule;
    }
    return this.fetchSchedule(conferenceId);
  }

  private async fetchSchedule(conferenceId: string): Promise<ConferenceSchedule> {
    const startedAt = Date.now();
    let schedule = await this.conferences.findSchedule(conferenceId);
    this.forgetOnceClosed(conferenceId, schedule.status);
    const hit = this.schedules.get(conferenceId);
    if (!hit) {
      this.schedules.set(conferenceId, { schedule, fetchedAt: Date.now(), refreshing: null, changed: null });
      return schedule;
    }
    // A change announced after this read started wins over what the read found (it may predate the commit).
    const stale = hit.changed !== null && hit.changed.at >= startedAt;
    if (stale) {
      const { status, startsAt, endsAt, updatedAt } = hit.changed!;
      schedule = { ...schedule, status, startsAt, endsAt, updatedAt };
    }
    Object.assign(hit, { schedule, fetchedAt: stale ? 0 : Date.now() });
    return schedule;
  }

  /** One refresh at a time; when it fails, the cached schedule is kept and the next use after `SCHEDULE_RETRY_MS` tries again. */
  private refreshInBackground(conferenceId: string, hit: CachedSchedule): void {
    if (hit.refreshing) return;
    hit.refreshing = this.fetchSchedule(conferenceId)
      .catch((e: unknown) => {
        this.logger.warn(`schedule of ${conferenceId} not refreshed: ${(e as Error).message}`);
        hit.fetchedAt = Date.now() - SCHEDULE_TTL_MS + SCHEDULE_RETRY_MS;
        return hit.schedule;
      })
      .finally(() => (hit.refreshing = null));
  }

  /** Status, times and `updatedAt` (an ended conference's end) apply at once; the rest (the zone may have changed too) is re-read in the background. */
  @OnEvent(CONFERENCE_CHANGED)
  onConferenceChanged(e: ConferenceChangedEvent): void {
    this.forgetOnceClosed(e.conferenceId, e.status);
    const hit = this.schedules.get(e.conferenceId);
    if (!hit) return;
    hit.schedule = { ...hit.schedule, status: e.status, startsAt: e.startsAt, endsAt: e.endsAt, updatedAt: e.updatedAt };
    hit.changed = { at: Date.now(), status: e.status, startsAt: e.startsAt, endsAt: e.endsAt, updatedAt: e.updatedAt };
    hit.fetchedAt = 0;
    this.refreshInBackground(e.conferenceId, hit);
  }

  /** A closed conference is forgotten here `CLOSED_CONFERENCE_RETAIN_MS` later (whichever instance learns it is closed). */
  private forgetOnceClosed(conferenceId: string, status: ConferenceSchedule['status']): void {
    if ((status !== 'ended' && status !== 'cancelled') || this.evictions.has(conferenceId)) return;
    const timer = setTimeout(() => void this.forget(conferenceId).catch(() => undefined), CLOSED_CONFERENCE_RETAIN_MS);
    timer.unref();
    this.evictions.set(conferenceId, timer);
  }

  /** Invitations changed: the roster follows (a removed point can no longer check in). */
  @OnEvent(CONFERENCE_POINTS_CHANGED)
  async onPointsChanged(e: ConferencePointsChangedEvent): Promise<void> {
    for (const pointId of e.added) this.notInvited.delete(`${e.conferenceId}|${pointId}`);
    try {
      if (await this.store.isLoaded(e.conferenceId)) await this.refreshRoster(e.conferenceId);
    } catch (err) {
      this.logger.error(`roster of ${e.conferenceId} not refreshed: ${(err as Error).stack ?? String(err)}`);
    }
  }

  /**
   * The invited point, or null. A hit in the cached roster costs no query; a miss asks the database (the point may
   * have been invited since the roster was cached) and remembers a "no" for a few seconds. Loads nothing (and takes
   * no lock) for a point that is not invited.
   */
  async member(conferenceId: string, pointId: string): Promise<RosterPoint | null> {
    const loaded = await this.store.isLoaded(conferenceId);
    if (loaded) {
      const hit = await this.store.point(conferenceId, pointId);
      if (hit) return hit;
    }
    const key = `${conferenceId}|${pointId}`;
    if ((this.notInvited.get(key) ?? 0) > Date.now()) return null;
    if (!(await this.conferences.isInvited(conferenceId, pointId))) {
      this.rememberNotInvited(key);
      return null;
    }
    if (loaded) await this.refreshRoster(conferenceId);
    else await this.ensureLoaded(conferenceId);
    return this.store.point(conferenceId, pointId);
  }

  private rememberNotInvited(key: string): void {
    if (this.notInvited.size > 10_000) {
      const now = Date.now();
      for (const [k, until] of this.notInvited) if (until <= now) this.notInvited.delete(k);
      if (this.notInvited.size > 100_000) this.notInvited.clear();
    }
    this.notInvited.set(key, Date.now() + NOT_INVITED_TTL_MS);
  }

  /** Loads the conference's live state at first use (once, however many callers wait for it); 404 when unknown. */
  async ensureLoaded(conferenceId: string, lost = false): Promise<void> {
    if (await this.store.isLoaded(conferenceId)) return;
    let p = this.loading.get(conferenceId);
    if (!p) {
      p = this.load(conferenceId, lost).finally(() => this.loading.delete(conferenceId));
      this.loading.set(conferenceId, p);
    }
    return p;
  }

  /** Redis lost the conference's live state: rebuild it from the event log. */
  async reload(conferenceId: string): Promise<void> {
    this.logger.warn(`live state of conference ${conferenceId} was lost from the store: rebuilding it from the event log`);
    await this.store.forget(conferenceId);
    await this.ensureLoaded(conferenceId, true);
  }

  /** Adds the points invited since the roster was cached and removes the ones no longer invited. */
  refreshRoster(conferenceId: string): Promise<void> {
    let p = this.rosterRefresh.get(conferenceId);
    if (!p) {
      p = (async () => {
        const invited = await this.conferences.invitedPoints(conferenceId);
        const views = await this.store.all(conferenceId);
        const known = new Set(views.map((v) => v.point.pointId));
        const now = new Set(invited.map((i) => i.pointId));
        const added = invited.filter((i) => !known.has(i.pointId)).map(toRosterPoint);
        const gone = views.filter((v) => !now.has(v.point.pointId));
        const removed = gone.map((v) => v.point.pointId);
        if (!added.length && !removed.length) return;
        const at = Date.now();
        await this.store.changeRoster(conferenceId, added, new Map(added.map((a) => [a.pointId, newRecord(at)])), removed);
        // the boards' snapshots list other points now: they join again (a delta cannot say that a point is gone)
        this.rooms.to(rooms.board(conferenceId)).emit('roster', { conferenceId, added: added.map((a) => a.pointId), removed });
        // a removed point's open sockets hear it at once, each of its own removal only, and no longer get the
        // conference's pushes (agenda, notices, roll calls)
        for (const v of gone) {
          const sockets = rooms.checkedIn([v]);
          this.rooms.to(sockets).emit('roster', { conferenceId, added: [], removed: [v.point.pointId] });
          this.rooms.leave(sockets, [rooms.conference(conferenceId)]);
        }
      })().finally(() => this.rosterRefresh.delete(conferenceId));
      this.rosterRefresh.set(conferenceId, p);
    }
    return p;
  }

  private async load(conferenceId: string, lost: boolean): Promise<void> {
    const schedule = await this.schedule(conferenceId, true);
    if (!(await this.store.claimLoad(conferenceId))) return; // another instance loaded it meanwhile
    await this.recovery.recover(schedule, await this.conferences.invitedPoints(conferenceId), lost || this.store.wasLost(conferenceId));
  }

  /** Forgets a closed conference in this process (memory, timers, metric labels); it is reloaded from the log on use. */
  async forget(conferenceId: string): Promise<void> {
    const timer = this.evictions.get(conferenceId);
    if (timer) clearTimeout(timer);
    this.evictions.delete(conferenceId);
    this.schedules.delete(conferenceId);
    this.transitions.forget(conferenceId);
    this.metrics?.forgetConference(conferenceId);
    await this.store.forget(conferenceId);
  }

  /** How many conferences this process keeps a schedule of (tests and metrics). */
  get cached(): number {
    return this.schedules.size;
  }

  onModuleDestroy(): void {
    for (const t of this.evictions.values()) clearTimeout(t);
    this.evictions.clear();
  }
}
