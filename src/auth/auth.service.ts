import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppError, ErrorCode } from '../common/errors';
import { AccountsService } from './accounts.service';
import { CheckinLinksService } from './checkin-links.service';
import { ChangePasswordDto, ChangePasswordResponse, LoginResponse, MeResponse, toUserResponse } from './dto/auth.dto';
import type { UserEntity } from './entities/user.entity';
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
/** Said only to whoever gave the right password, so a lock reveals nothing without it. */
const LOCKED = {
  vi: 'Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên để được mở khóa',
  en: 'This account is locked. Ask an administrator to unlock it',
};
const WRONG_CURRENT_PASSWORD = { vi: 'Mật khẩu hiện tại không đúng', en: 'The current password is wrong' };
const SAME_PASSWORD = { vi: 'Mật khẩu mới phải khác mật khẩu hiện tại', en: 'The new password must differ from the current one' };

type LimitKeys = Record<keyof AuthService['limiters'], string>;

@Injectable()
export class AuthService {
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
    private readonly accounts: AccountsService,
  ) {}

  /** 401 for a wrong username or password; 403 for a locked account's right password (the attempt stays counted). */
  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const keys = limitKeys(username, address);
    // The attempt is counted before the (slow) hash is checked, so concurrent attempts cannot all get through.
    await this.countAttempt(keys);
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) throw new AppError(ErrorCode.Unauthorized, BAD_CREDENTIALS);
    if (!user.active) throw AppError.forbidden(LOCKED);
    await this.attemptSucceeded(keys);
    user.lastSignInAt = await this.users.signedIn(user.id);
    return { accessToken: this.signFor(user), user: toUserResponse(user) };
  }

  /**
   * `POST /api/auth/password`: the signed-in user's own new password. A wrong current password is 400 (not 401: the
   * session itself is fine) and counts against the sign-in limits like a failed sign-in. Every other token of the user
   * is revoked; the answer carries a fresh one for this session.
   */
  async changePassword(principal: Principal, dto: ChangePasswordDto, address: string): Promise<ChangePasswordResponse> {
    if (principal.kind !== 'user') throw AppError.forbidden({ vi: 'Đường dẫn tham dự không có mật khẩu', en: 'A check-in link has no password' });
    if (dto.newPassword === dto.currentPassword) throw AppError.badRequest([SAME_PASSWORD], undefined, { field: 'newPassword', reason: 'same_password' });
    const keys = limitKeys(principal.username, address);
    await this.countAttempt(keys);
    const user = await this.users.findById(principal.id);
    if (!user) throw new AppError(ErrorCode.Unauthorized, { vi: 'Tài khoản không còn tồn tại', en: 'Account no longer exists' });
    if (!(await verifyPassword(dto.currentPassword, user.passwordHash)))
      throw AppError.badRequest([WRONG_CURRENT_PASSWORD], undefined, { field: 'currentPassword', reason: 'wrong_password' });
    await this.attemptSucceeded(keys);
    return { accessToken: this.signFor(await this.accounts.setPassword(user.id, dto.newPassword, principal, 'password_change')) };
  }

  private signFor(user: UserEntity): string {
    return this.tokens.signUser({
      sub: user.id,
      username: user.username,
      role: user.role,
      pointId: user.pointId,
      departmentId: user.departmentId,
      gen: user.tokenGeneration,
    });
  }

  /** A right password gives its attempt back. */
  private async attemptSucceeded(keys: LimitKeys): Promise<void> {
    await Promise.all([
      this.limiters.accountAndAddress.delete(keys.accountAndAddress),
      this.limiters.account.reward(keys.account, 1),
      this.limiters.address.reward(keys.address, 1),
    ]);
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
    await this.sessions.revokeAll(principal.id);
  }

  /** Another instance signed this user out: drop what this one cached of the user. */
  signedOutElsewhere(userId: string): void {
    this.sessions.forget(userId);
  }

  /**
   * Counts the attempt against each limit in turn; a refused attempt is given back to the limits it was already
   * counted against, so attempts answered 429 do not eat into the others (nor lock the account from elsewhere).
   */
  private async countAttempt(keys: LimitKeys): Promise<void> {
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
      // The user must still exist and not be locked, and the token must not predate its last sign-out.
      const user = await this.sessions.state(claims.sub);
      if (!user || !user.active || (claims.gen ?? 0) !== user.tokenGeneration) return null;
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

/** The sign-in limits' keys: per username and address, per username, per address. */
function limitKeys(username: string, address: string): LimitKeys {
  const account = username.toLowerCase();
  return { accountAndAddress: `${account}|${address}`, account, address };
}

function limiter(points: number): RateLimiterMemory {
  return new RateLimiterMemory({ points, duration: LOGIN_LIMITS.windowSeconds, blockDuration: LOGIN_LIMITS.windowSeconds });
}
