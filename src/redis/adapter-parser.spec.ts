import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as msgpack from 'notepack.io';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { AppConfig } from '../common/config/app-config';
import type { HealthService } from '../health/health.service';
import type { MetricsService } from '../metrics/metrics.service';
import { OwnBroadcastParser } from './adapter-parser';
import { RedisService } from './redis.service';

describe('OwnBroadcastParser', () => {
  const packet = { type: 2, data: ['presence', { conferenceId: 'c1', seq: 7, changes: [{ name: 'Điểm cầu xã Tân Phú' }] }], nsp: '/live' };
  const opts = { rooms: ['board:c1'], except: [], flags: {} };

  it('decodes the broadcasts of other instances and every request in full, as MessagePack', () => {
    const parser = new OwnBroadcastParser();
    parser.addOwnUid('AbC123');
    const theirs = msgpack.encode(['XyZ789', packet, opts]);
    expect(parser.decode(theirs)).toEqual(['XyZ789', packet, opts]);
    const request = msgpack.encode({ uid: 'AbC123', requestId: 'r1', type: 6 });
    expect(parser.decode(request)).toEqual({ uid: 'AbC123', requestId: 'r1', type: 6 });
    // The bytes on the wire are the adapter's default ones: an instance of the previous version reads them.
    expect(parser.encode(['AbC123', packet, opts])).toEqual(msgpack.encode(['AbC123', packet, opts]));
  });

  it('reads only the uid of a broadcast of its own', () => {
    const parser = new OwnBroadcastParser();
    parser.addOwnUid('AbC123');
    parser.addOwnUid('QqQ000');
    expect(parser.decode(msgpack.encode(['AbC123', packet, opts]))).toEqual(['AbC123']);
    expect(parser.decode(msgpack.encode(['QqQ000', packet, opts]))).toEqual(['QqQ000']);
    expect(parser.decode(msgpack.encode(['AbC1234', packet, opts]))).toEqual(['AbC1234', packet, opts]); // a longer uid
  });
});

/** Two Socket.IO servers on one Redis, each with its RedisService (the adapter and this parser), as two instances. */
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('src/redis/adapter-parser.spec.ts (two servers) skipped: REDIS_URL is not set.');
const describeRedis = redisUrl ? describe : describe.skip;

describeRedis('the Redis adapter with OwnBroadcastParser (two servers on one Redis)', () => {
  const prefix = `spec-${randomBytes(6).toString('hex')}:`;
  const instances: Array<{ redis: RedisService; io: Server; http: HttpServer; url: string }> = [];
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const redis = new RedisService(
        { redisUrl, redisPrefix: prefix } as AppConfig,
        { register: () => undefined } as unknown as HealthService,
        { leaseRenewed: () => undefined } as unknown as MetricsService,
      );
      const http = createServer();
      const io = new Server(http);
      io.on('connection', (s) => void s.join('board'));
      redis.attachAdapter(io);
      await redis.onModuleInit();
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      instances.push({ redis, io, http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    }
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const { redis, io } of instances) {
      await new Promise((r) => io.close(r));
      await redis.onApplicationShutdown();
    }
  });

  it('delivers every broadcast once to the room on both servers, decoding none of its own in full', async () => {
    const got: Array<Array<{ from: number; n: number }>> = [[], []];
    const probed: Array<Set<number>> = [new Set(), new Set()];
    for (const [i, { url }] of instances.entries()) {
      const c = connect(url, { transports: ['websocket'] });
      c.on('delta', (d: { from: number; n: number }) => got[i].push(d));
      c.on('probe', (from: number) => probed[i].add(from));
      await new Promise<void>((r) => c.once('connect', () => r()));
      clients.push(c);
    }
    // Both joined and known to both adapters (a room filter drops broadcasts for rooms a server has no member in):
    // probes go out until each client has heard both servers (a fixed wait is too short on a loaded machine).
    for (let t = 0; t < 100 && probed.some((p) => p.size < 2); t++) {
      for (const [from, { io }] of instances.entries()) io.to('board').emit('probe', from);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(probed.map((p) => p.size)).toEqual([2, 2]);
    await new Promise((r) => setTimeout(r, 200)); // the probes' last echoes are read before decoding is counted
    const decode = jest.spyOn(OwnBroadcastParser.prototype, 'decode');
    for (let n = 0; n < 5; n++) for (const [from, { io }] of instances.entries()) io.to('board').emit('delta', { from, n });
    const want = [0, 1].flatMap((from) => [0, 1, 2, 3, 4].map((n) => ({ from, n })));
    const sorted = (a: Array<{ from: number; n: number }>) => [...a].sort((x, y) => x.from - y.from || x.n - y.n);
    for (let t = 0; t < 50 && got.some((g) => g.length < want.length); t++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200)); // nothing more arrives (a duplicate would)
    expect(got.map(sorted)).toEqual([want, want]);
    // Each server heard its 5 broadcasts back and read only their uid; the other's 5 in full.
    const results = decode.mock.results.map((r) => r.value as unknown[]);
    expect(results.filter((v) => Array.isArray(v) && v.length === 1)).toHaveLength(10);
    expect(results.filter((v) => Array.isArray(v) && v.length === 3)).toHaveLength(10);
  });
});
