/** Stable machine-readable error words, shared by REST (`code`) and Socket.IO (`error.code`). */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  BadRequest = 'bad_request',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  StaleVersion = 'stale_version',
  ScheduleClash = 'schedule_clash',
  IllegalTransition = 'illegal_transition',
  PointInUse = 'point_in_use',
  DepartmentInUse = 'department_in_use',
  ImportFailed = 'import_failed',
  RateLimited = 'rate_limited',
  PayloadTooLarge = 'payload_too_large',
  Unavailable = 'unavailable',
  Internal = 'internal_error',
}

/** HTTP status for each code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.StaleVersion]: 409,
  [ErrorCode.ScheduleClash]: 409,
  [ErrorCode.IllegalTransition]: 409,
  [ErrorCode.PointInUse]: 409,
  [ErrorCode.DepartmentInUse]: 409,
  [ErrorCode.ImportFailed]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Internal]: 500,
};

/** The coarse socket code for each error (the contract's short list for acks). */
export const WS_CODE: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'bad_request',
  [ErrorCode.BadRequest]: 'bad_request',
  [ErrorCode.Unauthorized]: 'unauthorized',
  [ErrorCode.Forbidden]: 'forbidden',
  [ErrorCode.NotFound]: 'not_found',
  [ErrorCode.Conflict]: 'conflict',
  [ErrorCode.StaleVersion]: 'conflict',
  [ErrorCode.ScheduleClash]: 'conflict',
  [ErrorCode.IllegalTransition]: 'conflict',
  [ErrorCode.PointInUse]: 'conflict',
  [ErrorCode.DepartmentInUse]: 'conflict',
  [ErrorCode.ImportFailed]: 'bad_request',
  [ErrorCode.RateLimited]: 'rate_limited',
  [ErrorCode.PayloadTooLarge]: 'bad_request',
  [ErrorCode.Unavailable]: 'internal_error',
  [ErrorCode.Internal]: 'internal_error',
};
