import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get as httpGet, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { webPageHandlers } from './web-pages';

function appServing(dist: string) {
  const app = express();
  app.get('/api/ping', (_req, res) => void res.json({ ok: true }));
  for (const h of webPageHandlers(dist)) app.use(h);
  app.use((_req, res) => void res.status(404).json({ statusCode: 404 }));
  return app;
}

describe('webPageHandlers', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'diemcau-web-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers index.html for page routes, serves assets, and leaves /api, /socket.io and /metrics alone', async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    const app = appServing(dir);
    const pages = [
      '/',
      '/board/6f1c2d3e-0000-4000-8000-000000000000',
      '/checkin',
      '/conferences/new',
      '/conferences/6f1c2d3e-0000-4000-8000-000000000000/agenda',
    ];
    // the petitions pages (kiến nghị): the office ones and the public ones, opened directly or reloaded
    pages.push(
      '/petitions',
      '/petitions/new',
      '/petitions/6f1c2d3e-0000-4000-8000-000000000000',
      '/conferences/6f1c2d3e-0000-4000-8000-000000000000/qa',
      '/gui-kien-nghi',
      '/tra-cuu',
      '/hoi-dap',
      '/admin/zalo',
    );
    for (const path of pages) {
      const res = await request(app).get(path);
      expect([path, res.status, res.text]).toEqual([path, 200, '<!doctype html><div id="app"></div>']);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const asset = await request(app).get('/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await request(app).get('/api/ping')).body).toEqual({ ok: true });
    for (const path of ['/api/unknown', '/socket.io/x', '/metrics', '/assets/missing.js']) {
      expect([path, (await request(app).get(path)).status]).toEqual([path, 404]);
    }
    expect((await request(app).post('/checkin')).status).toBe(404);
  });

  it('sends a script or stylesheet as the build compressed it (Brotli, else gzip) when the client takes it, else as it is', async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
    const script = `console.log(${JSON.stringify('Điểm cầu '.repeat(500))});`;
    writeFileSync(join(dir, 'assets', 'app-abc.js'), script);
    writeFileSync(join(dir, 'assets', 'app-abc.js.br'), brotliCompressSync(script));
    writeFileSync(join(dir, 'assets', 'app-abc.js.gz'), gzipSync(script));
    writeFileSync(join(dir, 'assets', 'plain-abc.css'), 'body{color:red}');
    const app = appServing(dir);
    // node's own client: the body exactly as sent (supertest would decompress it)
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const get = (path: string, acceptEncoding: string) =>
      new Promise<{ res: IncomingMessage; body: Buffer }>((resolve, reject) =>
        httpGet({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
        }).on('error', reject),
      );
    try {
      const br = await get('/assets/app-abc.js', 'gzip, deflate, br');
      expect([br.res.statusCode, br.res.headers['content-encoding'], br.res.headers['content-type']]).toEqual([200, 'br', 'text/javascript; charset=utf-8']);
      expect(br.res.headers.vary).toContain('Accept-Encoding');
      expect(br.res.headers['cache-control']).toContain('immutable');
      expect(brotliDecompressSync(br.body).toString()).toBe(script);
      const gz = await get('/assets/app-abc.js', 'gzip');
      expect(gz.res.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).toString()).toBe(script);
      const plain = await get('/assets/app-abc.js', 'identity');
      expect([plain.res.headers['content-encoding'], plain.body.toString()]).toEqual([undefined, script]);
      expect(plain.res.headers.vary).toContain('Accept-Encoding');
      expect(plain.res.headers['content-type']).toBe(br.res.headers['content-type']);
      // no compressed copy: the file as it is
      const css = await get('/assets/plain-abc.css', 'br');
      expect([css.res.statusCode, css.res.headers['content-encoding'], css.body.toString()]).toEqual([200, undefined, 'body{color:red}']);
      // a copy is never served by its own name's tricks
      expect((await get('/assets/..%2Findex.html.js', 'br')).res.statusCode).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('answers the not-found page (404) when a page route holds something that is not an id', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
    const app = appServing(dir);
    for (const path of [
      '/board/abc',
      '/board/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '/conferences/x/agenda',
      '/conferences/1 OR 1=1',
      '/report/..%2F..%2Fetc',
      '/board/%E0%A4%A',
    ]) {
      const res = await request(app).get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).toContain('Không tìm thấy trang');
      expect(res.text).not.toContain('script');
    }
    expect((await request(app).get('/conferences/new')).status).toBe(200);
  });

  it('says to run npm run build when web/dist is missing', async () => {
    const res = await request(appServing(join(dir, 'nothing-here'))).get('/board/6f1c2d3e-0000-4000-8000-000000000000');
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build');
    expect(res.text).toContain('Giao diện web chưa được xây dựng');
    expect((await request(appServing(join(dir, 'nothing-here'))).get('/api/ping')).status).toBe(200);
  });
});
