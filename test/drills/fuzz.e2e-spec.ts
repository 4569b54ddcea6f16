import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { RollcallService } from '../../src/presence/rollcall.service';
import { askRaw, closeAllSockets, connectLive, type LiveSocket, sleep } from '../helpers/live-client';
import { createTestApp, type TestApp } from '../helpers/test-app';
import {
  clientEvents,
  concretePath,
  dbFingerprint,
  documentedRoutes,
  drillWorld,
  type DrillWorld,
  METRICS_TOKEN,
  type OpenApiDoc,
  type SchemaObject,
  tokenOf,
} from './principals';

/**
 * Property-based fuzzing (fast-check) of every socket event (`ClientToServerEvents`) and every REST request body of
 * the OpenAPI document: wrong types, huge and deep values, prototype keys, unicode. Whatever is sent: no 5xx, no
 * `internal_error`, every event acked, no disconnect, and a refused request writes nothing (a fingerprint of the
 * database is the same before and after). Runs are bounded (FUZZ_RUNS, default 20 per route (40 per event) or route and principal),
 * with a fixed seed unless FUZZ_SEED is given, so a failure replays.
 */
jest.setTimeout(240_000);

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const nested = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** A value of any shape: the building block of the payloads. */
const anyValue = (fieldNames: string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.anything({
        maxDepth: 3,
        key: fc.oneof(fc.constantFrom(...PROTO_KEYS, ...fieldNames), fc.string({ unit: 'grapheme', maxLength: 12 })),
        withNullPrototype: true,
      }),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 64 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 32 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\uFEFF', 'Điểm cầu Thuận Thành', '＝1+1', '😀'.repeat(300), 'x'.repeat(100_000)) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 31, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1e308, true, false, null) },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 3_000 }).map((d) => nested(d, 1)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => i)) },
  );

/** Objects with the DTO's field names (so validation goes past "unknown field"), wrong values, and extra keys; or no object at all. */
const payload = (fieldNames: string[], good: Record<string, unknown> = {}): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record(Object.fromEntries(fieldNames.map((f) => [f, fc.oneof(anyValue(fieldNames), fc.constant(good[f]))])), { requiredKeys: [] }),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.record(Object.fromEntries(fieldNames.map((f) => [f, fc.constant(good[f])])), { requiredKeys: [] }),
          fc.constantFrom(...PROTO_KEYS, 'extra', 'ñ'),
          anyValue(fieldNames),
        )
        .map(([o, k, v]) => Object.defineProperty({ ...o }, k, { value: v, enumerable: true, configurable: true, writable: true })),
    },
    { weight: 2, arbitrary: anyValue(fieldNames) },
  );

/** Field names of a request body schema (following one `$ref`). */
function fieldsOf(doc: OpenApiDoc, schema: SchemaObject | undefined): string[] {
  if (!schema) return [];
  const resolved = schema.$ref ? doc.components?.schemas?.[schema.$ref.split('/').pop()!] : schema;
  return Object.keys(resolved?.properties ?? {});
}

describe('fuzz (drill)', () => {
  let t: TestApp;
  let w: DrillWorld;
  let doc: OpenApiDoc;
  let routes: string[];

  beforeAll(async () => {
    // Its own Redis prefix (PostgreSQL+Redis pass): an instance another test file left behind under the shared prefix
    // is taken over when its lease runs out, and that take-over writes log lines in the middle of a refusal's check.
    t = await createTestApp({ METRICS_TOKEN, REDIS_PREFIX: `fuzz-${randomBytes(4).toString('hex')}:` });
    w = await drillWorld(t);
    ({ doc, routes } = await documentedRoutes(t));
  });
  afterAll(async () => {
    closeAllSockets();
    await t.close();
  });

  it('every socket event: acked, never internal_error, never a disconnect, a refusal writes nothing', async () => {
    const { id: conferenceId, pointId } = w.ids;
    const good: Record<string, unknown> = {
      conferenceId,
      pointId,
      audio: 'ok',
      video: 'ok',
      version: 1,
      timeoutSeconds: 30,
      attendance: 'online',
      text: 'x',
      to: { all: true },
      key: 'technician',
      ok: true,
      petitionId: '00000000-0000-4000-8000-0000000000aa',
    };
    const fields: Record<string, string[]> = {
      checkin: ['conferenceId'],
      checkout: ['conferenceId'],
      'board:join': ['conferenceId'],
      status: ['conferenceId', 'audio', 'video', 'note'],
      'agenda:ack': ['conferenceId', 'version', 'release'],
      'rollcall:answer': ['rollcallId'],
      'rollcall:start': ['conferenceId', 'timeoutSeconds'],
      'attendance:mark': ['conferenceId', 'pointId', 'attendance', 'reason'],
      notice: ['conferenceId', 'text', 'to'],
      readiness: ['conferenceId', 'key', 'ok', 'note'],
      'petition:watch': ['petitionId'],
      'petition:unwatch': ['petitionId'],
    };
    const sockets: LiveSocket[] = [];
    for (const who of ['link', 'point', 'operator', 'admin'] as const) sockets.push(await connectLive(t, tokenOf(w, who)!));
    const events = clientEvents();
    let refused = 0;
    for (const event of events) {
      let turn = 0;
      await fc.assert(
        fc.asyncProperty(payload(fields[event] ?? ['conferenceId'], good), fc.constantFrom(0, 1, 2), async (p, extraArgs) => {
          const s = sockets[turn++ % sockets.length];
          const before = await dbFingerprint(t);
          const args = extraArgs === 0 ? [p] : extraArgs === 1 ? [p, p] : [];
          let ack = await askRaw(s, event, args, 15_000);
          // The per-socket budget is part of the contract; wait it out rather than count it as a refusal of the payload.
          for (let i = 0; !ack.ok && (ack.error as { code: string }).code === 'rate_limited' && i < 3; i++) {
            await sleep(1_100);
            ack = await askRaw(s, event, args, 15_000);
          }
          expect(s.connected).toBe(true);
          expect(typeof ack.ok).toBe('boolean');
          if (!ack.ok) {
            expect((ack.error as { code: string }).code).not.toBe('internal_error');
            expect(await dbFingerprint(t)).toBe(before);
            refused++;
          }
        }),
        { numRuns: RUNS * 2, seed: SEED, endOnFailure: true },
      );
    }
    expect(refused).toBeGreaterThan(events.length * RUNS);
    await t.http().get('/api/health').expect(200);
    // A roll call the fuzz started (5 to 600 s) writes its result line when it times out, in the middle of the REST
    // fuzz below, whose fingerprints would then differ (it failed so in CI): close them now, as if their time was up.
    await t.app.get(RollcallService).sweep(Number.MAX_SAFE_INTEGER);
  });

  it('every REST request body of the OpenAPI document: no 5xx, no internal_error, a refusal writes nothing', async () => {
    const withBodies = routes.filter((r) => {
      const [method, path] = r.split(' ');
      return method !== 'GET' && method !== 'DELETE' && !!doc.paths[path][method.toLowerCase()].requestBody;
    });
    expect(withBodies.length).toBeGreaterThanOrEqual(10);
    for (const route of withBodies) {
      const [method, path] = route.split(' ');
      const content = doc.paths[path][method.toLowerCase()].requestBody!.content ?? {};
      const json = content['application/json'];
      const fieldNames = fieldsOf(doc, json?.schema);
      await fc.assert(
        fc.asyncProperty(payload(fieldNames, { version: 1 }), fc.constantFrom('admin', 'organizer', 'operator'), fc.boolean(), async (body, who, ifMatch) => {
          const before = await dbFingerprint(t);
          let req = t.http()[method.toLowerCase() as 'post'](concretePath(w, path)).set('Authorization', w.bearer[who]);
          if (ifMatch) req = req.set('If-Match', '1');
          const text = json || !content['text/csv'] || typeof body !== 'string' ? (JSON.stringify(body) ?? 'null') : body;
          const res = await req.set('Content-Type', json || !content['text/csv'] ? 'application/json' : 'text/csv').send(text);
          expect([route, res.status < 500, res.body?.code]).toEqual([route, true, res.body?.code === 'internal_error' ? 'not internal_error' : res.body?.code]);
          if (res.status >= 400 && res.status !== 401) expect([route, await dbFingerprint(t)]).toEqual([route, before]);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    await t.http().get('/api/health').expect(200);
  });
});
