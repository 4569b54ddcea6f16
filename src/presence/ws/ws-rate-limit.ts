import { Injectable, Logger, Optional } from '@nestjs/common';
import { RateLimiter } from 'limiter';
import type { Principal } from '../../auth/principal';
import { AppError, ErrorCode } from '../../common/errors';
import { LEASE_RENEW_MS, RedisService } from '../../redis/redis.service';

/** Events one socket may send per second before it is answered `rate_limited`. */
export const EVENTS_PER_SECOND = 20;
/** Events all the sockets of one token may send per second together (a link opened on many devices, or a script). */
export const EVENTS_PER_TOKEN_PER_SECOND = 40;
/** Sockets one token may hold open (across every instance with REDIS_URL); the next handshake fails with `connect_error` `rate_limited`. */
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

interface TokenBudget {
  budget: RateLimiter;
  sockets: number;
}

/** One socket's event budget, and its token's (shared by the token's sockets on this instance). */
export class EventBudget {
  private readonly own = new RateLimiter({ tokensPerInterval: EVENTS_PER_SECOND, interval: 'second' });
  private open = true;

  constructor(
    private readonly token: TokenBudget,
    private readonly closed: () => void,
  ) {}

  /** Spends one event of both budgets; false (nothing spent of the token's) when either is used up. */
  trySpend(): boolean {
    return this.own.tryRemoveTokens(1) && this.token.budget.tryRemoveTokens(1);
  }

  /** The socket closed: its share of the token's budget is given back (idempotent). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.closed();
  }
}

/**
 * Per-socket and per-token event budgets: one broken client (or one leaked link) cannot flood the board or the event
 * log. Each budget is a `limiter` RateLimiter (a token bucket that also caps each one-second window) kept with what it
 * limits: the socket's on the socket, the token's as long as the token has a socket open here. Spending is
 * synchronous and sets no timer, so a burst of 10,000 check-ins does not create 20,000 keys and expiry timers.
 */
@Injectable()
export class WsRateLimiter {
  private readonly tokens = new Map<string, TokenBudget>();

  /** The budget of a socket that just opened for this token; `close()` it when the socket closes. */
  open(token: string): EventBudget {
    let t = this.tokens.get(token);
    if (!t) {
      t = { budget: new RateLimiter({ tokensPerInterval: EVENTS_PER_TOKEN_PER_SECOND, interval: 'second' }), sockets: 0 };
      this.tokens.set(token, t);
    }
    t.sockets++;
    const shared = t;
    return new EventBudget(shared, () => {
      if (--shared.sockets === 0 && this.tokens.get(token) === shared) this.tokens.delete(token);
    });
  }

  /** Spends one event of the socket's and of its token's budget; throws `rate_limited` when either is used up. */
  consume(budget: EventBudget): void {
    if (!budget.trySpend()) throw new AppError(ErrorCode.RateLimited, RATE_LIMITED);
  }

  /** Tokens with a socket open here (for tests). */
  get openTokens(): number {
    return this.tokens.size;
  }
}

/** A socket place taken for a token; `release()` gives it back (idempotent). */
export interface SocketSlot {
  release(): void;
}

/** A token's places across the instances expire this long after its last handshake (a lost release cannot hold one for ever). */
const SHARED_SLOTS_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * One round trip per handshake: counts the token's places held by instances that still hold their lease (places of
 * an instance whose lease is gone — killed, or cut off from Redis — are dropped here), then takes one if there is room.
 * KEYS[1] the token's hash (field: instance id, value: its places); ARGV: max, this instance, lease key prefix, TTL.
 */
const ACQUIRE_SCRIPT = `
local total = 0
local held = redis.call('HGETALL', KEYS[1])
for i = 1, #held, 2 do
  if held[i] ~= ARGV[2] and redis.call('EXISTS', ARGV[3] .. held[i]) == 0 then
    redis.call('HDEL', KEYS[1], held[i])
  else
    total = total + tonumber(held[i + 1])
  end
end
if total >= tonumber(ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

/** Gives one place back (nothing when another instance already dropped this instance's places). KEYS[1], ARGV[1] instance. */
const RELEASE_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1`;

/** Sets this instance's places for a token to what it really holds (after a release that did not reach Redis). */
const RESYNC_SCRIPT = `
if tonumber(ARGV[2]) > 0 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) else redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1`;

/**
 * Open sockets per token (see SOCKETS_PER_TOKEN). Always counted on this instance; with REDIS_URL also across the
 * instances: a hash per token in Redis with one field per instance, checked and raised atomically at the handshake
 * (one round trip) and lowered when the socket closes. The places of an instance whose lease expired (SIGKILL, lost
 * Redis) stop counting when its lease does. Redis unreachable at a handshake: the per-instance cap alone applies.
 */
@Injectable()
export class WsSocketLimiter {
  private readonly logger = new Logger('WsSocketLimiter');
  private readonly open = new Map<string, number>();
  /** Tokens whose shared count missed a release (Redis away): set to the local count again shortly. */
  private readonly resync = new Set<string>();
  private resyncTimer: NodeJS.Timeout | null = null;

  constructor(@Optional() private readonly redis?: RedisService) {}

  /** Takes a place for the token; null (nothing taken) when it holds the maximum already, here or across the instances. */
  async acquire(key: string): Promise<SocketSlot | null> {
    const n = this.open.get(key) ?? 0;
    if (n >= SOCKETS_PER_TOKEN) return null;
    // Counted here before the round trip, so that concurrent handshakes on this instance see each other.
    this.open.set(key, n + 1);
    let shared = false;
    if (this.redis?.enabled) {
      try {
        const ok = await this.redis.eval(
          ACQUIRE_SCRIPT,
          [this.sharedKey(key)],
          [SOCKETS_PER_TOKEN, this.redis.instanceId, this.redis.key('lease', ''), SHARED_SLOTS_TTL_MS],
        );
        if (ok !== 1) {
          this.releaseLocal(key);
          return null;
        }
        shared = true;
      } catch (e) {
        this.logger.warn(`socket places across instances unavailable, per-instance cap only: ${(e as Error).message}`);
      }
    }
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.releaseLocal(key);
        if (shared) this.releaseShared(key);
      },
    };
  }

  /** Tokens holding sockets on this instance now (for tests and metrics). */
  get tokens(): number {
    return this.open.size;
  }

  private releaseLocal(key: string): void {
    const n = (this.open.get(key) ?? 0) - 1;
    if (n > 0) this.open.set(key, n);
    else this.open.delete(key);
  }

  private releaseShared(key: string): void {
    this.redis!.eval(RELEASE_SCRIPT, [this.sharedKey(key)], [this.redis!.instanceId]).catch(() => {
      this.resync.add(key);
      this.resyncTimer ??= setTimeout(() => void this.resyncShared(), LEASE_RENEW_MS);
    });
  }

  private async resyncShared(): Promise<void> {
    this.resyncTimer = null;
    for (const key of [...this.resync]) {
      try {
        await this.redis!.eval(RESYNC_SCRIPT, [this.sharedKey(key)], [this.redis!.instanceId, this.open.get(key) ?? 0]);
        this.resync.delete(key);
      } catch {
        this.resyncTimer ??= setTimeout(() => void this.resyncShared(), LEASE_RENEW_MS);
        return;
      }
    }
  }

  private sharedKey(key: string): string {
    return this.redis!.key('sockets', key);
  }
}

/** The parts of a Socket.IO socket a slot needs: its own disconnect, and its connection's close. */
interface SlotSocket {
  once(event: 'disconnect', listener: () => void): unknown;
  conn: { once(event: 'close', listener: () => void): unknown };
}

/**
 * Takes a socket place for the token during the handshake and gives it back exactly once, when the socket
 * disconnects or its connection closes (which also covers a client that went away before the handshake finished,
 * even while the place was being taken). False when the token holds the maximum already.
 */
export async function holdSocketSlot(limiter: WsSocketLimiter, socket: SlotSocket, key: string): Promise<boolean> {
  let gone = false;
  let slot: SocketSlot | null = null;
  const release = () => {
    gone = true;
    slot?.release();
  };
  socket.once('disconnect', release);
  socket.conn.once('close', release);
  slot = await limiter.acquire(key);
  if (slot && gone) slot.release();
  return !!slot && !gone;
}
