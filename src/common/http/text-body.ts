import express, { type Request, type Response } from 'express';

/** Largest CSV body read (a 10,000-row import is about 2.2 MB; 50,000 short rows fit too). */
export const CSV_BODY_LIMIT = '8mb';

const csvParser = express.text({ type: 'text/csv', limit: CSV_BODY_LIMIT });

/**
 * Reads a `text/csv` body inside the route that takes one, after the guard has authenticated the request: no other
 * route reads a text body, and nobody unauthenticated makes the server read megabytes. Resolves `undefined` when the
 * request is not `text/csv`; rejects with body-parser's error (413 `payload_too_large` beyond the limit).
 */
export function readCsvBody(req: Request, res: Response): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    csvParser(req, res, (err?: unknown) => (err ? reject(err) : resolve(typeof req.body === 'string' ? req.body : undefined)));
  });
}
