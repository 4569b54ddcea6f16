import { AgendaItemEntity } from '../agenda/entities/agenda-item.entity';
import { AgendaEntity } from '../agenda/entities/agenda.entity';
import { CheckinLinkEntity } from '../auth/entities/checkin-link.entity';
import { UserEntity } from '../auth/entities/user.entity';
import { BridgePointEntity } from '../bridge-points/bridge-point.entity';
import { ConferenceHistoryEntity } from '../conferences/entities/conference-history.entity';
import { ConferencePointEntity } from '../conferences/entities/conference-point.entity';
import { ConferenceEntity } from '../conferences/entities/conference.entity';
import { AttendanceMarkEntity } from '../presence/entities/attendance-mark.entity';
import { PresenceEventEntity } from '../presence/entities/presence-event.entity';
import { InitialSchema1764150000000 } from './migrations/1764150000000-InitialSchema';
import { UserTokenGeneration1764150012000 } from './migrations/1764150012000-UserTokenGeneration';

/** Every entity, listed explicitly (never a glob). */
export const ENTITIES = [
  UserEntity,
  CheckinLinkEntity,
  BridgePointEntity,
  ConferenceEntity,
  ConferencePointEntity,
  ConferenceHistoryEntity,
  AgendaEntity,
  AgendaItemEntity,
  PresenceEventEntity,
  AttendanceMarkEntity,
];

/** Every migration, in order. */
export const MIGRATIONS = [InitialSchema1764150000000, UserTokenGeneration1764150012000];
