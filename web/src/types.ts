/**
 * REST shapes the pages read: generated from the OpenAPI document (`npm run gen:api` → api/schema.d.ts), never
 * written by hand. Enums, levels and the conference status machine come from the server's own module
 * (src/common/domain.ts); socket shapes from src/presence/presence.events.ts.
 */
import type { components } from './api/schema';

export {
  ATTENDANCE,
  FORMATS,
  ITEM_KINDS,
  LEVEL_RANK,
  LEVELS,
  ROLES,
  STATUSES,
  allowedTransitions,
  canBeParentLevel,
  canTransition,
  isClosed,
  nextStatus,
} from '../../src/common/domain';
export type { AttendanceKind, ConferenceFormat, ConferenceStatus, ItemKind, Level, PresenceState, Role } from '../../src/common/domain';

type Schemas = components['schemas'];

export type User = Schemas['UserResponse'];
/** One entry of an account's history (`GET /api/users/:id/history`, newest first). */
export type UserHistoryEntry = Schemas['UserHistoryEntryResponse'];
export type AccountAction = UserHistoryEntry['action'];
export type Me = Schemas['MeResponse'];
export type ConferencePoint = Schemas['InvitedPointResponse'];
/** A conference as listed; `points` only in the detail (`GET /api/conferences/:id`). */
export type Conference = Schemas['ConferenceResponse'] & { points?: ConferencePoint[] };
export type ConferenceDetail = Schemas['ConferenceDetailResponse'];
export type ConferencePage = Schemas['ConferencePageResponse'];
/** `POST /api/conferences/:id/copy`: the new draft, plus what the copy took over and left out. */
export type ConferenceCopy = Schemas['ConferenceCopyResponse'];
export type AgendaItem = Schemas['AgendaItemResponse'];
/** The agenda as read (`GET …/agenda`) or as pushed on the socket (`agenda`, which has no `endsAt`/`overrunMinutes`). */
export type Agenda = Omit<Schemas['AgendaResponse'], 'endsAt' | 'overrunMinutes'> & Partial<Pick<Schemas['AgendaResponse'], 'endsAt' | 'overrunMinutes'>>;
export type PointNode = Schemas['PointTreeNode'];
export type PointDetail = Schemas['PointResponse'];
export type CheckinLink = Schemas['CheckinLinkResponse'];
export type PresenceLogEvent = Schemas['PresenceEventResponse'];
/** One conflicting conference of a schedule clash (409 `details`). */
export type Clash = Schemas['ScheduleClashResponse'];
export type ErrorResponse = Schemas['ErrorResponse'];

export interface Page<T> {
  items: T[];
  total: number;
}
