import { Injectable } from '@nestjs/common';
import { formatEpochInZone } from '../common/time/time';
import type { PresenceEntry } from './presence.events';
import type { LiveRecord } from './presence-state';
import type { LiveView } from './store/presence-store';

/** Epoch milliseconds rendered in the conference's zone (`2021-07-10T08:00:00.000+07:00`). */
export const inZone = (epochMs: number, zone: string): string => formatEpochInZone(epochMs, zone);
export const inZoneOrNull = (epochMs: number | null, zone: string): string | null => (epochMs === null ? null : inZone(epochMs, zone));

/** A point as the board sees it (snapshot and deltas alike), times in the conference's zone. */
/** The entry's readiness: every key of the conference, null when never reported. */
function readinessEntry(marks: LiveRecord['readiness'], keys: readonly string[], zone: string): PresenceEntry['readiness'] {
  const out: PresenceEntry['readiness'] = {};
  for (const k of keys) {
    const m = marks?.[k];
    out[k] = m ? { ok: m.ok, at: inZone(m.at, zone), note: m.note } : null;
  }
  return out;
}

export function toPresenceEntry({ point, record }: LiveView, zone: string, readinessKeys: readonly string[] = []): PresenceEntry {
  return {
    pointId: point.pointId,
    code: point.code,
    name: point.name,
    level: point.level,
    parentId: point.parentId,
    state: record.state,
    since: inZone(record.since, zone),
    lastSeenAt: inZoneOrNull(record.lastSeenAt, zone),
    audio: record.audio,
    video: record.video,
    note: record.note,
    connections: record.sockets.length,
    drops: record.drops,
    attendance: record.attendance,
    attendanceReason: record.attendanceReason,
    agendaVersion: record.agendaVersion,
    release: record.release ?? null,
    readiness: readinessEntry(record.readiness, readinessKeys, zone),
  };
}

/**
 * The UTF-8 JSON of each entry, kept per record: records are immutable values (a change makes a new one), so a
 * 10,000-point snapshot re-serialises only the entries that changed since the last one, and sending it is a
 * copy of bytes (encoding 4 MB of Vietnamese text to UTF-8 on every request is what costs otherwise).
 */
@Injectable()
export class PresenceEntryJson {
  private readonly cache = new WeakMap<LiveRecord, { zone: string; keys: readonly string[]; bytes: Buffer }>();

  of(view: LiveView, zone: string, readinessKeys: readonly string[] = []): Buffer {
    const hit = this.cache.get(view.record);
    if (hit && hit.zone === zone && hit.keys === readinessKeys) return hit.bytes;
    const bytes = Buffer.from(JSON.stringify(toPresenceEntry(view, zone, readinessKeys)), 'utf8');
    this.cache.set(view.record, { zone, keys: readinessKeys, bytes });
    return bytes;
  }
}
