import { randomBytes } from 'node:crypto';
import { login, TestApp } from './test-app';

export type TestLevel = 'central' | 'province' | 'district' | 'commune' | 'enterprise';

/** A point as `POST /api/points` returns it. */
export interface TestPoint {
  id: string;
  code: string;
  name: string;
  level: TestLevel;
  parentId: string | null;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  capacity: number | null;
  active: boolean;
}

export type PointOverrides = Partial<{
  code: string;
  name: string;
  level: TestLevel;
  parentId: string | null;
  contactName: string;
  contactPhone: string;
  address: string;
  capacity: number;
}>;

let seq = 0;
const adminTokens = new WeakMap<TestApp, Promise<string>>();

/** Admin bearer for this app, signed in once (avoids the login throttle). */
function adminOf(t: TestApp): Promise<string> {
  let token = adminTokens.get(t);
  if (!token) {
    token = login(t);
    adminTokens.set(t, token);
    token.catch(() => adminTokens.delete(t));
  }
  return token;
}

/** A unique code `P<n>-<hex>` (valid: 2–32 chars of [A-Za-z0-9_-]). */
export function uniquePointCode(prefix = 'P'): string {
  return `${prefix}${++seq}-${randomBytes(3).toString('hex')}`;
}

/**
 * Creates a bridge point through the API as admin. Defaults: level 'district', no parent, unique code,
 * a Vietnamese name. Throws with the response body when the API refuses.
 */
export async function makePoint(t: TestApp, overrides: PointOverrides = {}): Promise<TestPoint> {
  const code = overrides.code ?? uniquePointCode();
  const body = { code, name: `Điểm cầu ${code}`, level: 'district' as TestLevel, ...overrides };
  if (body.parentId === null) delete (body as { parentId?: unknown }).parentId;
  const res = await t
    .http()
    .post('/api/points')
    .set('Authorization', await adminOf(t))
    .send(body);
  if (res.status !== 201) throw new Error(`makePoint failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TestPoint;
}
