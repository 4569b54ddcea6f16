import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors';
import { RedisService } from '../redis/redis.service';
import { PresenceService } from './presence.service';
import { PRESENCE_STORE, PresenceStore } from './store/presence-store';
import { RedisPresenceStore } from './store/redis-presence-store';

/**
 * Several instances (Redis): when an instance's lease expires (crash, SIGKILL, lost network) or is given up
 * (graceful shutdown), the instance that takes the clean-up lock closes that instance's checked-in sockets
 * in the shared records, exactly as if each had disconnected. A point whose only sockets were there turns
 * `unstable` and its grace timer starts here (→ `offline` unless it checks in again, on any instance); a
 * point that already reconnected elsewhere just loses the stale socket. The store's compare-and-set means
 * each transition, and its event-log line, happens once.
 */
@Injectable()
export class InstanceTakeover implements OnModuleInit {
  private readonly logger = new Logger('InstanceTakeover');

  constructor(
    private readonly redis: RedisService,
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    private readonly presence: PresenceService,
  ) {}

  onModuleInit(): void {
    const store = this.store;
    if (!this.redis.enabled || !(store instanceof RedisPresenceStore)) return;
    this.redis.onDeadInstance(async (instanceId) => {
      const sockets = await store.instanceSockets(instanceId);
      let dropped = 0;
      for (const s of sockets) {
        try {
          await this.presence.socketLost(s.conferenceId, s.pointId, s.socketId);
          dropped += 1;
        } catch (e) {
          // A conference this deployment no longer knows (deleted; another database sharing the prefix): skip it.
          if (!(e instanceof AppError)) this.logger.warn(`socket ${s.socketId} of ${s.pointId} in ${s.conferenceId}: ${(e as Error).message}`);
        }
      }
      await store.forgetInstance(instanceId);
      if (sockets.length) this.logger.log(`instance ${instanceId}: ${dropped} of ${sockets.length} sockets closed here`);
    });
  }
}
