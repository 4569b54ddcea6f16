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
  /** Every socket opened with one check-in link (joined at connection): closed when the link is revoked. */
  link: (linkId: string) => `link:${linkId}`,
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

  constructor(@Optional() private readonly redis?: RedisService) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  attach(namespace: Namespace<ClientToServerEvents, ServerToClientEvents, any, any>): void {
    // REDIS_URL set: the Redis adapter, so that every room (and `socketsLeave`) spans the instances.
    this.redis?.attachAdapter(namespace.server);
    // An instance whose lease expired was taken over: its sockets reconnect (here or elsewhere) and check in again.
    this.redis?.onLeaseLost(() => namespace.local.disconnectSockets(true));
    this.namespace = namespace;
  }

  /** Emits to the union of these rooms (a socket in several of them gets it once). */
  to(roomNames: string | string[]): { emit: Emit } {
    const ns = this.namespace;
    if (!ns || (Array.isArray(roomNames) && roomNames.length === 0)) return { emit: () => undefined };
    return ns.to(roomNames);
  }

  /** Closes every socket in these rooms (on every instance). */
  disconnect(roomNames: string[]): void {
    if (roomNames.length) this.namespace?.in(roomNames).disconnectSockets(true);
  }

  /** Makes every socket in `room` leave `leave` (e.g. a point's sockets leave the conference when it checks out). */
  leave(room: string, leave: string[]): void {
    this.namespace?.in(room).socketsLeave(leave);
  }
}
