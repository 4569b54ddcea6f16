import { Injectable, Optional } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { RedisService } from '../redis/redis.service';
import type { ClientToServerEvents, ServerToClientEvents } from './presence.events';

/** Room names of the `/live` namespace. */
export const rooms = {
  /** Everyone in the conference: checked-in point sockets and boards (the `agenda` push). */
  conference: (conferenceId: string) => `conf:${conferenceId}`,
  /** Board sockets: `presence` deltas and `rollcall:result`. */
  board: (conferenceId: string) => `board:${conferenceId}`,
  /** The checked-in sockets of one point in one conference: `rollcall` prompts and notices. */
  point: (conferenceId: string, pointId: string) => `point:${conferenceId}:${pointId}`,
};

type Emit = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;

/**
 * The services' way to reach rooms without holding the socket server: the gateway hands its namespace
 * over once it is up. With the Redis adapter the same calls reach every instance.
 */
@Injectable()
export class LiveRooms {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private namespace: Namespace<ClientToServerEvents, ServerToClientEvents, any, any> | null = null;

  private readonly instanceHandlers: Array<[string, (payload: unknown) => void]> = [];

  constructor(@Optional() private readonly redis?: RedisService) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  attach(namespace: Namespace<ClientToServerEvents, ServerToClientEvents, any, any>): void {
    // REDIS_URL set: the Redis adapter, so that every room (and `socketsLeave`) spans the instances.
    this.redis?.attachAdapter(namespace.server);
    // An instance whose lease expired was taken over: its sockets reconnect (here or elsewhere) and check in again.
    this.redis?.onLeaseLost(() => namespace.local.disconnectSockets(true));
    this.namespace = namespace;
    for (const [event, handler] of this.instanceHandlers) this.listenToInstances(event, handler);
  }

  /** Sends a message to the other instances (Socket.IO's server-side emit over the Redis adapter); nothing with one instance. */
  toOtherInstances(event: string, payload: unknown): void {
    if (this.redis?.enabled && this.namespace) this.namespace.serverSideEmit(event, payload);
  }

  /** Receives what another instance sent with `toOtherInstances`. */
  onInstanceMessage(event: string, handler: (payload: unknown) => void): void {
    this.instanceHandlers.push([event, handler]);
    if (this.namespace) this.listenToInstances(event, handler);
  }

  private listenToInstances(event: string, handler: (payload: unknown) => void): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (this.namespace as unknown as { on(e: string, h: (...a: any[]) => void): void }).on(event, (payload: unknown) => {
      try {
        handler(payload);
      } catch {
        /* a handler's failure must not reach the adapter */
      }
    });
  }

  /** Emits to the union of these rooms (a socket in several of them gets it once). */
  to(roomNames: string | string[]): { emit: Emit } {
    const ns = this.namespace;
    if (!ns || (Array.isArray(roomNames) && roomNames.length === 0)) return { emit: () => undefined };
    return ns.to(roomNames);
  }

  /** Makes every socket in `room` leave `leave` (e.g. a point's sockets leave the conference when it checks out). */
  leave(room: string, leave: string[]): void {
    this.namespace?.in(room).socketsLeave(leave);
  }
}
