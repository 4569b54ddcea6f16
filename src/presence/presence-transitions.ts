import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/errors';
import { BoardPublisher } from './board-publisher';
import { GraceTimers } from './grace-timers';
import { NOT_INVITED } from './presence-access';
import { PresenceEventInput, PresenceEventLog } from './presence-event-log';
import { LiveRecord, PresenceInput, RosterPoint, transition, Transition } from './presence-state';
import { SerialQueue } from './serial-queue';
import { LiveStateLostError, POINT_RECORDS, PointRecords } from './store/presence-store';

/** A conference as a transition needs it: its id and the zone its board entries are rendered in. */
export interface TransitionTarget {
  id: string;
  timezone: string;
}

/** A point's record rebuilt from the event log at first use, and what the restart rule made of it. */
export interface RecoveredPoint {
  pointId: string;
  transition: Transition;
}

/** One input as applied: the record its change was computed from, and the record now stored (the same when nothing changed). */
export interface Applied {
  before: LiveRecord;
  record: LiveRecord;
}

/** Pauses between attempts to record something that already happened (a socket closed) while the log cannot be written. */
const FACT_RETRY_MS = [100, 250, 500, 1000, 2000, 5000];
/** Compare-and-set attempts before giving up (only another instance changing the same point at once makes one fail). */
const MAX_ATTEMPTS = 20;

/**
 * THE place where a presence input becomes a change: the one write path of presence. Check-in, status,
 * agenda ack, checkout, attendance marks, socket closes (the socket's own, a revoked link's, a dead instance's),
 * grace expiry and restart recovery all come through here, and each change happens in this order:
 *
 *   1. the transition is computed from the point's current record (`presence-state.ts`, pure);
 *   2. its line is appended to the event log and COMMITTED — the log is the durable truth; when that write fails
 *      nothing else happens (the board, the store and the timers stay as they were, the caller gets the error,
 *      and a retry computes and logs the same change again);
 *   3. the record is replaced in the store (compare-and-set; inputs for one point run one at a time on this
 *      instance, so only another instance writing the same point at the same instant makes it fail, and the
 *      transition is then computed again from the newer record);
 *   4. the grace timer is armed or cancelled;
 *   5. the board delta is queued (coalesced, sent within 50 ms).
 *
 * Inputs that record what already happened (`applyFact`: a socket closed, a grace period ran out) cannot be refused
 * by a failing log: they are retried until the log takes them, so a dead socket never stays online.
 */
@Injectable()
export class PresenceTransitions {
  private readonly logger = new Logger('PresenceTransitions');
  /** Per point: the tail of its queue of inputs on this instance. */
  private readonly queues = new Map<string, SerialQueue>();
  /** The zone of each conference seen here (grace expiry renders its delta in it). */
  private readonly zones = new Map<string, string>();
  private closing = false;

  constructor(
    @Inject(POINT_RECORDS) private readonly records: PointRecords,
    private readonly log: PresenceEventLog,
    private readonly grace: GraceTimers,
    private readonly board: BoardPublisher,
  ) {}

  /**
   * Applies one input (see the class comment for the order) and resolves with the record now stored (and the one it
   * replaced), once the log line is committed (the caller acks after that). Rejects with the state machine's `AppError` (conflict),
   * `forbidden` when the point is no longer invited, `LiveStateLostError`, or the log's error.
   */
  apply(target: TransitionTarget, pointId: string, input: PresenceInput, at = Date.now()): Promise<Applied> {
    this.zones.set(target.id, target.timezone);
    return this.serial(`${target.id}|${pointId}`, () => this.applyNow(target, pointId, input, at));
  }

  /**
   * Records something that already happened (a socket closed, a grace period ran out, an instance died): retried
   * while the event log cannot be written. Never rejects; a refusal (the point was removed, the state moved on)
   * or a conference whose live state is gone ends it quietly — the reload from the log rebuilds that state.
   */
  async applyFact(target: TransitionTarget, pointId: string, input: PresenceInput, at = Date.now()): Promise<void> {
    for (let attempt = 0; !this.closing; attempt++) {
      try {
        await this.apply(target, pointId, input, at);
        return;
      } catch (e) {
        if (e instanceof AppError || e instanceof LiveStateLostError) return;
        const wait = FACT_RETRY_MS[Math.min(attempt, FACT_RETRY_MS.length - 1)];
        this.logger.warn(`${input.kind} of ${pointId} in ${target.id} not recorded yet (${(e as Error).message}); retrying in ${wait} ms`);
        await new Promise((r) => setTimeout(r, wait).unref());
      }
    }
  }

  /**
   * Restart recovery (first use of a conference in this process, or after Redis lost it): the rebuilt records and
   * the lines of the restart rule are written in the same order as every other change — log first, then the store,
   * then the grace timers. No delta: nobody can have joined the board of a conference that is not loaded yet.
   */
  async install(
    target: TransitionTarget,
    roster: readonly RosterPoint[],
    recovered: readonly RecoveredPoint[],
    at: (pointId: string) => number,
  ): Promise<void> {
    this.zones.set(target.id, target.timezone);
    const lines: PresenceEventInput[] = [];
    for (const p of recovered) if (p.transition.log) lines.push({ conferenceId: target.id, pointId: p.pointId, at: at(p.pointId), ...p.transition.log });
    await this.log.append(lines);
    await this.records.load(target.id, roster, new Map(recovered.map((p) => [p.pointId, p.transition.record])));
    for (const p of recovered) if (p.transition.grace === 'start') this.armGrace(target.id, p.pointId, p.transition.record.since, this.grace.graceMs);
  }

  /** Take-over: a point that was `unstable` with its grace timer on a dead instance gets it here, for the time left. */
  async resumeGrace(conferenceId: string, pointId: string): Promise<void> {
    const r = await this.records.read(conferenceId, pointId);
    if (r?.state === 'unstable' && r.sockets.length === 0) this.armGrace(conferenceId, pointId, r.since, r.since + this.grace.graceMs - Date.now());
  }

  /** Forgets a conference here (ended): its timers stop, its zone is dropped. */
  forget(conferenceId: string): void {
    this.grace.cancelConference(conferenceId);
    this.zones.delete(conferenceId);
  }

  /** Shutdown: timers stop, and facts are no longer retried (the next process rebuilds the state from the log). */
  stop(): void {
    this.closing = true;
    this.grace.stop();
  }

  private async applyNow(target: TransitionTarget, pointId: string, input: PresenceInput, at: number): Promise<Applied> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.records.read(target.id, pointId);
      if (!current) throw AppError.forbidden(NOT_INVITED);
      const t = transition(current, input, at);
      if (t.record === current) return { before: current, record: current };
      // 1. Durable first: when this rejects, nothing below happens.
      if (t.log) await this.log.append([{ conferenceId: target.id, pointId, at, ...t.log }]);
      // 2. The store (compare-and-set).
      if (!(await this.records.replace(target.id, pointId, current, t.record))) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`presence: could not apply ${input.kind} to ${pointId} in ${target.id} (contention)`);
        continue;
      }
      // 3. Timers, 4. the board.
      if (t.grace === 'start') this.armGrace(target.id, pointId, t.record.since, this.grace.graceMs);
      else if (t.grace === 'cancel') this.grace.cancel(target.id, pointId);
      if (t.changed) this.board.changed(target.id, target.timezone, pointId);
      return { before: current, record: t.record };
    }
  }

  private armGrace(conferenceId: string, pointId: string, unstableSince: number, delayMs: number): void {
    this.grace.arm(conferenceId, pointId, delayMs, async () => {
      if (this.closing) return;
      const target = { id: conferenceId, timezone: this.zones.get(conferenceId) ?? 'Asia/Ho_Chi_Minh' };
      await this.applyFact(target, pointId, { kind: 'graceExpired', unstableSince, graceMs: this.grace.graceMs });
    });
  }

  /** Runs `work` after every earlier input of the same point on this instance. */
  private serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new SerialQueue(() => this.queues.delete(key));
      this.queues.set(key, queue);
    }
    return queue.run(work);
  }
}
