import type { NextFunction, Request, Response } from 'express';

/** The webhook's body limit. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

export interface RawBodyRequest extends Request {
  rawBody?: Buffer;
  rawBodyTooLarge?: boolean;
}

/**
 * Keeps the webhook's body as received (its signature covers the raw bytes), up to 1 MB; a larger one is drained
 * and flagged (the controller answers 413). Registered before the JSON parser, which then leaves the request alone.
 */
export function rawWebhookBody(req: RawBodyRequest, _res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= WEBHOOK_MAX_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    (req as unknown as { _body: boolean })._body = true;
    if (size > WEBHOOK_MAX_BYTES) req.rawBodyTooLarge = true;
    else req.rawBody = Buffer.concat(chunks);
    next();
  });
  req.on('error', next);
}
