import type { PresenceCounts } from '../presence.events';
import type { LiveRecord, RosterPoint } from '../presence-state';

/** An invited point with its live record, as the board and the report read it. */
export interface LiveView {
  readonly point: RosterPoint;
  readonly record: LiveRecord;
}

/** A conference's counts and the `seq` they belong to. */
export interface LiveCounts {
  seq: number;
  counts: PresenceCounts;
  /** How many invited points have each readiness key ok (keys nobody has ok are absent). */
  readinessOk: Record<string, number>;
}

export interface LiveSnapshot extends LiveCounts {
  /** In roster order (level, then code). */
  views: LiveView[];
}

/** A roll call without its lists, as one point sees it. */
export interface RollcallHead {
  id: string;
  conferenceId: string;
  deadline: number;
  open: boolean;
  /** Whether the point asked about answered it. */
  answeredByPoint: boolean;
}

/** An open or closed roll call. Instants are epoch milliseconds. */
export interface RollcallState {
  id: string;
  conferenceId: string;
  deadline: number;
  /** Points asked: checked in when it started, or checking in while it is open. */
  targets: string[];
  /** In the order they answered. */
  answered: string[];
  open: boolean;
}

/**
 * The conference's live state is gone from the shared store although this instance had loaded it (Redis was
 * flushed or restarted without persistence): the caller reloads it from the event log.
 */
export class LiveStateLostError extends Error {
  constructor(readonly conferenceId: string) {
    super(`presence store: the live state of conference ${conferenceId} is gone (Redis lost its data)`);
  }
}

/** How long a place taken for a check-in (`holdPlace`) stays taken without being given back. */
export const PLACE_HOLD_MS = 30_000;

/** Injection tokens: one store implementation (memory | Redis) provides the first two; the registry is Redis-only. */
export const POINT_RECORDS = Symbol('PointRecords');
export const ROLLCALL_STORE = Symbol('RollcallStore');
export const INSTANCE_REGISTRY = Symbol('InstanceRegistry');

/**
 * Live point records: the roster of each conference (invited points, cached on first use so the hot path reads
 * no database), one record per invited point, the board `seq` and the counts.
 *
 * Only `PresenceTransitions` changes a record (`replace`, a compare-and-set, after the event log committed the
 * line); `takeDelta` and `snapshot` are atomic per conference, so a snapshot with `seq = n` contains every change
 * of the deltas up to `n`. Every method is async so that the Redis implementation (several instances) can stand in.
 */
export interface PointRecords {
  /** True once the conference's records are in (a pure check: takes no lock). */
  isLoaded(conferenceId: string): Promise<boolean>;
  /**
   * Before loading: true when the caller must load the conference now (it then holds the load lock, on Redis);
   * false when it is (or, after waiting for another instance's load, has become) loaded.
   */
  claimLoad(conferenceId: string): Promise<boolean>;
  /** Installs the roster and the rebuilt records (at first use). A second `load` replaces nothing. */
  load(conferenceId: string, points: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>): Promise<void>;
  /** Adds points invited after the load (with these records) and removes the ones no longer invited. */
  changeRoster(conferenceId: string, added: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>, removed: readonly string[]): Promise<void>;
  /** The invited point (membership check), or null. */
  point(conferenceId: string, pointId: string): Promise<RosterPoint | null>;
  /** The point's record, or null when it is not (or no longer) invited. Throws `LiveStateLostError`. */
  read(conferenceId: string, pointId: string): Promise<LiveRecord | null>;
  /** Replaces `expected` (a record `read` returned) with `next`; false when it changed meanwhile (nothing written). */
  replace(conferenceId: string, pointId: string, expected: LiveRecord, next: LiveRecord): Promise<boolean>;
  /** The views of these points (unknown ids are skipped). */
  views(conferenceId: string, pointIds: readonly string[]): Promise<LiveView[]>;
  /** Every view, in roster order. */
  all(conferenceId: string): Promise<LiveView[]>;
  /** Takes the next `seq` and reads these points and the counts, atomically. */
  takeDelta(conferenceId: string, pointIds: readonly string[]): Promise<LiveSnapshot>;
  /** The current `seq`, counts and every view, atomically. Throws `LiveStateLostError`. */
  snapshot(conferenceId: string): Promise<LiveSnapshot>;
  /** The snapshot without its views (no record is read): for what needs the counts or the `seq` only. Throws `LiveStateLostError`. */
  counts(conferenceId: string): Promise<LiveCounts>;
  /**
   * The connection cap: takes one of `cap` places for a check-in about to be applied, counting the points online or
   * unstable and the places taken and not given back, on every instance; `held` false when none is left (`counted`:
   * the points online or unstable). `holder` names the place for `releasePlace`; a place not given back within
   * `PLACE_HOLD_MS` (its instance died) is free again. Throws `LiveStateLostError`.
   */
  holdPlace(conferenceId: string, cap: number, holder: string): Promise<{ held: boolean; counted: number }>;
  /** Gives a place back (the check-in was applied, and the point is counted, or it failed). */
  releasePlace(conferenceId: string, holder: string): Promise<void>;
  /** True when this instance had loaded the conference and found it gone from the store since (Redis lost it). */
  wasLost(conferenceId: string): boolean;
  /** Drops what this instance keeps of the conference in memory (an ended conference); it is loaded again on use. */
  forget(conferenceId: string): Promise<void>;
}

/** Roll calls, shared by the instances so that any of them can close one whose instance died. */
export interface RollcallStore {
  /** Opens a roll call; false when the conference already has an open one (not past its deadline). */
  startRollcall(rollcall: RollcallState): Promise<boolean>;
  rollcall(id: string): Promise<RollcallState | null>;
  /**
   * The roll call without its lists, and whether `pointId` answered it: all that an answer needs (reading the lists
   * for each of 10,000 answers made a roll call's answers quadratic).
   */
  rollcallFor(id: string, pointId: string): Promise<RollcallHead | null>;
  /** The conference's open roll call as `rollcallFor` reads it, or null: all that a check-in needs. */
  openRollcallFor(conferenceId: string, pointId: string): Promise<RollcallHead | null>;
  /** Adds a point to an open roll call's targets; false when it is closed or already there. */
  addRollcallTarget(id: string, pointId: string): Promise<boolean>;
  /** Records an answer to an open roll call; false when it is closed or already answered. */
  answerRollcall(id: string, pointId: string): Promise<boolean>;
  /** Closes it: true for the one caller that closed it (that caller sends the final result). Closed ones are kept a while, then dropped. */
  closeRollcall(id: string): Promise<boolean>;
  /** Ids of open roll calls whose deadline is at or before `now` (their instance may have died). */
  dueRollcalls(now: number): Promise<string[]>;
}

/** A checked-in socket of some instance, as its per-instance set records it. */
export interface InstanceSocket {
  conferenceId: string;
  pointId: string;
  socketId: string;
}

/** Several instances: what each instance holds, so that another can take over when it dies. One instance: empty. */
export interface InstanceRegistry {
  /** The checked-in sockets recorded for an instance. */
  instanceSockets(instanceId: string): Promise<InstanceSocket[]>;
  /** Points that turned unstable on an instance (their grace timers ran there); some may be back or offline since. */
  instanceUnstable(instanceId: string): Promise<Array<{ conferenceId: string; pointId: string }>>;
  /** Forgets a dead instance's sets (after its sockets were dropped and its grace timers re-armed elsewhere). */
  forgetInstance(instanceId: string): Promise<void>;
}
