import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors';
import { RedisService } from '../redis/redis.service';
import { PresenceTransitions } from './presence-transitions';
import { PresenceService } from './presence.service';
import { INSTANCE_REGISTRY, InstanceRegistry } from './store/presence-store';

/**
 * Several instances (Redis): when an instance's lease expires (crash, SIGKILL, lost network) or is given up
 * (graceful shutdown), the instance that takes the clean-up lock closes that instance's checked-in sockets
 * in the shared records, exactly as if each had disconnected (through the one write path, `PresenceTransitions`).
 * A point whose only sockets were there turns `unstable` and its grace timer starts here (→ `offline` unless it
 * checks in again, on any instance); a point that already reconnected elsewhere just loses the stale socket. The
 * store's compare-and-set means each transition, and its event-log line, happens once. Points that were `unstable`
 * with their grace timer on the dead instance get it here, for the time that is left. One instance: nothing to do.
 */
@Injectable()
export class InstanceTakeover implements OnModuleInit {
  private readonly logger = new Logger('InstanceTakeover');

  constructor(
    private readonly redis: RedisService,
    @Inject(INSTANCE_REGISTRY) private readonly registry: InstanceRegistry,
    private readonly presence: PresenceService,
    private readonly transitions: PresenceTransitions,
  ) {}

  onModuleInit(): void {
    this.redis.onDeadInstance((instanceId) => this.takeOver(instanceId));
  }

  async takeOver(instanceId: string): Promise<void> {
    const sockets = await this.registry.instanceSockets(instanceId);
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
    for (const u of await this.registry.instanceUnstable(instanceId)) {
      try {
        await this.transitions.resumeGrace(u.conferenceId, u.pointId);
      } catch (e) {
        this.logger.warn(`grace of ${u.pointId} in ${u.conferenceId}: ${(e as Error).message}`);
      }
    }
    await this.registry.forgetInstance(instanceId);
    if (sockets.length) this.logger.log(`instance ${instanceId}: ${dropped} of ${sockets.length} sockets closed here`);
  }
}
