import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { DepartmentsModule } from '../departments/departments.module';
import { ConferencePetitionsController } from './conference-petitions.controller';
import { ConferencePetitionsService } from './conference-petitions.service';
import { ConferencePetitionStateEntity } from './entities/conference-petition-state.entity';
import { PetitionAccessEntity } from './entities/petition-access.entity';
import { PetitionCounterEntity } from './entities/petition-counter.entity';
import { PetitionHistoryEntity } from './entities/petition-history.entity';
import { PetitionMessageEntity } from './entities/petition-message.entity';
import { PetitionSupportEntity } from './entities/petition-support.entity';
import { PetitionEntity } from './entities/petition.entity';
import { PetitionAnswerDays } from './petition-answer-days';
import { PetitionReportsService } from './petition-reports.service';
import { PetitionRetention } from './petition-retention';
import { PetitionStore } from './petition-store';
import { PetitionsController } from './petitions.controller';
import { PetitionsService } from './petitions.service';
import { PublicPetitionsController } from './public-petitions.controller';
import { PublicPetitionsService } from './public-petitions.service';

/** Petitions (kiến nghị) and workers' feedback: the working group's inbox, the public side, the dialogue's queue, reports. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      PetitionEntity,
      PetitionSupportEntity,
      PetitionHistoryEntity,
      PetitionMessageEntity,
      PetitionAccessEntity,
      PetitionCounterEntity,
      ConferencePetitionStateEntity,
    ]),
    ConferencesModule,
    DepartmentsModule,
    CalendarModule,
  ],
  controllers: [PublicPetitionsController, PetitionsController, ConferencePetitionsController],
  providers: [
    PetitionsService,
    PublicPetitionsService,
    ConferencePetitionsService,
    PetitionReportsService,
    PetitionStore,
    PetitionRetention,
    PetitionAnswerDays,
  ],
  exports: [PetitionsService, ConferencePetitionsService],
})
export class PetitionsModule {}
