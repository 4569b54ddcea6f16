import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BridgePointEntity } from './bridge-point.entity';
import { BridgePointsController } from './bridge-points.controller';
import { BridgePointsService } from './bridge-points.service';
import { PointsImportService } from './points-import.service';

@Module({
  imports: [TypeOrmModule.forFeature([BridgePointEntity])],
  controllers: [BridgePointsController],
  providers: [BridgePointsService, PointsImportService],
  exports: [BridgePointsService],
})
export class BridgePointsModule {}
