import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AGENDA_RELEASED, type AgendaReleasedEvent } from '../agenda/releases/releases.events';
import { LiveRooms, rooms } from './live-rooms';

/** A new agenda release reaches the conference room (checked-in points) and its board as `agenda:release`. */
@Injectable()
export class AgendaReleaseListener {
  constructor(private readonly rooms: LiveRooms) {}

  @OnEvent(AGENDA_RELEASED)
  onReleased({ conferenceId, number, note, changes }: AgendaReleasedEvent): void {
    this.rooms.to([rooms.conference(conferenceId), rooms.board(conferenceId)]).emit('agenda:release', { conferenceId, number, note, changes });
  }
}
