import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { ADMIN, freshDatabaseEnv } from './fresh-database';

export { ADMIN, freshDatabaseEnv };

export interface TestApp {
  app: INestApplication;
  /** The http://127.0.0.1:port the app listens on (port 0 = any free one). */
  url: string;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
  /** Database description, for tests that restart the process on the same data. */
  env: Record<string, string>;
}

/** Boots the real AppModule on a fresh database, listening on a free port. */
export async function createTestApp(extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const { env, cleanup } = await freshDatabaseEnv(extraEnv);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    return {
      app,
      url: url.replace('[::1]', '127.0.0.1'),
      http: () => request(app.getHttpServer()),
      env,
      close: async () => {
        await app.close();
        await cleanup();
      },
    };
  } finally {
    process.env = saved;
  }
}

/** Signs in and returns the bearer header value. */
export async function login(t: TestApp, username = ADMIN.username, password = ADMIN.password): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return `Bearer ${res.body.accessToken}`;
}

let userSeq = 0;
/** Creates a user with the role (as admin) and returns its bearer header value. */
export async function userWithRole(t: TestApp, role: 'admin' | 'organizer' | 'operator' | 'point', pointId?: string): Promise<string> {
  const admin = await login(t);
  const username = `${role}${++userSeq}${randomBytes(2).toString('hex')}`;
  const password = 'password-for-tests';
  const res = await t
    .http()
    .post('/api/users')
    .set('Authorization', admin)
    .send({ username, password, role, ...(pointId ? { pointId } : {}) });
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(t, username, password);
}
