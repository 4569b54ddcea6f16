import { Injectable } from '@nestjs/common';
import { AgendaService } from '../agenda/agenda.service';
import { parseInstant } from '../common/time/time';
import { ConferencesService } from '../conferences/conferences.service';
import { InvitationsService } from '../conferences/invitations.service';
import { Transactions } from '../database/transactions';
import { CopyConferenceDto } from './dto/copy-conference.dto';
import { ConferenceCopyResponse } from './dto/conference-copy.response';

/**
 * Copies a conference into a new draft at another time, in ONE transaction: the conference (ConferencesService), its
 * invitations (InvitationsService) and its agenda (AgendaService), each under its own feature's rules. Any error
 * rolls all of it back, so a failed copy leaves no draft. The domain events follow the commit.
 */
@Injectable()
export class ConferenceCopyService {
  constructor(
    private readonly tx: Transactions,
    private readonly conferences: ConferencesService,
    private readonly invitations: InvitationsService,
    private readonly agenda: AgendaService,
  ) {}

  async copy(sourceId: string, dto: CopyConferenceDto): Promise<ConferenceCopyResponse> {
    // Reads and checks that need no lock, before the transaction (as create and invite do): 404, the host still active (400).
    const source = await this.conferences.findSchedule(sourceId);
    await this.conferences.assertActivePoint(source.hostPointId, 'hostPointId');
    const plan = await this.invitations.copyPlan(sourceId);
    const startsAt = parseInstant(dto.startsAt);

    const done = await this.tx.run(async (em) => {
      const conference = await this.conferences.insertCopy(em, sourceId, { startsAt, title: dto.title, host: plan.host });
      const invitations = await this.invitations.insertCopied(em, conference.schedule, plan.participants);
      const invited = new Set([conference.schedule.hostPointId, ...invitations.added]);
      const agendaItems = await this.agenda.copyItems(em, sourceId, conference.schedule.id, invited);
      return { conference, invitations, invited, agendaItems };
    });

    // After the commit, as create and invite do: conference.changed (the board's list, readiness, and the agenda's
    // own listener, which pushes the copied agenda as agenda.changed), then conference.points.changed.
    done.conference.announce();
    done.invitations.announce();
    const created = await this.conferences.findOne(done.conference.schedule.id);
    return {
      ...created,
      copy: {
        sourceId: source.id,
        invited: done.invited.size,
        skipped: { clashed: done.invitations.clashed, inactive: plan.inactive },
        agendaItems: done.agendaItems,
      },
    };
  }
}
