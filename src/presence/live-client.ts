import type { Principal } from '../auth/principal';
import type { ServerToClientEvents } from './presence.events';

/** What the presence services need of one connected socket (the gateway wraps a Socket.IO socket in it). */
export interface LiveClient {
  readonly id: string;
  readonly principal: Principal;
  readonly connected: boolean;
  /** Conferences this socket checked in to, with the point it acts for. */
  readonly checkins: Map<string, string>;
  /** Why the server closed this socket (e.g. `link_revoked`), once it did: the log's disconnect line carries it. */
  readonly closeReason: string | null;
  /** Who caused the close, when an account did (a link reissued by an organizer): the disconnect line's `by`. */
  readonly closedBy?: string | null;
  /** `LiveSessions`' revocation counter when this socket's link was last found valid (handshake or re-check). */
  linkCheckedAt: number;
  join(rooms: string[]): void;
  leave(room: string): void;
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** Closes the socket from the server side, recording why. */
  disconnect(reason: string, by?: string): void;
  /**
   * Runs `work` after every earlier piece of work of this socket (its check-ins, status reports and
   * finally its disconnect), so a disconnect can never be handled before the check-in it follows.
   */
  serial<T>(work: () => Promise<T>): Promise<T>;
}
