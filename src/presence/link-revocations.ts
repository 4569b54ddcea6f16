import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CHECKIN_LINKS_REVOKED, type CheckinLinksRevokedEvent } from '../auth/checkin-links.events';
import { LiveRooms, rooms } from './live-rooms';

/**
 * A revoked check-in link stops working at once, also on sockets it opened earlier: they get
 * `revoked {conferenceId, reason: 'link_revoked'}` and are closed (on every instance, through the link's room).
 * The gateway then logs their disconnect with `detail.reason = 'link_revoked'`.
 */
@Injectable()
export class LinkRevocations {
  constructor(private readonly live: LiveRooms) {}

  @OnEvent(CHECKIN_LINKS_REVOKED)
  onRevoked({ conferenceId, links }: CheckinLinksRevokedEvent): void {
    const linkRooms = links.map((l) => rooms.link(l.linkId));
    for (let i = 0; i < linkRooms.length; i += 500) {
      const batch = linkRooms.slice(i, i + 500);
      this.live.to(batch).emit('revoked', { conferenceId, reason: 'link_revoked' });
      this.live.disconnect(batch);
    }
  }
}
