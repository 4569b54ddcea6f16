import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from './entities/user.entity';
import type { Principal } from './principal';

export const IS_PUBLIC = 'diemcau:public';
export const ROLES_KEY = 'diemcau:roles';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles (admin is always allowed). Without it, any authenticated principal may call. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The principal the auth guard put on the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal);
