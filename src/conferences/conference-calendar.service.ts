import { titledFileName } from '../common/text/file-slug';
import { Injectable } from '@nestjs/common';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { ConferencesService } from './conferences.service';
import type { ConferenceStatus } from './entities/conference.entity';

const EVENT_STATUS: Record<ConferenceStatus, ICalEventStatus> = {
  draft: ICalEventStatus.TENTATIVE,
  scheduled: ICalEventStatus.CONFIRMED,
  live: ICalEventStatus.CONFIRMED,
  ended: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

/** The conference as an RFC 5545 calendar: one VEVENT, UID stable across edits, SEQUENCE = version, times in UTC. */
@Injectable()
export class ConferenceCalendarService {
  constructor(
    private readonly conferences: ConferencesService,
    private readonly points: BridgePointsService,
  ) {}

  /** The calendar, and its file name after the conference (`hoi-nghi-so-ket-6-thang-3f2a.ics`). */
  async ics(conferenceId: string): Promise<{ fileName: string; body: string }> {
    const c = await this.conferences.load(conferenceId);
    const [host] = await this.points.summaries([c.hostPointId]);
    const calendar = ical({
      name: c.title,
      prodId: { company: 'Diemcau', product: 'Diemcau', language: 'VI' },
      method: ICalCalendarMethod.PUBLISH,
    });
    calendar.createEvent({
      id: `${c.id}@diemcau`,
      sequence: c.version,
      start: c.startsAt,
      end: c.endsAt,
      stamp: c.updatedAt,
      created: c.createdAt,
      lastModified: c.updatedAt,
      summary: c.title,
      description: c.description ?? null,
      location: host?.name ?? null,
      status: EVENT_STATUS[c.status],
    });
    return { fileName: titledFileName('', c.title, c.id, 'ics'), body: calendar.toString() };
  }
}
