import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors';
import { BridgePointEntity } from './bridge-point.entity';

@Injectable()
export class BridgePointsService {
  constructor(@InjectRepository(BridgePointEntity) private readonly points: Repository<BridgePointEntity>) {}

  exists(id: string): Promise<boolean> {
    return this.points.existsBy({ id });
  }

  async findOne(id: string): Promise<BridgePointEntity> {
    const p = await this.points.findOneBy({ id });
    if (!p) throw AppError.notFound('điểm cầu / point', id);
    return p;
  }
}
