/**
 * Emitted (fire-and-forget, after the commit) when check-in links are revoked — reissuing a conference's links
 * revokes the earlier ones. Presence closes the sockets opened with them (`revoked {conferenceId, reason}`).
 */
export const CHECKIN_LINKS_REVOKED = 'checkin-links.revoked';

export interface CheckinLinksRevokedEvent {
  conferenceId: string;
  /** Ids (`jti`) of the links revoked now. */
  linkIds: string[];
  /** The account that reissued them (username), for the log's disconnect lines ("who acted"). */
  by?: string;
}

/**
 * Emitted by `POST /api/auth/logout` after the user's token generation was raised; `emitAsync`, awaited before the
 * answer: presence closes the user's sockets and relays the sign-out to the other instances (which drop what they
 * cached of the user), so the sign-out holds everywhere by the time the client hears 204.
 */
export const USER_SIGNED_OUT = 'user.signed-out';

export interface UserSignedOutEvent {
  userId: string;
  /** The user's generation now: tokens (and sockets) signed with a lower one are revoked. */
  tokenGeneration: number;
}
