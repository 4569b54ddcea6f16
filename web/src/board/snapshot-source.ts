import { decodeCompactSnapshot, type CompactSnapshot } from '../../../src/presence/compact-snapshot';
import type { PresenceSnapshot } from '../../../src/presence/presence.events';
import { get } from '../api';
import { request, type LiveSocket } from '../live';
import type { JoinReply } from './board-sync';

/** The snapshot over REST in its compact form (the server compresses it), decoded to the contract's shape. */
export function fetchSnapshot(conferenceId: string): Promise<PresenceSnapshot> {
  return get<CompactSnapshot>(`/api/conferences/${conferenceId}/presence?format=compact`).then(decodeCompactSnapshot);
}

/**
 * BoardSync's join, with the snapshot read over REST (compact, compressed) while the socket joins without it
 * (`board:join {snapshot: false}`, README "Decisions where the contract is silent"). The join acks the `seq` from
 * which every delta reaches this board; a snapshot with a lower `seq` (read before the join while points were
 * changing) may miss changes, so it is read again, now after the join. If REST fails, the contract's own
 * `board:join` (snapshot in the ack) is the fallback. `early` is a read already on its way (started before the
 * socket connected); it is used once.
 */
export function restJoin(socket: LiveSocket, early?: Promise<PresenceSnapshot>): (conferenceId: string) => Promise<JoinReply> {
  let prefetched = early;
  return async (conferenceId) => {
    const read = prefetched ?? fetchSnapshot(conferenceId);
    prefetched = undefined;
    read.catch(() => undefined); // awaited below; a refusal of the join must not leave it unhandled
    const ack = await request(socket, 'board:join', { conferenceId, snapshot: false });
    if (!ack.ok) return ack;
    if (!('seq' in ack)) return { ok: true, snapshot: ack.snapshot };
    let snapshot = await read.catch(() => null);
    if (snapshot && snapshot.seq < ack.seq) snapshot = await fetchSnapshot(conferenceId).catch(() => null);
    if (!snapshot || snapshot.seq < ack.seq) {
      const full = await request(socket, 'board:join', { conferenceId });
      if (!full.ok || !('snapshot' in full))
        return full.ok ? { ok: false, error: { code: 'internal_error', message: '', messages: { vi: '', en: '' } } } : full;
      return { ok: true, snapshot: full.snapshot };
    }
    return { ok: true, snapshot: { ...snapshot, currentPetition: ack.currentPetition } };
  };
}
