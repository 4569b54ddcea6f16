import { ValidationOptions, ValidateBy, buildMessage } from 'class-validator';
import { hasOffset } from '../time/time';
import { isValidTimezone } from '../time/time';

/** An ISO-8601 instant that carries its offset; input without one is refused (400). */
export function IsIsoWithOffset(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoWithOffset',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && hasOffset(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property phải là thời điểm ISO-8601 có múi giờ, ví dụ 2021-07-10T08:00:00+07:00 / $property must be an ISO-8601 date-time with an offset`,
          options,
        ),
      },
    },
    options,
  );
}

/** An IANA timezone name such as `Asia/Ho_Chi_Minh`. */
export function IsTimezone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimezone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidTimezone(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property phải là tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh / $property must be an IANA timezone`,
          options,
        ),
      },
    },
    options,
  );
}
