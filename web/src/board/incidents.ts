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
  /**
   * Who acted at each step, from the log: the drop (`point` = its network or device; `revocation` = the organizers
   * reissued its link; `restart` / `server` = the server restarted or lost its live state), the move to offline (the
   * server's grace expiry, `graceMs`), the end (`point`: it reconnected or checked out itself).
   */
  dropBy: 'point' | 'revocation' | 'restart' | 'server';
  graceMs: number | null;
  /** The account that caused the drop, when the log names it (`detail.by` of a revoked link's disconnect). */
  dropAccount: string | null;
}

/** An operator's action in the log (roll call started, notice sent), with the account when the log names it. */
export interface OperatorAction {
  at: number;
  kind: 'rollcall' | 'notice';
  /** The operator account (`detail.by`; older lines do not name it). */
  by: string | null;
  /** Roll call: points asked; notice: points reached. */
  count: number | null;
}

const DROP_BY: Record<string, Incident['dropBy']> = { link_revoked: 'revocation', server_restart: 'restart', state_lost: 'server' };

/** The operators' actions of a conference (roll calls started, notices sent), oldest first. */
export function operatorActions(events: readonly PresenceLogEvent[]): OperatorAction[] {
  const out: OperatorAction[] = [];
  for (const ev of events) {
    const d = (ev.detail ?? {}) as { started?: boolean; targets?: number; delivered?: number; by?: string; noticeId?: string };
    const by = typeof d.by === 'string' ? d.by : null;
    if (ev.type === 'rollcall' && d.started) out.push({ at: epoch(ev.at), kind: 'rollcall', by, count: d.targets ?? null });
    else if (ev.type === 'notice' && d.noticeId) out.push({ at: epoch(ev.at), kind: 'notice', by, count: d.delivered ?? null });
  }
  return out.sort((a, b) => a.at - b.at);
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
      const d = ev.detail as { reason?: string; by?: string } | null;
      const reason = d?.reason ?? null;
      const inc: Incident = {
        pointId: ev.pointId,
        from: at,
        to: null,
        reason,
        wentOffline: false,
        end: null,
        dropBy: (reason && DROP_BY[reason]) || 'point',
        graceMs: null,
        dropAccount: typeof d?.by === 'string' ? d.by : null,
      };
      open.set(ev.pointId, inc);
      out.set(ev.pointId, [...(out.get(ev.pointId) ?? []), inc]);
    } else if (ev.type === 'lost' && cur) {
      cur.wentOffline = true;
      const g = (ev.detail as { graceMs?: number } | null)?.graceMs;
      cur.graceMs = typeof g === 'number' ? g : null;
    } else if ((ev.type === 'connect' || ev.type === 'checkin' || ev.type === 'checkout') && cur) {
      cur.to = at;
      cur.end = ev.type === 'checkout' ? 'checkout' : 'connect';
      open.delete(ev.pointId);
    }
  }
  return out;
}
