import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AgendaModule } from './agenda/agenda.module';
import { AuthModule } from './auth/auth.module';
import { BridgePointsModule } from './bridge-points/bridge-points.module';
import { CalendarModule } from './calendar/calendar.module';
import { AppConfigModule } from './common/config/config.module';
import { ConferenceCopyModule } from './conference-copy/conference-copy.module';
import { ConferencesModule } from './conferences/conferences.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { DepartmentsModule } from './departments/departments.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PetitionsModule } from './petitions/petitions.module';
import { PresenceModule } from './presence/presence.module';
import { RedisModule } from './redis/redis.module';
import { WebModule } from './web/web.module';
import { ZaloModule } from './zalo/zalo.module';

@Module({
  imports: [
    AppConfigModule,
    EventEmitterModule.forRoot(),
    DatabaseModule,
    HealthModule,
    MetricsModule,
    RedisModule,
    AuthModule,
    BridgePointsModule,
    ConferencesModule,
    AgendaModule,
    ConferenceCopyModule,
    DepartmentsModule,
    CalendarModule,
    PetitionsModule,
    ZaloModule,
    PresenceModule,
    DemoModule,
    WebModule,
  ],
})
export class AppModule {}
