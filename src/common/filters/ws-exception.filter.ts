import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { AppError, ErrorCode, WS_CODE } from '../errors';
import { toErrorBody } from './error-body';

/** The socket error of an ack: `{code, message}` with the contract's short list of codes. */
export interface WsErrorBody {
  code: string;
  message: string;
}

const INTERNAL: WsErrorBody = { code: 'internal_error', message: 'Lỗi máy chủ, vui lòng thử lại / Internal server error' };

/** Maps anything thrown to the ack error; `null` for an unknown error (logged by the caller). */
export function toWsError(exception: unknown): WsErrorBody | null {
  if (exception instanceof AppError) return { code: WS_CODE[exception.code], message: exception.message };
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

/**
 * The one socket filter: every refused or failed event is answered through its ack as
 * `{ok: false, error: {code, message}}`; nothing is thrown back at the socket, nothing disconnects it.
 */
@Catch()
export class WsAckExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WS');

  catch(exception: unknown, host: ArgumentsHost): void {
    const [, , ack, pattern] = host.getArgs<[unknown, unknown, unknown, unknown]>();
    let error = toWsError(exception);
    if (!error) {
      this.logger.error(`${String(pattern)}: ${(exception as Error)?.stack ?? String(exception)}`);
      error = INTERNAL;
    }
    if (typeof ack === 'function') ack({ ok: false, error });
  }
}
