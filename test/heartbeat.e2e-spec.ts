import { boardOf, checkedIn, closeAllSockets, liveConference, waitFor } from './helpers/live-client';
import { createTestApp, type TestApp } from './helpers/test-app';

/**
 * A site whose network goes silent (a phone out of coverage, a pulled cable) closes nothing: only the heartbeat
 * notices. With `LIVE_PING_INTERVAL_MS` + `LIVE_PING_TIMEOUT_MS` the board shows it dropping within that time
 * (defaults 10 s + 8 s; Socket.IO's own 25 s + 20 s kept it "connected" for up to 45 s). Short values here.
 */
describe('heartbeat (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ LIVE_PING_INTERVAL_MS: '300', LIVE_PING_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    closeAllSockets();
    await t?.close();
  });

  it('a checked-in point that stops answering without closing its connection turns unstable on the board within interval + timeout', async () => {
    const lc = await liveConference(t, ['district']);
    const [point] = lc.points;
    const socket = await checkedIn(t, lc.links.get(point.id)!, lc.conference.id);
    const board = await boardOf(t, lc.conference.id);
    await waitFor(() => board.entry(point.id)?.state === 'online');
    // silent: the client no longer answers the server's pings, and its connection stays open
    const engine = socket.io.engine as unknown as { _sendPacket: (type: string, ...rest: unknown[]) => void };
    const send = engine._sendPacket.bind(engine);
    engine._sendPacket = (type, ...rest) => (type === 'pong' ? undefined : send(type, ...rest));
    const silentAt = Date.now();
    await waitFor(() => board.entry(point.id)?.state === 'unstable', 3_000);
    expect(Date.now() - silentAt).toBeLessThan(3_000);
    const events = (
      await t.http().get(`/api/conferences/${lc.conference.id}/presence/events?pointId=${point.id}`).set('Authorization', lc.organizer).expect(200)
    ).body as Array<{ type: string }>;
    expect(events.map((e) => e.type)).toContain('disconnect');
  });

  it('refuses a heartbeat setting out of range at start-up, naming it', async () => {
    await expect(createTestApp({ LIVE_PING_INTERVAL_MS: '50' })).rejects.toThrow(/LIVE_PING_INTERVAL_MS/);
  });
});
