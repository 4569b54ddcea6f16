import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CheckinLinksService } from '../auth/checkin-links.service';
import { AppConfig } from '../common/config/app-config';
import { formatInZone } from '../common/time/time';
import { ConferencesService } from './conferences.service';
import { CheckinLinkResponse } from './dto/conference.response';

/** Check-in links for every invited point: password-free tokens valid until a day after the conference ends. */
@Injectable()
export class ConferenceLinksService {
  constructor(
    private readonly conferences: ConferencesService,
    private readonly links: CheckinLinksService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Issues one link per invited point (revoking the conference's earlier links). The URLs start with PUBLIC_URL, else
   * with `listeningOrigin` (the address and port the request reached, never its Host header). 409 for an ended or
   * cancelled conference.
   */
  async issue(conferenceId: string, listeningOrigin: string): Promise<CheckinLinkResponse[]> {
    const conference = await this.conferences.loadOpen(conferenceId);
    const invited = await this.conferences.invitedPoints(conferenceId);
    const expiresAt = DateTime.fromJSDate(conference.endsAt, { zone: 'utc' }).plus({ days: 1 }).toJSDate();
    const issued = await this.links.issue(conferenceId, invited.map((p) => p.pointId), expiresAt);
    const tokens = new Map(issued.map((l) => [l.pointId, l]));
    const origin = (this.config.publicUrl ?? listeningOrigin).replace(/\/+$/, '');
    return invited.map((p) => {
      const link = tokens.get(p.pointId)!;
      return {
        pointId: p.pointId,
        code: p.code,
        name: p.name,
        token: link.token,
        url: `${origin}/checkin#token=${link.token}`,
        expiresAt: formatInZone(link.expiresAt, conference.timezone),
      };
    });
  }
}
