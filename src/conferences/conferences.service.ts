import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppError } from '../common/errors';
import { ConferenceSchedule, InvitedPoint } from './conference-schedule';
import { ConferencePointEntity } from './entities/conference-point.entity';
import { ConferenceEntity } from './entities/conference.entity';

@Injectable()
export class ConferencesService {
  constructor(
    @InjectRepository(ConferenceEntity) private readonly conferences: Repository<ConferenceEntity>,
    @InjectRepository(ConferencePointEntity) private readonly invitations: Repository<ConferencePointEntity>,
    private readonly points: BridgePointsService,
  ) {}

  // ---- used by other features (agenda, presence) ---------------------------------------------

  /** The conference's times, zone and status, or 404. */
  async findSchedule(id: string): Promise<ConferenceSchedule> {
    const c = await this.conferences.findOneBy({ id });
    if (!c) throw AppError.notFound('hội nghị / conference', id);
    return { id: c.id, title: c.title, startsAt: c.startsAt, endsAt: c.endsAt, timezone: c.timezone, status: c.status, hostPointId: c.hostPointId };
  }

  /** Every invited point with its names and contact, ordered by level then code. */
  async invitedPoints(conferenceId: string): Promise<InvitedPoint[]> {
    const rows = await this.invitations.findBy({ conferenceId });
    const points = new Map((await this.points.summaries(rows.map((r) => r.pointId))).map((p) => [p.id, p]));
    return rows
      .filter((r) => points.has(r.pointId))
      .map((r) => {
        const p = points.get(r.pointId)!;
        return {
          pointId: r.pointId, code: p.code, name: p.name, level: p.level, parentId: p.parentId, role: r.role, mode: r.mode,
          expectedAttendees: r.expectedAttendees, contactName: p.contactName, contactPhone: p.contactPhone,
        };
      });
  }

  isInvited(conferenceId: string, pointId: string): Promise<boolean> {
    return this.invitations.existsBy({ conferenceId, pointId });
  }
}
