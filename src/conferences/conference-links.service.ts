import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CheckinLinksService, type IssuedLink } from '../auth/checkin-links.service';
import { AppConfig } from '../common/config/app-config';
import { AppError } from '../common/errors';
import { formatInZone } from '../common/time/time';
import type { InvitedPoint } from './conference-schedule';
import { ConferencesService } from './conferences.service';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { CheckinLinkResponse, CheckinLinkStatusResponse } from './dto/conference.response';

/** Check-in links for invited points: password-free tokens valid until a day after the conference ends. */
@Injectable()
export class ConferenceLinksService {
  constructor(
    private readonly conferences: ConferencesService,
    private readonly links: CheckinLinksService,
    private readonly config: AppConfig,
    private readonly points: BridgePointsService,
  ) {}

  /**
   * For the holder of a link that no longer opens (public): whether it was replaced, expired or is not a link at all,
   * with the conference's title, status, times and hotline, and the point's name, when the token is genuine.
   */
  async inspect(token: string): Promise<CheckinLinkStatusResponse> {
    const found = await this.links.inspect(token);
    if (!found.conferenceId || !found.pointId) return { state: found.state };
    const c = await this.conferences.load(found.conferenceId).catch(() => null);
    if (!c) return { state: 'invalid' };
    const [p] = await this.points.summaries([found.pointId]);
    return {
      state: found.state,
      conference: {
        id: c.id,
        title: c.title,
        status: c.status,
        startsAt: formatInZone(c.startsAt, c.timezone),
        endsAt: formatInZone(c.endsAt, c.timezone),
        timezone: c.timezone,
        contactName: c.contactName ?? null,
        contactPhone: c.contactPhone ?? null,
      },
      point: p ? { code: p.code, name: p.name } : undefined,
    };
  }

  /**
   * Issues links (409 for an ended or cancelled conference). Without `pointIds`: one per invited point, revoking
   * every earlier link of the conference. With them: only those points' links are reissued (and only theirs revoked);
   * each must be invited (400 otherwise, nothing changed). The URLs start with PUBLIC_URL, else with `listeningOrigin`
   * (the address and port the request reached, never its Host header).
   */
  async issue(conferenceId: string, listeningOrigin: string, pointIds?: string[], by?: string): Promise<CheckinLinkResponse[]> {
    const conference = await this.conferences.loadOpen(conferenceId);
    let invited = await this.conferences.invitedPoints(conferenceId);
    if (pointIds) {
      const wanted = new Set(pointIds);
      const known = new Set(invited.map((p) => p.pointId));
      const notInvited = [...wanted].filter((id) => !known.has(id));
      if (notInvited.length) {
        throw AppError.badRequest(
          [
            {
              vi: `pointIds: ${notInvited.length} điểm cầu không được mời dự hội nghị này`,
              en: `pointIds: ${notInvited.length} point(s) not invited to this conference`,
            },
          ],
          { notInvitedPointIds: notInvited },
          { field: 'pointIds', notInvited: notInvited.length },
        );
      }
      invited = invited.filter((p) => wanted.has(p.pointId));
    }
    const expiresAt = DateTime.fromJSDate(conference.endsAt, { zone: 'utc' }).plus({ days: 1 }).toJSDate();
    const issued = await this.links.issue(
      conferenceId,
      invited.map((p) => p.pointId),
      expiresAt,
      pointIds ? 'points' : 'all',
      by,
    );
    return this.respond(invited, issued, conference.timezone, listeningOrigin);
  }

  /** The current link of every invited point that has one, in roster order; nothing is reissued (any status). */
  async current(conferenceId: string, listeningOrigin: string): Promise<CheckinLinkResponse[]> {
    const conference = await this.conferences.load(conferenceId);
    const [invited, issued] = await Promise.all([this.conferences.invitedPoints(conferenceId), this.links.current(conferenceId)]);
    return this.respond(invited, issued, conference.timezone, listeningOrigin);
  }

  private respond(invited: InvitedPoint[], issued: IssuedLink[], timezone: string, listeningOrigin: string): CheckinLinkResponse[] {
    const byPoint = new Map(issued.map((l) => [l.pointId, l]));
    const origin = (this.config.publicUrl ?? listeningOrigin).replace(/\/+$/, '');
    return invited
      .filter((p) => byPoint.has(p.pointId))
      .map((p) => {
        const link = byPoint.get(p.pointId)!;
        return {
          pointId: p.pointId,
          code: p.code,
          name: p.name,
          token: link.token,
          url: `${origin}/checkin#token=${link.token}`,
          shortCode: link.shortCode,
          expiresAt: formatInZone(link.expiresAt, timezone),
        };
      });
  }
}
