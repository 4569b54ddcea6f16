import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors';
import { RedisService } from '../redis/redis.service';
import { GraceTimers } from './grace-timers';
import { PresenceService } from './presence.service';
import { PRESENCE_STORE, PresenceStore } from './store/presence-store';
import { RedisPresenceStore } from './store/redis-presence-store';

/**
 * Several instances (Redis): when an instance's lease expires (crash, SIGKILL, lost network) or is given up
 * (graceful shutdown), the instance that takes the clean-up lock closes that instance's checked-in sockets
 * in the shared records, exactly as if each had disconnected. A point whose only sockets were there turns
 * `unstable` and its grace timer starts here (→ `offline` unless it checks in again, on any instance); a
 * point that already reconnected elsewhere just loses the stale socket. The store's compare-and-set means
 * each transition, and its event-log line, happens once. Points that were `unstable` with their grace timer on the
 * dead instance get it here, for the time that is left.
 */
@Injectable()
export class InstanceTakeover implements OnModuleInit {
  private readonly logger = new Logger('InstanceTakeover');

  constructor(
    private readonly redis: RedisService,
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    private readonly presence: PresenceService,
    private readonly grace: GraceTimers,
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
      // Grace timers that ran on the dead instance run here now, for what is left of them.
      for (const u of await store.instanceUnstable(instanceId)) {
        try {
          const [view] = await store.views(u.conferenceId, [u.pointId]);
          const r = view?.record;
          if (r?.state === 'unstable' && r.sockets.length === 0) this.grace.arm(u.conferenceId, u.pointId, r.since, r.since + this.grace.graceMs - Date.now());
        } catch (e) {
          this.logger.warn(`grace of ${u.pointId} in ${u.conferenceId}: ${(e as Error).message}`);
        }
      }
      await store.forgetInstance(instanceId);
      if (sockets.length) this.logger.log(`instance ${instanceId}: ${dropped} of ${sockets.length} sockets closed here`);
    });
  }
}
