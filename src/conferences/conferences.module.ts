import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { BridgePointsModule } from '../bridge-points/bridge-points.module';
import { ConferenceHistoryEntity } from './entities/conference-history.entity';
import { ConferencePointEntity } from './entities/conference-point.entity';
import { ConferenceEntity } from './entities/conference.entity';
import { ConferencesService } from './conferences.service';

@Module({
  imports: [TypeOrmModule.forFeature([ConferenceEntity, ConferencePointEntity, ConferenceHistoryEntity]), BridgePointsModule, AuthModule],
  providers: [ConferencesService],
  exports: [ConferencesService],
})
export class ConferencesModule {}
