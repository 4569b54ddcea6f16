/**
 * The Socket.IO events of the `/live` namespace, declared once and typed into
 * `Server<ClientToServerEvents, ServerToClientEvents>` on the server and `Socket<...>` in the pages.
 * Type-only: no runtime imports, so the web build can import it as well.
 */

import type { AttendanceKind, ConferenceStatus, Level, PresenceState } from '../common/domain';

export type { AttendanceKind, Level, PresenceState };
export type SignalQuality = 'ok' | 'fail';
export type WsErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'internal_error';

/**
 * The error of an ack. `message` is `"Vietnamese / English"` (the contract's string); `messages` carries each
 * language apart and `params` the values a page words the code from (e.g. `{entity, id}` for `not_found`).
 */
export interface WsError {
  code: WsErrorCode;
  message: string;
  messages: { vi: string; en: string };
  params?: Record<string, unknown>;
  /** Data where useful (v2: `{reason: 'capacity', maxConnectedPoints, online}` for a refused check-in). */
  details?: { reason?: string; [k: string]: unknown };
}
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: WsError };
export type AckFn<T extends object = object> = (response: Ack<T>) => void;

/** One invited point in a conference, as the board sees it. Times are ISO-8601 with offset. */
export interface PresenceEntry {
  pointId: string;
  code: string;
  name: string;
  level: Level;
  parentId: string | null;
  state: PresenceState;
  since: string;
  lastSeenAt: string | null;
  audio: SignalQuality | null;
  video: SignalQuality | null;
  note: string | null;
  connections: number;
  drops: number;
  attendance: AttendanceKind | null;
  /** The reason given with `attendance: 'absent'` (or a note such as "confirmed by phone"). */
  attendanceReason: string | null;
  agendaVersion: number | null;
  /** The latest agenda release the point acknowledged (`agenda:ack {release}`), or null. */
  release: number | null;
  /** v2: one entry per readiness key of the conference; null when the point never reported it. */
  readiness: Record<string, ReadinessEntry | null>;
  /** Not sent (kept out of the 10,000-entry snapshot): read the contact from `GET /api/points/:id`. */
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface ReadinessEntry {
  ok: boolean;
  at: string;
  note: string | null;
}

export interface PresenceCounts {
  total: number;
  online: number;
  unstable: number;
  offline: number;
  absent: number;
  left: number;
  byLevel: Partial<Record<Level, { total: number; online: number }>>;
  /** v2: per readiness key, points ok and points in total. */
  readiness?: Record<string, { ok: number; total: number }>;
}

export interface PresenceSnapshot {
  conferenceId: string;
  seq: number;
  counts: PresenceCounts;
  points: PresenceEntry[];
  /** In the `board:join` ack: the petition being answered on stage. */
  currentPetition?: CurrentPetitionPush | null;
}

/** The petition being answered on stage ("Đang trả lời kiến nghị KN-… — đơn vị trả lời: …"); no submitter data. */
export interface CurrentPetitionPush {
  id: string;
  code: string;
  title: string;
  field: string;
  /** null when the petition is anonymous. */
  organization: string | null;
  leadDepartment: { name: string } | null;
}

export interface PetitionPush {
  conferenceId: string;
  petition: CurrentPetitionPush | null;
}

/**
 * `petition:watch {petitionId}` / `petition:unwatch {petitionId}` (not in the contract: README, "Decisions where the
 * contract is silent (Zalo)"): a signed-in user's petition page follows that petition's thread while it is open.
 */
export interface PetitionWatchPayload {
  petitionId: string;
}

/**
 * `petition:thread`: to the sockets watching the petition, after a thread change is committed — a message added
 * (`change: 'added'`: a worker's Zalo message, a note, a reply) or a message's status changed (`change: 'status'`:
 * `sending` → `sent` / `failed`, a Zalo receipt → `delivered` / `seen`). Ids and status only (no text, no Zalo id, no
 * name): the page reads the thread over REST, as its user may see it.
 */
export interface PetitionThreadPush {
  petitionId: string;
  messageId: string;
  direction: 'in' | 'out' | 'note';
  status: string;
  change: 'added' | 'status';
}

export interface PresenceDelta {
  conferenceId: string;
  seq: number;
  changes: PresenceEntry[];
  counts: PresenceCounts;
}

export interface RollcallPrompt {
  rollcallId: string;
  conferenceId: string;
  deadline: string;
}

export interface RollcallResult {
  rollcallId: string;
  answered: string[];
  missing: string[];
  done: boolean;
  /**
   * Additions to the contract: the deadline (ISO, conference zone) and the milliseconds left until it as the server
   * measured them when sending (0 once done), so a board counts down without trusting its own clock. A board that
   * joins while a roll call is open gets its result at once (it learns of it even if nobody has answered yet).
   */
  deadline?: string;
  remainingMs?: number;
}

export interface NoticeMessage {
  id: string;
  conferenceId: string;
  text: string;
  at: string;
}

export interface AgendaPush {
  conferenceId: string;
  version: number;
  items: unknown[];
  currentItemId: string | null;
}

/** One change of a release against the previous one (see src/agenda/releases/release-diff.ts). */
export interface AgendaReleaseChange {
  type: 'added' | 'removed' | 'moved' | 'retimed' | 'changed';
  itemId: string;
  title: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** `agenda:release`: a new release, to the conference room and the board. */
export interface AgendaReleasePush {
  conferenceId: string;
  number: number;
  note: string | null;
  changes: AgendaReleaseChange[];
}

/**
 * `conference`: the conference was edited (title, times, zone, hotline) or its status changed, to the conference room
 * (checked-in points) and the board. It carries the status and the times; a page that shows more (the title, the
 * hotline) reads the conference again when `version` is newer than the one it holds.
 */
export interface ConferencePush {
  conferenceId: string;
  status: ConferenceStatus;
  /** ISO 8601 in the conference's zone, as in the REST answers. */
  startsAt: string;
  endsAt: string;
  timezone: string;
  version: number;
  updatedAt: string;
}

/**
 * `roster`: points were invited to the conference, or removed from it, while its live state was loaded (to the board):
 * the board's snapshot no longer lists the same points, so it joins again (`board:join`) for a new one. v2.6: also to
 * a removed point's own open sockets, naming that point only (they leave the conference's room).
 */
export interface RosterChange {
  conferenceId: string;
  added: string[];
  removed: string[];
}

/** `readiness:due`: a checkpoint came (to board members, once). */
export interface ReadinessDue {
  conferenceId: string;
  key: string;
  missing: string[];
}

export interface ReadinessPayload {
  conferenceId: string;
  key: string;
  ok: boolean;
  note?: string;
}

export interface CheckinPayload {
  conferenceId: string;
}
export interface StatusPayload {
  conferenceId: string;
  audio: SignalQuality;
  video: SignalQuality;
  note?: string;
}
export interface RollcallAnswerPayload {
  rollcallId: string;
}
/** `version` (agenda version) and/or `release` (release number): at least one. */
export interface AgendaAckPayload {
  conferenceId: string;
  version?: number;
  release?: number;
}
export interface BoardJoinPayload {
  conferenceId: string;
  /**
   * Not in the contract (README, "Decisions where the contract is silent"): `false` joins the board rooms and acks
   * `{ok, seq, currentPetition}` without the snapshot, for a board that reads it over REST (compressed, compact) in
   * parallel; that snapshot must then have `seq >=` the acked one. Absent or `true`: the contract's `{ok, snapshot}`.
   */
  snapshot?: boolean;
}

/** The ack of `board:join {conferenceId, snapshot: false}`. */
export interface BoardJoinSeqReply {
  seq: number;
  currentPetition: CurrentPetitionPush | null;
}
export interface RollcallStartPayload {
  conferenceId: string;
  timeoutSeconds: number;
}
export interface AttendanceMarkPayload {
  conferenceId: string;
  pointId: string;
  attendance: AttendanceKind;
  reason?: string;
}
export interface NoticePayload {
  conferenceId: string;
  text: string;
  to: { pointIds: string[] } | { level: Level } | { all: true };
}

/**
 * `agenda:state`: the agenda's version and current item, the latest release number (0 when none), and when the
 * conference last changed (`updatedAt` as `GET /api/conferences/:id` shows it): a moved conference moves every item's
 * time without a new agenda version.
 */
export interface AgendaStateReply {
  version: number;
  currentItemId: string | null;
  release: number;
  conferenceUpdatedAt: string;
}

export interface ClientToServerEvents {
  checkin: (p: CheckinPayload, ack: AckFn<{ state: PresenceState; currentPetition: CurrentPetitionPush | null }>) => void;
  status: (p: StatusPayload, ack: AckFn) => void;
  checkout: (p: CheckinPayload, ack: AckFn<{ state: PresenceState }>) => void;
  'rollcall:answer': (p: RollcallAnswerPayload, ack: AckFn) => void;
  'agenda:ack': (p: AgendaAckPayload, ack: AckFn) => void;
  'agenda:state': (p: CheckinPayload, ack: AckFn<AgendaStateReply>) => void;
  'board:join': (p: BoardJoinPayload, ack: AckFn<{ snapshot: PresenceSnapshot } | BoardJoinSeqReply>) => void;
  'rollcall:start': (p: RollcallStartPayload, ack: AckFn<{ rollcallId: string; deadline: string }>) => void;
  'attendance:mark': (p: AttendanceMarkPayload, ack: AckFn) => void;
  notice: (p: NoticePayload, ack: AckFn<{ delivered: number }>) => void;
  readiness: (p: ReadinessPayload, ack: AckFn<{ readiness: Record<string, ReadinessEntry | null> }>) => void;
  'petition:watch': (p: PetitionWatchPayload, ack: AckFn) => void;
  'petition:unwatch': (p: PetitionWatchPayload, ack: AckFn) => void;
}

/**
 * Sent just before the server closes a socket whose check-in link was revoked (the page says the link is no longer
 * valid), or whose user signed out (on any device, any instance: sign in again).
 */
export type RevokedNotice = { conferenceId: string; reason: 'link_revoked' } | { reason: 'signed_out' };

export interface ServerToClientEvents {
  presence: (d: PresenceDelta) => void;
  agenda: (a: AgendaPush) => void;
  'agenda:release': (r: AgendaReleasePush) => void;
  conference: (c: ConferencePush) => void;
  roster: (r: RosterChange) => void;
  'readiness:due': (r: ReadinessDue) => void;
  rollcall: (r: RollcallPrompt) => void;
  'rollcall:result': (r: RollcallResult) => void;
  notice: (n: NoticeMessage) => void;
  petition: (p: PetitionPush) => void;
  'petition:thread': (p: PetitionThreadPush) => void;
  revoked: (r: RevokedNotice) => void;
}
