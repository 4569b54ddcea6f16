import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BridgePointsModule } from '../bridge-points/bridge-points.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';
import { AgendaItemEntity } from './entities/agenda-item.entity';
import { AgendaEntity } from './entities/agenda.entity';
import { AgendaReleaseEntity } from './releases/agenda-release.entity';
import { ReleasesController } from './releases/releases.controller';
import { ReleasesService } from './releases/releases.service';

/** Agenda items, time cascade, ordering, current item. Emits `agenda.changed` (see agenda.events.ts)
 * and `agenda.released` (releases/releases.events.ts). */
@Module({
  imports: [TypeOrmModule.forFeature([AgendaEntity, AgendaItemEntity, AgendaReleaseEntity]), ConferencesModule, BridgePointsModule],
  controllers: [AgendaController, ReleasesController],
  providers: [AgendaService, ReleasesService],
  exports: [AgendaService, ReleasesService],
})
export class AgendaModule {}
