import type { PresenceCounts } from '../presence.events';
import type { LiveRecord, RosterPoint } from '../presence-state';

/** An invited point with its live record, as the board and the report read it. */
export interface LiveView {
  readonly point: RosterPoint;
  readonly record: LiveRecord;
}

export interface LiveSnapshot {
  seq: number;
  counts: PresenceCounts;
  /** In roster order (level, then code). */
  views: LiveView[];
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

/** Injection token of the live state store. */
export const PRESENCE_STORE = Symbol('PresenceStore');

/**
 * Live presence state: the roster of each conference (invited points, cached on first use so the hot
 * path reads no database), one record per invited point, the board `seq` and the roll calls.
 *
 * Every method is async so that a Redis implementation (several instances, shared `seq`, socket sets
 * across instances) can replace the in-memory one without the service or the gateway changing.
 * `update` is the only way to change a record and must be atomic per point (in Redis: WATCH/MULTI
 * retrying `fn`, which is pure; or a script); `takeDelta` and `snapshot` must be atomic per conference
 * so that a snapshot with `seq = n` contains every change of the deltas up to `n`.
 */
export interface PresenceStore {
  /** True once `load` ran for the conference (on this store). */
  isLoaded(conferenceId: string): Promise<boolean>;
  /** Installs the roster and the rebuilt records (at first use). A second `load` replaces nothing. */
  load(conferenceId: string, points: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>): Promise<void>;
  /** Adds points invited after the load (absent records); points already there are kept as they are. */
  addPoints(conferenceId: string, points: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>): Promise<void>;
  /** The invited point (membership check), or null. */
  point(conferenceId: string, pointId: string): Promise<RosterPoint | null>;
  /**
   * Atomically replaces the record with `fn(current)`; `fn` returns null to leave it as it is, and may
   * throw to refuse (nothing is written). Resolves with the record now stored.
   */
  update(conferenceId: string, pointId: string, fn: (current: LiveRecord) => LiveRecord | null): Promise<LiveRecord>;
  /** The views of these points (unknown ids are skipped). */
  views(conferenceId: string, pointIds: readonly string[]): Promise<LiveView[]>;
  /** Every view, in roster order. */
  all(conferenceId: string): Promise<LiveView[]>;
  /** Takes the next `seq` and reads these points and the counts, atomically. */
  takeDelta(conferenceId: string, pointIds: readonly string[]): Promise<LiveSnapshot>;
  /** The current `seq`, counts and every view, atomically. */
  snapshot(conferenceId: string): Promise<LiveSnapshot>;

  /** Opens a roll call; false when the conference already has an open one. */
  startRollcall(rollcall: RollcallState): Promise<boolean>;
  rollcall(id: string): Promise<RollcallState | null>;
  openRollcall(conferenceId: string): Promise<RollcallState | null>;
  /** Adds a point to an open roll call's targets; false when it is closed or already there. */
  addRollcallTarget(id: string, pointId: string): Promise<boolean>;
  /** Records an answer to an open roll call; false when it is closed or already answered. */
  answerRollcall(id: string, pointId: string): Promise<boolean>;
  /** Closes it and returns its final state (null when unknown). */
  closeRollcall(id: string): Promise<RollcallState | null>;
}
