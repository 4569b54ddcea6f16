import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors';
import { VALIDATION_OPTIONS } from '../../common/validation/validation-pipe';

const NOT_AN_OBJECT = 'Dữ liệu gửi lên phải là một đối tượng JSON / The payload must be an object';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (prefix ? `${prefix}.${m}` : m));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * Validates a socket payload against its DTO with the REST rules (unknown fields and wrong types
 * refused); a refusal is an `AppError` with code `bad_request`, which the socket filter acks.
 */
@Injectable()
export class WsPayloadPipe extends ValidationPipe {
  constructor() {
    super({
      ...VALIDATION_OPTIONS,
      exceptionFactory: (errors: ValidationError[]) => new AppError(ErrorCode.BadRequest, flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError(ErrorCode.BadRequest, NOT_AN_OBJECT);
    return super.transform(value, metadata);
  }
}

/** One instance for every `@MessageBody()`. */
export const WS_PAYLOAD = new WsPayloadPipe();
