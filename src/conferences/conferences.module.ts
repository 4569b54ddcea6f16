import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { BridgePointsModule } from '../bridge-points/bridge-points.module';
import { ConferenceCalendarService } from './conference-calendar.service';
import { ConferenceLinksService } from './conference-links.service';
import { ConferencesController } from './conferences.controller';
import { ConferencesService } from './conferences.service';
import { ConferenceHistoryEntity } from './entities/conference-history.entity';
import { ConferencePointEntity } from './entities/conference-point.entity';
import { ConferenceEntity } from './entities/conference.entity';
import { InvitationsService } from './invitations.service';
import { ScheduleClashFinder } from './schedule-clash';

@Module({
  imports: [TypeOrmModule.forFeature([ConferenceEntity, ConferencePointEntity, ConferenceHistoryEntity]), BridgePointsModule, AuthModule],
  controllers: [ConferencesController],
  providers: [ConferencesService, InvitationsService, ConferenceLinksService, ConferenceCalendarService, ScheduleClashFinder],
  exports: [ConferencesService, InvitationsService],
})
export class ConferencesModule {}
