import type { ConferenceStatus } from './entities/conference.entity';

/**
 * Emitted (fire-and-forget, after the change is committed) whenever a conference is created or its
 * title, times, zone or status change: after `POST /api/conferences`, `PATCH /api/conferences/:id` and
 * `POST /api/conferences/:id/status`. Invitations and check-in links do not emit it.
 */
export const CONFERENCE_CHANGED = 'conference.changed';

export interface ConferenceChangedEvent {
  conferenceId: string;
  status: ConferenceStatus;
  /** UTC instants. */
  startsAt: Date;
  endsAt: Date;
  /** The zone its times are shown in. */
  timezone: string;
  version: number;
  updatedAt: Date;
}

/**
 * Emitted (fire-and-forget, after the change is committed) when the invited points of a conference change: after
 * `POST …/points` (invite) and `DELETE …/points/:pointId`. Presence keeps its roster in step with it.
 */
export const CONFERENCE_POINTS_CHANGED = 'conference.points.changed';

export interface ConferencePointsChangedEvent {
  conferenceId: string;
  /** Points invited now that were not before. */
  added: string[];
  /** Points no longer invited. */
  removed: string[];
}
