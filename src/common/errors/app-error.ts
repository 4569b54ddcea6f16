import { ErrorCode, HTTP_STATUS } from './error-code';

/**
 * The one error type services throw. Filters map it to the contract's error body
 * (`{statusCode, error, code, message, details?}`) or to a socket ack.
 * Messages are Vietnamese first, English second: office staff read them.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string | string[],
    readonly details?: unknown,
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = message;
  }

  readonly messages: string | string[];

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  static notFound(what: string, id: string): AppError {
    return new AppError(ErrorCode.NotFound, `Không tìm thấy ${what} ${id} / ${what} not found`);
  }

  static staleVersion(current: number): AppError {
    return new AppError(
      ErrorCode.StaleVersion,
      `Dữ liệu vừa được người khác cập nhật (phiên bản hiện tại ${current}). Tải lại để xem thay đổi. / Stale version: the current version is ${current}`,
      { currentVersion: current },
    );
  }

  static forbidden(message = 'Bạn không có quyền thực hiện thao tác này / Not allowed'): AppError {
    return new AppError(ErrorCode.Forbidden, message);
  }

  static badRequest(message: string | string[], details?: unknown): AppError {
    return new AppError(ErrorCode.ValidationFailed, message, details);
  }
}
