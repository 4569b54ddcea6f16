import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { jest } from '@jest/globals';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { of } from 'rxjs';
import type { Socket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { JsonOnlyEncoder } from './json-only-parser';
import { LiveIoAdapter } from './live-io-adapter';

setFlagsFromString('--expose-gc');
/** A full garbage collection (V8's `gc`, exposed at run time for this file). */
const gc = runInNewContext('gc') as () => void;

/** Listeners a socket holds, per event. */
const listeners = (socket: EventEmitter) => Object.fromEntries(socket.eventNames().map((e) => [String(e), socket.listenerCount(e)]));

describe('LiveIoAdapter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('builds nothing for a socket when the gateway has no message handlers (the /live gateway dispatches with onAny)', () => {
    // Nest's own adapter would build and keep an RxJS disconnect stream for this socket (in a WeakMap, no listener yet).
    const nests = jest.spyOn(IoAdapter.prototype, 'bindMessageHandlers');
    const socket = new EventEmitter();
    new LiveIoAdapter().bindMessageHandlers(socket as unknown as Socket, [], (d) => of(d));
    expect(nests).not.toHaveBeenCalled();
    expect(listeners(socket)).toEqual({});
  });

  it("keeps Nest's behaviour for a gateway with handlers: the event is answered through its ack", async () => {
    const socket = new EventEmitter();
    const handler = { message: 'ping', methodName: 'ping', callback: (data: unknown) => Promise.resolve({ pong: data }), isAckHandledManually: false };
    new LiveIoAdapter().bindMessageHandlers(socket as unknown as Socket, [handler], (d) => of(d));
    expect(listeners(socket)).toMatchObject({ ping: 1, disconnect: 1 });
    const answered = new Promise((resolve) => socket.emit('ping', [1, resolve]));
    await expect(answered).resolves.toEqual({ pong: 1 });
  });

  it('creates its Socket.IO server with the json-only encoder, and keeps the options the gateway gave', async () => {
    const server = new LiveIoAdapter().createIOServer(0, { path: '/live-test', serveClient: false } as never);
    try {
      expect(server.encoder).toBeInstanceOf(JsonOnlyEncoder);
      expect(server.path()).toBe('/live-test');
    } finally {
      await server.close();
    }
  });

  it('drops a client that stops answering the heartbeat within the configured interval + timeout (a phone out of coverage)', async () => {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const server = new LiveIoAdapter(http, { intervalMs: 300, timeoutMs: 300 }).createIOServer(0, { serveClient: false } as never);
    const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false });
    try {
      const joined = new Promise<Socket>((resolve) => server.on('connection', resolve));
      await new Promise<void>((resolve) => client.on('connect', () => resolve()));
      const socket = await joined;
      // The client goes silent without closing its connection: it no longer answers the server's pings.
      const engine = client.io.engine as unknown as { _sendPacket: (type: string, ...rest: unknown[]) => void };
      const send = engine._sendPacket.bind(engine);
      engine._sendPacket = (type, ...rest) => (type === 'pong' ? undefined : send(type, ...rest));
      const silentAt = Date.now();
      const reason = await new Promise<string>((resolve) => socket.on('disconnect', resolve));
      expect(reason).toBe('ping timeout');
      // Socket.IO's defaults (25 s + 20 s) would keep it for up to 45 s.
      expect(Date.now() - silentAt).toBeLessThan(3_000);
    } finally {
      client.close();
      await server.close();
      http.close();
    }
  });

  it.each([
    ['websocket', ['websocket']],
    ['long-polling, upgraded to websocket', ['polling', 'websocket']],
  ])('lets go of the HTTP requests that opened a connection (%s) once answered, and the socket still works both ways', async (_, transports) => {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const server = new LiveIoAdapter(http).createIOServer(0, { serveClient: false } as never);
    const requests: WeakRef<object>[] = [];
    server.engine.use((req: object, _res: unknown, next: () => void) => {
      requests.push(new WeakRef(req));
      next();
    });
    const seen: Socket[] = [];
    server.of('/t').on('connection', (socket) => {
      seen.push(socket);
      socket.on('echo', (payload: unknown, ack: (reply: unknown) => void) => ack({ echoed: payload }));
    });
    const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}/t`, { transports, auth: { token: 'x' }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('connect_error', reject));
      if (transports.length > 1) {
        await new Promise<void>((resolve) => (client.io.engine.transport.name === 'websocket' ? resolve() : client.io.engine.once('upgrade', () => resolve())));
      }
      expect(await client.timeout(5000).emitWithAck('echo', { a: 1 })).toEqual({ echoed: { a: 1 } });
      expect(seen).toHaveLength(1);
      expect(seen[0].conn.request).toBeNull();
      // The handshake is still built (from the CONNECT packet), without the request's headers.
      expect(seen[0].handshake.auth).toEqual({ token: 'x' });
      expect(seen[0].handshake.headers).toEqual({});
      // Every request (the upgrade's too) is collected while the socket stays open.
      expect(requests.length).toBeGreaterThan(0);
      for (let i = 0; i < 20 && requests.some((r) => r.deref()); i++) {
        await new Promise((r) => setTimeout(r, 25));
        gc();
      }
      expect(requests.filter((r) => r.deref() !== undefined)).toHaveLength(0);
      expect(client.connected).toBe(true);
      expect(await client.timeout(5000).emitWithAck('echo', 'still here')).toEqual({ echoed: 'still here' });
    } finally {
      client.close();
      await server.close();
    }
  });
});
