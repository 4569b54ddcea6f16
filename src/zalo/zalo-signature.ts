import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Zalo's webhook signature: `mac=` + hex SHA-256 (a plain hash, not an HMAC) of
 * `app_id + raw body + timestamp + OA secret`, with `app_id` and `timestamp` as they stand in the JSON body.
 */
export function zaloSignature(appId: string, rawBody: string | Buffer, timestamp: string, oaSecret: string): string {
  return 'mac=' + createHash('sha256').update(appId).update(rawBody).update(timestamp).update(oaSecret).digest('hex');
}

/** Whether the header matches, compared in constant time (lengths differ → false at once: the length is public). */
export function signatureMatches(header: string | undefined, expected: string): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header.trim().toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
