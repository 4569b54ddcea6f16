import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AgendaService } from '../agenda/agenda.service';
import { UsersService } from '../auth/users.service';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { ListPointsQueryDto } from '../bridge-points/dto/list-points.query';
import { AppConfig } from '../common/config/app-config';
import { DEFAULT_TIMEZONE } from '../common/time/time';
import { ConferencesService } from '../conferences/conferences.service';
import { ListConferencesQueryDto } from '../conferences/dto/conference.dto';
import { InvitationsService } from '../conferences/invitations.service';
import { DEMO_ACCOUNTS, DEMO_CONFERENCES, DEMO_POINTS, DemoConference } from './demo-data';
import { DEMO_DEPARTMENT_ACCOUNT } from './demo-petitions';
import { DemoPetitionsSeeder } from './demo-petitions.seeder';

/** Every demo account printed at start-up. */
const ACCOUNTS = [...DEMO_ACCOUNTS, DEMO_DEPARTMENT_ACCOUNT];

/** Who the demo acts as in the history. */
const DEMO_ACTOR = 'bantochuc';

export interface DemoSummary {
  /** The conference happening today (the board to open). */
  liveConferenceId: string;
  accounts: { username: string; password: string; label: string }[];
}

/** Loads the Bắc Ninh demo into an empty database through the features' own services. */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly config: AppConfig,
    private readonly points: BridgePointsService,
    private readonly users: UsersService,
    private readonly conferences: ConferencesService,
    private readonly invitations: InvitationsService,
    private readonly agenda: AgendaService,
    private readonly demoPetitions: DemoPetitionsSeeder,
  ) {}

  /** Seeds when SEED_DEMO is on and the database holds no point yet; returns what to print, or null. */
  async seedIfEmpty(): Promise<DemoSummary | null> {
    if (!this.config.seedDemo) return null;
    if ((await this.points.list(Object.assign(new ListPointsQueryDto(), { limit: 1, active: 'all' }))).total > 0) return this.findExisting();
    this.logger.log('Cơ sở dữ liệu trống: đang nạp dữ liệu mẫu tỉnh Bắc Ninh / empty database: loading the Bắc Ninh demo');
    const ids = new Map<string, string>();
    for (const p of DEMO_POINTS) {
      const created = await this.points.create({
        code: p.code,
        name: p.name,
        level: p.level,
        parentId: p.parentCode ? ids.get(p.parentCode) : undefined,
        address: p.address,
        contactName: p.contactName,
        contactPhone: p.contactPhone,
        capacity: p.capacity,
      });
      ids.set(p.code, created.id);
    }
    for (const a of DEMO_ACCOUNTS) {
      await this.users.create({ username: a.username, password: a.password, role: a.role, pointId: 'pointCode' in a ? ids.get(a.pointCode!) : undefined });
    }
    let liveConferenceId = '';
    const conferenceIds: Record<string, string> = {};
    for (const c of DEMO_CONFERENCES) {
      const id = await this.seedConference(c, ids);
      conferenceIds[c.key] = id;
      if (c.key === 'competitiveness') liveConferenceId = id;
    }
    await this.demoPetitions.seed({ fdi: conferenceIds.fdi, domestic: conferenceIds.domestic });
    return { liveConferenceId, accounts: ACCOUNTS };
  }

  private async findExisting(): Promise<DemoSummary | null> {
    const live = await this.conferences.list(Object.assign(new ListConferencesQueryDto(), { limit: 1, status: ['live'] }));
    return live.items[0] ? { liveConferenceId: live.items[0].id, accounts: ACCOUNTS } : null;
  }

  private window(c: DemoConference): { startsAt: string; endsAt: string } {
    const today = DateTime.now().setZone(DEFAULT_TIMEZONE);
    let start: DateTime;
    if (c.localStart === null) {
      // Happening now: starts at the current five minutes, so its first item (made current below) is on time,
      // not half an hour late with the whole agenda shown as overrunning.
      start = today.set({ minute: today.minute - (today.minute % 5), second: 0, millisecond: 0 });
    } else {
      const [hour, minute] = c.localStart.split(':').map(Number);
      start = today.plus({ days: c.dayOffset }).set({ hour, minute, second: 0, millisecond: 0 });
    }
    return { startsAt: start.toISO()!, endsAt: start.plus({ minutes: c.durationMinutes }).toISO()! };
  }

  private async seedConference(c: DemoConference, ids: Map<string, string>): Promise<string> {
    const { startsAt, endsAt } = this.window(c);
    const created = await this.conferences.create(
      {
        title: c.plannedTitle ?? c.title,
        description: c.description,
        format: c.format,
        category: c.category,
        startsAt,
        endsAt,
        timezone: DEFAULT_TIMEZONE,
        hostPointId: ids.get(c.hostCode)!,
        force: true,
      },
      DEMO_ACTOR,
    );
    let version = created.version;
    if (c.plannedTitle) {
      // The workshop was renamed into a conference two weeks before it took place: the history keeps it.
      version = (await this.conferences.update(created.id, { title: c.title }, version, DEMO_ACTOR)).version;
    }
    if (c.online.length) await this.invitations.invite(created.id, { pointIds: c.online.map((code) => ids.get(code)!), mode: 'online', force: true });
    if (c.inPerson.length) await this.invitations.invite(created.id, { pointIds: c.inPerson.map((code) => ids.get(code)!), mode: 'in_person', force: true });
    let agendaVersion = (await this.agenda.get(created.id)).version;
    for (const item of c.items) {
      const { pointCode, ...fields } = item;
      agendaVersion = (await this.agenda.addItem(created.id, { ...fields, version: agendaVersion, pointId: pointCode ? ids.get(pointCode) : undefined }))
        .version;
    }
    const path: ('scheduled' | 'live')[] = c.status === 'live' ? ['scheduled', 'live'] : c.status === 'scheduled' ? ['scheduled'] : [];
    for (const status of path) version = (await this.conferences.changeStatus(created.id, { status }, version, DEMO_ACTOR)).version;
    if (c.status === 'live') {
      const agenda = await this.agenda.get(created.id);
      if (agenda.items[0]) await this.agenda.setCurrent(created.id, agenda.items[0].id);
    }
    return created.id;
  }
}
