import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../../auth/principal';
import { AppError, ErrorCode } from '../../common/errors';

/** Events one socket may send per second before it is answered `rate_limited`. */
export const EVENTS_PER_SECOND = 20;
/** Events all the sockets of one token may send per second together (a link opened on many devices, or a script). */
export const EVENTS_PER_TOKEN_PER_SECOND = 40;
/** Sockets one token may hold open on one instance; the next handshake fails with `connect_error` `rate_limited`. */
export const SOCKETS_PER_TOKEN = 20;

const RATE_LIMITED = { vi: 'Gửi quá nhiều yêu cầu, vui lòng chậm lại', en: 'Too many events, slow down' };
export const TOO_MANY_SOCKETS = {
  vi: `Mã truy cập này đã mở quá nhiều kết nối (tối đa ${SOCKETS_PER_TOKEN}); hãy đóng bớt các thẻ hoặc thiết bị`,
  en: `Too many connections for this token (at most ${SOCKETS_PER_TOKEN}); close some tabs or devices`,
};

/** What one token is, for the budgets: a check-in link by its id, a user by its id (all of that user's tokens together). */
export function tokenKey(p: Principal): string {
  return p.kind === 'link' ? `link:${p.linkId}` : `user:${p.id}`;
}

/** Per-socket and per-token event budgets: one broken client (or one leaked link) cannot flood the board or the event log. */
@Injectable()
export class WsRateLimiter {
  private readonly perSocket = new RateLimiterMemory({ points: EVENTS_PER_SECOND, duration: 1 });
  private readonly perToken = new RateLimiterMemory({ points: EVENTS_PER_TOKEN_PER_SECOND, duration: 1 });

  /** Spends one event of the socket's and of its token's budget; throws `rate_limited` when either is used up. */
  async consume(socketId: string, token?: string): Promise<void> {
    try {
      await this.perSocket.consume(socketId);
      if (token) await this.perToken.consume(token);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      throw new AppError(ErrorCode.RateLimited, RATE_LIMITED);
    }
  }
}

/** Open sockets per token on this instance (see SOCKETS_PER_TOKEN). */
@Injectable()
export class WsSocketLimiter {
  private readonly open = new Map<string, number>();

  /** Counts one more socket for the token; false (and nothing counted) when it already holds the maximum. */
  acquire(key: string): boolean {
    const n = this.open.get(key) ?? 0;
    if (n >= SOCKETS_PER_TOKEN) return false;
    this.open.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = (this.open.get(key) ?? 0) - 1;
    if (n > 0) this.open.set(key, n);
    else this.open.delete(key);
  }

  /** Tokens holding sockets now (for tests and metrics). */
  get tokens(): number {
    return this.open.size;
  }
}

/** The parts of a Socket.IO socket a slot needs: its own disconnect, and its connection's close. */
interface SlotSocket {
  once(event: 'disconnect', listener: () => void): unknown;
  conn: { once(event: 'close', listener: () => void): unknown };
}

/**
 * Takes a socket slot for the token during the handshake and gives it back exactly once, when the socket disconnects
 * or its connection closes (which also covers a client that went away before the handshake finished). False when
 * the token holds the maximum already.
 */
export function holdSocketSlot(limiter: WsSocketLimiter, socket: SlotSocket, key: string): boolean {
  if (!limiter.acquire(key)) return false;
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    limiter.release(key);
  };
  socket.once('disconnect', release);
  socket.conn.once('close', release);
  return true;
}
