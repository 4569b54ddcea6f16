import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { chooseEncoding } from '../common/http/compressed-body';

/** Paths that belong to the API, the socket server and the metrics endpoint: never answered with a page. */
const NOT_PAGES = /^\/(api|socket\.io|metrics)(\/|$)/;
/** A last path segment with an extension (`/assets/x.js`, `/favicon.ico`) names a file, not a page. */
const FILE_LIKE = /\/[^/]*\.[A-Za-z0-9]+$/;
/** A built script or stylesheet (hashed name, one folder deep): the build writes Brotli and gzip copies beside it. */
const PRECOMPRESSED_ASSET = /^\/assets\/[\w.-]+\.(js|css)$/;
const ASSET_CACHE = 'public, max-age=31536000, immutable';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Diemcau: chưa xây dựng giao diện / pages not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Giao diện web chưa được xây dựng</h1>
<p>Máy chủ đang chạy nhưng thư mục <code>web/dist</code> chưa có. Hãy chạy <code>npm run build</code> rồi tải lại trang này.</p>
<hr>
<h2 lang="en">The web pages have not been built</h2>
<p lang="en">The server is running but <code>web/dist</code> is missing. Run <code>npm run build</code>, then reload this page.</p>
</body></html>`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Page routes whose second segment is an id: `/<first>/<id>…`. A segment there that is not a UUID (nor one of the
 * listed words, e.g. `/conferences/new`) is answered 404 with the not-found page, never handed to a page as an id.
 * Add a row when a page with an id segment is added.
 */
export const ID_PAGE_ROUTES: Readonly<Record<string, readonly string[]>> = {
  board: [],
  conferences: ['new'],
  report: [],
};

/** True when the path puts something that is not an id where a page route expects one (`/board/<script>`). */
export function hasMalformedId(path: string): boolean {
  const [, first, second] = path.split('/');
  const words = first !== undefined ? ID_PAGE_ROUTES[first] : undefined;
  if (!words || second === undefined || second === '') return false;
  let segment: string;
  try {
    segment = decodeURIComponent(second);
  } catch {
    return true;
  }
  return !UUID.test(segment) && !words.includes(segment);
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không tìm thấy / Not found</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Không tìm thấy trang</h1><p>Đường dẫn không đúng. <a href="/">Về trang chủ</a></p>
<hr><h2 lang="en">Page not found</h2><p lang="en">The address is not valid. <a href="/">Back to the home page</a></p>
</body></html>`;

/** The built pages' folder (`web/dist` under the working directory, as `npm start` runs from the project root). */
export function webDistDir(): string {
  return resolve(process.cwd(), 'web', 'dist');
}

/** True for a GET/HEAD that a browser tab may open directly: `/`, `/board/<id>`, `/checkin`, `/conferences/...`. */
export function isPageRequest(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  return !NOT_PAGES.test(req.path) && !FILE_LIKE.test(req.path);
}

/**
 * Express handlers serving the single-page app: the hashed assets (cached for a year), then `index.html`
 * for every page route so a board or check-in link opens in a fresh tab. `web/dist` is looked up on each
 * page request, so building while the server runs works without a restart.
 */
export function webPageHandlers(distDir: string = webDistDir()): RequestHandler[] {
  const assets = express.static(distDir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? ASSET_CACHE : 'no-cache');
    },
  });
  const staticFiles: RequestHandler = (req, res, next) => (NOT_PAGES.test(req.path) ? next() : assets(req, res, next));

  // Every page loads ~440 KB of scripts and styles, 10,000 phones at once at a national broadcast: sent as the build
  // compressed them (Brotli ~100 KB), no CPU spent per request; as they are to a client that takes neither.
  const precompressed: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !PRECOMPRESSED_ASSET.test(req.path)) return next();
    res.vary('Accept-Encoding');
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    if (encoding === 'identity') return next();
    const file = resolve(distDir, `.${req.path}.${encoding === 'br' ? 'br' : 'gz'}`);
    if (!existsSync(file)) return next();
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Cache-Control', ASSET_CACHE);
    res.type(extname(req.path));
    res.sendFile(file, (err) => err && next(err));
  };

  const fallback: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if (!isPageRequest(req)) return next();
    const index = resolve(distDir, 'index.html');
    res.setHeader('Cache-Control', 'no-cache');
    if (hasMalformedId(req.path)) {
      res.status(404).type('html').send(NOT_FOUND_PAGE);
      return;
    }
    if (!existsSync(index)) {
      res.status(503).type('html').send(NOT_BUILT_PAGE);
      return;
    }
    res.sendFile(index, (err) => err && next(err));
  };
  return [precompressed, staticFiles, fallback];
}
