import { AppError, ErrorCode } from '../common/errors';
import type { PresenceEventType } from './entities/presence-event.entity';
import { AUTO_AV, AUTO_CONNECTED, withMark, type ReadinessMarks } from './readiness/readiness-marks';
import type { AttendanceKind, Level, PresenceState, SignalQuality } from './presence.events';

/**
 * The one state machine of a point in a conference, as pure functions (no I/O, no clock):
 *
 *   absent ──checkin──▶ online ──last socket drops──▶ unstable ──grace expires──▶ offline
 *                         ▲  ◀──────── any socket checks in again ─────────┘          │
 *                         └───────────────────── checkin ◀────────────────────────────┘
 *   online | unstable | offline ──checkout──▶ left ──checkin──▶ online
 *
 * A point may have several sockets; it is online while any of them is checked in. A reconnect is the
 * same record (its drop was counted when the last socket went), never a second one, and a socket that
 * closes only removes itself, so the cleanup of an old connection never removes a newer one.
 */

/** What the board and the store know of an invited point that does not change during a conference. */
export interface RosterPoint {
  pointId: string;
  code: string;
  name: string;
  level: Level;
  parentId: string | null;
}

/** The live record of one point in one conference. Instants are epoch milliseconds (UTC). */
export interface LiveRecord {
  state: PresenceState;
  /** When the state last changed. */
  since: number;
  /** The last time the server heard from the point (check-in, status, ack) or saw its last socket go. */
  lastSeenAt: number | null;
  /** Ids of the sockets checked in for this point now (on any instance). */
  sockets: string[];
  /** Times its last socket dropped. */
  drops: number;
  audio: SignalQuality | null;
  video: SignalQuality | null;
  note: string | null;
  agendaVersion: number | null;
  /** The latest agenda release acknowledged (absent in records stored before releases existed: read as null). */
  release?: number | null;
  attendance: AttendanceKind | null;
  attendanceReason: string | null;
  firstCheckinAt: number | null;
  /** Readiness reports by key (v2; absent in records stored before it: read as none). */
  readiness?: ReadinessMarks;
  /** Connected time of the closed online intervals. */
  connectedMs: number;
  /** Start of the open online interval, when online. */
  onlineSince: number | null;
}

export type PresenceInput =
  | { kind: 'checkin'; socketId: string; via: 'link' | 'user' }
  /** `reason`: why the server closed it (e.g. `link_revoked`), kept in the log's disconnect line. */
  | { kind: 'socketClosed'; socketId: string; reason?: string; by?: string }
  | { kind: 'graceExpired'; unstableSince: number; graceMs: number }
  | { kind: 'checkout' }
  | { kind: 'status'; socketId: string; audio: SignalQuality; video: SignalQuality; note: string | null }
  /** A readiness report (v2): with or without a socket. */
  | { kind: 'readiness'; key: string; ok: boolean; note: string | null }
  | { kind: 'agendaAck'; socketId: string; version?: number; release?: number }
  | { kind: 'attendance'; attendance: AttendanceKind; reason: string | null }
  /**
   * Live state was rebuilt from the log: no socket survived; an online point drops. `reason`: `server_restart` (the
   * process restarted; `at` = when the new process started) or `state_lost` (Redis lost the shared state).
   */
  | { kind: 'restart'; reason?: 'server_restart' | 'state_lost' };

export interface LogLine {
  type: PresenceEventType;
  detail: Record<string, unknown> | null;
}

export interface Transition {
  /** The new record (the same object when nothing changed). */
  record: LiveRecord;
  /** True when the board must hear of it. */
  changed: boolean;
  /** What goes into the event log, if anything. */
  log: LogLine | null;
  /** Start or cancel the point's grace timer. */
  grace: 'start' | 'cancel' | null;
}

export const CHECK_IN_FIRST = { vi: 'Điểm cầu chưa xác nhận tham dự trên kết nối này', en: 'Check in to this conference first' };
export const NOT_CHECKED_IN = { vi: 'Điểm cầu chưa xác nhận tham dự hội nghị này', en: 'The point has not checked in to this conference' };

/** Every field of a record absent from the conference so far; `readiness` is present (undefined) so that all records share one shape. */
const ABSENT: LiveRecord = {
  state: 'absent',
  since: 0,
  lastSeenAt: null,
  sockets: [],
  drops: 0,
  audio: null,
  video: null,
  note: null,
  agendaVersion: null,
  release: null,
  attendance: null,
  attendanceReason: null,
  firstCheckinAt: null,
  readiness: undefined,
  connectedMs: 0,
  onlineSince: null,
};

export function newRecord(at: number): LiveRecord {
  return withChanges(ABSENT, { since: at, sockets: [] });
}

/**
 * `r` with the fields of `c` changed, every field written in one fixed order. Not `{ ...r, ... }`: V8 gives each
 * object spread from a record whose fields changed representation (null, then a number) a hidden class of its own,
 * about half a kilobyte per point online (heap snapshots of `npm run bench:presence`, README issue 8); a literal
 * written in full keeps one hidden class for all records.
 */
export function withChanges(r: LiveRecord, c: Partial<LiveRecord>): LiveRecord {
  const v = <K extends keyof LiveRecord>(k: K): LiveRecord[K] => (k in c ? (c[k] as LiveRecord[K]) : r[k]);
  return {
    state: v('state'),
    since: v('since'),
    lastSeenAt: v('lastSeenAt'),
    sockets: v('sockets'),
    drops: v('drops'),
    audio: v('audio'),
    video: v('video'),
    note: v('note'),
    agendaVersion: v('agendaVersion'),
    release: v('release'),
    attendance: v('attendance'),
    attendanceReason: v('attendanceReason'),
    firstCheckinAt: v('firstCheckinAt'),
    readiness: v('readiness'),
    connectedMs: v('connectedMs'),
    onlineSince: v('onlineSince'),
  } satisfies Record<keyof LiveRecord, unknown>;
}

const unchanged = (record: LiveRecord): Transition => ({ record, changed: false, log: null, grace: null });

/** Closes the open online interval at `at`. */
function goOffline(r: LiveRecord, at: number): Pick<LiveRecord, 'connectedMs' | 'onlineSince'> {
  return { connectedMs: r.connectedMs + (r.onlineSince === null ? 0 : Math.max(0, at - r.onlineSince)), onlineSince: null };
}

/** Applies one input at instant `at`. Throws `AppError` (conflict) for an input the state does not allow. */
export function transition(r: LiveRecord, input: PresenceInput, at: number): Transition {
  switch (input.kind) {
    case 'checkin': {
      if (r.sockets.includes(input.socketId)) return unchanged(r);
      const sockets = [...r.sockets, input.socketId];
      if (r.state === 'online') return { record: withChanges(r, { sockets }), changed: true, log: null, grace: null };
      const comesBack = r.state === 'unstable' || r.state === 'offline';
      const record: LiveRecord = withChanges(r, {
        sockets,
        state: 'online',
        since: at,
        lastSeenAt: at,
        onlineSince: at,
        firstCheckinAt: r.firstCheckinAt ?? at,
        // v2: the first check-in makes `connected` ok by itself.
        ...(r.firstCheckinAt === null ? { readiness: withMark(r.readiness, AUTO_CONNECTED, true, at) } : {}),
      });
      const log: LogLine = comesBack
        ? { type: 'connect', detail: { via: input.via, drops: r.drops, downSeconds: Math.round((at - r.since) / 1000) } }
        : { type: 'checkin', detail: { via: input.via } };
      return { record, changed: true, log, grace: comesBack ? 'cancel' : null };
    }
    case 'socketClosed': {
      if (!r.sockets.includes(input.socketId)) return unchanged(r);
      const sockets = r.sockets.filter((s) => s !== input.socketId);
      if (sockets.length > 0 || r.state !== 'online') return { record: withChanges(r, { sockets }), changed: true, log: null, grace: null };
      const drops = r.drops + 1;
      const record: LiveRecord = withChanges(r, { ...goOffline(r, at), sockets, state: 'unstable', since: at, lastSeenAt: at, drops });
      const detail = input.reason ? { drops, reason: input.reason, ...(input.by ? { by: input.by } : {}) } : { drops };
      return { record, changed: true, log: { type: 'disconnect', detail }, grace: 'start' };
    }
    case 'restart': {
      if (r.state === 'unstable') return { record: withChanges(r, { sockets: [] }), changed: false, log: null, grace: 'start' };
      if (r.state !== 'online') return unchanged(r);
      const drops = r.drops + 1;
      const record: LiveRecord = withChanges(r, { ...goOffline(r, at), sockets: [], state: 'unstable', since: at, lastSeenAt: at, drops });
      return { record, changed: true, log: { type: 'disconnect', detail: { drops, reason: input.reason ?? 'server_restart' } }, grace: 'start' };
    }
    case 'graceExpired': {
      if (r.state !== 'unstable' || r.since !== input.unstableSince || r.sockets.length > 0) return unchanged(r);
      return { record: withChanges(r, { state: 'offline', since: at }), changed: true, log: { type: 'lost', detail: { graceMs: input.graceMs } }, grace: null };
    }
    case 'checkout': {
      if (r.state === 'absent') throw new AppError(ErrorCode.Conflict, NOT_CHECKED_IN);
      if (r.state === 'left') return unchanged(r);
      const record: LiveRecord = withChanges(r, {
        ...goOffline(r, at),
        sockets: [],
        state: 'left',
        since: at,
        lastSeenAt: r.sockets.length ? at : r.lastSeenAt,
      });
      return { record, changed: true, log: { type: 'checkout', detail: null }, grace: 'cancel' };
    }
    case 'status': {
      if (!r.sockets.includes(input.socketId)) throw new AppError(ErrorCode.Conflict, CHECK_IN_FIRST);
      // The same report again: nothing to log; the point was heard from (lastSeenAt), which is not durable.
      if (r.audio === input.audio && r.video === input.video && r.note === input.note) {
        return { record: withChanges(r, { lastSeenAt: at }), changed: true, log: null, grace: null };
      }
      const record: LiveRecord = withChanges(r, {
        audio: input.audio,
        video: input.video,
        note: input.note,
        lastSeenAt: at,
        // v2: audio and video both ok make `av` ok; a failing one turns it back (the latest report wins).
        readiness: withMark(r.readiness, AUTO_AV, input.audio === 'ok' && input.video === 'ok', at),
      });
      return { record, changed: true, log: { type: 'status', detail: { audio: input.audio, video: input.video, note: input.note } }, grace: null };
    }
    case 'agendaAck': {
      if (!r.sockets.includes(input.socketId)) throw new AppError(ErrorCode.Conflict, CHECK_IN_FIRST);
      const version = input.version ?? r.agendaVersion;
      const release = input.release ?? r.release ?? null;
      if (r.agendaVersion === version && (r.release ?? null) === release) return unchanged(r);
      const record: LiveRecord = withChanges(r, { agendaVersion: version, release, lastSeenAt: at });
      const detail: Record<string, unknown> = {};
      if (input.version !== undefined) detail.agendaVersion = input.version;
      if (input.release !== undefined) detail.release = input.release;
      return { record, changed: true, log: { type: 'status', detail }, grace: null };
    }
    case 'attendance': {
      const record: LiveRecord = withChanges(r, { attendance: input.attendance, attendanceReason: input.reason });
      return { record, changed: true, log: null, grace: null };
    }
    case 'readiness': {
      const record: LiveRecord = withChanges(r, { readiness: withMark(r.readiness, input.key, input.ok, at, input.note) });
      return { record, changed: true, log: { type: 'readiness', detail: { key: input.key, ok: input.ok, note: input.note } }, grace: null };
    }
  }
}

/** One line of the event log, as read back. */
export interface LoggedEvent {
  type: PresenceEventType;
  at: number;
  detail: Record<string, unknown> | null;
}

/** Log lines grouped by point, each point's in the order given (oldest first when the log is read in order). */
export function linesByPoint<L extends { pointId: string }>(lines: Iterable<L>): Map<string, L[]> {
  const out = new Map<string, L[]>();
  for (const l of lines) {
    const list = out.get(l.pointId);
    if (list) list.push(l);
    else out.set(l.pointId, [l]);
  }
  return out;
}

/**
 * Rebuilds a point's record from its event log (oldest first). Sockets are not durable: the result
 * has none, and a point that was online is still `online` here; `transition(…, {kind: 'restart'})`
 * then turns it `unstable`.
 */
export function replay(events: readonly LoggedEvent[], start: LiveRecord): LiveRecord {
  let r = start;
  for (const e of events) {
    switch (e.type) {
      case 'checkin':
      case 'connect':
        if (r.firstCheckinAt === null) r = withChanges(r, { readiness: withMark(r.readiness, AUTO_CONNECTED, true, e.at) });
        if (r.state !== 'online') r = withChanges(r, { state: 'online', since: e.at, onlineSince: e.at });
        r = withChanges(r, { lastSeenAt: e.at, firstCheckinAt: r.firstCheckinAt ?? e.at });
        break;
      case 'disconnect':
        r = withChanges(r, { ...goOffline(r, e.at), state: 'unstable', since: e.at, lastSeenAt: e.at, drops: r.drops + 1 });
        break;
      case 'lost':
        if (r.state === 'unstable') r = withChanges(r, { state: 'offline', since: e.at });
        break;
      case 'checkout':
        r = withChanges(r, { ...goOffline(r, e.at), state: 'left', since: e.at });
        break;
      case 'status': {
        const d = e.detail ?? {};
        if ('audio' in d) {
          r = withChanges(r, { audio: (d.audio as SignalQuality) ?? null, video: (d.video as SignalQuality) ?? null, note: (d.note as string) ?? null });
          r = withChanges(r, { readiness: withMark(r.readiness, AUTO_AV, d.audio === 'ok' && d.video === 'ok', e.at) });
        }
        if (typeof d.agendaVersion === 'number') r = withChanges(r, { agendaVersion: d.agendaVersion });
        if (typeof d.release === 'number') r = withChanges(r, { release: d.release });
        r = withChanges(r, { lastSeenAt: e.at });
        break;
      }
      case 'readiness': {
        // A point's report; the conference's checkpoint lines (detail.checkpoint, under the host point) are not one.
        const d = e.detail ?? {};
        if (typeof d.key === 'string' && typeof d.ok === 'boolean' && d.checkpoint === undefined) {
          r = withChanges(r, { readiness: withMark(r.readiness, d.key, d.ok, e.at, typeof d.note === 'string' ? d.note : null) });
        }
        break;
      }
      case 'rollcall':
        break;
    }
  }
  return r;
}

/** Connected seconds up to `at` (the open interval included). */
export function connectedSeconds(r: LiveRecord, at: number): number {
  return Math.floor(goOffline(r, at).connectedMs / 1000);
}
