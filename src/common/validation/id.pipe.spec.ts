import { toErrorBody } from '../filters/error-body';
import { ParseIdPipe } from './id.pipe';

describe('ParseIdPipe (the one answer to a malformed path id)', () => {
  const pipe = new ParseIdPipe('itemId', 'agendaItem');

  it('lower-cases a well-formed id', () => {
    expect(pipe.transform('8C0C0B5E-8A0C-4D3E-9F1E-2B8F3C6D7E10')).toBe('8c0c0b5e-8a0c-4d3e-9f1e-2b8f3c6d7e10');
  });

  it.each(['', 'abc', '8c0c0b5e-8a0c-4d3e-9f1e-2b8f3c6d7e1', '8c0c0b5e8a0c4d3e9f1e2b8f3c6d7e10', 42, null])(
    'refuses %p with 400 validation_failed naming the entity',
    (value) => {
      let thrown: unknown;
      try {
        pipe.transform(value);
      } catch (e) {
        thrown = e;
      }
      expect(toErrorBody(thrown)).toMatchObject({
        statusCode: 400,
        code: 'validation_failed',
        params: { param: 'itemId', entity: 'agendaItem', reason: 'malformed_id' },
        messages: { vi: ['itemId: mã định danh phải là UUID'], en: ['itemId must be a UUID'] },
      });
    },
  );
});
