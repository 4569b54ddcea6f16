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
  /**
   * The checked-in sockets of some points (`rollcall` prompts, notices), as their records list them: each socket is in
   * the room named by its id, on whichever instance holds it (no room per point: 10,000 fewer rooms in a broadcast).
   */
  checkedIn: (views: ReadonlyArray<{ record: { sockets: readonly string[] } }>): string[] => views.flatMap((v) => v.record.sockets),
  /** The petition pages watching one petition (`petition:watch`): `petition:thread` pushes. */
  petition: (petitionId: string) => `petition:${petitionId}`,
};

/** How long `toOtherInstancesAndWait` waits for the other instances' answers. */
const INSTANCE_ACK_TIMEOUT_MS = 3_000;

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

  /**
   * Sends a message to the other instances and resolves once each has handled it (its handler settled); rejects
   * after `timeoutMs` when one does not answer (Redis away, an instance stuck). Resolves at once with one instance.
   */
  async toOtherInstancesAndWait(event: string, payload: unknown, timeoutMs = INSTANCE_ACK_TIMEOUT_MS): Promise<void> {
    if (!this.redis?.enabled || !this.namespace) return;
    let timer: NodeJS.Timeout | undefined;
    // The adapter swallows a failed publish without calling back: our own timeout bounds the wait.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${event}: no answer from every instance within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.namespace.serverSideEmitWithAck(event, payload), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Receives what another instance sent with `toOtherInstances` (or `toOtherInstancesAndWait`: answered once the handler settled). */
  onInstanceMessage(event: string, handler: (payload: unknown) => void | Promise<void>): void {
    this.instanceHandlers.push([event, handler]);
    if (this.namespace) this.listenToInstances(event, handler);
  }

  private listenToInstances(event: string, handler: (payload: unknown) => void | Promise<void>): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (this.namespace as unknown as { on(e: string, h: (...a: any[]) => void): void }).on(event, (payload: unknown, ack?: unknown) => {
      const answer = () => {
        if (typeof ack === 'function') (ack as (reply: boolean) => void)(true);
      };
      try {
        // A handler's failure must not reach the adapter; the sender is answered either way (it logs its own side).
        void Promise.resolve(handler(payload))
          .catch(() => undefined)
          .then(answer);
      } catch {
        answer();
      }
    });
  }

  /** Emits to the union of these rooms (a socket in several of them gets it once). */
  to(roomNames: string | string[]): { emit: Emit } {
    const ns = this.namespace;
    if (!ns || (Array.isArray(roomNames) && roomNames.length === 0)) return { emit: () => undefined };
    return ns.to(roomNames);
  }

  /** Makes these sockets (ids, on any instance) leave `leave` (e.g. a point's sockets leave the conference when it checks out). */
  leave(socketIds: string[], leave: string[]): void {
    if (socketIds.length > 0) this.namespace?.in(socketIds).socketsLeave(leave);
  }
}
