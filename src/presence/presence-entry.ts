import type { InstantFormatter } from './instant-format';
import type { PresenceEntry } from './presence.events';
import type { LiveView } from './store/presence-store';

/** A point as the board sees it (snapshot and deltas alike), times in the conference's zone. */
export function toPresenceEntry({ point, record }: LiveView, zone: string, fmt: InstantFormatter): PresenceEntry {
  return {
    pointId: point.pointId,
    code: point.code,
    name: point.name,
    level: point.level,
    parentId: point.parentId,
    state: record.state,
    since: fmt.format(record.since, zone),
    lastSeenAt: fmt.formatOrNull(record.lastSeenAt, zone),
    audio: record.audio,
    video: record.video,
    note: record.note,
    connections: record.sockets.length,
    drops: record.drops,
    attendance: record.attendance,
    attendanceReason: record.attendanceReason,
    agendaVersion: record.agendaVersion,
    contactName: point.contactName,
    contactPhone: point.contactPhone,
  };
}
