import { jest } from '@jest/globals';
import { ask, closeAllSockets, connectError, connectLive, type LiveSocket } from '../helpers/live-client';
import { createTestApp, type TestApp } from '../helpers/test-app';
import {
  clientEvents,
  concretePath,
  documentedRoutes,
  drillWorld,
  type DrillWorld,
  METRICS_TOKEN,
  PRINCIPALS,
  type PrincipalKind,
  tokenOf,
} from './principals';

/**
 * The authorization matrix: who may call each REST route and send each socket event. One row per route of the
 * OpenAPI document and per event of `ClientToServerEvents`; a route or event without a row, or a row for one that no
 * longer exists, fails the test. To add a route: add its row below ('METHOD /api/path/{param}': who may call it).
 *
 * "Allowed" means the guard let it through (the answer may still be 400, 404 or 409 for the made-up input);
 * "refused" means 401 (no usable token) or 403 (a token without the right), and `unauthorized`/`forbidden` on /live.
 * `link` is a check-in link of the conference the path names; `point` a point staff account of that same point.
 */
jest.setTimeout(180_000);

type Who = readonly PrincipalKind[];
const ADMIN: Who = ['admin'];
const ORGANIZERS: Who = ['organizer', 'admin'];
const OPERATORS: Who = ['operator', 'admin'];
const STAFF: Who = ['point', 'operator', 'organizer', 'admin'];
/** Any signed-in user, and a check-in link for the GET routes of its own conference. */
const READERS: Who = ['link', ...STAFF];
const EVERYONE: Who = PRINCIPALS;
/** Admins, organizers and operators (plus department users, who have no principal in this drill, where the contract says so). */
const BOARD: Who = ['operator', 'organizer', 'admin'];
/**
 * Object-level petition actions: every signed-in user gets past authorization (a link token is refused: it only reads
 * its own conference); the petition then decides, as the contract says: 404 for a user who may not see it, 403 for a
 * role that may not act on it (e.g. only organizers PATCH/assign/close; the lead department or an organizer answers).
 * The drill's made-up petition id stops every caller at 400/404, so it checks only the first step here.
 */
const PETITION_USERS: Who = STAFF;
const MADE_UP_PETITION = '00000000-0000-4000-8000-0000000000aa';

export const REST_MATRIX: Record<string, Who> = {
  'GET /api/health': EVERYONE,
  'POST /api/auth/login': EVERYONE,
  'GET /api/auth/me': READERS,
  'POST /api/auth/logout': STAFF,
  'POST /api/users': ADMIN,
  'GET /api/users': ADMIN,
  // v2.3 accounts: admins read, change, lock and reset; every signed-in user changes their own password (a link has none).
  'GET /api/users/{id}': ADMIN,
  'PATCH /api/users/{id}': ADMIN,
  'POST /api/users/{id}/password': ADMIN,
  'POST /api/auth/password': STAFF,
  // v2.4 the account history: admins only.
  'GET /api/users/{id}/history': ADMIN,
  'POST /api/points': ADMIN,
  'GET /api/points': STAFF,
  'GET /api/points/tree': STAFF,
  'POST /api/points/import': ADMIN,
  'GET /api/points/{id}': STAFF,
  'PATCH /api/points/{id}': ADMIN,
  'DELETE /api/points/{id}': ADMIN,
  'POST /api/conferences': ORGANIZERS,
  'GET /api/conferences': STAFF,
  'GET /api/conferences/{id}': READERS,
  'PATCH /api/conferences/{id}': ORGANIZERS,
  'POST /api/conferences/{id}/status': ['organizer', 'operator', 'admin'],
  'GET /api/conferences/{id}/history': READERS,
  'POST /api/conferences/{id}/points': ORGANIZERS,
  'DELETE /api/conferences/{id}/points/{pointId}': ORGANIZERS,
  'POST /api/conferences/{id}/checkin-links': ORGANIZERS,
  'POST /api/conferences/{id}/copy': ORGANIZERS,
  'GET /api/conferences/{id}/calendar.ics': READERS,
  'GET /api/conferences/{id}/agenda': READERS,
  'POST /api/conferences/{id}/agenda/items': ORGANIZERS,
  'PATCH /api/conferences/{id}/agenda/items/{itemId}': ORGANIZERS,
  'DELETE /api/conferences/{id}/agenda/items/{itemId}': ORGANIZERS,
  'PUT /api/conferences/{id}/agenda/order': ORGANIZERS,
  'POST /api/conferences/{id}/agenda/current': OPERATORS,
  'GET /api/conferences/{id}/presence': READERS,
  'GET /api/conferences/{id}/presence/events': READERS,
  'GET /api/conferences/{id}/attendance': READERS,
  // v2: before and after the broadcast
  'POST /api/conferences/{id}/agenda/releases': ORGANIZERS,
  'GET /api/conferences/{id}/agenda/releases': READERS,
  'GET /api/conferences/{id}/agenda/releases/{number}': READERS,
  'GET /api/conferences/{id}/agenda/releases/{number}/print': READERS,
  'GET /api/conferences/{id}/readiness': READERS,
  'GET /api/conferences/{id}/report': BOARD,
  'GET /metrics': ['metrics'],
  // Zalo (issue 10): the webhook is public (signed; 404 while Zalo is not configured, as in this drill).
  'POST /api/webhooks/zalo': EVERYONE,
  'GET /api/zalo/status': ADMIN,
  'PUT /api/zalo/refresh-token': ADMIN,
  'GET /api/petitions/{id}/zalo-window': ORGANIZERS,
  'POST /api/petitions/{id}/replies/{messageId}/retry': ORGANIZERS,
  'GET /api/petitions/{id}/attachments/{attachmentId}': STAFF,
  // Public: no account needed (rows that allow anonymous, as login does).
  'POST /api/auth/checkin-code': EVERYONE,
  'POST /api/conferences/checkin-link-status': EVERYONE,
  'POST /api/public/petitions': EVERYONE,
  'GET /api/public/petitions/{code}': EVERYONE,
  'GET /api/public/answers': EVERYONE,
  // v2 links: the current links without a reissue (organizer, operator).
  'GET /api/conferences/{id}/checkin-links': BOARD,
  // Departments: admin writes; any signed-in user reads.
  'POST /api/departments': ADMIN,
  'GET /api/departments': STAFF,
  'GET /api/departments/{id}': STAFF,
  'PATCH /api/departments/{id}': ADMIN,
  'DELETE /api/departments/{id}': ADMIN,
  // Working days: readable by any signed-in user; overrides recorded by admins.
  'GET /api/calendar/working-days': STAFF,
  'GET /api/calendar/overrides': STAFF,
  'PUT /api/calendar/overrides/{date}': ADMIN,
  'DELETE /api/calendar/overrides/{date}': ADMIN,
  // Petitions: intake by organizer, operator or a point user (for its own point); reading filtered per user.
  'POST /api/petitions': STAFF,
  'GET /api/petitions': STAFF,
  'GET /api/petitions/report': BOARD,
  'GET /api/petitions/{id}': PETITION_USERS,
  'GET /api/petitions/{id}/thread': PETITION_USERS,
  'GET /api/petitions/{id}/access-log': ADMIN,
  'PATCH /api/petitions/{id}': PETITION_USERS,
  'POST /api/petitions/{id}/assign': PETITION_USERS,
  'POST /api/petitions/{id}/extend': PETITION_USERS,
  'POST /api/petitions/{id}/answer': PETITION_USERS,
  'POST /api/petitions/{id}/commitment/done': PETITION_USERS,
  'POST /api/petitions/{id}/publish': PETITION_USERS,
  'POST /api/petitions/{id}/close': PETITION_USERS,
  'POST /api/petitions/{id}/reject': PETITION_USERS,
  'POST /api/petitions/{id}/merge': PETITION_USERS,
  'POST /api/petitions/{id}/reopen': PETITION_USERS,
  'POST /api/petitions/{id}/notes': PETITION_USERS,
  'POST /api/petitions/{id}/replies': PETITION_USERS,
  'POST /api/petitions/{id}/erase-submitter': ADMIN,
  // At the dialogue: the queue and summary for admins, organizers, operators (department users: their own, in the
  // list); the current petition is read by the board and every point's page, and picked by the operator.
  'GET /api/conferences/{id}/petitions': BOARD,
  'PUT /api/conferences/{id}/petitions/order': ORGANIZERS,
  'GET /api/conferences/{id}/petitions/current': READERS,
  'POST /api/conferences/{id}/petitions/current': OPERATORS,
  'GET /api/conferences/{id}/petitions/summary': BOARD,
};

/** Socket events: who may send them (on the conference the payload names). */
export const EVENT_MATRIX: Record<string, Who> = {
  checkin: ['link', 'point'],
  status: ['link', 'point'],
  checkout: ['link', 'point'],
  'agenda:ack': ['link', 'point'],
  'agenda:state': ['link', 'point'],
  'rollcall:answer': ['link', 'point'],
  'board:join': ['operator', 'organizer', 'admin'],
  'rollcall:start': OPERATORS,
  'attendance:mark': OPERATORS,
  notice: OPERATORS,
  readiness: ['link', 'point'],
  // Any signed-in user gets past authorization; the petition then decides (not_found for one it may not see, as
  // GET /api/petitions/:id). A check-in link is refused.
  'petition:watch': PETITION_USERS,
  'petition:unwatch': PETITION_USERS,
};

/** Routes that change who is signed in run last for each principal (a sign-out revokes the token the others use). */
const LAST = new Set(['POST /api/auth/logout']);

describe('authorization matrix (drill)', () => {
  let t: TestApp;
  let w: DrillWorld;
  let routes: string[];

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN });
    w = await drillWorld(t);
    ({ routes } = await documentedRoutes(t));
  });
  afterAll(async () => {
    closeAllSockets();
    await t.close();
  });

  it('has exactly one row per route of the OpenAPI document and per socket event', () => {
    expect([...routes].sort()).toEqual(Object.keys(REST_MATRIX).sort());
    expect(clientEvents().sort()).toEqual(Object.keys(EVENT_MATRIX).sort());
  });

  // Sockets first: the REST pass reissues the conference's links and signs users out.
  it('lets each socket event through for exactly the principals of its row', async () => {
    const { id: conferenceId, pointId } = w.ids;
    // A roll call that is open, so answering it is refused for who may not (an unknown one is `not_found` for all).
    const starter = await connectLive(t, tokenOf(w, 'operator')!);
    const started = await ask(starter, 'rollcall:start', { conferenceId, timeoutSeconds: 600 });
    expect(started.ok).toBe(true);
    starter.close();
    const payloads: Record<string, object> = {
      checkin: { conferenceId },
      status: { conferenceId, audio: 'ok', video: 'ok' },
      checkout: { conferenceId },
      'agenda:ack': { conferenceId, version: 1 },
      'agenda:state': { conferenceId },
      'rollcall:answer': { rollcallId: started.rollcallId as string },
      'board:join': { conferenceId },
      'rollcall:start': { conferenceId, timeoutSeconds: 600 },
      'attendance:mark': { conferenceId, pointId, attendance: 'online' },
      notice: { conferenceId, text: 'Kiểm tra quyền', to: { all: true } },
      readiness: { conferenceId, key: 'technician', ok: true },
      'petition:watch': { petitionId: MADE_UP_PETITION },
      'petition:unwatch': { petitionId: MADE_UP_PETITION },
    };
    const mismatches: string[] = [];
    for (const who of PRINCIPALS) {
      const token = tokenOf(w, who);
      if (who === 'anonymous' || who === 'metrics') {
        expect((await connectError(t, token)).message).toBe('unauthorized');
        continue;
      }
      const s: LiveSocket = await connectLive(t, token!);
      for (const event of clientEvents()) {
        const ack = await ask(s, event, payloads[event] ?? {});
        const code = ack.ok ? null : (ack.error as { code: string }).code;
        expect([event, who, code]).not.toEqual([event, who, 'internal_error']);
        const allowed = code !== 'forbidden' && code !== 'unauthorized';
        const expected = (EVENT_MATRIX[event] ?? []).includes(who);
        if (allowed !== expected) mismatches.push(`${event} as ${who}: ${JSON.stringify(ack)} (expected ${expected ? 'allowed' : 'refused'})`);
      }
      s.close();
    }
    expect(mismatches).toEqual([]);
  });
  it('lets through exactly the principals of each REST row, and refuses the others with 401/403', async () => {
    const mismatches: string[] = [];
    const ordered = [...routes].sort((a, b) => Number(LAST.has(a)) - Number(LAST.has(b)));
    // Principals that can lose rights by a call (the link when links are reissued, a user when it signs out) go first.
    for (const who of PRINCIPALS) {
      for (const route of ordered) {
        const [method, path] = route.split(' ');
        let req = t.http()[method.toLowerCase() as 'get'](concretePath(w, path));
        if (w.bearer[who]) req = req.set('Authorization', w.bearer[who]);
        // A body that passes no validation (unknown field): an allowed call stops at 400 and changes nothing.
        const res = method === 'GET' || method === 'DELETE' ? await req : await req.send({ matrixDrill: true });
        expect([route, who, res.status < 500]).toEqual([route, who, true]);
        const allowed = ![401, 403].includes(res.status);
        const expected = (REST_MATRIX[route] ?? []).includes(who);
        if (allowed !== expected) mismatches.push(`${route} as ${who}: ${res.status} ${res.body?.code ?? ''} (expected ${expected ? 'allowed' : 'refused'})`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
