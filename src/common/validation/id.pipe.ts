import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { AppError, malformedIdMessage } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one answer of the whole API to a malformed id in a path: 400 `validation_failed`, with
 * `params: {param, reason: 'malformed_id'}` (the pages word it like an unknown id, "Không tìm thấy …").
 * A well-formed id that names nothing is the service's 404. Ids are lower-cased (they compare as text on SQLite).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  constructor(private readonly param: string) {}

  transform(value: unknown): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    throw AppError.badRequest([malformedIdMessage(this.param)], undefined, { param: this.param, reason: 'malformed_id' });
  }
}

/** `@IdParam('id')`: a path id through {@link ParseIdPipe}. */
export const IdParam = (name = 'id'): ParameterDecorator => Param(name, new ParseIdPipe(name));
