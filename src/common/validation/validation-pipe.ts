import { ValidationPipe, ValidationPipeOptions } from '@nestjs/common';

/** The global pipe's options: unknown fields are refused, payloads become DTO instances. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
};

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe(VALIDATION_OPTIONS);
}
