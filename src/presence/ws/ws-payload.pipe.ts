import { PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidatorOptions } from 'class-validator';
import { AppError, ErrorCode, MESSAGES } from '../../common/errors';
import type { Message } from '../../common/errors/message';
import { capMessages, shapeProblem, unknownField, WS_SHAPE_LIMITS } from '../../common/validation/payload-shape';
import { memoizeValidationMetadata } from '../../common/validation/metadata-cache';
import { validationMessages } from '../../common/validation/validation-messages';

const NOT_AN_OBJECT = MESSAGES.notAnObject;

/** Problems listed in one refusal at most (a payload with 20,000 unknown keys gets five, and the count of the rest). */
export const MAX_LISTED_PROBLEMS = 5;

/** The REST rules (see common/validation): unknown fields refused, wrong types refused; stop at each field's first problem. */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  // The target lets the messages read a rule's arguments; it is never sent.
  validationError: { target: true, value: false },
};

/** Valid flat payloads remembered per route (see `WsPayloadPipe.transform`), and the longest one remembered. */
export const VALID_PAYLOADS_KEPT = 1000;
const MAX_REMEMBERED_CHARS = 512;

/** The fields a DTO declares (class-validator's metadata, read once per route). */
function declaredFields(dto: new () => object): ReadonlySet<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  return new Set(metadata.map((m) => m.propertyName));
}

/**
 * Validates a socket payload against its class-validator DTO and returns the DTO instance: the REST rules,
 * but synchronous and without Nest's ValidationPipe passes, which cost three to five times as much per event
 * on the presence hot path (a burst of 10,000 check-ins).
 *
 * Before any validator runs, the payload's shape is bounded (depth, size, keys per object, no prototype keys) and its
 * top-level keys are compared with the DTO's fields, so a refusal costs time in proportion to what the DTO allows,
 * not to what the client sent, and lists at most MAX_LISTED_PROBLEMS problems.
 */
export class WsPayloadPipe implements PipeTransform<unknown, unknown> {
  private readonly fields: ReadonlySet<string>;
  /**
   * Flat DTOs only: the `flatKey` of each payload that passed (a burst of check-ins sends the same `{conferenceId}`
   * thousands of times, and class-validator's metadata walk was ~7 % of the server's CPU in it). A flat DTO's rules
   * read only its own primitive fields, so the same values always get the same answer; refusals are not remembered.
   */
  private readonly valid = new Set<string>();

  /**
   * @param dto the class-validator DTO
   * @param nested true when the DTO has `@Type` (nested DTOs) and needs class-transformer; a flat DTO is filled
   *   by a plain copy, which is what class-transformer would do for it, at a fraction of the cost.
   */
  constructor(
    private readonly dto: new () => object,
    private readonly nested = false,
  ) {
    memoizeValidationMetadata();
    this.fields = declaredFields(dto);
  }

  transform(value: unknown): unknown {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError(ErrorCode.BadRequest, NOT_AN_OBJECT);
    const shape = shapeProblem(value, WS_SHAPE_LIMITS);
    if (shape) throw new AppError(ErrorCode.BadRequest, shape.message);
    const fields = Object.keys(value);
    const unknown: Message[] = [];
    for (const key of fields) if (!this.fields.has(key)) unknown.push(unknownField(key));
    if (unknown.length) throw new AppError(ErrorCode.BadRequest, capMessages(unknown, MAX_LISTED_PROBLEMS));
    const instance = this.nested ? plainToInstance(this.dto, value) : Object.assign(new this.dto(), value);
    const key = this.nested ? null : flatKey(value, fields);
    if (key !== null && this.valid.has(key)) return instance;
    const errors = validateSync(instance, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw new AppError(ErrorCode.BadRequest, capMessages(validationMessages(errors), MAX_LISTED_PROBLEMS));
    if (key !== null) {
      if (this.valid.size >= VALID_PAYLOADS_KEPT) this.valid.clear();
      this.valid.add(key);
    }
    return instance;
  }
}

/**
 * A key that tells flat payloads apart (values all strings, numbers, booleans or null, short enough); else null.
 * Each value is written with its type and, for a string, its length, so two different payloads never share a key
 * (the keys themselves are the DTO's field names, checked before). Eight times cheaper than `JSON.stringify`.
 */
function flatKey(value: object, fields: readonly string[]): string | null {
  let key = '';
  for (const field of fields) {
    const v: unknown = (value as Record<string, unknown>)[field];
    if (typeof v === 'string') key += `${field}=s${v.length}:${v};`;
    else if (typeof v === 'number' || typeof v === 'boolean') key += `${field}=${typeof v}:${String(v)};`;
    else if (v === null) key += `${field}=null;`;
    else return null;
    if (key.length > MAX_REMEMBERED_CHARS) return null;
  }
  return key;
}
