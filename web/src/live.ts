import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src/presence/presence.events';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The `/live` namespace on this origin, websocket transport, reconnecting quickly. */
export function connectLive(token: string): LiveSocket {
  return io('/live', {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    timeout: 10_000,
  });
}

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Reply<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** Emits with an ack; a timeout or a lost connection becomes `{ok: false}` instead of a hanging promise. */
export function request<E extends keyof ClientToServerEvents>(socket: LiveSocket, event: E, payload: Payload<E>, timeoutMs = 10_000): Promise<Reply<E>> {
  return new Promise((resolve) => {
    const timed = socket.timeout(timeoutMs) as unknown as { emit: (ev: string, p: unknown, cb: (err: Error | null, r: Ack) => void) => void };
    timed.emit(event, payload, (err, reply) => {
      // Worded by the page (i18n `errors.noAnswer`): no server sentence to show.
      if (err) resolve({ ok: false, error: { code: 'no_answer', message: '', messages: { vi: '', en: '' } } } as unknown as Reply<E>);
      else resolve(reply as Reply<E>);
    });
  });
}
