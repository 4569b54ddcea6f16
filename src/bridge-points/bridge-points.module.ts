import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BridgePointEntity } from './bridge-point.entity';
import { BridgePointsService } from './bridge-points.service';

@Module({
  imports: [TypeOrmModule.forFeature([BridgePointEntity])],
  providers: [BridgePointsService],
  exports: [BridgePointsService],
})
export class BridgePointsModule {}
