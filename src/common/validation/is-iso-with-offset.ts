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
        // Worded in both languages by validation-messages.ts (rule `isIsoWithOffset`).
        defaultMessage: buildMessage((each) => `${each}$property must be an ISO-8601 date-time with an offset`, options),
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
        // Worded in both languages by validation-messages.ts (rule `isTimezone`).
        defaultMessage: buildMessage((each) => `${each}$property must be an IANA timezone`, options),
      },
    },
    options,
  );
}
