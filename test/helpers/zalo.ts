import { createRequire } from 'node:module';
import { join } from 'node:path';
import request from 'supertest';
import type { TestApp } from './test-app';

// The stub is plain CommonJS so `npm run zalo:try` runs it without a build; tests load it the same way.
const stubModule = createRequire(join(process.cwd(), 'package.json'))('./scripts/zalo-stub.cjs') as {
  startZaloStub: (opts?: Record<string, unknown>) => Promise<ZaloStub>;
  signZaloEvent: (body: unknown, oaSecret: string) => { raw: string; signature: string };
};

export interface ZaloStub {
  url: string;
  state: {
    sent: Array<{ path: string; body: { recipient: Record<string, string>; message: { text: string } }; messageId: string }>;
    refreshes: number;
    accessToken: string | null;
    refreshToken: string;
    expired: boolean;
    failNext: Array<{ error: number; message?: string }>;
    /** Sends whose connection the stub cuts before answering. */
    dropNext: number;
    refreshDelayMs: number;
    /** Each send waits this long before Zalo answers (replies in flight at once). */
    sendDelayMs: number;
    fileFailures: number;
  };
  addFile: (name: string, data: Buffer, type?: string) => string;
  close: () => Promise<void>;
}

export const ZALO = { appId: '1234567890', oaSecret: 'oa-secret-for-tests', appSecret: 'app-secret-for-tests', refreshToken: 'first-refresh-token' };

export const startZaloStub = (opts: Record<string, unknown> = {}) =>
  stubModule.startZaloStub({ appId: ZALO.appId, appSecret: ZALO.appSecret, refreshToken: ZALO.refreshToken, ...opts });
export const signZaloEvent = stubModule.signZaloEvent;

/** The app's Zalo environment against the stub. */
export function zaloEnv(stub: ZaloStub): Record<string, string> {
  return {
    ZALO_APP_ID: ZALO.appId,
    ZALO_OA_SECRET: ZALO.oaSecret,
    ZALO_APP_SECRET: ZALO.appSecret,
    ZALO_REFRESH_TOKEN: ZALO.refreshToken,
    ZALO_API_BASE: stub.url,
    ZALO_OAUTH_BASE: stub.url,
  };
}

let seq = 0;
let lastTs = 0;
/** Strictly increasing event times (Zalo's timestamps are in ms; a test sends several in one ms). */
const nextTime = () => (lastTs = Math.max(Date.now(), lastTs + 1));
/** A Zalo event as Zalo sends it (ids as strings, timestamp in ms as a string). */
export function zaloEvent(
  eventName: string,
  fields: { sender?: string; recipient?: string; msgId?: string; text?: string; attachments?: unknown[]; msgIds?: string[]; follower?: string; at?: Date } = {},
): Record<string, unknown> {
  const at = fields.at ?? new Date(nextTime());
  const body: Record<string, unknown> = { app_id: ZALO.appId, event_name: eventName, timestamp: String(at.getTime()), user_id_by_app: '99' };
  if (fields.sender) body.sender = { id: fields.sender };
  body.recipient = { id: fields.recipient ?? '579745863508352884' };
  if (fields.follower) body.follower = { id: fields.follower };
  if (eventName.startsWith('user_send') || eventName.startsWith('anonymous_send')) {
    body.message = { msg_id: fields.msgId ?? `m${Date.now()}${++seq}`, text: fields.text, ...(fields.attachments ? { attachments: fields.attachments } : {}) };
  }
  if (fields.msgIds) body.message = { msg_ids: fields.msgIds };
  return body;
}

/** Posts a signed event (or a raw body with the given signature). */
export function postEvent(t: Pick<TestApp, 'url'>, body: unknown, opts: { signature?: string | null; raw?: string } = {}) {
  const signed = signZaloEvent(body, ZALO.oaSecret);
  const req = request(t.url).post('/api/webhooks/zalo').set('Content-Type', 'application/json');
  const sig = opts.signature === undefined ? signed.signature : opts.signature;
  if (sig !== null) req.set('X-ZEvent-Signature', sig);
  return req.send(opts.raw ?? signed.raw);
}
