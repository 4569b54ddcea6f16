import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { of } from 'rxjs';
import type { Socket } from 'socket.io';
import { JsonOnlyEncoder } from './json-only-parser';
import { LiveIoAdapter } from './live-io-adapter';

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
});
