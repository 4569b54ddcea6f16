import type { ValidationError } from 'class-validator';
import { getMetadataStorage } from 'class-validator';
import { isMessage, type Message } from '../errors/message';

/**
 * class-validator's messages in both languages.
 *
 * A DTO that words its own message passes `message: bilingual({vi, en})` (class-validator only carries strings, so
 * the pair travels JSON-encoded behind a marker); every other rule is worded here from its constraint name and
 * arguments (`maxLength` → "title tối đa 500 ký tự" / "title must be at most 500 characters"). Nothing is
 * translated from class-validator's English sentences.
 */

const MARKER = '\u001ebilingual:';

/** A class-validator `message` carrying both languages. */
export function bilingual(m: Message): string {
  return MARKER + JSON.stringify(m);
}

/** `bilingual` over a table of messages, for the `message` option of many decorators. */
export function bilingualAll<K extends string>(table: Record<K, Message>): Record<K, string> {
  return Object.fromEntries(Object.entries<Message>(table).map(([k, m]) => [k, bilingual(m)])) as Record<K, string>;
}

function decode(text: string): Message | null {
  if (!text.startsWith(MARKER)) return null;
  try {
    const parsed: unknown = JSON.parse(text.slice(MARKER.length));
    return isMessage(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

type Args = readonly unknown[];
type Wording = (p: string, args: Args) => Message;

const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : String(v));

/** Rules by constraint name; `p` is the property path (`to.level`, `pointIds`). */
const WORDING: Record<string, Wording> = {
  isString: (p) => ({ vi: `${p} phải là chuỗi ký tự`, en: `${p} must be a string` }),
  isUuid: (p) => ({ vi: `${p} phải là mã UUID`, en: `${p} must be a UUID` }),
  isInt: (p) => ({ vi: `${p} phải là số nguyên`, en: `${p} must be an integer` }),
  isNumber: (p) => ({ vi: `${p} phải là số`, en: `${p} must be a number` }),
  isBoolean: (p) => ({ vi: `${p} phải là true hoặc false`, en: `${p} must be a boolean` }),
  isArray: (p) => ({ vi: `${p} phải là một danh sách`, en: `${p} must be an array` }),
  isObject: (p) => ({ vi: `${p} phải là một đối tượng`, en: `${p} must be an object` }),
  isDefined: (p) => ({ vi: `Thiếu ${p}`, en: `${p} is required` }),
  isNotEmpty: (p) => ({ vi: `${p} không được để trống`, en: `${p} must not be empty` }),
  notBlank: (p) => ({ vi: `${p} không được để trống`, en: `${p} must not be empty` }),
  arrayNotEmpty: (p) => ({ vi: `${p} không được là danh sách rỗng`, en: `${p} must not be an empty array` }),
  arrayUnique: (p) => ({ vi: `${p} có phần tử lặp lại`, en: `${p} must not repeat elements` }),
  arrayMaxSize: (p, a) => ({ vi: `${p} có tối đa ${a[0]} phần tử`, en: `${p} must have at most ${a[0]} elements` }),
  arrayMinSize: (p, a) => ({ vi: `${p} cần ít nhất ${a[0]} phần tử`, en: `${p} must have at least ${a[0]} elements` }),
  min: (p, a) => ({ vi: `${p} phải từ ${a[0]} trở lên`, en: `${p} must be at least ${a[0]}` }),
  max: (p, a) => ({ vi: `${p} tối đa là ${a[0]}`, en: `${p} must be at most ${a[0]}` }),
  minLength: (p, a) => ({ vi: `${p} cần ít nhất ${a[0]} ký tự`, en: `${p} must be at least ${a[0]} characters` }),
  maxLength: (p, a) => ({ vi: `${p} tối đa ${a[0]} ký tự`, en: `${p} must be at most ${a[0]} characters` }),
  isIn: (p, a) => ({ vi: `${p} phải là một trong: ${list(a[0])}`, en: `${p} must be one of: ${list(a[0])}` }),
  isEnum: (p, a) => {
    const values = a[0] && typeof a[0] === 'object' ? Object.values(a[0] as object) : [];
    return { vi: `${p} phải là một trong: ${list(values)}`, en: `${p} must be one of: ${list(values)}` };
  },
  equals: (p, a) => ({ vi: `${p} phải bằng ${String(a[0])}`, en: `${p} must equal ${String(a[0])}` }),
  matches: (p) => ({ vi: `${p} không đúng định dạng`, en: `${p} has the wrong format` }),
  isIsoWithOffset: (p) => ({
    vi: `${p} phải là thời điểm ISO-8601 có múi giờ, ví dụ 2021-07-10T08:00:00+07:00`,
    en: `${p} must be an ISO-8601 date-time with an offset`,
  }),
  isTimezone: (p) => ({ vi: `${p} phải là tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh`, en: `${p} must be an IANA timezone` }),
  whitelistValidation: (p) => ({ vi: `Trường ${p} không được phép gửi`, en: `property ${p} should not exist` }),
  unknownValue: () => ({ vi: 'Dữ liệu gửi lên không hợp lệ', en: 'an unknown value was passed to the validate function' }),
  nestedValidation: (p) => ({ vi: `${p} phải là một đối tượng hoặc danh sách`, en: `nested property ${p} must be either object or array` }),
};

const EACH: Message = { vi: 'mỗi phần tử của ', en: 'each value in ' };

interface RuleMeta {
  args: Args;
  each: boolean;
}

/** The decorator's arguments (e.g. 500 of `@MaxLength(500)`), read from class-validator's metadata. */
function ruleMeta(error: ValidationError, constraint: string): RuleMeta {
  const target = error.target as { constructor?: new () => object } | undefined;
  if (!target?.constructor) return { args: [], each: false };
  const metas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const m = metas.find((x) => x.propertyName === error.property && (x.name === constraint || x.type === constraint));
  return { args: (m?.constraints as Args | undefined) ?? [], each: m?.each ?? false };
}

function word(error: ValidationError, constraint: string, text: string, path: string): Message {
  const own = decode(text);
  if (own) return own;
  const wording = WORDING[constraint];
  if (!wording) return { vi: `${path}: giá trị không hợp lệ`, en: `${path}: invalid value` };
  const meta = ruleMeta(error, constraint);
  const m = wording(path, meta.args);
  return meta.each ? { vi: `${EACH.vi}${m.vi}`, en: `${EACH.en}${m.en}` } : m;
}

/** Every failed rule of a validation, in both languages, with nested properties named by their path. */
export function validationMessages(errors: readonly ValidationError[], prefix = ''): Message[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, text]) => word(e, constraint, text, path));
    return [...own, ...validationMessages(e.children ?? [], path)];
  });
}
