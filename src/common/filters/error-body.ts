import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { AppError, ErrorCode } from '../errors';

/** The contract's single error body. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string | string[];
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

const DEFAULT_MESSAGE: Partial<Record<number, string>> = {
  401: 'Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ / Missing or invalid token',
  403: 'Bạn không có quyền thực hiện thao tác này / Not allowed',
  404: 'Không tìm thấy / Not found',
  413: 'Dữ liệu gửi lên quá lớn / Payload too large',
  429: 'Quá nhiều yêu cầu, vui lòng thử lại sau ít phút / Too many requests',
  500: 'Lỗi máy chủ, vui lòng thử lại / Internal server error',
};

function body(statusCode: number, code: string, message: string | string[], details?: unknown): ErrorBody {
  const out: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message };
  const errors = (details as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors)) {
    // Sent once, at the top level (the contract's place); the rest of `details` (counts) stays there.
    const { errors: _, ...rest } = details as Record<string, unknown>;
    out.errors = errors;
    if (Object.keys(rest).length) out.details = rest;
  } else if (details !== undefined) out.details = details;
  return out;
}

/**
 * Turns anything thrown into the contract's error body; `null` means "unknown error"
 * (the caller logs it and answers a generic 500).
 */
export function toErrorBody(exception: unknown): ErrorBody | null {
  if (exception instanceof AppError) {
    return body(exception.status, exception.code, exception.messages, exception.details);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const raw = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const code = typeof raw.code === 'string' ? raw.code : (CODE_BY_STATUS[status] ?? ErrorCode.Internal);
    let message = (raw.message as string | string[] | undefined) ?? (typeof response === 'string' ? response : undefined);
    if (status !== 400 || message === undefined) message = DEFAULT_MESSAGE[status] ?? message ?? exception.message;
    return body(status, code, message, raw.details);
  }
  // Errors raised by the HTTP body parser (express) before a route runs.
  const parserError = exception as { type?: string; status?: number };
  if (parserError && typeof parserError.type === 'string' && typeof parserError.status === 'number') {
    if (parserError.type === 'entity.too.large') return body(413, ErrorCode.PayloadTooLarge, DEFAULT_MESSAGE[413]!);
    return body(400, ErrorCode.ValidationFailed, 'Nội dung yêu cầu không hợp lệ (JSON sai cú pháp?) / Malformed request body');
  }
  return null;
}

export function internalErrorBody(): ErrorBody {
  return body(500, ErrorCode.Internal, DEFAULT_MESSAGE[500]!);
}
