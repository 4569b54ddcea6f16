import type { Level } from '../common/domain';
import type { ConferenceStatus } from './entities/conference.entity';
import type { InvitationMode, InvitationRole } from './entities/conference-point.entity';
import type { ReadinessCheck } from './readiness-checks';

/** What other features (agenda, presence) need of a conference. */
export interface ConferenceSchedule {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  status: ConferenceStatus;
  hostPointId: string;
  /** v2: the readiness checks (defaults applied), the cap on points online (null = none), the last change. */
  readiness: ReadinessCheck[];
  maxConnectedPoints: number | null;
  updatedAt: Date;
}

/**
 * When the conference really ended: an ended conference is changed by nothing after its end, so its `updatedAt` is
 * that moment; null while it has not ended.
 */
export function endedAt(s: Pick<ConferenceSchedule, 'status' | 'updatedAt'>): number | null {
  return s.status === 'ended' ? s.updatedAt.getTime() : null;
}

/** An invited point, with what the board needs to show and reach it. */
export interface InvitedPoint {
  pointId: string;
  code: string;
  name: string;
  level: Level;
  parentId: string | null;
  role: InvitationRole;
  mode: InvitationMode;
  expectedAttendees: number | null;
  contactName: string | null;
  contactPhone: string | null;
}

/** How the host point is invited to a new conference: in person by default, as in its source for a copy. */
export interface HostInvitation {
  mode: InvitationMode;
  expectedAttendees: number | null;
}
