import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { jsonOnlyParser } from './json-only-parser';

/**
 * Nest's Socket.IO adapter, with two changes:
 * - the server's parser is `jsonOnlyParser` (the board's deltas are encoded without the binary scan, see there);
 * - `bindMessageHandlers` with no handlers binds nothing. The `/live` gateway dispatches every event itself (`onAny`,
 *   see PresenceGateway), yet Nest's adapter still built an RxJS `fromEvent(socket, 'disconnect').pipe(share(),
 *   first())` per socket and kept it in a WeakMap for as long as the socket lived: on a heap snapshot with 10,000
 *   points online, 17 MB of the server's 228 MB heap (about 25 closures, contexts and observables per socket).
 */
export class LiveIoAdapter extends IoAdapter {
  override createIOServer(port: number, options?: ServerOptions): Server {
    // Nest passes the gateway's options, a part of ServerOptions (Socket.IO fills in the rest).
    return super.createIOServer(port, { ...options, parser: jsonOnlyParser } as ServerOptions);
  }

  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    if (handlers.length > 0) super.bindMessageHandlers(socket, handlers, transform);
  }
}
