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
