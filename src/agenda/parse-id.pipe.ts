import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id: a malformed one names nothing, so it is answered like an unknown one (404); ids are lower-cased. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly what: 'conference' | 'item') {}

  transform(value: string): string {
    if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
    const message =
      this.what === 'conference'
        ? `Không tìm thấy hội nghị ${value} / Conference ${value} not found`
        : `Không tìm thấy nội dung ${value} trong chương trình hội nghị / Agenda item ${value} not found in this agenda`;
    throw new AppError(ErrorCode.NotFound, message);
  }
}
