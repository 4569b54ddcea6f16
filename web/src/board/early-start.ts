import type { PresenceSnapshot } from '../../../src/presence/presence.events';
import { connectLive, type LiveSocket } from '../live';
import { UUIDISH } from '../router';
import { fetchSnapshot } from './snapshot-source';

/**
 * The board's two first reads, started while the page's script is still loading (`main.tsx`) instead of after the
 * page's first render: the snapshot over REST and the `/live` socket. On a 100-point board they were half of the
 * time to the first paint (bench:board --timeline: the reads left 100 ms after the script had arrived). The board
 * page takes them once, for its conference and session ({@link takeEarlyStart}); a board opened later in the tab, or
 * a session that changed, starts its own.
 */
export interface EarlyStart {
  snapshot: Promise<PresenceSnapshot>;
  socket: LiveSocket;
  /** The connection's refusal if it came before the page listened (the socket then does not retry by itself). */
  refusal(): Error | null;
}

let pending: (EarlyStart & { conferenceId: string; token: string }) | null = null;
/** A board's path; the group is the conference id. */
export const BOARD_PATH = new RegExp(`^/board/${UUIDISH}/?$`);
/** Reads nobody took by then (the session was refused and the sign-in page shown instead) are dropped. */
const UNTAKEN_MS = 10_000;

/** Starts the reads when `path` is a board and there is a session; nothing otherwise. */
export function startBoardEarly(path: string, token: string | undefined): void {
  const m = BOARD_PATH.exec(path);
  if (!m || !token) return;
  const conferenceId = m[1];
  const snapshot = fetchSnapshot(conferenceId);
  snapshot.catch(() => undefined); // whoever takes it handles a failure
  const socket = connectLive(token);
  let refused: Error | null = null;
  socket.once('connect_error', (e) => (refused = e));
  const started = { conferenceId, token, snapshot, socket, refusal: () => refused };
  pending = started;
  setTimeout(() => {
    if (pending !== started) return;
    pending = null;
    socket.disconnect();
  }, UNTAKEN_MS);
}

/** The early reads for this conference and session, once; null when there are none (and any other is closed). */
export function takeEarlyStart(conferenceId: string, token: string): EarlyStart | null {
  const p = pending;
  pending = null;
  if (p && p.conferenceId === conferenceId && p.token === token) return p;
  p?.socket.disconnect();
  return null;
}
