import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src/presence/presence.events';
import { makeConference, organizerAuth, type ConferenceOverrides, type ConferenceBody } from './conferences.factory';
import { makePoint, type TestLevel } from './points.factory';
import { userWithRole, type TestApp } from './test-app';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AnyAck = Ack<Record<string, unknown>> & Record<string, unknown>;

const open = new Set<Socket>();

/** `Bearer abc` → `abc`. */
export const bare = (bearer: string): string => bearer.replace(/^Bearer\s+/i, '');

function socketFor(t: TestApp, token: string | undefined, reconnection = false): LiveSocket {
  const s = io(`${t.url}/live`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection,
    timeout: 5000,
    ...(token === undefined ? {} : { auth: { token } }),
  }) as LiveSocket;
  open.add(s as Socket);
  return s;
}

/** Connects to `/live` with this token (a bearer header value or a bare token); rejects with the `connect_error`. */
export function connectLive(t: TestApp, token: string, options: { reconnection?: boolean } = {}): Promise<LiveSocket> {
  const s = socketFor(t, bare(token), options.reconnection);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => {
      s.close();
      reject(e);
    });
  });
}

/** The `connect_error` a handshake gets (or throws when it connects). `token: undefined` sends no auth at all. */
export function connectError(t: TestApp, token: string | undefined): Promise<Error> {
  const s = socketFor(t, token === undefined ? undefined : bare(token));
  return new Promise((resolve, reject) => {
    s.once('connect', () => {
      s.close();
      reject(new Error('connected, but a connect_error was expected'));
    });
    s.once('connect_error', (e) => {
      s.close();
      resolve(e);
    });
  });
}

/** Emits with an ack and resolves with the ack's payload (rejects after `timeoutMs` without one). */
export function ask(s: LiveSocket, event: string, payload: unknown, timeoutMs = 5000): Promise<AnyAck> {
  return askRaw(s, event, [payload], timeoutMs);
}

/** Emits with these raw arguments (none, several, odd types) followed by an ack callback. */
export function askRaw(s: LiveSocket, event: string, args: unknown[], timeoutMs = 5000): Promise<AnyAck> {
  return new Promise((resolve, reject) => {
    const emitter = (s as unknown as Socket).timeout(timeoutMs);
    emitter.emit(event, ...args, (err: Error | null, reply: AnyAck) =>
      err ? reject(new Error(`no ack for ${event} within ${timeoutMs} ms`)) : resolve(reply),
    );
  });
}

/** Resolves with the next `event` whose payload satisfies `match`. */
export function next<T = Record<string, unknown>>(s: LiveSocket, event: string, match: (p: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  const sock = s as unknown as Socket;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.off(event, on);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      sock.off(event, on);
      resolve(p);
    };
    sock.on(event, on);
  });
}

/** Records every `event` the socket receives from now on. */
export function collect<T = Record<string, unknown>>(s: LiveSocket, event: string): T[] {
  const out: T[] = [];
  (s as unknown as Socket).on(event, (p: T) => out.push(p));
  return out;
}

/** Polls `probe` until it returns a truthy value (returned), failing after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T> | T, timeoutMs = 5000, everyMs = 25): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await sleep(everyMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Closes every socket the helpers opened (call in afterEach/afterAll). */
export function closeAllSockets(): void {
  for (const s of open) s.close();
  open.clear();
}

export interface LiveConference {
  conference: ConferenceBody;
  points: Array<{ id: string; code: string; name: string; level: TestLevel }>;
  /** Check-in link token per point id (bare). */
  links: Map<string, string>;
  organizer: string;
}

/**
 * A conference with `levels.length` invited points (besides the host), walked to `status` (default `live`),
 * and check-in links issued for every invited point.
 */
export async function liveConference(
  t: TestApp,
  levels: TestLevel[] = ['district', 'district', 'commune'],
  overrides: ConferenceOverrides = {},
): Promise<LiveConference> {
  const points = [];
  for (const level of levels) points.push(await makePoint(t, { level }));
  const conference = await makeConference(t, { status: 'live', invite: points.map((p) => p.id), force: true, ...overrides });
  const organizer = await organizerAuth(t);
  const links = await issueLinks(t, conference.id);
  return { conference, points: points.map((p) => ({ id: p.id, code: p.code, name: p.name, level: p.level })), links, organizer };
}

/** Issues (again) the check-in links of a conference; earlier ones are revoked. */
export async function issueLinks(t: TestApp, conferenceId: string): Promise<Map<string, string>> {
  const res = await t
    .http()
    .post(`/api/conferences/${conferenceId}/checkin-links`)
    .set('Authorization', await organizerAuth(t))
    .send({});
  if (res.status !== 200 && res.status !== 201) throw new Error(`checkin-links failed: ${res.status} ${JSON.stringify(res.body)}`);
  return new Map((res.body as Array<{ pointId: string; token: string }>).map((l) => [l.pointId, l.token]));
}

const roleTokens = new WeakMap<TestApp, Map<string, Promise<string>>>();
/** One user per role (and point) per app, signed in once. */
export function roleToken(t: TestApp, role: 'admin' | 'organizer' | 'operator' | 'point', pointId?: string): Promise<string> {
  let m = roleTokens.get(t);
  if (!m) roleTokens.set(t, (m = new Map()));
  const key = `${role}|${pointId ?? ''}`;
  let p = m.get(key);
  if (!p) {
    p = userWithRole(t, role, pointId);
    m.set(key, p);
  }
  return p;
}

/** A point socket (check-in link) that has checked in; resolves with the socket and the ack. */
export async function checkedIn(t: TestApp, token: string, conferenceId: string): Promise<LiveSocket> {
  const s = await connectLive(t, token);
  const ack = await ask(s, 'checkin', { conferenceId });
  if (!ack.ok) throw new Error(`checkin failed: ${JSON.stringify(ack)}`);
  return s;
}

/** A board socket (operator by default) that joined the conference. */
export async function boardOf(t: TestApp, conferenceId: string, role: 'operator' | 'organizer' | 'admin' = 'operator') {
  const s = await connectLive(t, await roleToken(t, role));
  const deltas = collect<{ seq: number; changes: Array<Record<string, unknown>>; counts: Record<string, unknown> }>(s, 'presence');
  const ack = await ask(s, 'board:join', { conferenceId });
  if (!ack.ok) throw new Error(`board:join failed: ${JSON.stringify(ack)}`);
  const snapshot = ack.snapshot as { seq: number; points: Array<Record<string, unknown>>; counts: Record<string, unknown> };
  /** The latest entry of a point as the board knows it (snapshot, then deltas in seq order). */
  const entry = (pointId: string): Record<string, unknown> | undefined => {
    let e = snapshot.points.find((p) => p.pointId === pointId);
    for (const d of deltas) if (d.seq > snapshot.seq) e = d.changes.find((c) => c.pointId === pointId) ?? e;
    return e;
  };
  return { socket: s, snapshot, deltas, entry };
}

export type { ConferenceBody };
export { organizerAuth };
