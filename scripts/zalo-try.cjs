#!/usr/bin/env node
'use strict';
/**
 * `npm run zalo:try`: the Zalo flow on this machine, before an office connects its real Official Account.
 * Starts the local Zalo stub (scripts/zalo-stub.cjs) and the built server beside it (a temporary SQLite database,
 * the demo data), posts a few signed sample messages as Zalo would (a text, a photo, the same text again as Zalo's
 * retry, a group message), waits until they are feedback in the inbox, sends one reply back and prints what the
 * stub received. The server keeps running so the inbox can be watched in a browser; Ctrl-C stops both.
 * `--once`: stop after the checks (exit 1 if one failed).
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startZaloStub, signZaloEvent } = require('./zalo-stub.cjs');

const root = join(__dirname, '..');
const once = process.argv.includes('--once');
const APP = { appId: '1234567890', oaSecret: 'try-oa-secret', appSecret: 'try-app-secret', refreshToken: 'try-first-refresh-token' };
const ADMIN = { username: 'admin', password: 'zalo-try-password' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const stub = await startZaloStub({ appId: APP.appId, appSecret: APP.appSecret, refreshToken: APP.refreshToken });
  const dir = mkdtempSync(join(tmpdir(), 'diemcau-zalo-try-'));
  const port = Number(process.env.PORT ?? 3000);
  const env = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: `sqlite:${join(dir, 'try.sqlite')}`,
    DATA_DIR: dir,
    SEED_DEMO: 'true',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    ZALO_APP_ID: APP.appId,
    ZALO_OA_SECRET: APP.oaSecret,
    ZALO_APP_SECRET: APP.appSecret,
    ZALO_REFRESH_TOKEN: APP.refreshToken,
    ZALO_API_BASE: stub.url,
    ZALO_OAUTH_BASE: stub.url,
  };
  delete env.REDIS_URL;
  const server = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = async (code) => {
    server.kill('SIGTERM');
    await stub.close();
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error('the server exited');
    if (
      await fetch(`${base}/api/health`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    if (i > 600) throw new Error('the server did not start');
    await sleep(200);
  }
  console.log(`\nZalo stub on ${stub.url}; server on ${base}`);

  const post = async (body) => {
    const { raw, signature } = signZaloEvent(body, APP.oaSecret);
    const r = await fetch(`${base}/api/webhooks/zalo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-ZEvent-Signature': signature },
      body: raw,
    });
    return r.status;
  };
  const worker = '8491234567890';
  let ts = Date.now();
  const ev = (name, extra) => ({
    app_id: APP.appId,
    event_name: name,
    timestamp: String(++ts),
    sender: { id: worker },
    recipient: { id: '579745863508352884' },
    ...extra,
  });
  const photo = stub.addFile('anh-nha-xuong.jpg', Buffer.from('a photo of the workshop'), 'image/jpeg');
  const text = ev('user_send_text', { message: { msg_id: 'try-1', text: 'Công ty chậm trả lương tháng 10, mong tổ công tác xem xét.' } });
  const samples = [
    ['a text', text],
    [
      'a photo',
      ev('user_send_image', {
        message: { msg_id: 'try-2', text: 'Ảnh bảng thông báo', attachments: [{ type: 'image', payload: { url: photo, thumbnail: photo } }] },
      }),
    ],
    ['the text again (Zalo retries)', text],
    [
      'a group message',
      ev('user_send_group_text', { recipient: { id: 'nhom-kcn-que-vo' }, message: { msg_id: 'try-3', text: 'Xe đưa đón công nhân ca đêm thường đến muộn.' } }),
    ],
  ];
  for (const [what, body] of samples) console.log(`webhook: ${what} → ${await post(body)}`);

  const login = await (
    await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })
  ).json();
  const auth = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };
  let feedback;
  for (let i = 0; i < 50; i++) {
    const list = await (await fetch(`${base}/api/petitions?channel=zalo`, { headers: auth })).json();
    feedback = list.items?.[0];
    if (feedback) {
      const d = await (await fetch(`${base}/api/petitions/${feedback.id}`, { headers: auth })).json();
      if (d.thread.length === 3) {
        feedback = d;
        break;
      }
    }
    await sleep(100);
  }
  let ok = !!feedback?.thread && feedback.thread.length === 3;
  console.log(
    ok
      ? `inbox: ${feedback.code} "${feedback.title}" (anonymous: ${feedback.anonymous}), ${feedback.thread.length} messages (the duplicate stored once)`
      : 'inbox: the messages did not arrive',
  );
  if (ok) {
    const r = await fetch(`${base}/api/petitions/${feedback.id}/replies`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ text: 'Tổ công tác đã nhận phản ánh và sẽ trả lời trong 7 ngày làm việc.' }),
    });
    console.log(`reply → ${r.status}; the stub received: ${JSON.stringify(stub.state.sent.at(-1)?.body ?? null)}`);
    ok = r.status === 201;
  }
  if (once) return stop(ok ? 0 : 1);
  console.log(`\nOpen ${base}/ and sign in as ${ADMIN.username} / ${ADMIN.password} to see the feedback in the inbox. Ctrl-C stops.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
