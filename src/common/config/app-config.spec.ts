import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, MIN_SECRET_BYTES } from './app-config';

describe('the JWT secret (config)', () => {
  let dir: string;
  const env = (extra: Record<string, string> = {}) => ({ DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, ...extra });
  const failure = (run: () => unknown): ConfigError => {
    try {
      run();
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error('loadConfig accepted the configuration');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'diemcau-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['an empty value', ''],
    ['16 characters', 'a'.repeat(16)],
    ['31 bytes', 'x'.repeat(31)],
    ['spaces around a short value', `   ${'k'.repeat(20)}          `],
  ])('refuses JWT_SECRET with %s, naming the variable', (_, value) => {
    const e = failure(() => loadConfig(env({ JWT_SECRET: value })));
    expect(e.message).toContain('JWT_SECRET');
    expect(e.message).toContain(`${MIN_SECRET_BYTES} bytes`);
  });

  it('accepts a JWT_SECRET of 32 bytes', () => {
    expect(loadConfig(env({ JWT_SECRET: 's'.repeat(32) })).jwtSecret).toBe('s'.repeat(32));
  });

  it.each([
    ['empty', ''],
    ['a line break only', '\n'],
    ['31 bytes', 'y'.repeat(31)],
  ])('refuses a data/jwt-secret file that is %s, naming the file (never signs with it)', (_, content) => {
    writeFileSync(join(dir, 'jwt-secret'), content);
    const e = failure(() => loadConfig(env()));
    expect(e.message).toContain(join(dir, 'jwt-secret'));
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(content);
  });

  it('generates a secret once, private to the owner, with no temporary file left, and keeps it across starts', () => {
    const first = loadConfig(env()).jwtSecret;
    expect(Buffer.byteLength(first)).toBeGreaterThanOrEqual(MIN_SECRET_BYTES);
    expect(readdirSync(dir)).toEqual(['jwt-secret']);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(loadConfig(env()).jwtSecret).toBe(first);
  });

  it('names a refused secret without printing it, and an address without its password', () => {
    const e = failure(() =>
      loadConfig(
        env({
          JWT_SECRET: 'short-but-secret',
          ZALO_OA_SECRET: 'oa-sec',
          METRICS_TOKEN: 'tok',
          LIVE_PING_TIMEOUT_MS: '5',
          REDIS_URL: 'http://user:s3cr3t-pass@10.0.0.5:6379', // not redis://: refused
          DB_POOL_SIZE: '0',
        }),
      ),
    );
    expect(e.message).toMatch(/JWT_SECRET=\(hidden\)/);
    expect(e.message).toMatch(/ZALO_OA_SECRET=\(hidden\)/);
    expect(e.message).toMatch(/METRICS_TOKEN=\(hidden\)/);
    expect(e.message).toContain('LIVE_PING_TIMEOUT_MS=5');
    expect(e.message).toContain('REDIS_URL="http://user:***@10.0.0.5:6379"');
    for (const secret of ['short-but-secret', 'oa-sec', '"tok"', 's3cr3t-pass']) expect(e.message).not.toContain(secret);
  });

  it('refuses production without JWT_SECRET', () => {
    expect(failure(() => loadConfig(env({ NODE_ENV: 'production' }))).message).toContain('JWT_SECRET');
  });
});
