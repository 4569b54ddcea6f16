import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ConferencePetitionsService } from '../petitions/conference-petitions.service';
import { PETITION_CURRENT_CHANGED, type PetitionCurrentChangedEvent } from '../petitions/petitions.events';
import { LiveRooms, rooms } from './live-rooms';
import type { CurrentPetitionPush } from './presence.events';

/** The petition being answered on stage: pushed to the conference room (boards and checked-in points), read for snapshots and check-in acks. */
@Injectable()
export class PetitionLive {
  constructor(
    private readonly rooms: LiveRooms,
    private readonly petitions: ConferencePetitionsService,
  ) {}

  @OnEvent(PETITION_CURRENT_CHANGED)
  onCurrentChanged({ conferenceId, petition }: PetitionCurrentChangedEvent): void {
    this.rooms.to(rooms.conference(conferenceId)).emit('petition', { conferenceId, petition });
  }

  current(conferenceId: string): Promise<CurrentPetitionPush | null> {
    return this.petitions.current(conferenceId);
  }
}
