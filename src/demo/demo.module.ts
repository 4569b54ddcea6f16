import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module';
import { AuthModule } from '../auth/auth.module';
import { BridgePointsModule } from '../bridge-points/bridge-points.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { DepartmentsModule } from '../departments/departments.module';
import { PetitionsModule } from '../petitions/petitions.module';
import { DemoPetitionsSeeder } from './demo-petitions.seeder';
import { DemoService } from './demo.service';

/** Loads the Bắc Ninh demo into an empty database (see demo-data.ts). */
@Module({
  imports: [AuthModule, BridgePointsModule, ConferencesModule, AgendaModule, DepartmentsModule, PetitionsModule],
  providers: [DemoService, DemoPetitionsSeeder],
  exports: [DemoService],
})
export class DemoModule {}
