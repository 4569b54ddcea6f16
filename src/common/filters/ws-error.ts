import { HttpException } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { AppError, ErrorCode, type ErrorParams, type Messages, MESSAGES, renderMessages, WS_CODE } from '../errors';
import { toErrorBody } from './error-body';

/**
 * The error of a socket ack: `{code, message, messages: {vi, en}, params?}` with the contract's short list of
 * codes; `message` is the contract's string (`"Vietnamese / English"`), and every field is one string (a list of
 * validation messages is joined with "; " in each language).
 */
export interface WsErrorBody {
  code: string;
  message: string;
  messages: { vi: string; en: string };
  params?: ErrorParams;
  /** Data where useful, as in the REST body (e.g. `{reason: 'capacity'}`). */
  details?: unknown;
}

const one = (m: string | string[]): string => (Array.isArray(m) ? m.join('; ') : m);

function wsBody(code: string, rendered: { message: string | string[]; messages: Messages }, params?: ErrorParams): WsErrorBody {
  const out: WsErrorBody = { code, message: one(rendered.message), messages: { vi: one(rendered.messages.vi), en: one(rendered.messages.en) } };
  if (params !== undefined) out.params = params;
  return out;
}

export const WS_INTERNAL_ERROR: WsErrorBody = wsBody('internal_error', renderMessages(MESSAGES.internal));

/**
 * Maps anything thrown by a socket event handler to its ack error (`{ok: false, error}`), the socket
 * counterpart of the HTTP filter's body; `null` for an unknown error, which the caller logs and answers
 * with `WS_INTERNAL_ERROR`.
 */
export function toWsError(exception: unknown): WsErrorBody | null {
  if (exception instanceof AppError) {
    const out = wsBody(WS_CODE[exception.code], renderMessages(exception.messages), exception.params);
    // Data where useful, as in the REST body (v2: a refused check-in carries {reason: 'capacity'}).
    if (exception.details !== undefined) out.details = exception.details;
    return out;
  }
  if (exception instanceof WsException) return wsBody('bad_request', renderMessages(MESSAGES.badRequest));
  if (exception instanceof HttpException) {
    const body = toErrorBody(exception);
    if (!body) return null;
    const code = WS_CODE[body.code as ErrorCode] ?? 'internal_error';
    return wsBody(code, { message: body.message, messages: body.messages }, body.params);
  }
  return null;
}
