import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '../../common/errors';

/** `:number` of a release: a positive integer (400 otherwise). */
@Injectable()
export class ReleaseNumberPipe implements PipeTransform<string | number, number> {
  transform(value: string | number): number {
    // The global ValidationPipe (transform: true) may already have turned the path text into a number.
    const text = String(value);
    if (/^[1-9]\d{0,8}$/.test(text)) return Number(text);
    throw AppError.badRequest([{ vi: 'number: số bản phát hành phải là số nguyên dương', en: 'number must be a positive integer' }], undefined, {
      param: 'number',
    });
  }
}
