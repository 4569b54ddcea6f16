import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppError, ErrorCode } from '../common/errors';
import { CheckinLinksService } from './checkin-links.service';
import { LoginResponse, MeResponse, toUserResponse } from './dto/auth.dto';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hasher';
import type { Principal } from './principal';
import { TokenService } from './token.service';
import { UsersService } from './users.service';

/** Failed sign-ins allowed per username and address before a 15-minute block, and per address alone. */
const FAILURES_PER_ACCOUNT = 5;
const FAILURES_PER_ADDRESS = 30;
const WINDOW_SECONDS = 15 * 60;

const BAD_CREDENTIALS = { vi: 'Tên đăng nhập hoặc mật khẩu không đúng', en: 'Invalid username or password' };

@Injectable()
export class AuthService {
  private readonly accountFailures = new RateLimiterMemory({ points: FAILURES_PER_ACCOUNT, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS });
  private readonly addressFailures = new RateLimiterMemory({ points: FAILURES_PER_ADDRESS, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS });

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly links: CheckinLinksService,
    private readonly points: BridgePointsService,
  ) {}

  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const accountKey = `${username.toLowerCase()}|${address}`;
    await this.refuseWhileBlocked(accountKey, address);
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok) {
      await Promise.all([this.accountFailures.penalty(accountKey), this.addressFailures.penalty(address)]);
      throw new AppError(ErrorCode.Unauthorized, BAD_CREDENTIALS);
    }
    await this.accountFailures.delete(accountKey);
    const accessToken = this.tokens.signUser({ sub: user.id, username: user.username, role: user.role, pointId: user.pointId, departmentId: user.departmentId });
    return { accessToken, user: toUserResponse(user) };
  }

  private async refuseWhileBlocked(accountKey: string, address: string): Promise<void> {
    const [account, byAddress] = await Promise.all([this.accountFailures.get(accountKey), this.addressFailures.get(address)]);
    const blocked = [account, byAddress].find((r): r is RateLimiterRes => !!r && r.consumedPoints >= (r === account ? FAILURES_PER_ACCOUNT : FAILURES_PER_ADDRESS));
    if (blocked) {
      const retryAfterSeconds = Math.max(1, Math.ceil(blocked.msBeforeNext / 1000));
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

  /** The principal behind a bearer or handshake token, or null when it is not (or no longer) valid. */
  async authenticate(token: string): Promise<Principal | null> {
    const claims = this.tokens.verify(token);
    if (!claims) return null;
    const exp = (claims as { exp?: unknown }).exp;
    const expiresAt = typeof exp === 'number' ? { expiresAt: exp * 1000 } : {};
    if (claims.typ === 'user') {
      return { kind: 'user', id: claims.sub, username: claims.username, role: claims.role, pointId: claims.pointId ?? null, departmentId: claims.departmentId ?? null, ...expiresAt };
    }
    if (!(await this.links.isValid(claims.jti, claims.cid, claims.sub))) return null;
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
