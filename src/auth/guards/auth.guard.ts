import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError, ErrorCode } from '../../common/errors';
import { AuthService } from '../auth.service';
import { IS_PUBLIC, ROLES_KEY } from '../decorators';
import type { Role } from '../entities/user.entity';
import type { Principal } from '../principal';

const UNAUTHORIZED = { vi: 'Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ', en: 'Missing or invalid token' };

/**
 * The global REST guard: a bearer token is required except on @Public routes; @Roles limits by role
 * (admin may do everything). A check-in link token may only read its own conference.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match ? await this.auth.authenticate(match[1]) : null;
    if (!principal) throw new AppError(ErrorCode.Unauthorized, UNAUTHORIZED);
    req.principal = principal;

    if (principal.kind === 'link' && !linkMayAccess(req, principal.conferenceId)) {
      throw AppError.forbidden({ vi: 'Đường dẫn tham dự chỉ dùng cho hội nghị của nó', en: 'A check-in link only reads its own conference' });
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && principal.role !== 'admin' && !roles.includes(principal.role)) throw AppError.forbidden();
    return true;
  }
}

/** A link token reads `/api/auth/me` and its own conference's routes, nothing else. */
function linkMayAccess(req: Request, conferenceId: string): boolean {
  if (req.method !== 'GET') return false;
  const path = (req.baseUrl ?? '') + (req.path ?? '');
  if (path === '/api/auth/me') return true;
  return path.startsWith('/api/conferences/') && req.params?.id === conferenceId;
}
