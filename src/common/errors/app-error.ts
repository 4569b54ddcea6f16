import { ErrorCode, HTTP_STATUS } from './error-code';
import { joinMessage, type Message } from './message';
import { ENTITIES, type EntityKey, MESSAGES, notFoundMessage, staleVersionMessage } from './messages';

/** Values a page may word an error from (`code` + `params`), e.g. `{entity: 'conference', id}` for `not_found`. */
export type ErrorParams = Record<string, string | number | boolean | null | readonly (string | number)[]>;

/**
 * The one error type services throw. Filters map it to the contract's error body
 * (`{statusCode, error, code, message, messages: {vi, en}, params?, details?}`) or to a socket ack.
 * The message is given in both languages as separate fields (`{vi, en}`), never as one joined string.
 */
export class AppError extends Error {
  readonly messages: Message | Message[];

  constructor(
    readonly code: ErrorCode,
    message: Message | Message[],
    readonly details?: unknown,
    readonly params?: ErrorParams,
  ) {
    super(Array.isArray(message) ? message.map(joinMessage).join('; ') : joinMessage(message));
    this.messages = message;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  /** 404 for an id that names nothing; `params: {entity, id}` when the entity is a catalogued one. */
  static notFound(entity: EntityKey | Message, id: string): AppError {
    const words = typeof entity === 'string' ? ENTITIES[entity] : entity;
    const params: ErrorParams = typeof entity === 'string' ? { entity, id } : { id };
    return new AppError(ErrorCode.NotFound, notFoundMessage(words, id), undefined, params);
  }

  static staleVersion(current: number): AppError {
    return new AppError(ErrorCode.StaleVersion, staleVersionMessage(current), { currentVersion: current }, { currentVersion: current });
  }

  static forbidden(message: Message = MESSAGES.forbidden): AppError {
    return new AppError(ErrorCode.Forbidden, message);
  }

  static badRequest(message: Message | Message[], details?: unknown, params?: ErrorParams): AppError {
    return new AppError(ErrorCode.ValidationFailed, message, details, params);
  }
}
