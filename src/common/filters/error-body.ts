import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { AppError, ErrorCode, type ErrorParams, type Message, type Messages, MESSAGES, renderMessages, isMessage } from '../errors';

/**
 * The contract's single error body. `message` is the contract's string (`"Vietnamese / English"`, or a list of
 * them for validation); `messages` carries the same words per language, and `params` the values the pages word
 * a code from (`not_found` + `{entity, id}`).
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string | string[];
  messages: Messages;
  params?: ErrorParams;
  details?: unknown;
  /** Line errors of a refused import (`POST /api/points/import` → 422), moved out of `details` (sent once). */
  errors?: unknown[];
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  422: ErrorCode.ImportFailed,
  429: ErrorCode.RateLimited,
  503: ErrorCode.Unavailable,
};

const DEFAULT_MESSAGE: Partial<Record<number, Message>> = {
  400: MESSAGES.badRequest,
  401: MESSAGES.unauthorized,
  403: MESSAGES.forbidden,
  404: MESSAGES.notFound,
  409: MESSAGES.conflict,
  413: MESSAGES.payloadTooLarge,
  429: MESSAGES.rateLimited,
  500: MESSAGES.internal,
  503: MESSAGES.unavailable,
};

function body(statusCode: number, code: string, words: Message | Message[], details?: unknown, params?: ErrorParams): ErrorBody {
  const out: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, ...renderMessages(words) };
  if (params !== undefined) out.params = params;
  const errors = (details as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors)) {
    // Sent once, at the top level (the contract's place); the rest of `details` (counts) stays there.
    const { errors: _, ...rest } = details as Record<string, unknown>;
    out.errors = errors;
    if (Object.keys(rest).length) out.details = rest;
  } else if (details !== undefined) out.details = details;
  return out;
}

/** Words of a Nest `HttpException` (a framework pipe, an unknown route): ours when we gave any, else the status's. */
function httpExceptionWords(status: number, raw: Record<string, unknown>): Message | Message[] {
  const given = raw.messages ?? raw.message;
  if (isMessage(given)) return given;
  if (Array.isArray(given) && given.length > 0 && given.every(isMessage)) return given as Message[];
  return DEFAULT_MESSAGE[status] ?? MESSAGES.internal;
}

/**
 * Turns anything thrown into the contract's error body; `null` means "unknown error"
 * (the caller logs it and answers a generic 500).
 */
export function toErrorBody(exception: unknown): ErrorBody | null {
  if (exception instanceof AppError) {
    return body(exception.status, exception.code, exception.messages, exception.details, exception.params);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const raw = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const code = typeof raw.code === 'string' ? raw.code : (CODE_BY_STATUS[status] ?? ErrorCode.Internal);
    return body(status, code, httpExceptionWords(status, raw), raw.details);
  }
  // Errors raised by the HTTP body parser (express) before a route runs.
  const parserError = exception as { type?: string; status?: number };
  if (parserError && typeof parserError.type === 'string' && typeof parserError.status === 'number') {
    if (parserError.type === 'entity.too.large') return body(413, ErrorCode.PayloadTooLarge, MESSAGES.payloadTooLarge);
    return body(400, ErrorCode.ValidationFailed, MESSAGES.malformedBody);
  }
  return null;
}

export function internalErrorBody(): ErrorBody {
  return body(500, ErrorCode.Internal, MESSAGES.internal);
}
