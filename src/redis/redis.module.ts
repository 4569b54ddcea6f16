import { Global, Module } from '@nestjs/common';
import { RedisService } from './redis.service';

/** Redis (only when `REDIS_URL` is set): connections, the Socket.IO adapter, this instance's lease. */
@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
