import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BridgePointsModule } from '../bridge-points/bridge-points.module';
import { DepartmentEntity } from './department.entity';
import { DepartmentsController } from './departments.controller';
import { DepartmentsService } from './departments.service';

/** Departments that lead or support petitions; the `department` role is bound to one. */
@Module({
  imports: [TypeOrmModule.forFeature([DepartmentEntity]), BridgePointsModule],
  controllers: [DepartmentsController],
  providers: [DepartmentsService],
  exports: [DepartmentsService],
})
export class DepartmentsModule {}
