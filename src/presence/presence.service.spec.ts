import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { CheckinLinksService } from '../auth/checkin-links.service';
import type { AuthService } from '../auth/auth.service';
import type { LinkPrincipal, Principal, UserPrincipal } from '../auth/principal';
import { ConnectionCap } from './readiness/connection-cap';
import type { ReleasesService } from '../agenda/releases/releases.service';
import type { AgendaService } from '../agenda/agenda.service';
import { CatchUpState } from './catch-up-state';
import { AppError } from '../common/errors';
import type { AppConfig } from '../common/config/app-config';
import type { ConferenceSchedule, InvitedPoint } from '../conferences/conference-schedule';
import type { ConferencesService } from '../conferences/conferences.service';
import { BoardPublisher } from './board-publisher';
import type { AttendanceMarkEntity } from './entities/attendance-mark.entity';
import { GraceTimers } from './grace-timers';
import type { LiveClient } from './live-client';
import { SerialQueue } from './serial-queue';
import type { MetricsService } from '../metrics/metrics.service';
import { CLOSED_CONFERENCE_RETAIN_MS, LiveConferences } from './live-conferences';
import { LiveSessions } from './live-sessions';
import type { Transactions } from '../database/transactions';
import { LiveRooms } from './live-rooms';
import { PresenceEntryJson } from './presence-entry';
import { PresenceTransitions } from './presence-transitions';
import { RestartRecovery } from './restart-recovery';
import type { PresenceEventInput, PresenceEventLog } from './presence-event-log';
import type { PresenceDelta, ServerToClientEvents } from './presence.events';
import { PresenceService } from './presence.service';
import { RollcallService } from './rollcall.service';
import { MemoryPresenceStore } from './store/memory-presence-store';

const CID = '00000000-0000-4000-8000-0000000000c1';
const OTHER = '00000000-0000-4000-8000-0000000000c2';
const pid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const GRACE_MS = 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The three conference methods presence may use, counting every call (the hot path must not make any). */
class FakeConferences implements Pick<ConferencesService, 'findSchedule' | 'invitedPoints' | 'isInvited' | 'openIds'> {
  calls = 0;
  status: ConferenceSchedule['status'] = 'live';
  invited: InvitedPoint[] = [];
  /** Set to hold `isInvited` until released (to race a disconnect against a check-in). */
  gate: Promise<void> | null = null;

  async findSchedule(id: string): Promise<ConferenceSchedule> {
    this.calls++;
    if (id !== CID) throw AppError.notFound('conference', id);
    return {
      id,
      title: 'Hội nghị',
      startsAt: new Date(0),
      endsAt: new Date(1),
      timezone: 'Asia/Ho_Chi_Minh',
      status: this.status,
      hostPointId: pid(1),
      readiness: [],
      maxConnectedPoints: null,
      updatedAt: new Date(0),
    };
  }
  async invitedPoints(): Promise<InvitedPoint[]> {
    this.calls++;
    return this.invited;
  }
  async openIds(): Promise<string[]> {
    this.calls++;
    return this.status === 'scheduled' || this.status === 'live' ? [CID] : [];
  }
  async isInvited(conferenceId: string, pointId: string): Promise<boolean> {
    this.calls++;
    if (this.gate) await this.gate;
    return conferenceId === CID && this.invited.some((p) => p.pointId === pointId);
  }
}

/** The event log in memory; `hold` keeps commits pending until released; `failing` makes every write fail. */
class FakeLog implements Pick<PresenceEventLog, 'append' | 'flush' | 'list' | 'conferenceIds'> {
  rows: PresenceEventInput[] = [];
  hold: Promise<void> | null = null;
  failing = false;
  failures = 0;
  async append(rows: readonly PresenceEventInput[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.hold) await this.hold;
    if (this.failing) {
      this.failures++;
      throw new Error('disk I/O error');
    }
    this.rows.push(...rows);
  }
  async flush(): Promise<void> {}
  async list(conferenceId: string, pointId?: string) {
    return this.rows
      .filter((r) => r.conferenceId === conferenceId && (!pointId || r.pointId === pointId))
      .map((r) => ({ pointId: r.pointId, type: r.type, at: r.at, detail: r.detail }));
  }
  async conferenceIds(): Promise<string[]> {
    return [...new Set(this.rows.map((r) => r.conferenceId))];
  }
  types(pointId: string): string[] {
    return this.rows.filter((r) => r.pointId === pointId).map((r) => r.type);
  }
}

/** A socket as the service sees it. */
class FakeClient implements LiveClient {
  static n = 0;
  readonly id = `sock-${++FakeClient.n}`;
  connected = true;
  closeReason: string | null = null;
  linkCheckedAt = 0;
  readonly checkins = new Map<string, string>();
  readonly rooms = new Set<string>();
  readonly received: Array<[string, unknown]> = [];
  private readonly queue = new SerialQueue();
  constructor(readonly principal: Principal) {}
  join(rooms: string[]) {
    for (const r of rooms) this.rooms.add(r);
  }
  leave(room: string) {
    this.rooms.delete(room);
  }
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) {
    this.received.push([event, args[0]]);
  }
  disconnect(reason: string) {
    this.closeReason ??= reason;
    this.connected = false;
  }
  serial<T>(work: () => Promise<T>) {
    return this.queue.run(work);
  }
}

/** Rooms without Socket.IO: records what each room was sent. */
class FakeRooms extends LiveRooms {
  readonly sent: Array<{ rooms: string[]; event: string; payload: unknown }> = [];
  override to(roomNames: string | string[]) {
    return { emit: (event: string, payload: unknown) => void this.sent.push({ rooms: [roomNames].flat(), event, payload }) } as ReturnType<LiveRooms['to']>;
  }
  override leave(): void {}
  deltas(): PresenceDelta[] {
    return this.sent.filter((s) => s.event === 'presence').map((s) => s.payload as PresenceDelta);
  }
}

function harness(opts: { log?: FakeLog; conferences?: FakeConferences; points?: number; store?: MemoryPresenceStore } = {}) {
  const conferences = opts.conferences ?? new FakeConferences();
  if (!opts.conferences) {
    for (let i = 1; i <= (opts.points ?? 3); i++) {
      conferences.invited.push({
        pointId: pid(i),
        code: `P${i}`,
        name: `Điểm cầu ${i}`,
        level: i === 1 ? 'province' : 'district',
        parentId: null,
        role: i === 1 ? 'host' : 'participant',
        mode: 'online',
        expectedAttendees: null,
        contactName: null,
        contactPhone: null,
      });
    }
  }
  const log = opts.log ?? new FakeLog();
  const store = opts.store ?? new MemoryPresenceStore();
  const grace = new GraceTimers({ presenceGraceMs: GRACE_MS } as AppConfig);
  const rooms = new FakeRooms();
  const marks = { findBy: async () => [], upsert: async () => undefined } as unknown as Repository<AttendanceMarkEntity>;
  const eventLog = log as unknown as PresenceEventLog;
  const board = new BoardPublisher(store, rooms);
  const transitions = new PresenceTransitions(store, eventLog, grace, board);
  const recovery = new RestartRecovery(eventLog, transitions, marks);
  const forgotten: string[] = [];
  const metrics = { forgetConference: (id: string) => void forgotten.push(id) } as unknown as MetricsService;
  const live = new LiveConferences(conferences as unknown as ConferencesService, store, recovery, transitions, eventLog, rooms, metrics);
  const rollcalls = new RollcallService(store, store, live, eventLog, rooms);
  const service = new PresenceService(
    store,
    live,
    transitions,
    eventLog,
    board,
    rooms,
    rollcalls,
    new PresenceEntryJson(),
    { run: async () => undefined } as unknown as Transactions,
    { exists: async () => false } as unknown as ReleasesService,
    new ConnectionCap(store),
    new CatchUpState(
      { state: async () => ({ version: 1, currentItemId: null }) } as unknown as AgendaService,
      { latestNumber: async () => 0 } as unknown as ReleasesService,
      conferences as unknown as ConferencesService,
    ),
  );
  const point = (n: number, conferenceId = CID): FakeClient => new FakeClient({ kind: 'link', linkId: `l${n}`, role: 'point', pointId: pid(n), conferenceId });
  const state = async (n: number) => (await service.snapshot(CID)).points.find((p) => p.pointId === pid(n))!;
  const stop = async () => {
    live.onModuleDestroy();
    await service.beforeApplicationShutdown();
  };
  return { service, conferences, log, store, grace, rooms, board, live, rollcalls, forgotten, point, state, stop };
}

describe('PresenceService', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('checks a point in, counts its sockets, and keeps it online while any socket is left', async () => {
    const h = harness();
    const a = h.point(2);
    const b = h.point(2);
    expect(await h.service.checkin(a, { conferenceId: CID })).toEqual({ state: 'online' });
    await h.service.checkin(b, { conferenceId: CID });
    expect(await h.state(2)).toMatchObject({ state: 'online', connections: 2, drops: 0 });
    a.connected = false;
    await h.service.disconnected(a);
    expect(await h.state(2)).toMatchObject({ state: 'online', connections: 1, drops: 0 });
    expect(h.log.types(pid(2))).toEqual(['checkin']);
    await h.stop();
  });

  it('reads no database on the hot path once the conference is loaded', async () => {
    const h = harness({ points: 50 });
    await h.service.checkin(h.point(2), { conferenceId: CID });
    const before = h.conferences.calls;
    for (let i = 3; i <= 50; i++) {
      const c = h.point(i);
      await h.service.checkin(c, { conferenceId: CID });
      await h.service.status(c, { conferenceId: CID, audio: 'ok', video: 'ok' });
    }
    expect(h.conferences.calls).toBe(before);
    await h.stop();
  });

  it('a socket that closes while its check-in is still being checked does not leave the point online for ever', async () => {
    const h = harness();
    let release!: () => void;
    h.conferences.gate = new Promise((r) => (release = r));
    const c = h.point(2);
    const pending = h.service.checkin(c, { conferenceId: CID });
    c.connected = false;
    const gone = h.service.disconnected(c);
    h.conferences.gate = null;
    release();
    await pending;
    await gone;
    expect(await h.state(2)).toMatchObject({ connections: 0 });
    expect((await h.state(2)).state).not.toBe('online');
    await h.stop();
  });

  it('a reconnect is the same entry with its drop counted; the grace timer makes a point that stays away offline', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const h = harness();
    const first = h.point(2);
    await h.service.checkin(first, { conferenceId: CID });
    first.connected = false;
    await h.service.disconnected(first);
    expect(await h.state(2)).toMatchObject({ state: 'unstable', drops: 1, connections: 0 });
    await h.service.checkin(h.point(2), { conferenceId: CID });
    const entries = (await h.service.snapshot(CID)).points.filter((p) => p.pointId === pid(2));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ state: 'online', drops: 1, connections: 1 });
    await jest.advanceTimersByTimeAsync(GRACE_MS * 2);
    expect((await h.state(2)).state).toBe('online');

    const other = h.point(3);
    await h.service.checkin(other, { conferenceId: CID });
    other.connected = false;
    await h.service.disconnected(other);
    await jest.advanceTimersByTimeAsync(GRACE_MS - 1);
    expect(await h.state(3)).toMatchObject({ state: 'unstable' });
    await jest.advanceTimersByTimeAsync(1);
    expect(await h.state(3)).toMatchObject({ state: 'offline', drops: 1 });
    expect(h.log.types(pid(3))).toEqual(['checkin', 'disconnect', 'lost']);
    expect(h.log.types(pid(2))).toEqual(['checkin', 'disconnect', 'connect']);
    await h.stop();
  });

  it('acks only after the log has committed the line', async () => {
    const h = harness();
    let commit!: () => void;
    h.log.hold = new Promise((r) => (commit = r));
    let acked = false;
    const pending = h.service.checkin(h.point(2), { conferenceId: CID }).then(() => (acked = true));
    await sleep(20);
    expect(acked).toBe(false);
    commit();
    await pending;
    expect(acked).toBe(true);
    await h.stop();
  });

  it('checks membership first: a point gets forbidden for a conference it is not invited to, even one that does not exist', async () => {
    const h = harness();
    const outsider = new FakeClient({ kind: 'user', id: 'u', username: 'x', role: 'point', pointId: pid(99) });
    await expect(h.service.checkin(outsider, { conferenceId: CID })).rejects.toMatchObject({ code: 'forbidden' });
    const user = new FakeClient({ kind: 'user', id: 'u', username: 'x', role: 'point', pointId: pid(2) });
    await expect(h.service.checkin(user, { conferenceId: OTHER })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.service.checkin(h.point(2, OTHER), { conferenceId: CID })).rejects.toMatchObject({ code: 'forbidden' });
    const operator = new FakeClient({ kind: 'user', id: 'o', username: 'op', role: 'operator', pointId: null });
    await expect(h.service.checkin(operator, { conferenceId: CID })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await h.service.snapshot(CID)).counts.online).toBe(0);
    await h.stop();
  });

  it('opens check-in only while the conference is scheduled or live', async () => {
    const h = harness();
    for (const status of ['draft', 'ended', 'cancelled'] as const) {
      h.conferences.status = status;
      await expect(h.service.checkin(h.point(2), { conferenceId: CID })).rejects.toMatchObject({ code: 'conflict' });
    }
    h.conferences.status = 'scheduled';
    await expect(h.service.checkin(h.point(2), { conferenceId: CID })).resolves.toEqual({ state: 'online' });
    await h.stop();
  });

  it('after a restart, points that were online come back unstable (drop counted, logged) and go offline after the grace', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const log = new FakeLog();
    const before = harness({ log });
    await before.service.checkin(before.point(2), { conferenceId: CID });
    const dropped = before.point(3);
    await before.service.checkin(dropped, { conferenceId: CID });
    dropped.connected = false;
    await before.service.disconnected(dropped);
    await before.stop(); // as if the process died: nothing else is recorded

    const after = harness({ log });
    expect(await after.state(2)).toMatchObject({ state: 'unstable', drops: 1, connections: 0 });
    expect(await after.state(3)).toMatchObject({ state: 'unstable', drops: 1 });
    expect(await after.state(1)).toMatchObject({ state: 'absent' });
    expect(log.rows.filter((r) => r.pointId === pid(2)).map((r) => [r.type, r.detail?.reason ?? null])).toEqual([
      ['checkin', null],
      ['disconnect', 'server_restart'],
    ]);
    // A client that checks in again keeps its entry.
    await after.service.checkin(after.point(3), { conferenceId: CID });
    await jest.advanceTimersByTimeAsync(GRACE_MS);
    expect(await after.state(2)).toMatchObject({ state: 'offline', drops: 1 });
    expect(await after.state(3)).toMatchObject({ state: 'online', drops: 1 });
    await after.stop();
  });

  it('at start-up, restores the open conferences that have a log before letting clients in; a check-in then loads nothing', async () => {
    const log = new FakeLog();
    const before = harness({ log });
    await before.service.checkin(before.point(2), { conferenceId: CID });
    await before.stop(); // the process dies

    const after = harness({ log });
    expect(after.live.isRestored).toBe(true); // nothing to wait for before the bootstrap
    after.live.onApplicationBootstrap();
    expect(after.live.isRestored).toBe(false);
    await after.live.restored();
    expect(after.live.isRestored).toBe(true);
    // Restored without any client: the crash is counted and logged once.
    expect(log.types(pid(2))).toEqual(['checkin', 'disconnect']);
    const calls = after.conferences.calls;
    await after.service.checkin(after.point(2), { conferenceId: CID });
    expect(after.conferences.calls).toBe(calls);
    expect(await after.state(2)).toMatchObject({ state: 'online', drops: 1 });
    expect(log.types(pid(2))).toEqual(['checkin', 'disconnect', 'connect']);
    await after.stop();
  });

  it('at start-up, restores nothing for a conference that has closed', async () => {
    const log = new FakeLog();
    const before = harness({ log });
    await before.service.checkin(before.point(2), { conferenceId: CID });
    await before.stop();

    const conferences = new FakeConferences();
    conferences.status = 'ended';
    const after = harness({ log, conferences });
    after.live.onApplicationBootstrap();
    await after.live.restored();
    expect(log.types(pid(2))).toEqual(['checkin']);
    await after.stop();
  });

  it('sends the board coalesced deltas whose seq rises by one, with the counts', async () => {
    const h = harness({ points: 10 });
    const clients = [];
    for (let i = 2; i <= 10; i++) clients.push(h.service.checkin(h.point(i), { conferenceId: CID }));
    await Promise.all(clients);
    await sleep(60);
    const deltas = h.rooms.deltas();
    expect(deltas.length).toBeGreaterThanOrEqual(1);
    expect(deltas.length).toBeLessThan(9);
    expect(deltas.map((d) => d.seq)).toEqual(deltas.map((_, i) => i + 1));
    expect(new Set(deltas.flatMap((d) => d.changes.map((c) => c.pointId))).size).toBe(9);
    expect(deltas.at(-1)!.counts).toMatchObject({ total: 10, online: 9, absent: 1, byLevel: { district: { total: 9, online: 9 } } });
    expect((await h.service.snapshot(CID)).seq).toBe(deltas.at(-1)!.seq);
    await h.stop();
  });

  it('sends no delta once shut down, not even one whose store read was in flight (its Redis client is closing)', async () => {
    const h = harness({ points: 3 });
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const takeDelta = h.store.takeDelta.bind(h.store);
    h.store.takeDelta = async (...args) => {
      await gate;
      return takeDelta(...args);
    };
    await h.service.checkin(h.point(2), { conferenceId: CID });
    const inFlight = h.board.flush(CID);
    await h.stop();
    release();
    await inFlight;
    h.board.changed(CID, 'Asia/Ho_Chi_Minh', pid(3));
    await sleep(60);
    expect(h.rooms.deltas()).toEqual([]);
  });

  it('sends a delta that waited its coalescing time when the next socket event comes, without waiting for a timer', async () => {
    const h = harness();
    await h.service.checkin(h.point(2), { conferenceId: CID });
    await sleep(60);
    const before = h.rooms.deltas().length;
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const c = h.point(3);
    await h.service.checkin(c, { conferenceId: CID });
    const end = performance.now() + 30;
    while (performance.now() < end) {
      /* Node busy reading sockets: no timer runs */
    }
    h.board.due();
    await Promise.resolve();
    await Promise.resolve();
    expect(timerRan).toBe(false);
    expect(h.rooms.deltas().length).toBe(before + 1);
    expect(
      h.rooms
        .deltas()
        .at(-1)!
        .changes.map((e) => e.pointId),
    ).toEqual([pid(3)]);
    await h.stop();
  });

  it('serves the REST snapshot as cached JSON text identical to the snapshot object, changes included', async () => {
    const h = harness({ points: 5 });
    await h.service.checkin(h.point(2), { conferenceId: CID });
    expect(JSON.parse((await h.service.snapshotJson(CID)).toString('utf8'))).toEqual(await h.service.snapshot(CID));
    await h.service.status(h.point(3), { conferenceId: CID, audio: 'ok', video: 'ok' }).catch(() => undefined);
    const c = h.point(4);
    await h.service.checkin(c, { conferenceId: CID });
    await h.service.status(c, { conferenceId: CID, audio: 'fail', video: 'ok', note: 'Ồn' });
    const text = JSON.parse((await h.service.snapshotJson(CID)).toString('utf8'));
    expect(text).toEqual(await h.service.snapshot(CID));
    expect(text.points.find((p: { pointId: string }) => p.pointId === pid(4))).toMatchObject({ audio: 'fail', note: 'Ồn', state: 'online' });
    await h.stop();
  });

  it('roll call: asks the checked-in points, collects answers and closes at the deadline', async () => {
    const h = harness();
    const a = h.point(2);
    const b = h.point(3);
    await h.service.checkin(a, { conferenceId: CID });
    await h.service.checkin(b, { conferenceId: CID });
    const admin: Principal = { kind: 'user', id: 'a', username: 'admin', role: 'admin', pointId: null };
    const rollcalls = (h.service as unknown as { rollcalls: RollcallService }).rollcalls;
    const { rollcallId } = await rollcalls.start(admin, { conferenceId: CID, timeoutSeconds: 5 });
    // Sent to the checked-in sockets of the points (each socket's own room), not to a room per point.
    expect(h.rooms.sent.find((s) => s.event === 'rollcall')?.rooms.sort()).toEqual([a.id, b.id].sort());
    await rollcalls.answer(a, { rollcallId });
    await expect(rollcalls.start(admin, { conferenceId: CID, timeoutSeconds: 5 })).rejects.toMatchObject({ code: 'conflict' });
    await (rollcalls as unknown as { finish(id: string): Promise<void> }).finish(rollcallId);
    const results = h.rooms.sent.filter((s) => s.event === 'rollcall:result').map((s) => s.payload);
    expect(results.at(-1)).toEqual({ rollcallId, answered: [pid(2)], missing: [pid(3)], done: true, deadline: expect.any(String), remainingMs: 0 });
    await expect(rollcalls.answer(b, { rollcallId })).rejects.toMatchObject({ code: 'conflict' });
    expect(h.log.types(pid(2))).toContain('rollcall');
    await h.stop();
  });

  describe('the event log is the durable truth', () => {
    beforeAll(() => Logger.overrideLogger(false)); // the failures are logged; expected here
    afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

    it('a check-in whose log write fails changes nothing (board, store, timers) and its retry is logged', async () => {
      const h = harness();
      await h.service.snapshot(CID);
      h.log.failing = true;
      const c = h.point(2);
      await expect(h.service.checkin(c, { conferenceId: CID })).rejects.toThrow('disk I/O error');
      expect(await h.state(2)).toMatchObject({ state: 'absent', connections: 0 });
      await h.board.flush(CID);
      expect(h.rooms.deltas()).toHaveLength(0);
      expect(c.rooms.size).toBe(0);
      h.log.failing = false;
      expect(await h.service.checkin(c, { conferenceId: CID })).toEqual({ state: 'online' });
      expect(h.log.types(pid(2))).toEqual(['checkin']);
      // A status report whose write fails is refused and leaves the entry as it was.
      h.log.failing = true;
      await expect(h.service.status(c, { conferenceId: CID, audio: 'fail', video: 'ok' })).rejects.toThrow('disk I/O error');
      expect(await h.state(2)).toMatchObject({ audio: null, video: null });
      h.log.failing = false;
      await h.service.status(c, { conferenceId: CID, audio: 'fail', video: 'ok' });
      expect(h.log.types(pid(2))).toEqual(['checkin', 'status']);
      await h.stop();
    });

    it('a socket that closes while the log is failing is recorded once the log works again: never online with a dead socket', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const h = harness();
      const c = h.point(2);
      await h.service.checkin(c, { conferenceId: CID });
      h.log.failing = true;
      c.connected = false;
      const gone = h.service.disconnected(c);
      await jest.advanceTimersByTimeAsync(400);
      expect(h.log.failures).toBeGreaterThanOrEqual(2); // retried
      expect(await h.state(2)).toMatchObject({ state: 'online', connections: 1 }); // the board still agrees with the log
      h.log.failing = false;
      await jest.advanceTimersByTimeAsync(500); // the next attempt (retries at +100, +350, +850 ms); the grace (60 ms) not over yet
      await gone;
      expect(await h.state(2)).toMatchObject({ state: 'unstable', connections: 0, drops: 1 });
      expect(h.log.types(pid(2))).toEqual(['checkin', 'disconnect']);
      await jest.advanceTimersByTimeAsync(GRACE_MS);
      expect(await h.state(2)).toMatchObject({ state: 'offline' });
      expect(h.log.types(pid(2))).toEqual(['checkin', 'disconnect', 'lost']);
      await h.stop();
    });

    it('a status report that changes nothing writes no log line', async () => {
      const h = harness();
      const c = h.point(2);
      await h.service.checkin(c, { conferenceId: CID });
      for (let i = 0; i < 3; i++) await h.service.status(c, { conferenceId: CID, audio: 'ok', video: 'ok' });
      expect(h.log.types(pid(2))).toEqual(['checkin', 'status']);
      await h.stop();
    });
  });

  it('a point removed from the conference can no longer check in or report, and leaves the board', async () => {
    const h = harness();
    const c = h.point(3);
    await h.service.checkin(c, { conferenceId: CID });
    h.conferences.invited = h.conferences.invited.filter((p) => p.pointId !== pid(3));
    await h.live.onPointsChanged({ conferenceId: CID, added: [], removed: [pid(3)] });
    await expect(h.service.status(c, { conferenceId: CID, audio: 'ok', video: 'ok' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.service.checkin(h.point(3), { conferenceId: CID })).rejects.toMatchObject({ code: 'forbidden' });
    const snap = await h.service.snapshot(CID);
    expect(snap.points.map((p) => p.pointId)).not.toContain(pid(3));
    expect(snap.counts).toMatchObject({ total: 2, online: 0 });
    await h.stop();
  });

  it('forgets an ended conference a while after it closed (memory, timers, metric label); asked again, it is rebuilt from the log as it ended', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const h = harness();
    await h.service.checkin(h.point(2), { conferenceId: CID });
    const gone = h.point(3);
    await h.service.checkin(gone, { conferenceId: CID });
    gone.connected = false;
    await h.service.disconnected(gone); // unstable: a grace timer is armed
    h.conferences.status = 'ended';
    h.live.onConferenceChanged({
      conferenceId: CID,
      status: 'ended',
      startsAt: new Date(0),
      endsAt: new Date(1),
      timezone: 'Asia/Ho_Chi_Minh',
      version: 2,
      updatedAt: new Date(1),
    });
    await jest.advanceTimersByTimeAsync(CLOSED_CONFERENCE_RETAIN_MS - 1_000);
    expect(await h.store.isLoaded(CID)).toBe(true);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await h.store.isLoaded(CID)).toBe(false);
    expect(h.live.cached).toBe(0);
    expect(h.grace.armed).toBe(0);
    expect(h.forgotten).toEqual([CID]);
    const lines = h.log.rows.length;
    expect(await h.state(2)).toMatchObject({ state: 'online' }); // the log's final state, no restart rule
    expect(await h.state(3)).toMatchObject({ state: 'offline' }); // its grace ran out before the conference was forgotten
    expect(h.log.rows.length).toBe(lines);
    await h.stop();
  });

  it('a failed background refresh of the schedule is tried again', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const h = harness();
    expect((await h.live.schedule(CID)).status).toBe('live');
    const findSchedule = h.conferences.findSchedule.bind(h.conferences);
    let down = true;
    h.conferences.findSchedule = async (id) => {
      if (down) throw new Error('database is down');
      return findSchedule(id);
    };
    h.conferences.status = 'ended';
    await jest.advanceTimersByTimeAsync(6_000);
    expect((await h.live.schedule(CID)).status).toBe('live'); // served from the cache; the refresh fails
    await jest.advanceTimersByTimeAsync(10);
    down = false;
    await jest.advanceTimersByTimeAsync(1_100);
    await h.live.schedule(CID); // starts the retry
    await jest.advanceTimersByTimeAsync(10);
    expect((await h.live.schedule(CID)).status).toBe('ended');
    await h.stop();
  });

  describe('roll calls', () => {
    beforeAll(() => Logger.overrideLogger(false));
    afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));
    const admin: Principal = { kind: 'user', id: 'a', username: 'admin', role: 'admin', pointId: null };

    it('the final result is sent by another instance when the one that started the roll call died', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const store = new MemoryPresenceStore(); // stands for the shared (Redis) store
      const a = harness({ store });
      const b = harness({ store });
      const p = a.point(2);
      await a.service.checkin(p, { conferenceId: CID });
      const { rollcallId } = await a.rollcalls.start(admin, { conferenceId: CID, timeoutSeconds: 5 });
      await a.rollcalls.answer(p, { rollcallId });
      a.rollcalls.stop(); // the instance dies: its deadline timer never fires
      b.rollcalls.onModuleInit();
      await jest.advanceTimersByTimeAsync(7_000);
      const results = b.rooms.sent.filter((s) => s.event === 'rollcall:result').map((s) => s.payload);
      expect(results).toEqual([{ rollcallId, answered: [pid(2)], missing: [], done: true, deadline: expect.any(String), remainingMs: 0 }]);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(b.rooms.sent.filter((s) => s.event === 'rollcall:result')).toHaveLength(1); // sent once
      await a.stop();
      await b.stop();
    });

    it('a deadline that passes while the store is unreachable rejects nothing; the roll call is closed once it is back', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const h = harness();
      await h.service.checkin(h.point(2), { conferenceId: CID });
      const unhandled: unknown[] = [];
      const onUnhandled = (e: unknown) => unhandled.push(e);
      process.on('unhandledRejection', onUnhandled);
      try {
        h.rollcalls.onModuleInit();
        const { rollcallId } = await h.rollcalls.start(admin, { conferenceId: CID, timeoutSeconds: 5 });
        const close = h.store.closeRollcall.bind(h.store);
        const due = h.store.dueRollcalls.bind(h.store);
        let down = true;
        h.store.closeRollcall = async (id) => (down ? Promise.reject(new Error('Redis is unreachable')) : close(id));
        h.store.dueRollcalls = async (now) => (down ? Promise.reject(new Error('Redis is unreachable')) : due(now));
        await jest.advanceTimersByTimeAsync(8_000);
        expect(await h.store.openRollcallFor(CID, 'any')).not.toBeNull();
        down = false;
        await jest.advanceTimersByTimeAsync(3_000);
        expect(await h.store.openRollcallFor(CID, 'any')).toBeNull();
        expect(h.rooms.sent.filter((s) => s.event === 'rollcall:result').map((s) => s.payload)).toContainEqual({
          rollcallId,
          answered: [],
          missing: [pid(2)],
          done: true,
          deadline: expect.any(String),
          remainingMs: 0,
        });
        await Promise.resolve();
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
        await h.stop();
      }
    });
  });

  describe('open sockets whose token is no longer good', () => {
    const link = (n: number): LinkPrincipal => ({ kind: 'link', linkId: `l${n}`, role: 'point', pointId: pid(n), conferenceId: CID });
    function sessions(valid: Set<string>) {
      let checks = 0;
      const links = { isValid: async (linkId: string) => (checks++, valid.has(linkId)), forget: () => {} } as unknown as CheckinLinksService;
      const forgotten: string[] = [];
      const auth = { signedOutElsewhere: (userId: string) => void forgotten.push(userId) } as unknown as AuthService;
      const rooms = new FakeRooms();
      const live = new LiveSessions(rooms, links, auth);
      return { live, checks: () => checks, forgotten };
    }

    it('revoking links closes their sockets at once, after telling them why', () => {
      const { live } = sessions(new Set());
      const revoked = new FakeClient(link(2));
      const kept = new FakeClient(link(3));
      const other = new FakeClient({ ...link(2), conferenceId: OTHER });
      for (const c of [revoked, kept, other]) live.opened(c);
      live.onRevoked({ conferenceId: CID, linkIds: ['l2'] });
      expect(revoked.received).toEqual([['revoked', { conferenceId: CID, reason: 'link_revoked' }]]);
      expect([revoked.connected, revoked.closeReason]).toEqual([false, 'link_revoked']);
      expect([kept.connected, other.connected]).toEqual([true, true]);
    });

    it('re-checks a link only when its conference had a revocation since, and closes it when it was revoked', async () => {
      const valid = new Set(['l2', 'l3']);
      const { live, checks } = sessions(valid);
      const a = new FakeClient(link(2));
      a.linkCheckedAt = live.mark();
      for (let i = 0; i < 5; i++) await live.verify(a);
      expect(checks()).toBe(0); // no query on the hot path
      // A socket whose handshake check raced a revocation (it was not open yet when the sockets were closed).
      const b = new FakeClient(link(3));
      b.linkCheckedAt = live.mark();
      valid.delete('l3');
      live.onRevoked({ conferenceId: CID, linkIds: ['l3'] });
      await expect(live.verify(b)).rejects.toMatchObject({ code: 'unauthorized' });
      expect([b.connected, b.closeReason]).toEqual([false, 'link_revoked']);
      await live.verify(a); // still valid: checked once, then not again
      await live.verify(a);
      expect(checks()).toBe(2);
    });

    it("a sign-out closes that user's sockets signed before it, after telling them why; other users keep theirs", async () => {
      const { live } = sessions(new Set());
      const user = (id: string, gen: number): UserPrincipal => ({ kind: 'user', id, username: id, role: 'operator', pointId: null, tokenGeneration: gen });
      const old1 = new FakeClient(user('u1', 0));
      const old2 = new FakeClient(user('u1', 0));
      const fresh = new FakeClient(user('u1', 1));
      const other = new FakeClient(user('u2', 0));
      const point = new FakeClient(link(2));
      for (const c of [old1, old2, fresh, other, point]) live.opened(c);
      await live.onSignedOut({ userId: 'u1', tokenGeneration: 1 });
      for (const c of [old1, old2]) {
        expect(c.received).toEqual([['revoked', { reason: 'signed_out' }]]);
        expect([c.connected, c.closeReason]).toEqual([false, 'signed_out']);
      }
      expect([fresh.connected, other.connected, point.connected]).toEqual([true, true, true]);
    });

    it('refuses the events of a socket whose token expired since the handshake', async () => {
      const { live } = sessions(new Set());
      const user = new FakeClient({ kind: 'user', id: 'u', username: 'op', role: 'operator', pointId: null, expiresAt: Date.now() + 1000 });
      // A valid token is answered at once, without a promise to wait for; an expired one throws.
      expect(live.verify(user)).toBeUndefined();
      let refused: unknown;
      try {
        void live.verify(user, Date.now() + 1000);
      } catch (e) {
        refused = e;
      }
      expect(refused).toMatchObject({ code: 'unauthorized' });
    });
  });
});
