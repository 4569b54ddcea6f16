import { stringify } from 'csv-stringify/sync';

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe. */
export function safeCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** UTF-8 with a BOM (spreadsheet programs then show Vietnamese correctly), CRLF line ends, a header row; every cell formula-safe. */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const safe = rows.map((r) => Object.fromEntries(columns.map((c) => [c, safeCsvCell(r[c])])));
  return `\uFEFF${stringify(safe, { header: true, columns: [...columns], record_delimiter: 'windows' })}`;
}
