import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { USER_SIGNED_OUT, type UserSignedOutEvent } from './auth.events';
import type { Role } from './entities/user.entity';
import { UsersService } from './users.service';

/** What a user token is checked against on every request and handshake. */
export interface UserTokenState {
  username: string;
  role: Role;
  pointId: string | null;
  departmentId: string | null;
  /** False: locked by an admin (its tokens are refused). */
  active: boolean;
  tokenGeneration: number;
}

/**
 * How long an instance trusts what it read of a user. A sign-out takes effect at once on this instance and, relayed
 * over Redis (`USER_SIGNED_OUT`, see LiveSessions), on the others; this bounds how long a change made behind the
 * service's back (a user removed in the database by hand, a relay lost while Redis was away) goes unnoticed.
 */
export const USER_CACHE_MS = 5_000;
/** Users remembered at most (the oldest are forgotten first). */
const MAX_CACHED = 10_000;

/**
 * The user behind a user token, read from the database and cached briefly, so a token of a user that no longer
 * exists, or signed before its user signed out, is refused without a query per request.
 */
@Injectable()
export class UserSessions {
  private readonly logger = new Logger('UserSessions');
  private readonly cache = new Map<string, { at: number; state: Promise<UserTokenState | null> }>();

  constructor(
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
  ) {}

  /** The user's current state, or null when it does not exist. */
  state(userId: string, now = Date.now()): Promise<UserTokenState | null> {
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < USER_CACHE_MS) return hit.state;
    const state = this.users.findById(userId).then(
      (u) =>
        u
          ? {
              username: u.username,
              role: u.role,
              pointId: u.pointId,
              departmentId: u.departmentId,
              active: Boolean(u.active),
              tokenGeneration: u.tokenGeneration,
            }
          : null,
      (e: unknown) => {
        this.cache.delete(userId);
        throw e;
      },
    );
    this.cache.delete(userId);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(userId, { at: now, state });
    return state;
  }

  /** Signs the user out everywhere: every token signed so far stops working. The new generation (null: no such user). */
  async revokeAll(userId: string): Promise<number | null> {
    const generation = await this.users.raiseTokenGeneration(userId);
    if (generation !== null) await this.changed(userId, generation);
    return generation;
  }

  /**
   * After a commit that changed the user (a sign-out, a lock or unlock, a change of role or point, a new password):
   * what this instance cached of the user is dropped, and `USER_SIGNED_OUT` is awaited — its listeners close the
   * user's sockets signed before `tokenGeneration` (`revoked {reason: 'signed_out'}`; none when the change did not
   * raise it, e.g. an unlock) and tell the other instances, which drop what they cached — so the change holds
   * everywhere by the time the caller answers.
   */
  async changed(userId: string, tokenGeneration: number): Promise<void> {
    this.cache.delete(userId);
    const event: UserSignedOutEvent = { userId, tokenGeneration };
    try {
      await this.events.emitAsync(USER_SIGNED_OUT, event);
    } catch (e) {
      // The sign-out is committed; the other instances follow within USER_CACHE_MS at worst.
      this.logger.error(`a ${USER_SIGNED_OUT} listener failed: ${(e as Error).stack ?? String(e)}`);
    }
  }

  /** Another instance signed the user out: what this one cached of the user is stale (the next request reads it again). */
  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
