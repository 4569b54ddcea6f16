import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Below this a body goes as it is: compressing a few hundred bytes costs more than it saves. */
export const COMPRESS_FROM_BYTES = 1024;

type Encoding = 'br' | 'gzip' | 'identity';

/** The client's preferred encoding we offer: Brotli, then gzip (an explicit `;q=0` refuses one). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const offered = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (name: string) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/**
 * Sends a large, already serialised body compressed when the client accepts it: Brotli at quality 4 (on JSON of
 * snapshots it is smaller than gzip -6 and about as fast), else gzip level 6; compression runs on libuv's thread
 * pool, not on the event loop. Never cached (`no-store`): the data is live.
 */
export async function sendCompressed(req: Request, res: Response, body: Buffer, contentType: string): Promise<void> {
  const encoding = body.length < COMPRESS_FROM_BYTES ? 'identity' : chooseEncoding(req.headers['accept-encoding']);
  let out = body;
  if (encoding === 'br')
    out = await brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 4,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
  else if (encoding === 'gzip') out = await gz(body, { level: 6 });
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Vary', 'Accept-Encoding');
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', out.length);
  res.end(out);
}
