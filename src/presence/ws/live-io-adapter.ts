import { ServerResponse } from 'node:http';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { DEFAULT_LIVE_PING, type LivePingConfig } from '../../common/config/app-config';
import { jsonOnlyParser } from './json-only-parser';

/** What the Engine.IO connection keeps of the HTTP request that opened it. */
interface EngineConnection {
  request: unknown;
}

/** The response Engine.IO hands its middlewares during a WebSocket upgrade (not a `ServerResponse`). */
interface UpgradeResponse {
  req?: unknown;
}

/**
 * Lets go of the HTTP requests that opened the connections, once nothing needs them (Socket.IO's "Memory usage"
 * guide), 1.4–1.8 KB per socket with their headers (14–18 MB of live heap at 10,000 points; README, stop 27):
 * - the Engine.IO connection keeps the first request for as long as the socket lives: dropped at `connection`;
 * - Engine.IO 6.6 also runs its middlewares on a WebSocket upgrade with a response object that forwards the TCP
 *   socket's `close` event and so stays alive, holding the upgrade's request, for as long as the socket does: its
 *   reference is dropped once the upgrade is answered (`headers`, just before the 101 is written), after which
 *   Engine.IO reads the request only through its own variable. (An Engine.IO without that field is left as it is.)
 * Nothing in Diemcau reads them afterwards: the `/live` token comes in the CONNECT packet's `auth`, and
 * `socket.handshake` then has no headers, url or query.
 */
function releaseRequests(engine: Server['engine']): void {
  const upgrades = new WeakMap<object, UpgradeResponse>();
  engine.use((req: object, res: object, next: () => void) => {
    if (!(res instanceof ServerResponse)) upgrades.set(req, res);
    next();
  });
  engine.on('headers', (_headers: unknown, req: object) => {
    const res = upgrades.get(req);
    if (res?.req === req) res.req = null;
  });
  // Registered after Socket.IO's own listener, so its client is set up first; the handshake is built later, from `auth`.
  engine.on('connection', (connection: EngineConnection) => {
    connection.request = null;
  });
}

/**
 * Nest's Socket.IO adapter, with four changes:
 * - the heartbeat is the configured one (`LIVE_PING_INTERVAL_MS`, `LIVE_PING_TIMEOUT_MS`: a silent site is dropped
 *   within 18 s by default, not Socket.IO's 45 s);
 * - the server's parser is `jsonOnlyParser` (the board's deltas are encoded without the binary scan, see there);
 * - the HTTP requests that opened the connections are let go once answered (see `releaseRequests`);
 * - `bindMessageHandlers` with no handlers binds nothing. The `/live` gateway dispatches every event itself (`onAny`,
 *   see PresenceGateway), yet Nest's adapter still built an RxJS `fromEvent(socket, 'disconnect').pipe(share(),
 *   first())` per socket and kept it in a WeakMap for as long as the socket lived: on a heap snapshot with 10,000
 *   points online, 17 MB of the server's 228 MB heap (about 25 closures, contexts and observables per socket).
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app?: ConstructorParameters<typeof IoAdapter>[0],
    private readonly ping: LivePingConfig = DEFAULT_LIVE_PING,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    // Nest passes the gateway's options, a part of ServerOptions (Socket.IO fills in the rest).
    const heartbeat = { pingInterval: this.ping.intervalMs, pingTimeout: this.ping.timeoutMs };
    const server = super.createIOServer(port, { ...options, ...heartbeat, parser: jsonOnlyParser } as ServerOptions) as Server;
    releaseRequests(server.engine);
    return server;
  }

  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    if (handlers.length > 0) super.bindMessageHandlers(socket, handlers, transform);
  }
}
