import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { formatInZone } from '../common/time/time';
import { CONFERENCE_CHANGED, type ConferenceChangedEvent } from '../conferences/conferences.events';
import { LiveRooms, rooms } from './live-rooms';

/**
 * An edited conference, or one whose status changed, reaches the conference room (checked-in points) and its board as
 * `conference`: a point's page that shows "checked in" when the broadcast has ended, or yesterday's times, misleads the
 * office in front of it. With the Redis adapter it reaches every instance's sockets.
 */
@Injectable()
export class ConferencePushListener {
  constructor(private readonly rooms: LiveRooms) {}

  @OnEvent(CONFERENCE_CHANGED)
  onChanged(e: ConferenceChangedEvent): void {
    this.rooms.to([rooms.conference(e.conferenceId), rooms.board(e.conferenceId)]).emit('conference', {
      conferenceId: e.conferenceId,
      status: e.status,
      startsAt: formatInZone(e.startsAt, e.timezone),
      endsAt: formatInZone(e.endsAt, e.timezone),
      timezone: e.timezone,
      version: e.version,
      updatedAt: formatInZone(e.updatedAt, e.timezone),
    });
  }
}
