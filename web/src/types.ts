/** REST shapes the pages read, as CONTRACT.md describes them. Socket shapes come from src/presence/presence.events.ts. */
import type { Level } from '../../src/presence/presence.events';

export type { Level };
export type Role = 'admin' | 'organizer' | 'operator' | 'point' | 'department';
export type ConferenceStatus = 'draft' | 'scheduled' | 'live' | 'ended' | 'cancelled';
export type ConferenceFormat = 'online' | 'in_person' | 'hybrid';
export type ItemKind = 'opening' | 'report' | 'speech' | 'discussion' | 'break' | 'video' | 'qa' | 'closing';

export const LEVELS: Level[] = ['central', 'province', 'district', 'commune', 'enterprise'];
export const STATUSES: ConferenceStatus[] = ['draft', 'scheduled', 'live', 'ended', 'cancelled'];
export const FORMATS: ConferenceFormat[] = ['hybrid', 'online', 'in_person'];
export const ITEM_KINDS: ItemKind[] = ['opening', 'report', 'speech', 'discussion', 'break', 'video', 'qa', 'closing'];

export interface User {
  id: string;
  username: string;
  role: Role;
  pointId: string | null;
  /** Role `department` only (CONTRACT-PETITIONS.md). */
  departmentId?: string | null;
}

export interface Me {
  id?: string;
  username?: string;
  role: Role;
  pointId: string | null;
  conferenceId?: string;
  point?: { code: string; name: string };
}

export interface ConferencePoint {
  pointId: string;
  code: string;
  name: string;
  level: Level;
  role: 'host' | 'participant';
  mode: 'online' | 'in_person';
  expectedAttendees: number | null;
}

export interface Conference {
  id: string;
  title: string;
  description?: string | null;
  format: ConferenceFormat;
  category?: string | null;
  startsAt: string;
  endsAt: string;
  timezone: string;
  hostPointId: string;
  status: ConferenceStatus;
  version: number;
  createdAt?: string;
  updatedAt?: string;
  points?: ConferencePoint[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AgendaItem {
  id: string;
  position: number;
  title: string;
  kind: ItemKind;
  durationMinutes: number;
  presenter?: string | null;
  responsibleUnit?: string | null;
  pointId?: string | null;
  notes?: string | null;
  startsAt: string;
  endsAt: string;
  actualStartAt?: string | null;
  actualEndAt?: string | null;
}

export interface Agenda {
  conferenceId: string;
  version: number;
  items: AgendaItem[];
  endsAt?: string;
  overrunMinutes?: number;
  currentItemId?: string | null;
}

export interface PointNode {
  id: string;
  code: string;
  name: string;
  level: Level;
  parentId: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  active?: boolean;
  children: PointNode[];
}

export interface PointDetail {
  id: string;
  code: string;
  name: string;
  level: Level;
  contactName?: string | null;
  contactPhone?: string | null;
}

export interface CheckinLink {
  pointId: string;
  code: string;
  name: string;
  token: string;
  url: string;
  expiresAt: string;
}

export interface PresenceLogEvent {
  at: string;
  pointId: string;
  type: 'checkin' | 'connect' | 'disconnect' | 'lost' | 'checkout' | 'status' | 'rollcall';
  detail?: unknown;
}

/** One conflicting conference of a schedule clash (409 `details`). */
export interface Clash {
  pointId: string;
  conferenceId: string;
  title: string;
  startsAt: string;
  endsAt: string;
}
