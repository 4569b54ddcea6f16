import { HttpException } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { AppError, ErrorCode, WS_CODE } from '../errors';
import { toErrorBody } from './error-body';

/** The error of a socket ack: `{code, message}` with the contract's short list of codes. */
export interface WsErrorBody {
  code: string;
  message: string;
  /** Data where useful, as in the REST body (e.g. `{reason: 'capacity'}`). */
  details?: unknown;
}

export const WS_INTERNAL_ERROR: WsErrorBody = { code: 'internal_error', message: 'Lỗi máy chủ, vui lòng thử lại / Internal server error' };

/**
 * Maps anything thrown by a socket event handler to its ack error (`{ok: false, error}`), the socket
 * counterpart of the HTTP filter's body; `null` for an unknown error, which the caller logs and answers
 * with `WS_INTERNAL_ERROR`.
 */
export function toWsError(exception: unknown): WsErrorBody | null {
  if (exception instanceof AppError) {
    return { code: WS_CODE[exception.code], message: exception.message, ...(exception.details !== undefined ? { details: exception.details } : {}) };
  }
  if (exception instanceof WsException) {
    const e = exception.getError();
    return { code: 'bad_request', message: typeof e === 'string' ? e : String((e as { message?: unknown }).message ?? 'bad request') };
  }
  if (exception instanceof HttpException) {
    const body = toErrorBody(exception);
    if (!body) return null;
    const code = WS_CODE[body.code as ErrorCode] ?? 'internal_error';
    return { code, message: Array.isArray(body.message) ? body.message.join('; ') : body.message };
  }
  return null;
}
