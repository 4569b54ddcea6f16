import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { AppConfig } from '../common/config/app-config';
import type { Role } from './entities/user.entity';

/** `gen`: the user's token generation when signed (absent in tokens signed before it existed: 0). */
export interface UserClaims { typ: 'user'; sub: string; username: string; role: Role; pointId: string | null; departmentId?: string | null; gen?: number }
export interface LinkClaims { typ: 'link'; sub: string; cid: string; jti: string }
export type Claims = UserClaims | LinkClaims;

/** How long a sign-in lasts. */
export const ACCESS_TOKEN_TTL_SECONDS = 12 * 3600;

/**
 * Signs and verifies JWTs (HS256). The secret is turned into a KeyObject once: jsonwebtoken re-parses
 * a string secret on every call, which is felt in a burst of thousands of socket handshakes.
 */
@Injectable()
export class TokenService {
  private readonly key: KeyObject;

  constructor(config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  signUser(claims: Omit<UserClaims, 'typ'>): string {
    return jwt.sign({ ...claims, typ: 'user' }, this.key, { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_TTL_SECONDS });
  }

  signLink(claims: Omit<LinkClaims, 'typ'>, expiresAt: Date): string {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return jwt.sign({ ...claims, typ: 'link', exp }, this.key, { algorithm: 'HS256' });
  }

  /** The claims, or null when the token is malformed, forged or expired. */
  verify(token: string): Claims | null {
    try {
      const claims = jwt.verify(token, this.key, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (claims.typ === 'user' && typeof claims.sub === 'string' && typeof claims.role === 'string') return claims as unknown as UserClaims;
      if (claims.typ === 'link' && typeof claims.sub === 'string' && typeof claims.cid === 'string' && typeof claims.jti === 'string') return claims as unknown as LinkClaims;
      return null;
    } catch {
      return null;
    }
  }
}
