import { epoch } from '../time';
import type { PresenceLogEvent } from '../types';

/** One drop of a point and its recovery, from the event log. */
export interface Incident {
  pointId: string;
  /** When its last socket dropped (ms). */
  from: number;
  /** When it came back (ms), or null while it is still away. */
  to: number | null;
  /** Why, when the log says: `link_revoked`, `server_restart`, `state_lost`; `lost` when the grace ran out. */
  reason: string | null;
  /** True when it stayed away past the grace (went offline). */
  wentOffline: boolean;
  /** How it ended: checked in again, or checked out. */
  end: 'connect' | 'checkout' | null;
}

/**
 * The incidents of a conference, per point, oldest first: a `disconnect` opens one (its `detail.reason` is kept),
 * `lost` marks it offline, the next `connect`/`checkin` or `checkout` closes it. Built from the event log only, so it
 * is the same after a reload and in either language.
 */
export function incidents(events: readonly PresenceLogEvent[]): Map<string, Incident[]> {
  const out = new Map<string, Incident[]>();
  const open = new Map<string, Incident>();
  const sorted = [...events].sort((a, b) => epoch(a.at) - epoch(b.at));
  for (const ev of sorted) {
    const at = epoch(ev.at);
    const cur = open.get(ev.pointId);
    if (ev.type === 'disconnect') {
      if (cur) continue;
      const reason = (ev.detail as { reason?: string } | null)?.reason ?? null;
      const inc: Incident = { pointId: ev.pointId, from: at, to: null, reason, wentOffline: false, end: null };
      open.set(ev.pointId, inc);
      out.set(ev.pointId, [...(out.get(ev.pointId) ?? []), inc]);
    } else if (ev.type === 'lost' && cur) {
      cur.wentOffline = true;
    } else if ((ev.type === 'connect' || ev.type === 'checkin' || ev.type === 'checkout') && cur) {
      cur.to = at;
      cur.end = ev.type === 'checkout' ? 'checkout' : 'connect';
      open.delete(ev.pointId);
    }
  }
  return out;
}
