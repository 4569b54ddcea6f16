import { ArgumentMetadata, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { AppError, ErrorCode } from '../errors';
import { REST_SHAPE_LIMITS, shapeProblem } from './payload-shape';
import { memoizeValidationMetadata } from './metadata-cache';
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

/**
 * Nest's ValidationPipe behind a bound on the payload's shape ({@link shapeProblem}): a body or query nested too deep,
 * too large, or naming a prototype property (`__proto__`, `constructor`, `toString`, …) is 400 (`validation_failed` for an unknown
 * field, `bad_request` for the size) before class-transformer walks it (deep nesting overflowed its recursion: a 500) or class-transformer skips the key.
 */
export class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problem = shapeProblem(value, REST_SHAPE_LIMITS);
      if (problem) throw new AppError(problem.kind === 'field' ? ErrorCode.ValidationFailed : ErrorCode.BadRequest, [problem.message]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  memoizeValidationMetadata();
  return new AppValidationPipe(VALIDATION_OPTIONS);
}
