#!/usr/bin/env node
'use strict';
/**
 * A local stand-in for Zalo's two endpoints Diemcau calls (the OA message APIs and the OAuth token refresh), for the
 * tests and `npm run zalo:try`. It answers as Zalo does, including its errors: -216 (invalid access token), -220
 * (expired), -230 (no interaction within the window), -32 (rate limit). It also serves files (attachments) and
 * signs webhook events as Zalo does. Control routes under /_stub/ let a test force errors and read what was sent.
 * The only stand-in for an outside system in the project.
 */
const http = require('node:http');
const nodeCrypto = require('node:crypto');

function signZaloEvent(body, oaSecret) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const parsed = JSON.parse(raw);
  const mac = nodeCrypto.createHash('sha256').update(String(parsed.app_id)).update(raw).update(String(parsed.timestamp)).update(oaSecret).digest('hex');
  return { raw, signature: `mac=${mac}` };
}

function startZaloStub(opts = {}) {
  const appId = opts.appId ?? '1234567890';
  const appSecret = opts.appSecret ?? 'app-secret-for-tests';
  const state = {
    accessToken: opts.accessToken ?? null,
    refreshToken: opts.refreshToken ?? 'first-refresh-token',
    expired: false,
    failNext: [],
    /** Sends whose connection is cut before any answer (a network fault: Zalo never answers). */
    dropNext: 0,
    refreshDelayMs: 0,
    sendDelayMs: 0,
    sent: [],
    refreshes: 0,
    refusedRefreshes: 0,
    files: new Map(),
    fileFailures: 0,
    seq: 0,
  };
  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readBody = (req) =>
    new Promise((resolve) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://stub');
    const raw = await readBody(req);
    if (req.method === 'POST' && (url.pathname === '/v3.0/oa/message/cs' || url.pathname === '/v3.0/oa/group/message')) {
      const token = req.headers['access_token'];
      if (!token || token !== state.accessToken) return json(res, 200, { error: -216, message: 'Access token is invalid' });
      if (state.expired) return json(res, 200, { error: -220, message: 'Access token has expired' });
      if (state.dropNext > 0) {
        state.dropNext--;
        return req.socket.destroy();
      }
      if (state.failNext.length) {
        const f = state.failNext.shift();
        return json(res, 200, {
          error: f.error,
          message:
            f.message ?? (f.error === -230 ? 'User has not interacted with the OA in the last 7 days' : f.error === -32 ? 'Exceeded rate limit' : 'Error'),
        });
      }
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        return json(res, 200, { error: -201, message: 'Body is invalid' });
      }
      const group = url.pathname.endsWith('/group/message');
      if (group ? !body?.recipient?.group_id : !body?.recipient?.message_id) return json(res, 200, { error: -201, message: 'Recipient is missing' });
      if (typeof body?.message?.text !== 'string') return json(res, 200, { error: -201, message: 'Message is missing' });
      if (state.sendDelayMs) await new Promise((r) => setTimeout(r, state.sendDelayMs));
      const messageId = `stubmsg${Date.now()}${++state.seq}`;
      state.sent.push({ path: url.pathname, body, messageId });
      return json(res, 200, { error: 0, message: 'Success', data: { message_id: messageId, user_id: body.recipient.user_id ?? '' } });
    }
    if (req.method === 'POST' && url.pathname === '/v4/oa/access_token') {
      const form = new URLSearchParams(raw);
      if (req.headers['secret_key'] !== appSecret || form.get('app_id') !== appId || form.get('grant_type') !== 'refresh_token') {
        state.refusedRefreshes++;
        return json(res, 200, { error: -14003, error_name: 'Invalid parameter', error_description: 'app_id, secret_key or grant_type is wrong' });
      }
      if (form.get('refresh_token') !== state.refreshToken) {
        state.refusedRefreshes++;
        return json(res, 200, { error: -14014, error_name: 'Invalid refresh token', error_description: 'Refresh token is invalid or already used' });
      }
      if (state.refreshDelayMs) await new Promise((r) => setTimeout(r, state.refreshDelayMs));
      state.refreshes++;
      state.accessToken = `access-${nodeCrypto.randomBytes(12).toString('hex')}`;
      state.refreshToken = `refresh-${nodeCrypto.randomBytes(12).toString('hex')}`;
      state.expired = false;
      return json(res, 200, { access_token: state.accessToken, refresh_token: state.refreshToken, expires_in: '90000' });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      if (state.fileFailures > 0) {
        state.fileFailures--;
        res.writeHead(503);
        return res.end();
      }
      const f = state.files.get(url.pathname.slice('/files/'.length));
      if (!f) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'content-type': f.type, 'content-length': f.data.length });
      return res.end(f.data);
    }
    // Control routes (tests and zalo:try).
    if (url.pathname === '/_stub/state' && req.method === 'GET') {
      return json(res, 200, {
        sent: state.sent,
        refreshes: state.refreshes,
        refusedRefreshes: state.refusedRefreshes,
        accessToken: state.accessToken,
        refreshToken: state.refreshToken,
      });
    }
    if (url.pathname === '/_stub/state' && req.method === 'POST') {
      const b = JSON.parse(raw || '{}');
      for (const k of ['accessToken', 'refreshToken', 'expired', 'refreshDelayMs', 'sendDelayMs', 'fileFailures']) if (k in b) state[k] = b[k];
      if (Array.isArray(b.failNext)) state.failNext.push(...b.failNext);
      return json(res, 200, { ok: true });
    }
    json(res, 404, { error: -404, message: 'Not found' });
  });
  return new Promise((resolve) => {
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({
        url,
        state,
        addFile: (name, data, type = 'image/jpeg') => {
          state.files.set(name, { data, type });
          return `${url}/files/${name}`;
        },
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

module.exports = { startZaloStub, signZaloEvent };

if (require.main === module) {
  startZaloStub({
    port: Number(process.env.ZALO_STUB_PORT ?? 0),
    appId: process.env.ZALO_APP_ID,
    appSecret: process.env.ZALO_APP_SECRET,
    refreshToken: process.env.ZALO_REFRESH_TOKEN,
  }).then((s) => console.log(`Zalo stub on ${s.url}`));
}
