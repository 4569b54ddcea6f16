/**
 * Emitted (after the change is committed) when check-in links are revoked by a reissue: every link id (the token's
 * `jti`, `LinkPrincipal.linkId`) that stopped working, with its point. Presence closes the sockets opened with those
 * links after sending them `revoked {conferenceId, reason: 'link_revoked'}`.
 */
export const CHECKIN_LINKS_REVOKED = 'checkin-links.revoked';

export interface CheckinLinksRevokedEvent {
  conferenceId: string;
  /** The revoked links: `linkId` is the token's `jti`. */
  links: Array<{ linkId: string; pointId: string }>;
  reason: 'link_revoked';
}
