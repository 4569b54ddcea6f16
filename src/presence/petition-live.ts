import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AppError } from '../common/errors';
import { ConferencePetitionsService } from '../petitions/conference-petitions.service';
import { toViewer } from '../petitions/petition-viewer';
import {
  PETITION_CURRENT_CHANGED,
  PETITION_THREAD_CHANGED,
  type PetitionCurrentChangedEvent,
  type PetitionThreadChangedEvent,
} from '../petitions/petitions.events';
import { PetitionsService } from '../petitions/petitions.service';
import type { LiveClient } from './live-client';
import { LiveRooms, rooms } from './live-rooms';
import type { CurrentPetitionPush, PetitionThreadPush, PetitionWatchPayload } from './presence.events';

/** How many petitions one socket may watch at once; watching one more stops watching the oldest. */
export const MAX_WATCHED_PETITIONS = 10;

const NO_LINKS = {
  vi: 'Đường dẫn tham dự không dùng để theo dõi kiến nghị; hãy đăng nhập',
  en: 'A check-in link cannot follow a petition; sign in',
};

/**
 * Petitions on `/live`: the petition being answered on stage (pushed to the conference room: boards and checked-in
 * points; read for snapshots and check-in acks), and the threads that open petition pages watch.
 */
@Injectable()
export class PetitionLive {
  private readonly log = new Logger(PetitionLive.name);
  /** The petitions each socket watches, oldest first (rooms are per socket, so this dies with the socket). */
  private readonly watched = new WeakMap<LiveClient, string[]>();

  constructor(
    private readonly rooms: LiveRooms,
    private readonly petitions: ConferencePetitionsService,
    private readonly threads: PetitionsService,
  ) {}

  @OnEvent(PETITION_CURRENT_CHANGED)
  onCurrentChanged({ conferenceId, petition }: PetitionCurrentChangedEvent): void {
    this.rooms.to(rooms.conference(conferenceId)).emit('petition', { conferenceId, petition });
  }

  /**
   * Read after a check-in was logged: a failure here must not turn that check-in into an error ack, so it answers
   * null (no petition shown) and the next `petition` push or board join brings it.
   */
  async current(conferenceId: string): Promise<CurrentPetitionPush | null> {
    try {
      return await this.petitions.current(conferenceId);
    } catch (e) {
      this.log.warn(`current petition of conference ${conferenceId} could not be read: ${(e as Error).message}`);
      return null;
    }
  }

  /**
   * `petition:watch {petitionId}`: a signed-in user who may see the petition (the rule of `GET /api/petitions/:id`:
   * 404 `not_found` otherwise, as for an unknown id) joins its room; a check-in link is `forbidden`.
   */
  async watch(client: LiveClient, { petitionId }: PetitionWatchPayload): Promise<object> {
    if (client.principal.kind === 'link') throw AppError.forbidden(NO_LINKS);
    await this.threads.assertVisible(petitionId, toViewer(client.principal));
    const list = (this.watched.get(client) ?? []).filter((id) => id !== petitionId);
    list.push(petitionId);
    while (list.length > MAX_WATCHED_PETITIONS) client.leave(rooms.petition(list.shift()!));
    this.watched.set(client, list);
    client.join([rooms.petition(petitionId)]);
    return {};
  }

  /** `petition:unwatch {petitionId}`: leaves its room (a petition not watched: nothing to do, still `ok`). */
  unwatch(client: LiveClient, { petitionId }: PetitionWatchPayload): Promise<object> {
    if (client.principal.kind === 'link') throw AppError.forbidden(NO_LINKS);
    const list = this.watched.get(client);
    if (list?.includes(petitionId))
      this.watched.set(
        client,
        list.filter((id) => id !== petitionId),
      );
    client.leave(rooms.petition(petitionId));
    return Promise.resolve({});
  }

  /** A committed thread change goes to the petition's room on every instance (the Redis adapter carries room emits). */
  @OnEvent(PETITION_THREAD_CHANGED)
  onThreadChanged({ changes }: PetitionThreadChangedEvent): void {
    for (const c of changes) {
      const push: PetitionThreadPush = { petitionId: c.petitionId, messageId: c.messageId, direction: c.direction, status: c.status, change: c.change };
      this.rooms.to(rooms.petition(c.petitionId)).emit('petition:thread', push);
    }
  }
}
