import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode } from '../common/errors';
import { toWsError, WS_INTERNAL_ERROR } from '../common/filters/ws-error';
import { MetricsService } from '../metrics/metrics.service';
import { BoardPublisher } from './board-publisher';
import { PetitionLive } from './petition-live';
import {
  AgendaAckDto,
  AttendanceMarkDto,
  BoardJoinDto,
  ConferenceRefDto,
  NoticeDto,
  PetitionRefDto,
  ReadinessDto,
  RollcallAnswerDto,
  RollcallStartDto,
  StatusDto,
} from './dto/live-payloads.dto';
import type { LiveClient } from './live-client';
import { SerialQueue } from './serial-queue';
import { LiveConferences } from './live-conferences';
import { LiveRooms } from './live-rooms';
import { LiveSessions } from './live-sessions';
import type { ClientToServerEvents, ServerToClientEvents } from './presence.events';
import { PresenceService } from './presence.service';
import { ReadinessService } from './readiness/readiness.service';
import { RollcallService } from './rollcall.service';
import { WsPayloadPipe } from './ws/ws-payload.pipe';
import { EventBudget, holdSocketSlot, tokenKey, TOO_MANY_SOCKETS, WsRateLimiter, WsSocketLimiter } from './ws/ws-rate-limit';

/** Largest message a `/live` client may send (a notice to 10,000 points is ~400 KB); a bigger one closes the connection. */
export const LIVE_MAX_MESSAGE_BYTES = 512 * 1024;

/*
 * The `/live` namespace (Socket.IO 4, websocket transport; long-polling is offered too).
 *
 * Handshake: `io(url + '/live', { auth: { token } })` with a user JWT or a check-in link token. A missing,
 * bad, expired or revoked token fails the connection: `connect_error` with `err.message === 'unauthorized'`
 * (and `err.data = {code, message, messages: {vi, en}}` for a readable message). Do not retry that automatically.
 *
 * Every client event takes an ack and is answered `{ok: true, ...}` or `{ok: false, error: {code, message, messages: {vi, en}, params?}}`
 * (`bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `rate_limited`, `internal_error`);
 * each socket may send EVENTS_PER_SECOND events per second. A refusal never disconnects the socket.
 *
 * WHAT A CLIENT MUST DO ON RECONNECT (the server keeps no socket across a reconnect or a restart):
 * - A point page re-sends `checkin {conferenceId}` on every `connect` event (Socket.IO fires it again after
 *   each automatic reconnection), then its last `status` and `agenda:ack`. The point keeps its entry: the
 *   board shows it `unstable` while it is away (drops + 1), `online` again after the check-in, and `offline`
 *   only if it stays away longer than the grace (PRESENCE_GRACE_MS). The same holds after a server restart:
 *   points that were online come back `unstable` and go `offline` after the grace unless they check in again.
 *   Rooms (agenda pushes, notices, roll calls) are joined by `checkin`, so nothing arrives before it.
 * - A socket whose check-in link is revoked gets `revoked {conferenceId, reason: 'link_revoked'}` and is closed by
 *   the server: do not reconnect with that token. A token that expires while the socket is open gets `unauthorized`
 *   on its next event (see LiveSessions).
 * - A board re-sends `board:join {conferenceId}` on every `connect` and replaces its state with the snapshot in
 *   the ack. `presence` deltas may arrive before that ack: keep them, then apply only those with
 *   `seq > snapshot.seq`. Afterwards every delta must have `seq === last + 1`; on a gap, `board:join` again.
 *   While a roll call is open, the join also sends that socket its `rollcall:result` (before the ack), with
 *   `deadline` and `remainingMs`: count down from `remainingMs`, not from the page's clock.
 */

interface SocketData {
  principal: Principal;
  live: SocketClient;
  /** `LiveSessions.mark()` taken before the handshake checked the token. */
  linkCheckedAt: number;
}
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

interface Route {
  pipe: WsPayloadPipe;
  handle: (client: LiveClient, payload: never) => Promise<object>;
}

/** A client event: its DTO (class-validator) and the service call that answers it with the DTO instance. */
function route<D extends object>(
  event: keyof ClientToServerEvents,
  dto: new () => D,
  handle: (client: LiveClient, p: D) => Promise<object>,
  options: { nested?: boolean } = {},
): [string, Route] {
  return [event, { pipe: new WsPayloadPipe(dto, options.nested), handle }];
}

const UNKNOWN_EVENT = { vi: 'Sự kiện không được hỗ trợ', en: 'Unknown event' };
const ONE_PAYLOAD = { vi: 'Mỗi sự kiện gửi đúng một đối tượng dữ liệu và một hàm ack', en: 'Send exactly one payload object and an ack' };
const UNAUTHORIZED = { vi: 'Chưa đăng nhập hoặc mã truy cập không hợp lệ', en: 'Missing or invalid token' };

/** A socket as the services see it. */
class SocketClient implements LiveClient {
  readonly checkins = new Map<string, string>();
  closeReason: string | null = null;
  closedBy: string | null = null;
  private readonly queue = new SerialQueue();

  constructor(
    private readonly socket: LiveSocket,
    readonly principal: Principal,
    public linkCheckedAt: number,
    /** Its event budget and its token's (see WsRateLimiter). */
    readonly budget: EventBudget,
  ) {}

  get id(): string {
    return this.socket.id;
  }
  get connected(): boolean {
    return this.socket.connected;
  }
  join(rooms: string[]): void {
    void this.socket.join(rooms);
  }
  leave(room: string): void {
    void this.socket.leave(room);
  }
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.socket.emit(event, ...args);
  }
  disconnect(reason: string, by?: string): void {
    if (this.closeReason === null && by) this.closedBy = by;
    this.closeReason ??= reason;
    this.socket.disconnect(true);
  }
  serial<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }
}

const SIGNED_OUT = { vi: 'Phiên đăng nhập đã kết thúc; hãy đăng nhập lại', en: 'Signed out; sign in again' };

function tooManySockets(): Error {
  return Object.assign(new Error('rate_limited'), { data: toWsError(new AppError(ErrorCode.RateLimited, TOO_MANY_SOCKETS)) });
}

function unauthorized(): Error {
  return Object.assign(new Error('unauthorized'), { data: toWsError(new AppError(ErrorCode.Unauthorized, UNAUTHORIZED)) });
}

/**
 * Thin: authenticates the handshake, validates payloads (class-validator DTOs through `WsPayloadPipe`),
 * delegates to the services and acks; no presence state lives here.
 *
 * The events are dispatched by one small wrapper per socket (`onAny`) rather than by `@SubscribeMessage`
 * handlers: Nest binds an RxJS pipeline per handler and per socket, which measured ~40 KB and a few hundred
 * microseconds of garbage per socket and event, too much for 10,000 connected points. The wrapper keeps the
 * same order as Nest's (rate limit, validation, handler) and answers every event through its ack.
 */
@WebSocketGateway({ namespace: '/live', transports: ['websocket', 'polling'], serveClient: false, maxHttpBufferSize: LIVE_MAX_MESSAGE_BYTES })
export class PresenceGateway implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnGatewayDisconnect<LiveSocket> {
  private readonly logger = new Logger('PresenceGateway');
  @WebSocketServer() private readonly server: LiveNamespace;
  private readonly routes: ReadonlyMap<string, Route>;

  constructor(
    private readonly auth: AuthService,
    private readonly presence: PresenceService,
    private readonly rollcalls: RollcallService,
    private readonly rooms: LiveRooms,
    private readonly limiter: WsRateLimiter,
    private readonly metrics: MetricsService,
    private readonly board: BoardPublisher,
    private readonly sessions: LiveSessions,
    private readonly sockets: WsSocketLimiter,
    private readonly live: LiveConferences,
    readiness: ReadinessService,
    petitions: PetitionLive,
  ) {
    this.routes = new Map([
      route('checkin', ConferenceRefDto, async (c, p) => ({ ...(await presence.checkin(c, p)), currentPetition: await petitions.current(p.conferenceId) })),
      route('status', StatusDto, (c, p) => presence.status(c, p)),
      route('checkout', ConferenceRefDto, (c, p) => presence.checkout(c, p)),
      route('agenda:ack', AgendaAckDto, (c, p) => presence.agendaAck(c, p)),
      route('agenda:state', ConferenceRefDto, (c, p) => presence.agendaState(c, p)),
      route('rollcall:answer', RollcallAnswerDto, (c, p) => rollcalls.answer(c, p)),
      route('board:join', BoardJoinDto, async (c, p) => {
        if (p.snapshot === false) {
          const { seq } = await presence.boardJoinSeq(c, p);
          await rollcalls.showOpenTo(c, p.conferenceId);
          return { seq, currentPetition: await petitions.current(p.conferenceId) };
        }
        const { snapshot } = await presence.boardJoin(c, p);
        await rollcalls.showOpenTo(c, p.conferenceId);
        return { snapshot: { ...snapshot, currentPetition: await petitions.current(p.conferenceId) } };
      }),
      route('rollcall:start', RollcallStartDto, (c, p) => rollcalls.start(c.principal, p)),
      route('attendance:mark', AttendanceMarkDto, (c, p) => presence.markAttendance(c.principal, p)),
      route('notice', NoticeDto, (c, p) => presence.notice(c.principal, p), { nested: true }),
      route('readiness', ReadinessDto, (c, p) => readiness.report(c, p)),
      route('petition:watch', PetitionRefDto, (c, p) => petitions.watch(c, p)),
      route('petition:unwatch', PetitionRefDto, (c, p) => petitions.unwatch(c, p)),
    ]);
  }

  afterInit(namespace: LiveNamespace): void {
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      // Read once: the bearer token is not kept with the socket (the principal is), neither in memory nor for a heap dump.
      if (socket.handshake.auth) delete socket.handshake.auth.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return next(unauthorized());
      // After a restart, clients are let in once the open conferences are restored from the presence log.
      if (this.live.isRestored) this.admit(socket, token, next);
      else void this.live.restored().then(() => this.admit(socket, token, next));
    });
    this.rooms.attach(namespace);
  }

  private admit(socket: LiveSocket, token: string, next: (err?: Error) => void): void {
    socket.data.linkCheckedAt = this.sessions.mark();
    this.auth
      .authenticate(token)
      .then(
        async (principal) => {
          if (!principal) return next(unauthorized());
          if (!(await holdSocketSlot(this.sockets, socket, tokenKey(principal)))) return next(tooManySockets());
          socket.data.principal = principal;
          next();
        },
        () => next(unauthorized()),
      )
      .catch(() => next(unauthorized()));
  }

  handleConnection(socket: LiveSocket): void {
    const principal = socket.data.principal;
    const client = new SocketClient(socket, principal, socket.data.linkCheckedAt, this.limiter.open(tokenKey(principal)));
    socket.data.live = client;
    this.sessions.opened(client);
    this.metrics.socketConnected();
    socket.onAny((event: string, ...args: unknown[]) => void this.dispatch(client, event, args));
  }

  handleDisconnect(socket: LiveSocket): void {
    if (!socket.data.live) return;
    socket.data.live.budget.close();
    this.metrics.socketDisconnected();
    this.sessions.closed(socket.data.live);
    void this.presence.disconnected(socket.data.live);
  }

  /** Rate limit, validation, the service call, the ack: `{ok: true, ...result}` or `{ok: false, error}`, whatever happens. */
  private async dispatch(client: SocketClient, event: string, args: unknown[]): Promise<void> {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (reply: object) => void) : undefined;
    this.board.due();
    try {
      this.limiter.consume(client.budget);
      // Both answer at once for a link (no promise, no microtask): awaited only when they return a promise.
      const verifying = this.sessions.verify(client);
      if (verifying) await verifying;
      // A user who signed out (or was removed) since this socket opened: refused from the next event on.
      const current = this.auth.isCurrent(client.principal);
      if (!(current === true || (current !== false && (await current)))) throw new AppError(ErrorCode.Unauthorized, SIGNED_OUT);
      const r = this.routes.get(event);
      if (!r) throw new AppError(ErrorCode.BadRequest, { vi: `${UNKNOWN_EVENT.vi}: ${event}`, en: `${UNKNOWN_EVENT.en}: ${event}` }, undefined, { event });
      if (args.length > 1) throw new AppError(ErrorCode.BadRequest, ONE_PAYLOAD);
      const payload = r.pipe.transform(args[0]);
      const result = await r.handle(client, payload as never);
      ack?.({ ok: true, ...result });
    } catch (e) {
      let error = toWsError(e);
      if (!error) {
        this.logger.error(`${event}: ${(e as Error)?.stack ?? String(e)}`);
        error = WS_INTERNAL_ERROR;
      }
      ack?.({ ok: false, error });
    }
  }
}
