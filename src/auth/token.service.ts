import { createHash, createHmac, createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { AppConfig } from '../common/config/app-config';
import { SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH } from '../common/text/short-code';
import type { Role } from './entities/user.entity';

/** `gen`: the user's token generation when signed (absent in tokens signed before it existed: 0). */
export interface UserClaims {
  typ: 'user';
  sub: string;
  username: string;
  role: Role;
  pointId: string | null;
  departmentId?: string | null;
  gen?: number;
}
export interface LinkClaims {
  typ: 'link';
  sub: string;
  cid: string;
  jti: string;
}
export type Claims = UserClaims | LinkClaims;

/** What is stored of a short code. */
export function shortCodeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

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

  /**
   * A check-in link token. Deterministic: the same link (jti, point, conference, issue and expiry times) always gives
   * the same token, so a link can be shown again without storing its token.
   */
  signLink(claims: Omit<LinkClaims, 'typ'>, expiresAt: Date, issuedAt: Date = new Date()): string {
    const iat = Math.floor(issuedAt.getTime() / 1000);
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return jwt.sign({ sub: claims.sub, cid: claims.cid, jti: claims.jti, typ: 'link', iat, exp }, this.key, { algorithm: 'HS256' });
  }

  /**
   * The link's short code: 10 characters of SHORT_CODE_ALPHABET derived from the link id with the server's secret
   * (HMAC-SHA256), so it too can be shown again without being stored; only its hash is kept, for the exchange.
   */
  shortCode(linkId: string): string {
    const mac = createHmac('sha256', this.key).update(`checkin-code:${linkId}`).digest();
    let code = '';
    for (let i = 0; code.length < SHORT_CODE_LENGTH; i++) {
      const byte = mac[i % mac.length] ^ Math.floor(i / mac.length); // 32 bytes are always enough; the fold is a guard
      if (byte < 248) code += SHORT_CODE_ALPHABET[byte % 31]; // 248 = 8 × 31: no bias
    }
    return code;
  }

  /** A check-in link's claims even once it expired (signature checked), to tell a holder what happened; else null. */
  linkClaimsIgnoringExpiry(token: string): LinkClaims | null {
    try {
      const claims = jwt.verify(token, this.key, { algorithms: ['HS256'], ignoreExpiration: true }) as jwt.JwtPayload;
      if (claims.typ === 'link' && typeof claims.sub === 'string' && typeof claims.cid === 'string' && typeof claims.jti === 'string')
        return claims as unknown as LinkClaims;
      return null;
    } catch {
      return null;
    }
  }

  /** The claims, or null when the token is malformed, forged or expired. */
  verify(token: string): Claims | null {
    try {
      const claims = jwt.verify(token, this.key, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (claims.typ === 'user' && typeof claims.sub === 'string' && typeof claims.role === 'string') return claims as unknown as UserClaims;
      if (claims.typ === 'link' && typeof claims.sub === 'string' && typeof claims.cid === 'string' && typeof claims.jti === 'string')
        return claims as unknown as LinkClaims;
      return null;
    } catch {
      return null;
    }
  }
}
