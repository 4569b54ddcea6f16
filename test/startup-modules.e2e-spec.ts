import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from './helpers/live-client';
import { buildServer, type ServerBuild, type ServerProcess, startServer, tearDownServers } from './helpers/server-process';
import { freshDatabaseEnv, login } from './helpers/test-app';

/**
 * The packages a broadcast never needs stay unloaded until a request needs them (README, issue 8: ~20 MB resident for
 * date-holidays, ~28 MB for exceljs; the Redis client and adapter without REDIS_URL): the compiled server, started on an
 * empty database, is asked (SIGWINCH, through a preloaded script) which modules it has loaded.
 */
describe('modules loaded on first use (compiled server)', () => {
  let build: ServerBuild | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  let server: ServerProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'diemcau-modules-'));
  const preload = join(dir, 'list-modules.cjs');
  const hooks = join(dir, 'esm-hooks.mjs');
  const listing = join(dir, 'modules.txt');
  const esmListing = join(dir, 'esm-modules.txt');

  /** The packages (folder names under node_modules) loaded in the server now: CommonJS ones and ES modules. */
  const loaded = async (): Promise<string[]> => {
    rmSync(listing, { force: true });
    server!.child.kill('SIGWINCH');
    await waitFor(() => existsSync(listing), 10_000, 50);
    const esm = existsSync(esmListing) ? readFileSync(esmListing, 'utf8') : '';
    const files = `${readFileSync(listing, 'utf8')}\n${esm}`.split('\n');
    return [...new Set(files.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter((x): x is string => !!x))];
  };

  beforeAll(async () => {
    // CommonJS modules are in require.cache; ES modules (date-holidays is one) are recorded by a resolve hook.
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(esmListing)}, r.url + '\\n'); return r; }\n`,
    );
    writeFileSync(
      preload,
      `require('node:module').register(${JSON.stringify(pathToFileURL(hooks).href)});\n` +
        `process.on('SIGWINCH', () => require('node:fs').writeFileSync(${JSON.stringify(listing)}, Object.keys(require.cache).join('\\n')));\n`,
    );
    build = await buildServer();
    const fresh = await freshDatabaseEnv();
    cleanup = fresh.cleanup;
    server = await startServer(build.dir, { ...fresh.env, NODE_OPTIONS: `--require ${preload}` });
  }, 300_000);

  afterAll(async () => {
    await tearDownServers(build, cleanup);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts without date-holidays and exceljs, and loads date-holidays with the first working-day calendar', async () => {
    const atStart = await loaded();
    expect(atStart).toContain('typeorm'); // the listing works
    expect(atStart).not.toContain('date-holidays');
    expect(atStart).not.toContain('exceljs');

    const admin = await login(server!.t);
    const days = await server!.t.http().get('/api/calendar/working-days?from=2026-01-01&to=2026-01-31').set('Authorization', admin);
    expect(days.status).toBe(200);
    expect(await loaded()).toContain('date-holidays');
  });

  it('loads the Redis client and the Socket.IO Redis adapter only when REDIS_URL is set', async () => {
    const atStart = await loaded();
    const redisPackages = ['redis', '@redis/client', '@socket.io/redis-adapter'];
    // The same spec runs on the SQLite pass (no REDIS_URL) and on the PostgreSQL + Redis pass.
    if (process.env.REDIS_URL) for (const p of redisPackages) expect(atStart).toContain(p);
    else for (const p of redisPackages) expect(atStart).not.toContain(p);
  });
});
