import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id must be a UUID (400 otherwise, as on the conference routes); ids are lower-cased. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly param: 'id' | 'itemId') {}

  transform(value: string): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    throw AppError.badRequest([`${this.param}: mã định danh phải là UUID / ${this.param} must be a UUID`]);
  }
}
