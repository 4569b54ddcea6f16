import { ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { AppError } from '../errors';
import { validationMessages } from './validation-messages';

/** The global pipe's options: unknown fields are refused, payloads become DTO instances. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  // The target lets the messages read a rule's arguments (500 of `@MaxLength(500)`); it is never sent.
  validationError: { target: true, value: false },
  exceptionFactory: (errors: ValidationError[]) => AppError.badRequest(validationMessages(errors)),
};

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe(VALIDATION_OPTIONS);
}
