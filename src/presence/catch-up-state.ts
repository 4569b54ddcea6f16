import { Injectable } from '@nestjs/common';
import { AgendaService } from '../agenda/agenda.service';
import { ReleasesService } from '../agenda/releases/releases.service';
import { formatInZone } from '../common/time/time';
import { ConferencesService } from '../conferences/conferences.service';
import type { AgendaStateReply } from './presence.events';

/**
 * What a point compares, after an automatic re-check-in, with what its page shows (`agenda:state`): the agenda's
 * version and current item, the latest release number, and when the conference last changed (a moved conference
 * moves the items' times without a new agenda version). A page that finds them unchanged reads nothing more, so
 * 10,000 phones reconnecting after a restart do not all read the agenda and the releases over REST.
 *
 * Every answer comes from a read that starts after the request arrived, so it sees every change whose push the point
 * could have missed (a point asks once its check-in joined the conference room; a change pushed before that was
 * committed before the read). Requests for a conference that arrive before its read starts (the same turn of the
 * event loop) share it: a reconnecting fleet costs a read per turn, not one per point.
 */
@Injectable()
export class CatchUpState {
  private readonly next = new Map<string, Promise<AgendaStateReply>>();

  constructor(
    private readonly agenda: AgendaService,
    private readonly releases: ReleasesService,
    private readonly conferences: ConferencesService,
  ) {}

  read(conferenceId: string): Promise<AgendaStateReply> {
    let pending = this.next.get(conferenceId);
    if (!pending) {
      pending = new Promise<void>((r) => setImmediate(r)).then(() => {
        this.next.delete(conferenceId); // later requests get a read of their own
        return this.readNow(conferenceId);
      });
      this.next.set(conferenceId, pending);
    }
    return pending;
  }

  private async readNow(conferenceId: string): Promise<AgendaStateReply> {
    const [{ version, currentItemId }, release, schedule] = await Promise.all([
      this.agenda.state(conferenceId),
      this.releases.latestNumber(conferenceId),
      this.conferences.findSchedule(conferenceId),
    ]);
    return { version, currentItemId, release, conferenceUpdatedAt: formatInZone(schedule.updatedAt, schedule.timezone) };
  }
}
