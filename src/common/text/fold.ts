/**
 * Accent folding for search: lower-case, Unicode NFD with the combining marks removed, đ/Đ → d,
 * runs of white space collapsed to one space and trimmed. "Thuận  Thành" and "THUAN thanh" both fold to
 * "thuan thanh", so a plain `LIKE` on the folded text finds them on SQLite and PostgreSQL alike.
 */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%<folded q>%`, ready for `search_text LIKE :pattern ESCAPE '\'`; `null` when q folds to nothing. */
export function containsPattern(q: string): string | null {
  const f = fold(q);
  return f ? `%${escapeLike(f)}%` : null;
}
