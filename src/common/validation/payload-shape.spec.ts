import { capMessages, isPrototypeKey, REST_SHAPE_LIMITS, shapeProblem, WS_SHAPE_LIMITS } from './payload-shape';

/** `depth - 1` objects and arrays around a number. */
const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 1; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

describe('shapeProblem', () => {
  it.each([
    ['a flat object', { conferenceId: 'x', audio: 'ok' }, null],
    ['a scalar', 'text', null],
    ['null', null, null],
    ['objects and arrays 8 deep', nested(9), null],
    ['objects and arrays 9 deep', nested(10), 'size'],
    ['100,000 levels', nested(100_000), 'size'],
    ['10,000 ids (a notice to every point)', { pointIds: Array.from({ length: 10_000 }, (_, i) => `id-${i}`) }, null],
    ['20,000 values', Array.from({ length: 20_000 }, () => 0), 'size'],
    ['65 keys in one object', Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i])), 'size'],
    ['an own __proto__ key', JSON.parse('{"__proto__": {"admin": true}}'), 'field'],
    ['constructor deep inside', { to: [{ constructor: 1 }] }, 'field'],
    ['toString', { toString: 'x' }, 'field'],
  ])('%s on /live → %s', (_, value, kind) => {
    expect(shapeProblem(value, WS_SHAPE_LIMITS)?.kind ?? null).toBe(kind);
  });

  it('allows more on REST than on /live, and still bounds it', () => {
    expect(shapeProblem(nested(17), REST_SHAPE_LIMITS)).toBeNull();
    expect(shapeProblem(nested(18), REST_SHAPE_LIMITS)?.kind).toBe('size');
  });

  it('names the prototype key in both languages', () => {
    expect(shapeProblem({ hasOwnProperty: 1 }, WS_SHAPE_LIMITS)?.message).toEqual({
      vi: 'Trường hasOwnProperty không được phép gửi',
      en: 'property hasOwnProperty should not exist',
    });
  });

  it.each([
    ['__proto__', true],
    ['constructor', true],
    ['valueOf', true],
    ['conferenceId', false],
    ['proto', false],
  ])('isPrototypeKey(%s) = %s', (k, yes) => {
    expect(isPrototypeKey(k)).toBe(yes);
  });

  it('caps a list of messages at five and says how many more', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ vi: `lỗi ${i}`, en: `error ${i}` }));
    expect(capMessages(many)).toHaveLength(6);
    expect(capMessages(many)[5]).toEqual({ vi: '… và 19995 lỗi khác', en: '… and 19995 more' });
    expect(capMessages(many.slice(0, 5))).toHaveLength(5);
  });
});
