import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ConferencePetitionsService } from '../petitions/conference-petitions.service';
import { PETITION_CURRENT_CHANGED, type PetitionCurrentChangedEvent } from '../petitions/petitions.events';
import { LiveRooms, rooms } from './live-rooms';
import type { CurrentPetitionPush } from './presence.events';

/** The petition being answered on stage: pushed to the conference room (boards and checked-in points), read for snapshots and check-in acks. */
@Injectable()
export class PetitionLive {
  private readonly log = new Logger(PetitionLive.name);

  constructor(
    private readonly rooms: LiveRooms,
    private readonly petitions: ConferencePetitionsService,
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
}
