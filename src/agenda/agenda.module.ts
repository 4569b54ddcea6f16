import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BridgePointsModule } from '../bridge-points/bridge-points.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';
import { AgendaItemEntity } from './entities/agenda-item.entity';
import { AgendaEntity } from './entities/agenda.entity';

/** Agenda items, time cascade, ordering, current item. Emits `agenda.changed` (see agenda.events.ts). */
@Module({
  imports: [TypeOrmModule.forFeature([AgendaEntity, AgendaItemEntity]), ConferencesModule, BridgePointsModule],
  controllers: [AgendaController],
  providers: [AgendaService],
  exports: [AgendaService],
})
export class AgendaModule {}
