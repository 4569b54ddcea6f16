import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Namespace, Server } from 'socket.io';
import { AppConfig } from '../common/config/app-config';
import { HealthService } from '../health/health.service';
import { MetricsService } from '../metrics/metrics.service';

/**
 * What this project uses of a node-redis 6 client. node-redis's own client types do not survive being
 * stored or passed around (see STACK.md), so the handles live behind this small interface; replies are
 * RESP2 values (string, number, null, arrays).
 */
export interface RawRedis {
  readonly isReady: boolean;
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  duplicate(): RawRedis;
  on(event: 'error', listener: (e: Error) => void): unknown;
}

/** Lease of an instance: renewed every LEASE_RENEW_MS, gone LEASE_TTL_MS after the last renewal. */
export const LEASE_TTL_MS = 10_000;
export const LEASE_RENEW_MS = 3_000;
/** Whoever takes this lock first cleans up after a dead instance. */
const REAP_LOCK_MS = 60_000;
/** Time limit of the lease and clean-up commands (the hot path has none, see `onModuleInit`). */
const HOUSEKEEPING_TIMEOUT_MS = 5_000;

type DeadInstanceHandler = (instanceId: string) => Promise<void>;

/**
 * Redis, when `REDIS_URL` is set (otherwise `enabled` is false and nothing connects): one command
 * connection, a pub/sub pair for the Socket.IO adapter, and this instance's lease.
 *
 * Lease: `<prefix>lease:<instanceId>` with a TTL of LEASE_TTL_MS, renewed every LEASE_RENEW_MS; every
 * instance id is also in the set `<prefix>instances`. On each renewal an instance looks for ids in that
 * set whose lease key is gone; the first to take `<prefix>reap:<id>` (SET NX) runs the dead-instance
 * handlers (presence: the points whose only sockets were there drop), then forgets the id.
 * A graceful shutdown deletes the lease at once, so another instance cleans up within LEASE_RENEW_MS.
 */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly enabled: boolean;
  readonly prefix: string;
  readonly instanceId = randomBytes(8).toString('hex');
  private client: RawRedis | null = null;
  private pub: RawRedis | null = null;
  private sub: RawRedis | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private ioServer: Server | null = null;
  private createAdapter: typeof import('@socket.io/redis-adapter').createAdapter | null = null;
  private AdapterParser: typeof import('./adapter-parser.js').OwnBroadcastParser | null = null;
  private readonly deadHandlers: DeadInstanceHandler[] = [];
  private readonly leaseLostHandlers: Array<() => void> = [];
  /** SHA-1 of each Lua script sent (`EVALSHA`). */
  private readonly shas = new Map<string, string>();
  private leased = false;
  private reaping = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthService,
    private readonly metrics: MetricsService,
  ) {
    this.enabled = !!config.redisUrl;
    this.prefix = config.redisPrefix;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    // Loaded here, only when REDIS_URL is set: node-redis with its command sets and the Socket.IO adapter are about
    // 650 modules (110-180 ms of start-up) that a single instance never runs.
    const [{ createClient }, { createAdapter }, { OwnBroadcastParser }] = await Promise.all([
      import('redis'),
      import('@socket.io/redis-adapter'),
      import('./adapter-parser.js'),
    ]);
    this.createAdapter = createAdapter;
    this.AdapterParser = OwnBroadcastParser;
    const make = (name: string): RawRedis => {
      // No per-command timeout by default: node-redis arms an `AbortSignal.timeout` for every command, and each one
      // fires (a timer, a DOMException) seconds after its reply came — measured at ~8 % of two instances' CPU in a
      // check-in burst. A Redis that goes away closes the socket, which rejects every pending command; the lease
      // commands keep a time limit (`housekeeping`), so a Redis that stops answering still costs this instance its
      // lease and another one takes its points over.
      const c = createClient({
        url: this.config.redisUrl,
        name: `diemcau-${name}-${this.instanceId}`,
        commandOptions: { timeout: 0 },
      }) as unknown as RawRedis;
      c.on('error', (e) => this.logger.warn(`${name}: ${e.message}`));
      return c;
    };
    this.client = make('cmd');
    this.pub = make('pub');
    this.sub = make('sub');
    await Promise.all([this.client.connect(), this.pub.connect(), this.sub.connect()]);
    if (this.ioServer) this.attachAdapter(this.ioServer);
    this.health.register('redis', async () => (await this.housekeeping(['PING'])) === 'PONG');
    await this.renew();
    this.renewTimer = setInterval(() => void this.tick(), LEASE_RENEW_MS);
    this.renewTimer.unref();
    this.logger.log(`Redis on, instance ${this.instanceId}, key prefix "${this.prefix}"`);
  }

  /** Sends one command (arguments as strings); rejects when Redis is off or unreachable. */
  command(args: string[]): Promise<unknown> {
    if (!this.client) return Promise.reject(new Error('Redis is not enabled'));
    return this.client.sendCommand(args);
  }

  /** A lease or clean-up command: rejected when Redis does not answer within HOUSEKEEPING_TIMEOUT_MS. */
  private housekeeping(args: string[]): Promise<unknown> {
    if (!this.client) return Promise.reject(new Error('Redis is not enabled'));
    return this.client.sendCommand(args, { timeout: HOUSEKEEPING_TIMEOUT_MS });
  }

  /**
   * Runs a Lua script: `EVALSHA` (the script's 40-character hash instead of its text on every call), falling back to
   * `EVAL` (which caches it again) when Redis does not know it (restarted, or `SCRIPT FLUSH`).
   */
  async eval(script: string, keys: string[], args: Array<string | number>): Promise<unknown> {
    let sha = this.shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      this.shas.set(script, sha);
    }
    const rest = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await this.command(['EVALSHA', sha, ...rest]);
    } catch (e) {
      if (!(e as Error)?.message?.startsWith('NOSCRIPT')) throw e;
      return this.command(['EVAL', script, ...rest]);
    }
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  /**
   * Puts the Socket.IO Redis adapter on the server, so rooms span every instance (no-op without Redis).
   * Nest sets up gateways before the modules' init hooks run: a server handed over before the connections
   * are up gets its adapter as soon as they are (still before the app listens).
   */
  attachAdapter(server: Server): void {
    if (!this.enabled) return;
    this.ioServer = server;
    if (!this.createAdapter || !this.AdapterParser || !this.pub?.isReady || !this.sub?.isReady) return;
    const parser = new this.AdapterParser();
    const make = this.createAdapter(this.pub, this.sub, { key: `${this.prefix}socket.io`, parser });
    // Socket.IO calls `new` on it, once per namespace: a function (not an arrow) that returns the adapter it made.
    server.adapter(function (this: unknown, nsp: Namespace) {
      const adapter = make(nsp) as { uid: string };
      parser.addOwnUid(adapter.uid);
      return adapter;
    } as unknown as Parameters<Server['adapter']>[0]);
  }

  /** Called with the id of each instance whose lease expired, on the one instance that took the clean-up lock. */
  onDeadInstance(handler: DeadInstanceHandler): void {
    this.deadHandlers.push(handler);
  }

  /** Called when this instance finds that its lease had expired (Redis unreachable for longer than the TTL). */
  onLeaseLost(handler: () => void): void {
    this.leaseLostHandlers.push(handler);
  }

  private async renew(): Promise<void> {
    const previous = await this.housekeeping(['SET', this.key('lease', this.instanceId), String(Date.now()), 'PX', String(LEASE_TTL_MS), 'GET']);
    await this.housekeeping(['SADD', this.key('instances'), this.instanceId]);
    this.metrics.leaseRenewed();
    if (previous === null && this.leased) {
      // Another instance may have taken our sockets over meanwhile: our clients must reconnect and check in again.
      this.logger.warn(`instance ${this.instanceId}: the lease had expired; closing this instance's sockets so that they check in again`);
      for (const h of this.leaseLostHandlers) h();
    }
    this.leased = true;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.renew();
      await this.reapDead();
    } catch (e) {
      this.logger.warn(`lease renewal or clean-up failed: ${(e as Error).message}`);
    }
  }

  /** Cleans up after instances whose lease is gone (one at a time; each dead instance by one instance only). */
  async reapDead(): Promise<void> {
    if (this.reaping || this.stopped) return;
    this.reaping = true;
    try {
      const ids = ((await this.housekeeping(['SMEMBERS', this.key('instances')])) as string[]).filter((id) => id !== this.instanceId);
      for (const id of ids) {
        if ((await this.housekeeping(['EXISTS', this.key('lease', id)])) === 1) continue;
        const lock = await this.housekeeping(['SET', this.key('reap', id), this.instanceId, 'NX', 'PX', String(REAP_LOCK_MS)]);
        if (lock !== 'OK') continue;
        this.logger.log(`instance ${id} lost its lease: taking over its points`);
        try {
          for (const h of this.deadHandlers) await h(id);
          await this.housekeeping(['SREM', this.key('instances'), id]);
        } catch (e) {
          // Released so that the next tick (here or elsewhere) tries again.
          this.logger.error(`clean-up after instance ${id} failed: ${(e as Error).stack ?? String(e)}`);
          await this.housekeeping(['DEL', this.key('reap', id)]).catch(() => undefined);
        }
      }
    } finally {
      this.reaping = false;
    }
  }

  /** Stops renewing, gives the lease up (others take over at once) and closes the connections. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.enabled || this.stopped) return;
    this.stopped = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    try {
      await this.command(['DEL', this.key('lease', this.instanceId)]);
    } catch (e) {
      this.logger.warn(`could not release the lease: ${(e as Error).message}`);
    }
    for (const c of [this.client, this.pub, this.sub]) {
      if (!c) continue;
      await c.close().catch(() => c.destroy());
    }
    this.client = this.pub = this.sub = null;
  }
}
