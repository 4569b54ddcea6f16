import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgendaModule } from '../agenda/agenda.module';
import { AuthModule } from '../auth/auth.module';
import { AgendaReleaseListener } from './agenda-release.listener';
import { ConferencePushListener } from './conference-push.listener';
import { ReportController } from './report/report.controller';
import { REPORT_READINESS, ReportService } from './report/report.service';
import { ConnectionCap } from './readiness/connection-cap';
import { ReadinessController } from './readiness/readiness.controller';
import { ReadinessService } from './readiness/readiness.service';
import { ConferencesModule } from '../conferences/conferences.module';
import { AttendanceExportService } from './attendance-export.service';
import { PetitionsModule } from '../petitions/petitions.module';
import { PetitionLive } from './petition-live';
import { BoardPublisher } from './board-publisher';
import { AttendanceMarkEntity } from './entities/attendance-mark.entity';
import { PresenceEventEntity } from './entities/presence-event.entity';
import { GraceTimers } from './grace-timers';
import { LiveConferences } from './live-conferences';
import { LiveRooms } from './live-rooms';
import { PresenceEntryJson } from './presence-entry';
import { PresenceEventLog } from './presence-event-log';
import { PresenceController } from './presence.controller';
import { PresenceGateway } from './presence.gateway';
import { PresenceService } from './presence.service';
import { RollcallService } from './rollcall.service';
import { RedisService } from '../redis/redis.service';
import { InstanceTakeover } from './instance-takeover';
import { LiveSessions } from './live-sessions';
import { PresenceTransitions } from './presence-transitions';
import { RestartRecovery } from './restart-recovery';
import { CatchUpState } from './catch-up-state';
import { MemoryPresenceStore, NoInstanceRegistry } from './store/memory-presence-store';
import { INSTANCE_REGISTRY, POINT_RECORDS, ROLLCALL_STORE } from './store/presence-store';
import { RedisPresenceStore } from './store/redis-presence-store';

/** The one store object (memory | Redis); it provides the point records, the roll calls and (Redis) the instance registry. */
const STORE = Symbol('PresenceStoreImplementation');
import { WsRateLimiter, WsSocketLimiter } from './ws/ws-rate-limit';

/** Live presence over Socket.IO (`/live`), its REST views (snapshot, event log, attendance report). */
@Module({
  imports: [TypeOrmModule.forFeature([PresenceEventEntity, AttendanceMarkEntity]), ConferencesModule, AuthModule, AgendaModule, PetitionsModule],
  controllers: [PresenceController, ReportController, ReadinessController],
  providers: [
    // One instance: in memory. REDIS_URL set: shared by every instance (the services and the gateway do not change).
    {
      provide: STORE,
      useFactory: (redis: RedisService) => (redis.enabled ? new RedisPresenceStore(redis) : new MemoryPresenceStore()),
      inject: [RedisService],
    },
    { provide: POINT_RECORDS, useExisting: STORE },
    { provide: ROLLCALL_STORE, useExisting: STORE },
    {
      provide: INSTANCE_REGISTRY,
      useFactory: (redis: RedisService, store: RedisPresenceStore) => (redis.enabled ? store : new NoInstanceRegistry()),
      inject: [RedisService, STORE],
    },
    PresenceTransitions,
    CatchUpState,
    RestartRecovery,
    LiveSessions,
    InstanceTakeover,
    PresenceGateway,
    PresenceService,
    AttendanceExportService,
    RollcallService,
    LiveConferences,
    PresenceEventLog,
    BoardPublisher,
    GraceTimers,
    LiveRooms,
    PresenceEntryJson,
    AgendaReleaseListener,
    ConferencePushListener,
    ReportService,
    ReadinessService,
    ConnectionCap,
    { provide: REPORT_READINESS, useExisting: ReadinessService },
    WsRateLimiter,
    WsSocketLimiter,
    PetitionLive,
  ],
})
export class PresenceModule {}
