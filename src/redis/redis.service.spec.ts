import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../common/config/app-config';
import type { HealthService } from '../health/health.service';
import type { MetricsService } from '../metrics/metrics.service';
import { LEASE_RENEW_MS, RedisService } from './redis.service';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('src/redis/redis.service.spec.ts skipped: REDIS_URL is not set.');
const describeRedis = redisUrl ? describe : describe.skip;

describe('RedisService without REDIS_URL', () => {
  it('is disabled and connects to nothing', async () => {
    const probes: string[] = [];
    const s = new RedisService(
      { redisUrl: undefined, redisPrefix: 'x:' } as AppConfig,
      { register: (n: string) => probes.push(n) } as unknown as HealthService,
      {} as MetricsService,
    );
    await s.onModuleInit();
    expect(s.enabled).toBe(false);
    expect(probes).toEqual([]);
    await expect(s.command(['PING'])).rejects.toThrow('not enabled');
    await s.onApplicationShutdown();
  });
});

describeRedis('RedisService leases', () => {
  const prefix = `lease-${randomBytes(6).toString('hex')}:`;
  const started: RedisService[] = [];
  const probes = new Map<string, () => Promise<boolean>>();

  async function instance(): Promise<RedisService> {
    const health = { register: (n: string, p: () => Promise<boolean>) => probes.set(n, p) } as unknown as HealthService;
    const s = new RedisService({ redisUrl, redisPrefix: prefix } as AppConfig, health, { leaseRenewed: () => undefined } as unknown as MetricsService);
    await s.onModuleInit();
    started.push(s);
    return s;
  }

  afterAll(async () => {
    const live = started[started.length - 1]; // the first one was shut down by the test
    const keys = (await live.command(['KEYS', `${prefix}*`])) as string[];
    if (keys.length) await live.command(['DEL', ...keys]);
    for (const s of started) await s.onApplicationShutdown();
  });

  it('registers the redis health probe; a dead instance is cleaned up by exactly one other instance', async () => {
    const [a, b, c] = await Promise.all([instance(), instance(), instance()]);
    expect(await probes.get('redis')!()).toBe(true);
    const seen: string[] = [];
    b.onDeadInstance(async (id) => void seen.push(`b:${id}`));
    c.onDeadInstance(async (id) => void seen.push(`c:${id}`));
    await a.onApplicationShutdown(); // gives its lease up
    await Promise.all([b.reapDead(), c.reapDead()]);
    expect(seen).toHaveLength(1);
    expect(seen[0].endsWith(a.instanceId)).toBe(true);
    expect(await b.command(['SISMEMBER', `${prefix}instances`, a.instanceId])).toBe(0);
    await Promise.all([b.reapDead(), c.reapDead()]);
    expect(seen).toHaveLength(1);
  });

  it('tells its owner when its lease had expired (the sockets must check in again)', async () => {
    const s = await instance();
    let lost = 0;
    s.onLeaseLost(() => (lost += 1));
    await s.command(['DEL', `${prefix}lease:${s.instanceId}`]);
    const until = Date.now() + LEASE_RENEW_MS + 2000;
    while (lost === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(lost).toBe(1);
  });
});
