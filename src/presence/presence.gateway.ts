import { UseFilters, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { WsAckExceptionFilter } from '../common/filters/ws-exception.filter';
import {
  AgendaAckDto, AttendanceMarkDto, ConferenceRefDto, NoticeDto, RollcallAnswerDto, RollcallStartDto, StatusDto,
} from './dto/live-payloads.dto';
import { LiveClient, SerialQueue } from './live-client';
import { LiveRooms } from './live-rooms';
import type { ClientToServerEvents, PresenceSnapshot, PresenceState, ServerToClientEvents } from './presence.events';
import { PresenceService } from './presence.service';
import { RollcallService } from './rollcall.service';
import { WS_PAYLOAD } from './ws/ws-payload.pipe';
import { WsRateLimiter, WsRateLimitGuard } from './ws/ws-rate-limit';

/*
 * The `/live` namespace (Socket.IO 4, websocket transport; long-polling is offered too).
 *
 * Handshake: `io(url + '/live', { auth: { token } })` with a user JWT or a check-in link token. A missing,
 * bad, expired or revoked token fails the connection: `connect_error` with `err.message === 'unauthorized'`
 * (and `err.data = {code, message}` for a readable message). Do not retry that automatically.
 *
 * Every client event takes an ack and is answered `{ok: true, ...}` or `{ok: false, error: {code, message}}`
 * (`bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `rate_limited`, `internal_error`);
 * each socket may send EVENTS_PER_SECOND events per second.
 *
 * WHAT A CLIENT MUST DO ON RECONNECT (the server keeps no socket across a reconnect or a restart):
 * - A point page re-sends `checkin {conferenceId}` on every `connect` event (Socket.IO fires it again after
 *   each automatic reconnection), then its last `status` and `agenda:ack`. The point keeps its entry: the
 *   board shows it `unstable` while it is away (drops + 1), `online` again after the check-in, and `offline`
 *   only if it stays away longer than the grace (PRESENCE_GRACE_MS). The same holds after a server restart:
 *   points that were online come back `unstable` and go `offline` after the grace unless they check in again.
 *   Rooms (conference, notices, roll calls) are joined by `checkin`, so nothing arrives before it.
 * - A board re-sends `board:join {conferenceId}` on every `connect` and replaces its state with the snapshot in
 *   the ack. `presence` deltas may arrive before that ack: keep them, then apply only those with
 *   `seq > snapshot.seq`. Afterwards every delta must have `seq === last + 1`; on a gap, `board:join` again.
 */

interface SocketData {
  principal: Principal;
  live: LiveClient;
}
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The client events this gateway answers (others are acked `bad_request`). */
const CLIENT_EVENTS = new Set<string>([
  'checkin', 'status', 'checkout', 'rollcall:answer', 'agenda:ack', 'board:join', 'rollcall:start', 'attendance:mark', 'notice',
] satisfies Array<keyof ClientToServerEvents>);

const UNKNOWN_EVENT = 'Sự kiện không được hỗ trợ / Unknown event';
const UNAUTHORIZED = 'Chưa đăng nhập hoặc mã truy cập không hợp lệ / Missing or invalid token';

/** A socket as the services see it. */
class SocketClient implements LiveClient {
  readonly checkins = new Map<string, string>();
  private readonly queue = new SerialQueue();

  constructor(
    private readonly socket: LiveSocket,
    readonly principal: Principal,
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
  serial<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }
}

function unauthorized(): Error {
  return Object.assign(new Error('unauthorized'), { data: { code: 'unauthorized', message: UNAUTHORIZED } });
}

const ok = <T extends object>(result: T) => ({ ok: true as const, ...result });

/** Thin: authenticates the handshake, validates payloads, delegates, acks. No presence state lives here. */
@WebSocketGateway({ namespace: '/live', transports: ['websocket', 'polling'], serveClient: false, pingInterval: 10_000, pingTimeout: 10_000 })
@UseFilters(WsAckExceptionFilter)
@UseGuards(WsRateLimitGuard)
export class PresenceGateway implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnGatewayDisconnect<LiveSocket> {
  @WebSocketServer() private readonly server: LiveNamespace;

  constructor(
    private readonly auth: AuthService,
    private readonly presence: PresenceService,
    private readonly rollcalls: RollcallService,
    private readonly rooms: LiveRooms,
    private readonly limiter: WsRateLimiter,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return next(unauthorized());
      this.auth.authenticate(token).then(
        (principal) => {
          if (!principal) return next(unauthorized());
          socket.data.principal = principal;
          next();
        },
        () => next(unauthorized()),
      );
    });
    this.rooms.attach(namespace);
  }

  handleConnection(socket: LiveSocket): void {
    socket.data.live = new SocketClient(socket, socket.data.principal);
    socket.onAny((event: string, ...args: unknown[]) => {
      if (CLIENT_EVENTS.has(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return;
      this.limiter.consume(socket.id).then(
        () => ack({ ok: false, error: { code: 'bad_request', message: `${UNKNOWN_EVENT}: ${event}` } }),
        () => ack({ ok: false, error: { code: 'rate_limited', message: 'rate limited' } }),
      );
    });
  }

  handleDisconnect(socket: LiveSocket): void {
    if (socket.data.live) void this.presence.disconnected(socket.data.live);
  }

  @SubscribeMessage('checkin')
  async checkin(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: ConferenceRefDto): Promise<{ ok: true; state: PresenceState }> {
    return ok(await this.presence.checkin(s.data.live, dto));
  }

  @SubscribeMessage('status')
  async status(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: StatusDto): Promise<{ ok: true }> {
    return ok(await this.presence.status(s.data.live, dto));
  }

  @SubscribeMessage('checkout')
  async checkout(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: ConferenceRefDto): Promise<{ ok: true; state: PresenceState }> {
    return ok(await this.presence.checkout(s.data.live, dto));
  }

  @SubscribeMessage('agenda:ack')
  async agendaAck(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: AgendaAckDto): Promise<{ ok: true }> {
    return ok(await this.presence.agendaAck(s.data.live, dto));
  }

  @SubscribeMessage('rollcall:answer')
  async rollcallAnswer(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: RollcallAnswerDto): Promise<{ ok: true }> {
    return ok(await this.rollcalls.answer(s.data.live, dto));
  }

  @SubscribeMessage('board:join')
  async boardJoin(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: ConferenceRefDto): Promise<{ ok: true; snapshot: PresenceSnapshot }> {
    return ok(await this.presence.boardJoin(s.data.live, dto));
  }

  @SubscribeMessage('rollcall:start')
  async rollcallStart(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: RollcallStartDto): Promise<{ ok: true; rollcallId: string; deadline: string }> {
    return ok(await this.rollcalls.start(s.data.principal, dto));
  }

  @SubscribeMessage('attendance:mark')
  async attendanceMark(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: AttendanceMarkDto): Promise<{ ok: true }> {
    return ok(await this.presence.markAttendance(s.data.principal, dto));
  }

  @SubscribeMessage('notice')
  async notice(@ConnectedSocket() s: LiveSocket, @MessageBody(WS_PAYLOAD) dto: NoticeDto): Promise<{ ok: true; delivered: number }> {
    return ok(await this.presence.notice(s.data.principal, dto));
  }
}
