import { ask, checkedIn, closeAllSockets, liveConference, waitFor } from './helpers/live-client';
import { buildServer, ServerBuild, ServerProcess, startServer, tearDownServers } from './helpers/server-process';
import { freshDatabaseEnv } from './helpers/test-app';

/**
 * The server as operators run it (the compiled build, a child process), killed with SIGKILL and started
 * again on the same database: what was acked is in the event log, and the points that were online come
 * back `unstable`, then `offline` after the grace, unless their client checks in again.
 */

const GRACE_MS = 2000;

describe('presence across a server restart (child process, SIGKILL)', () => {
  let build: ServerBuild | undefined;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;

  /**
   * Starts the compiled server on the test database; resolves when /api/health answers. One instance without
   * Redis (what this file tests is a single process rebuilding its state from the event log; with REDIS_URL the
   * state lives in Redis and test/scaleout.e2e-spec.ts covers a dead instance).
   */
  const start = (): Promise<ServerProcess> => startServer(build!.dir, { ...env, PRESENCE_GRACE_MS: String(GRACE_MS) }, ['REDIS_URL']);
  const kill = (s: ServerProcess) => s.stop('SIGKILL');

  beforeAll(async () => {
    build = await buildServer();
    ({ env, cleanup } = await freshDatabaseEnv());
  }, 300_000);

  afterAll(() => tearDownServers(build, cleanup));

  it('keeps every acked check-in; points that were online come back unstable, then offline unless they check in again', async () => {
    const first = await start();
    const c = await liveConference(first.t, ['district', 'district', 'commune']);
    const cid = c.conference.id;
    const [stays, returns, never] = c.points;
    await checkedIn(first.t, c.links.get(stays.id)!, cid);
    const returning = await checkedIn(first.t, c.links.get(returns.id)!, cid);
    expect(await ask(returning, 'status', { conferenceId: cid, audio: 'ok', video: 'fail' })).toEqual({ ok: true });
    await kill(first); // right after the acks: nothing more is written
    closeAllSockets();

    const second = await start();
    const operator = c.organizer;
    const events = async (pointId: string) => {
      const res = await second.t.http().get(`/api/conferences/${cid}/presence/events?pointId=${pointId}`).set('Authorization', operator).expect(200);
      return res.body as Array<{ type: string; detail: Record<string, unknown> | null }>;
    };
    const entry = async (pointId: string) => {
      const res = await second.t.http().get(`/api/conferences/${cid}/presence`).set('Authorization', operator).expect(200);
      return (res.body.points as Array<Record<string, unknown>>).find((p) => p.pointId === pointId)!;
    };

    // The acked events survived the kill.
    expect((await events(stays.id)).map((e) => e.type)).toEqual(['checkin']);
    expect((await events(returns.id)).map((e) => e.type)).toEqual(['checkin', 'status']);

    // First use after the restart rebuilds live state: online points are unstable, their drop counted and logged.
    expect(await entry(stays.id)).toMatchObject({ state: 'unstable', connections: 0, drops: 1 });
    expect(await entry(returns.id)).toMatchObject({ state: 'unstable', drops: 1, audio: 'ok', video: 'fail' });
    expect(await entry(never.id)).toMatchObject({ state: 'absent', drops: 0 });
    expect((await events(stays.id)).map((e) => [e.type, e.detail?.reason ?? null])).toEqual([
      ['checkin', null],
      ['disconnect', 'server_restart'],
    ]);

    // The client protocol: re-send checkin on reconnect (same link token, new process) keeps the entry.
    const back = await checkedIn(second.t, c.links.get(returns.id)!, cid);
    expect(back.connected).toBe(true);
    expect(await entry(returns.id)).toMatchObject({ state: 'online', drops: 1, connections: 1 });

    await waitFor(async () => (await entry(stays.id)).state === 'offline', GRACE_MS * 4, 100);
    expect(await entry(stays.id)).toMatchObject({ drops: 1 });
    expect(await entry(returns.id)).toMatchObject({ state: 'online' });
    expect((await events(stays.id)).map((e) => e.type)).toEqual(['checkin', 'disconnect', 'lost']);
    expect((await events(returns.id)).map((e) => e.type)).toEqual(['checkin', 'status', 'disconnect', 'connect']);
    await kill(second);
  }, 180_000);
});
