import { AgendaItemEntity } from '../agenda/entities/agenda-item.entity';
import { AgendaEntity } from '../agenda/entities/agenda.entity';
import { AgendaReleaseEntity } from '../agenda/releases/agenda-release.entity';
import { CheckinLinkEntity } from '../auth/entities/checkin-link.entity';
import { UserHistoryEntity } from '../auth/entities/user-history.entity';
import { UserEntity } from '../auth/entities/user.entity';
import { BridgePointEntity } from '../bridge-points/bridge-point.entity';
import { ConferenceHistoryEntity } from '../conferences/entities/conference-history.entity';
import { ConferencePointEntity } from '../conferences/entities/conference-point.entity';
import { ConferenceEntity } from '../conferences/entities/conference.entity';
import { AttendanceMarkEntity } from '../presence/entities/attendance-mark.entity';
import { PresenceEventEntity } from '../presence/entities/presence-event.entity';
import { CalendarOverrideEntity } from '../calendar/calendar-override.entity';
import { DepartmentEntity } from '../departments/department.entity';
import { ConferencePetitionStateEntity } from '../petitions/entities/conference-petition-state.entity';
import { PetitionAccessEntity } from '../petitions/entities/petition-access.entity';
import { PetitionCountEntity } from '../petitions/entities/petition-count.entity';
import { PetitionCounterEntity } from '../petitions/entities/petition-counter.entity';
import { PetitionHistoryEntity } from '../petitions/entities/petition-history.entity';
import { PetitionMessageEntity } from '../petitions/entities/petition-message.entity';
import { PetitionSupportEntity } from '../petitions/entities/petition-support.entity';
import { PetitionEntity } from '../petitions/entities/petition.entity';
import { InitialSchema1764150000000 } from './migrations/1764150000000-InitialSchema';
import { UserTokenGeneration1764150012000 } from './migrations/1764150012000-UserTokenGeneration';
import { Petitions1765200000000 } from './migrations/1765200000000-Petitions';
import { Zalo1765300000000 } from './migrations/1765300000000-Zalo';
import { AgendaReleases1765400000000 } from './migrations/1765400000000-AgendaReleases';
import { ConferenceReadinessAndCap1765400000001 } from './migrations/1765400000001-ConferenceReadinessAndCap';
import { LinksAndContacts1765500000000 } from './migrations/1765500000000-LinksAndContacts';
import { PetitionCounts1765600000000 } from './migrations/1765600000000-PetitionCounts';
import { PetitionSearchAndAnswerDays1765700000000 } from './migrations/1765700000000-PetitionSearchAndAnswerDays';
import { PetitionSearchStatus1765800000000 } from './migrations/1765800000000-PetitionSearchStatus';
import { PointVersion1766000000000 } from './migrations/1766000000000-PointVersion';
import { UserActive1766100000000 } from './migrations/1766100000000-UserActive';
import { UserHistory1766200000000 } from './migrations/1766200000000-UserHistory';
import { ReleaseConferenceTimes1766300000000 } from './migrations/1766300000000-ReleaseConferenceTimes';
import { ZaloRefreshRefusal1766400000000 } from './migrations/1766400000000-ZaloRefreshRefusal';
import { PresenceEventsByConference1765900000000 } from './migrations/1765900000000-PresenceEventsByConference';
import { ZALO_ENTITIES } from '../zalo/entities/zalo.entities';

/** Every entity, listed explicitly (never a glob). */
export const ENTITIES = [
  UserEntity,
  UserHistoryEntity,
  CheckinLinkEntity,
  BridgePointEntity,
  ConferenceEntity,
  ConferencePointEntity,
  ConferenceHistoryEntity,
  AgendaEntity,
  AgendaItemEntity,
  AgendaReleaseEntity,
  PresenceEventEntity,
  AttendanceMarkEntity,
  DepartmentEntity,
  PetitionEntity,
  PetitionSupportEntity,
  PetitionHistoryEntity,
  PetitionMessageEntity,
  PetitionAccessEntity,
  PetitionCounterEntity,
  PetitionCountEntity,
  ConferencePetitionStateEntity,
  CalendarOverrideEntity,
  ...ZALO_ENTITIES,
];

/** Every migration, in order. */
export const MIGRATIONS = [
  InitialSchema1764150000000,
  UserTokenGeneration1764150012000,
  Petitions1765200000000,
  Zalo1765300000000,
  AgendaReleases1765400000000,
  ConferenceReadinessAndCap1765400000001,
  LinksAndContacts1765500000000,
  PetitionCounts1765600000000,
  PetitionSearchAndAnswerDays1765700000000,
  PetitionSearchStatus1765800000000,
  PresenceEventsByConference1765900000000,
  PointVersion1766000000000,
  UserActive1766100000000,
  UserHistory1766200000000,
  ReleaseConferenceTimes1766300000000,
  ZaloRefreshRefusal1766400000000,
];
