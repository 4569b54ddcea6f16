import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { AppError, type EntityKey, malformedIdMessage } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` is a UUID (any version): ids that are not name nothing, and never reach PostgreSQL's uuid parser. */
export function isUuid(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}

/**
 * The one answer of the whole API to a malformed id in a path: 400 `validation_failed`, with
 * `params: {param, entity, reason: 'malformed_id'}` (the pages word it like an unknown id, "Không tìm thấy …").
 * A well-formed id that names nothing is the service's 404. Ids are lower-cased (they compare as text on SQLite).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly param: string,
    private readonly entity: EntityKey,
  ) {}

  transform(value: unknown): string {
    if (isUuid(value)) return value.toLowerCase();
    throw AppError.badRequest([malformedIdMessage(this.param)], undefined, { param: this.param, entity: this.entity, reason: 'malformed_id' });
  }
}

/** `@IdParam('id', 'conference')`: a path id through {@link ParseIdPipe}; `entity` is what the id names. */
export const IdParam = (name: string, entity: EntityKey): ParameterDecorator => Param(name, new ParseIdPipe(name, entity));
