import { IsIn, IsUUID, MaxLength } from 'class-validator';
import { validateSync } from 'class-validator';
import { toErrorBody } from '../filters/error-body';
import { toWsError } from '../filters/ws-error';
import { bilingual, validationMessages } from '../validation/validation-messages';
import { AppError } from './app-error';
import { ErrorCode } from './error-code';

class Sample {
  @IsUUID('all') conferenceId: string;
  @MaxLength(5) title: string;
  @IsIn(['ok', 'fail']) audio: string;
  @MaxLength(3, { message: bilingual({ vi: 'ghi chú quá dài', en: 'note too long' }) }) note: string;
}

const sample = (fields: Partial<Sample>) =>
  Object.assign(new Sample(), { conferenceId: '8c0c0b5e-8a0c-4d3e-9f1e-2b8f3c6d7e10', title: 'a', audio: 'ok', note: '', ...fields });

describe('AppError and the error body', () => {
  it('keeps each language apart and words not-found from a catalogued entity', () => {
    const body = toErrorBody(AppError.notFound('conference', '42'))!;
    expect(body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'not_found',
      message: 'Không tìm thấy hội nghị 42 / Conference 42 not found',
      messages: { vi: 'Không tìm thấy hội nghị 42', en: 'Conference 42 not found' },
      params: { entity: 'conference', id: '42' },
    });
    expect(body.messages.vi).not.toMatch(/conference| \/ /);
  });

  it.each([
    [AppError.staleVersion(7), 409, 'stale_version', { currentVersion: 7 }],
    [AppError.forbidden(), 403, 'forbidden', undefined],
    [new AppError(ErrorCode.Conflict, { vi: 'Xung đột', en: 'Conflict' }, { x: 1 }, { x: 1 }), 409, 'conflict', { x: 1 }],
  ])('%#: status, code, params and a Vietnamese message without English in it', (error, status, code, params) => {
    const body = toErrorBody(error)!;
    expect([body.statusCode, body.code, body.params]).toEqual([status, code, params]);
    expect(typeof body.messages.vi).toBe('string');
    expect(body.message).toBe(`${body.messages.vi} / ${body.messages.en}`);
  });

  it('gives lists for a list of messages (validation), in both fields', () => {
    const body = toErrorBody(
      AppError.badRequest([
        { vi: 'a sai', en: 'a is wrong' },
        { vi: 'b sai', en: 'b is wrong' },
      ]),
    )!;
    expect(body.message).toEqual(['a sai / a is wrong', 'b sai / b is wrong']);
    expect(body.messages).toEqual({ vi: ['a sai', 'b sai'], en: ['a is wrong', 'b is wrong'] });
  });

  it('gives socket acks the same fields, lists joined', () => {
    expect(toWsError(AppError.notFound('rollcall', 'r1'))).toEqual({
      code: 'not_found',
      message: 'Không tìm thấy lượt điểm danh r1 / Roll call r1 not found',
      messages: { vi: 'Không tìm thấy lượt điểm danh r1', en: 'Roll call r1 not found' },
      params: { entity: 'rollcall', id: 'r1' },
    });
    expect(toWsError(new AppError(ErrorCode.ValidationFailed, [{ vi: 'x', en: 'y' }]))).toMatchObject({ code: 'bad_request', message: 'x / y' });
  });
});

describe('validationMessages', () => {
  it('words class-validator rules in both languages, with the rule arguments', () => {
    const errors = validateSync(sample({ conferenceId: 'nope', title: 'too long', audio: 'bad', note: 'long' }));
    expect(validationMessages(errors)).toEqual([
      { vi: 'conferenceId phải là mã UUID', en: 'conferenceId must be a UUID' },
      { vi: 'title tối đa 5 ký tự', en: 'title must be at most 5 characters' },
      { vi: 'audio phải là một trong: ok, fail', en: 'audio must be one of: ok, fail' },
      { vi: 'ghi chú quá dài', en: 'note too long' },
    ]);
  });

  it('names unknown fields in both languages', () => {
    const errors = validateSync(Object.assign(sample({}), { extra: 1 }), { whitelist: true, forbidNonWhitelisted: true });
    expect(validationMessages(errors)).toEqual([{ vi: 'Trường extra không được phép gửi', en: 'property extra should not exist' }]);
  });
});
