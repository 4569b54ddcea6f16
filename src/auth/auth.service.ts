import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppError, ErrorCode } from '../common/errors';
import { USER_SIGNED_OUT, type UserSignedOutEvent } from './auth.events';
import { CheckinLinksService } from './checkin-links.service';
import { LoginResponse, MeResponse, toUserResponse } from './dto/auth.dto';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hasher';
import type { Principal } from './principal';
import { TokenService } from './token.service';
import { UserSessions } from './user-sessions';
import { UsersService } from './users.service';

/**
 * Sign-in attempts allowed in a 15-minute window before a 15-minute block: per username and address, per username
 * from any address (an attack spread over many forwarded addresses), and per address alone. A successful sign-in
 * gives its attempt back.
 */
export const LOGIN_LIMITS = { accountAndAddress: 5, account: 10, address: 30, windowSeconds: 15 * 60 } as const;

/** Failed short-code exchanges allowed per address in a fixed one-minute window. */
const CODE_FAILURES_PER_MINUTE = 10;

const BAD_CREDENTIALS = { vi: 'Tên đăng nhập hoặc mật khẩu không đúng', en: 'Invalid username or password' };

@Injectable()
export class AuthService {
  private readonly logger = new Logger('AuthService');
  private readonly limiters = {
    accountAndAddress: limiter(LOGIN_LIMITS.accountAndAddress),
    account: limiter(LOGIN_LIMITS.account),
    address: limiter(LOGIN_LIMITS.address),
  };

  private readonly codeFailures = new RateLimiterMemory({ points: CODE_FAILURES_PER_MINUTE, duration: 60 });

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly links: CheckinLinksService,
    private readonly points: BridgePointsService,
    private readonly sessions: UserSessions,
    private readonly events: EventEmitter2,
  ) {}

  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const account = username.toLowerCase();
    const keys = { accountAndAddress: `${account}|${address}`, account, address };
    // The attempt is counted before the (slow) hash is checked, so concurrent attempts cannot all get through.
    await this.countAttempt(keys);
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) throw new AppError(ErrorCode.Unauthorized, BAD_CREDENTIALS);
    await Promise.all([
      this.limiters.accountAndAddress.delete(keys.accountAndAddress),
      this.limiters.account.reward(keys.account, 1),
      this.limiters.address.reward(keys.address, 1),
    ]);
    const accessToken = this.tokens.signUser({
      sub: user.id,
      username: user.username,
      role: user.role,
      pointId: user.pointId,
      departmentId: user.departmentId,
      gen: user.tokenGeneration,
    });
    return { accessToken, user: toUserResponse(user) };
  }

  /**
   * A printed short code for its link's token. Failed attempts (unknown, revoked, expired or malformed codes) count
   * against 10 a minute per address, in a fixed window; past that every attempt is 429 until the window ends.
   */
  async exchangeCheckinCode(code: string, address: string): Promise<{ token: string }> {
    const used = await this.codeFailures.get(address);
    if (used && used.consumedPoints >= CODE_FAILURES_PER_MINUTE) {
      const retryAfterSeconds = Math.max(1, Math.ceil(used.msBeforeNext / 1000));
      throw new AppError(
        ErrorCode.RateLimited,
        { vi: `Nhập sai mã quá nhiều lần. Vui lòng thử lại sau ${retryAfterSeconds} giây`, en: `Too many wrong codes, try again in ${retryAfterSeconds} s` },
        { retryAfterSeconds },
        { retryAfterSeconds },
      );
    }
    const token = await this.links.exchange(code);
    if (token) return { token };
    await this.codeFailures.penalty(address);
    throw new AppError(ErrorCode.NotFound, { vi: 'Mã tham dự không đúng hoặc đã được thay', en: 'Unknown or replaced check-in code' }, undefined, {
      entity: 'checkin_code',
    });
  }

  /**
   * `POST /api/auth/logout`: every token of the user signed so far stops working (on every device, on every instance:
   * the `USER_SIGNED_OUT` listeners close the user's sockets and tell the other instances before this resolves).
   */
  async logout(principal: Principal): Promise<void> {
    if (principal.kind !== 'user') throw AppError.forbidden({ vi: 'Đường dẫn tham dự không đăng xuất được', en: 'A check-in link cannot sign out' });
    const tokenGeneration = await this.sessions.revokeAll(principal.id);
    if (tokenGeneration === null) return;
    const event: UserSignedOutEvent = { userId: principal.id, tokenGeneration };
    try {
      await this.events.emitAsync(USER_SIGNED_OUT, event);
    } catch (e) {
      // The sign-out is committed; the other instances follow within USER_CACHE_MS at worst.
      this.logger.error(`a ${USER_SIGNED_OUT} listener failed: ${(e as Error).stack ?? String(e)}`);
    }
  }

  /** Another instance signed this user out: drop what this one cached of the user. */
  signedOutElsewhere(userId: string): void {
    this.sessions.forget(userId);
  }

  /**
   * Counts the attempt against each limit in turn; a refused attempt is given back to the limits it was already
   * counted against, so attempts answered 429 do not eat into the others (nor lock the account from elsewhere).
   */
  private async countAttempt(keys: Record<keyof AuthService['limiters'], string>): Promise<void> {
    const counted: (keyof AuthService['limiters'])[] = [];
    for (const name of Object.keys(keys) as (keyof AuthService['limiters'])[]) {
      try {
        await this.limiters[name].consume(keys[name]);
        counted.push(name);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        await Promise.all(counted.map((n) => this.limiters[n].reward(keys[n], 1)));
        const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw new AppError(
          ErrorCode.RateLimited,
          {
            vi: `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(retryAfterSeconds / 60)} phút`,
            en: `Too many failed sign-ins, try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
          },
          { retryAfterSeconds },
          { retryAfterSeconds },
        );
      }
    }
  }

  /**
   * True while a user principal's token is still current: its user exists and has not signed out since (an open socket
   * asks on every event; cached, see `UserSessions`). Check-in links are checked by presence (revocation).
   */
  isCurrent(principal: Principal): boolean | Promise<boolean> {
    if (principal.kind !== 'user' || principal.tokenGeneration === undefined) return true;
    const generation = principal.tokenGeneration;
    return this.sessions.state(principal.id).then((user) => !!user && user.tokenGeneration === generation);
  }

  /** The principal behind a bearer or handshake token, or null when it is not (or no longer) valid. */
  async authenticate(token: string): Promise<Principal | null> {
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const exp = (claims as { exp?: unknown }).exp;
    const expiresAt = typeof exp === 'number' ? { expiresAt: exp * 1000 } : {};
    if (claims.typ === 'user') {
      // The user must still exist, and the token must not predate its last sign-out.
      const user = await this.sessions.state(claims.sub);
      if (!user || (claims.gen ?? 0) !== user.tokenGeneration) return null;
      return {
        kind: 'user',
        id: claims.sub,
        username: user.username,
        role: user.role,
        pointId: user.pointId,
        departmentId: user.departmentId,
        tokenGeneration: user.tokenGeneration,
        ...expiresAt,
      };
    }
    if (!(await this.links.isValidCached(claims.jti, claims.cid, claims.sub))) return null;
    return { kind: 'link', linkId: claims.jti, role: 'point', pointId: claims.sub, conferenceId: claims.cid, ...expiresAt };
  }

  async me(principal: Principal): Promise<MeResponse> {
    if (principal.kind === 'link') {
      const point = await this.points.findOne(principal.pointId);
      return { role: 'point', pointId: principal.pointId, conferenceId: principal.conferenceId, point: { code: point.code, name: point.name } };
    }
    const user = await this.users.findById(principal.id);
    if (!user) throw new AppError(ErrorCode.Unauthorized, { vi: 'Tài khoản không còn tồn tại', en: 'Account no longer exists' });
    const out: MeResponse = toUserResponse(user);
    if (user.pointId) {
      const point = await this.points.findOne(user.pointId);
      out.point = { code: point.code, name: point.name };
    }
    return out;
  }
}

function limiter(points: number): RateLimiterMemory {
  return new RateLimiterMemory({ points, duration: LOGIN_LIMITS.windowSeconds, blockDuration: LOGIN_LIMITS.windowSeconds });
}
