import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
