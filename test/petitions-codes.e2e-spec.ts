import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DateTime } from 'luxon';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { formatTrackingCode, sequenceProblems } from '../src/petitions/rules/tracking-code';
import { publicBody } from './helpers/petitions.factory';
import { freshDatabaseEnv, login, type TestApp } from './helpers/test-app';

/** Boots one more app instance on an existing database (same environment), listening on a free port. */
async function instanceOn(env: Record<string, string>): Promise<{ app: INestApplication; t: TestApp }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return { app, t: { app, url, http: () => request(app.getHttpServer()), env, close: () => app.close() } };
  } finally {
    process.env = saved;
  }
}

const postgres = /^postgres/.test(process.env.DATABASE_URL ?? '');
const year = () => DateTime.now().setZone('Asia/Ho_Chi_Minh').year;

/**
 * Tracking codes under concurrent public submissions: 100 at once give 100 distinct codes, exactly the next 100
 * numbers of the year (no duplicate, no gap). On SQLite with one instance; on PostgreSQL with two instances sharing
 * the database (each with its own connection pool), 50 submissions through each.
 */
describe(`tracking codes under concurrency (${postgres ? 'PostgreSQL, two instances' : 'SQLite, one instance'})`, () => {
  let instances: Array<{ app: INestApplication; t: TestApp }> = [];
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabaseEnv();
    cleanup = fresh.cleanup;
    instances = [await instanceOn(fresh.env)];
    if (postgres) instances.push(await instanceOn(fresh.env));
  }, 120000);
  afterAll(async () => {
    for (const i of instances) await i.app.close();
    await cleanup?.();
  });

  it('100 concurrent public submissions → 100 distinct, sequential codes; every petition stored once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        instances[i % instances.length].t
          .http()
          .post('/api/public/petitions')
          .set('X-Forwarded-For', `192.0.2.${i + 1}`)
          .send(publicBody()),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(201));
    const codes = responses.map((r) => r.body.code as string);
    expect(new Set(codes).size).toBe(100);
    expect(sequenceProblems(codes)).toEqual([]);
    expect([...codes].sort()).toEqual(Array.from({ length: 100 }, (_, i) => formatTrackingCode(year(), i + 1)));
    const admin = await login(instances[0].t);
    const list = (await instances[0].t.http().get('/api/petitions?limit=1000').set('Authorization', admin).expect(200)).body;
    expect(list.total).toBe(100);
    expect(list.items.map((p: { code: string }) => p.code).sort()).toEqual([...codes].sort());
  });

  it('refused submissions (rate limit) use no number: the next accepted one takes the next code', async () => {
    const ip = { 'X-Forwarded-For': '192.0.2.250' };
    const accepted: string[] = [];
    const all = await Promise.all(
      Array.from({ length: 8 }, (_, i) => instances[i % instances.length].t.http().post('/api/public/petitions').set(ip).send(publicBody())),
    );
    for (const r of all) if (r.status === 201) accepted.push(r.body.code);
    expect(all.filter((r) => r.status === 429).length).toBe(3);
    expect(accepted.sort()).toEqual(Array.from({ length: 5 }, (_, i) => formatTrackingCode(year(), 101 + i)));
    const next = await instances[0].t.http().post('/api/public/petitions').set('X-Forwarded-For', '192.0.2.251').send(publicBody()).expect(201);
    expect(next.body.code).toBe(formatTrackingCode(year(), 106));
  });
});
