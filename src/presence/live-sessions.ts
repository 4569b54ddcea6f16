import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CHECKIN_LINKS_REVOKED, type CheckinLinksRevokedEvent, USER_SIGNED_OUT, type UserSignedOutEvent } from '../auth/auth.events';
import { AuthService } from '../auth/auth.service';
import { CheckinLinksService } from '../auth/checkin-links.service';
import { AppError, ErrorCode } from '../common/errors';
import type { LinkPrincipal } from '../auth/principal';
import type { LiveClient } from './live-client';
import { LiveRooms } from './live-rooms';

const TOKEN_EXPIRED = { vi: 'Mã truy cập đã hết hạn; hãy đăng nhập lại', en: 'The token has expired; sign in again' };
const LINK_REVOKED = { vi: 'Đường dẫn tham dự đã bị thu hồi', en: 'The check-in link was revoked' };
/** Server-to-server message (Socket.IO adapter) carrying a revocation to the other instances. */
const INSTANCE_EVENT = 'diemcau:links-revoked';
/** Server-to-server message carrying a sign-out (answered by each instance once it has applied it). */
const SIGNED_OUT_EVENT = 'diemcau:user-signed-out';

/**
 * The open sockets of this instance and what their tokens still allow. Tokens are checked at the handshake; on an
 * open socket, cheaply on every event:
 * - a token past its expiry (`exp`, kept on the principal) is refused with `unauthorized`;
 * - a check-in link revoked since it was last checked: every revocation raises a counter and records it for its
 *   conference, so a socket re-reads its link (one query) only when its conference had a revocation since.
 * And at once: when links are revoked (`checkin-links.revoked`, relayed to every instance), their sockets get
 * `revoked {conferenceId, reason: 'link_revoked'}` and are closed; the log's disconnect line carries the reason.
 * When a user signs out (`user.signed-out`), the sign-out is relayed to every instance and awaited (each answers once
 * it has dropped what it cached of the user): the user's sockets everywhere get `revoked {reason: 'signed_out'}` and
 * are closed, and a REST call with an old token is 401 on every instance as soon as the logout has answered.
 */
@Injectable()
export class LiveSessions {
  private readonly logger = new Logger('LiveSessions');
  private readonly clients = new Set<LiveClient>();
  private counter = 0;
  /** Per conference: the counter value at its latest revocation. */
  private readonly revokedAt = new Map<string, number>();

  constructor(
    private readonly rooms: LiveRooms,
    private readonly links: CheckinLinksService,
    private readonly auth: AuthService,
  ) {
    this.rooms.onInstanceMessage(INSTANCE_EVENT, (e) => this.revokeHere(e as CheckinLinksRevokedEvent));
    this.rooms.onInstanceMessage(SIGNED_OUT_EVENT, (e) => {
      const event = e as UserSignedOutEvent;
      this.auth.signedOutElsewhere(event.userId);
      this.signOutHere(event);
    });
  }

  /** Taken BEFORE the handshake checks a link: a revocation that lands during the check is caught on the first event. */
  mark(): number {
    return this.counter;
  }

  opened(client: LiveClient): void {
    this.clients.add(client);
  }

  closed(client: LiveClient): void {
    this.clients.delete(client);
  }

  /**
   * On every event of an open socket: refuses an expired token; closes the socket of a revoked link. Answers at once
   * (undefined, or a throw) unless a link of the socket's conference was revoked since its last check: only then is
   * there a promise to wait for (a burst of 10,000 check-ins passes here without one).
   */
  verify(client: LiveClient, now = Date.now()): Promise<void> | undefined {
    const p = client.principal;
    if (p.expiresAt !== undefined && now >= p.expiresAt) throw new AppError(ErrorCode.Unauthorized, TOKEN_EXPIRED);
    if (p.kind !== 'link' || (this.revokedAt.get(p.conferenceId) ?? -1) <= client.linkCheckedAt) return undefined;
    return this.verifyLink(client, p);
  }

  private async verifyLink(client: LiveClient, p: LinkPrincipal): Promise<void> {
    const checkedAt = this.counter;
    if (await this.links.isValid(p.linkId, p.conferenceId, p.pointId)) {
      client.linkCheckedAt = checkedAt;
      return;
    }
    this.close(client, p.conferenceId);
    throw new AppError(ErrorCode.Unauthorized, LINK_REVOKED);
  }

  @OnEvent(CHECKIN_LINKS_REVOKED)
  onRevoked(e: CheckinLinksRevokedEvent): void {
    this.revokeHere(e);
    this.rooms.toOtherInstances(INSTANCE_EVENT, e);
  }

  /** Awaited by the logout: closes the user's sockets here and on every other instance before it answers. */
  @OnEvent(USER_SIGNED_OUT)
  async onSignedOut(e: UserSignedOutEvent): Promise<void> {
    this.signOutHere(e);
    try {
      await this.rooms.toOtherInstancesAndWait(SIGNED_OUT_EVENT, e);
    } catch (err) {
      // Committed anyway: an instance that did not answer follows within USER_CACHE_MS (its sockets on their next event).
      this.logger.warn(`sign-out not confirmed by every instance: ${(err as Error).message}`);
    }
  }

  private signOutHere(e: UserSignedOutEvent): void {
    let closed = 0;
    for (const client of this.clients) {
      const p = client.principal;
      if (p.kind === 'user' && p.id === e.userId && (p.tokenGeneration ?? 0) < e.tokenGeneration) {
        this.clients.delete(client);
        client.emit('revoked', { reason: 'signed_out' });
        client.disconnect('signed_out');
        closed += 1;
      }
    }
    if (closed) this.logger.log(`${closed} socket(s) of a user who signed out closed`);
  }

  private revokeHere(e: CheckinLinksRevokedEvent): void {
    // Relayed from another instance: the links this one remembers for the handshake are stale.
    this.links.forget(e.conferenceId);
    this.counter += 1;
    this.revokedAt.set(e.conferenceId, this.counter);
    const ids = new Set(e.linkIds);
    let closed = 0;
    for (const client of this.clients) {
      const p = client.principal;
      if (p.kind === 'link' && p.conferenceId === e.conferenceId && ids.has(p.linkId)) {
        this.close(client, e.conferenceId, e.by);
        closed += 1;
      }
    }
    if (closed) this.logger.log(`${closed} socket(s) of revoked check-in links of ${e.conferenceId} closed`);
  }

  private close(client: LiveClient, conferenceId: string, by?: string): void {
    this.clients.delete(client);
    client.emit('revoked', { conferenceId, reason: 'link_revoked' });
    client.disconnect('link_revoked', by);
  }
}
