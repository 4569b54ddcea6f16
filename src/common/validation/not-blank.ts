import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Text that says something: refused when it is only spaces and line breaks (a `MinLength(1)` lets "   " through).
 * Worded by the validation messages as "<field> không được để trống" / "<field> must not be empty". A value that is
 * not a string is left to `IsString`.
 */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'notBlank', validator: { validate: (value: unknown) => typeof value !== 'string' || /\S/.test(value) } }, options);
}
