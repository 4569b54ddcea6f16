/**
 * A user-facing sentence in both languages, worded separately: never build one language's sentence out of the
 * other's. Vietnamese first (office staff read it), English second.
 */
export interface Message {
  vi: string;
  en: string;
}

/** The error body's `messages`: one sentence per language, or one list per language for validation errors. */
export interface Messages {
  vi: string | string[];
  en: string | string[];
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).vi === 'string' && typeof (value as Message).en === 'string';
}

/** `message` of the error body: the contract's single string, `"Vietnamese / English"` (kept for old clients). */
export function joinMessage(m: Message): string {
  return `${m.vi} / ${m.en}`;
}

/** Both languages of one message or of a list, as the error body's `message` and `messages` fields. */
export function renderMessages(m: Message | readonly Message[]): { message: string | string[]; messages: Messages } {
  if (Array.isArray(m)) {
    const list = m as readonly Message[];
    return { message: list.map(joinMessage), messages: { vi: list.map((x) => x.vi), en: list.map((x) => x.en) } };
  }
  const one = m as Message;
  return { message: joinMessage(one), messages: { vi: one.vi, en: one.en } };
}

/** Several messages as one sentence per language (e.g. every problem of one CSV line). */
export function concatMessages(list: readonly Message[], separator = '; '): Message {
  return { vi: list.map((m) => m.vi).join(separator), en: list.map((m) => m.en).join(separator) };
}
