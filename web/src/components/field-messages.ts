import { getLang, type Lang } from '../i18n';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const WORDS: Record<Lang, Record<string, (f: Field) => string>> = {
  vi: {
    blank: () => 'Ô này không được chỉ có dấu cách.',
    valueMissing: (f) =>
      f instanceof HTMLSelectElement ? 'Vui lòng chọn một mục.' : f.type === 'checkbox' ? 'Vui lòng đánh dấu ô này.' : 'Vui lòng điền ô này.',
    badInput: () => 'Vui lòng nhập một số.',
    rangeUnderflow: (f) => `Giá trị phải từ ${(f as HTMLInputElement).min} trở lên.`,
    rangeOverflow: (f) => `Giá trị tối đa là ${(f as HTMLInputElement).max}.`,
    stepMismatch: (f) => (stepOf(f) === 1 ? 'Giá trị phải là số nguyên.' : `Giá trị phải là bội số của ${stepOf(f)}.`),
    tooLong: (f) => `Tối đa ${(f as HTMLInputElement).maxLength} ký tự.`,
    tooShort: (f) => `Tối thiểu ${(f as HTMLInputElement).minLength} ký tự.`,
    typeMismatch: (f) => (f.type === 'email' ? 'Địa chỉ email không hợp lệ.' : f.type === 'url' ? 'Địa chỉ web không hợp lệ.' : 'Giá trị không đúng dạng.'),
    patternMismatch: (f) => f.title || 'Giá trị không đúng dạng yêu cầu.',
  },
  en: {
    blank: () => 'This field cannot be only spaces.',
    valueMissing: (f) =>
      f instanceof HTMLSelectElement ? 'Please choose an item.' : f.type === 'checkbox' ? 'Please tick this box.' : 'Please fill in this field.',
    badInput: () => 'Please enter a number.',
    rangeUnderflow: (f) => `The value must be ${(f as HTMLInputElement).min} or more.`,
    rangeOverflow: (f) => `The value must be at most ${(f as HTMLInputElement).max}.`,
    stepMismatch: (f) => (stepOf(f) === 1 ? 'The value must be a whole number.' : `The value must be a multiple of ${stepOf(f)}.`),
    tooLong: (f) => `At most ${(f as HTMLInputElement).maxLength} characters.`,
    tooShort: (f) => `At least ${(f as HTMLInputElement).minLength} characters.`,
    typeMismatch: (f) => (f.type === 'email' ? 'Not a valid email address.' : f.type === 'url' ? 'Not a valid web address.' : 'Not in the expected form.'),
    patternMismatch: (f) => f.title || 'Not in the expected form.',
  },
};

const CHECKS = [
  'valueMissing',
  'badInput',
  'rangeUnderflow',
  'rangeOverflow',
  'stepMismatch',
  'tooLong',
  'tooShort',
  'typeMismatch',
  'patternMismatch',
] as const;

function stepOf(f: Field): number {
  const step = Number((f as HTMLInputElement).step);
  return Number.isFinite(step) && step > 0 ? step : 1;
}

function isField(t: EventTarget | null): t is Field {
  return t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
}

/** A required text field holding only spaces: the browser counts it as filled, the server refuses it once trimmed. */
function onlySpaces(f: Field): boolean {
  return (
    f.required &&
    !(f instanceof HTMLSelectElement) &&
    (f instanceof HTMLTextAreaElement || ['text', 'search', 'tel', 'email', 'url', ''].includes(f.type)) &&
    f.value.length > 0 &&
    !f.value.trim()
  );
}

/** The field's check, worded in the page's language; empty when it passes. */
export function fieldMessage(f: Field, lang: Lang = getLang()): string {
  if (onlySpaces(f)) return WORDS[lang].blank(f);
  const failed = CHECKS.find((k) => f.validity[k]);
  return failed ? WORDS[lang][failed](f) : '';
}

/**
 * The browser words its own form checks (`required`, `min`, `max`, `maxLength`, `type`) in its own language, whatever
 * the page's: an office PC with an English browser said "Value must be less than or equal to 600". Every check of every
 * form is worded here instead, in the language the page shows, and a required text of spaces only counts as empty.
 * One pair of listeners on the document (capturing: `invalid` does not bubble), so no form needs to opt in.
 */
export function installFieldMessages(doc: Document = document): void {
  const reword = (e: Event) => {
    if (!isField(e.target)) return;
    e.target.setCustomValidity('');
    e.target.setCustomValidity(fieldMessage(e.target));
  };
  // Worded on each change, so that the form's own submission is blocked by a text of spaces and shows the message.
  doc.addEventListener('input', reword, true);
  doc.addEventListener('change', reword, true);
  doc.addEventListener('invalid', reword, true);
}
