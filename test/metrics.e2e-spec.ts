import { ask, boardOf, checkedIn, closeAllSockets, liveConference, waitFor } from './helpers/live-client';
import { createTestApp, TestApp } from './helpers/test-app';

/** `GET /metrics`: Prometheus text outside the `/api` prefix, behind METRICS_TOKEN, with the presence metrics. */
const METRICS_TOKEN = 'metrics-token-for-the-e2e-test';
describe('metrics (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN });
  });
  afterAll(async () => {
    closeAllSockets();
    await t.close();
  });

  const scrape = async () => {
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };
  const value = (text: string, series: string): number | null => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : null;
  };

  it('serves Prometheus text with METRICS_TOKEN only, outside /api', async () => {
    expect((await t.http().get('/metrics')).status).toBe(401);
    expect((await t.http().get('/metrics').set('Authorization', 'Bearer not-the-metrics-token')).status).toBe(401);
    const text = await scrape();
    for (const name of [
      'diemcau_process_cpu_seconds_total',
      'diemcau_nodejs_heap_size_used_bytes',
      'diemcau_sockets_connected',
      'diemcau_points_online',
      'diemcau_event_log_batch_size',
      'diemcau_event_log_write_seconds',
    ])
      expect(text).toContain(`# TYPE ${name} `);
    expect((await t.http().get('/api/metrics')).status).toBe(404);
  });

  it('counts sockets, points online per conference and event-log batches', async () => {
    const before = await scrape();
    const c = await liveConference(t, ['district', 'commune']);
    const cid = c.conference.id;
    const board = await boardOf(t, cid);
    const p = await checkedIn(t, c.links.get(c.points[0].id)!, cid);
    await waitFor(() => board.entry(c.points[0].id)?.state === 'online' || null);

    const text = await waitFor(async () => {
      const s = await scrape();
      return value(s, `diemcau_points_online{conference_id="${cid}"}`) === 1 ? s : null;
    });
    expect(value(text, 'diemcau_sockets_connected')).toBe((value(before, 'diemcau_sockets_connected') ?? 0) + 2);
    expect(value(text, 'diemcau_event_log_batch_size_count')!).toBeGreaterThan(value(before, 'diemcau_event_log_batch_size_count') ?? 0);
    expect(value(text, 'diemcau_event_log_write_seconds_count')!).toBeGreaterThan(0);
    // An instance holds a Redis lease only with REDIS_URL.
    if (process.env.REDIS_URL) expect(text).toContain('# TYPE diemcau_lease_age_seconds gauge');
    else expect(text).not.toContain('diemcau_lease_age_seconds');

    expect((await ask(p, 'checkout', { conferenceId: cid })).ok).toBe(true);
    p.close();
    await waitFor(async () => value(await scrape(), 'diemcau_sockets_connected') === (value(before, 'diemcau_sockets_connected') ?? 0) + 1 || null);
  });
});
