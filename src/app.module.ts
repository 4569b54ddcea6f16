import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuthModule } from './auth/auth.module';
import { BridgePointsModule } from './bridge-points/bridge-points.module';
import { ConferencesModule } from './conferences/conferences.module';
import { AppConfigModule } from './common/config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';

@Module({
  imports: [AppConfigModule, EventEmitterModule.forRoot(), DatabaseModule, HealthModule, AuthModule, BridgePointsModule, ConferencesModule],
})
export class AppModule {}
