import { parse } from 'csv-parse/sync';
import type { Level } from './bridge-point.entity';
import { CODE_PATTERN, MAX_CAPACITY, MAX_LENGTH, PHONE_PATTERN, POINT_MESSAGES as M } from './dto/create-point.dto';
import { isLevel } from './hierarchy';
import { concatMessages, joinMessage, type Message } from '../common/errors';

/** The header of an import file (column order is free; `code`, `name` and `level` are required). */
export const CSV_COLUMNS = ['code', 'name', 'level', 'parentCode', 'address', 'contactName', 'contactPhone', 'capacity'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: CsvColumn[] = ['code', 'name', 'level'];

export interface CsvLineError {
  /** Line in the file where the record starts; line 1 is the header. */
  line: number;
  /** The contract's `message` ("Vietnamese / English"). */
  message: string;
  /** The same words per language. */
  messages: Message;
}

export function lineError(line: number, m: Message): CsvLineError {
  return { line, message: joinMessage(m), messages: m };
}

/** One data record of the file; `valid` when every field obeys the same rules as `POST /api/points`. */
export interface CsvPointRecord {
  line: number;
  /** The code as written (trimmed), even when the record is invalid, so later rows can still refer to it. */
  code: string;
  valid: boolean;
  point: CsvPoint;
}

export interface CsvPoint {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  capacity: number | null;
}

export interface ParsedPointsCsv {
  records: CsvPointRecord[];
  errors: CsvLineError[];
}

/** The cells of a data row, trimmed; blank optional cells are absent. */
export interface CsvRowCells {
  code: string;
  name: string;
  level: string;
  parentCode?: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  capacity?: string;
}

/**
 * The API's field rules (`CreatePointDto`) applied to one row, with the same messages. Written out rather than run
 * through class-validator because that costs ~0.3 ms a row (seconds for a 10,000-row file); `points-csv.spec.ts`
 * checks that both give the same answers.
 */
export function rowProblems(c: CsvRowCells): Message[] {
  const out: Message[] = [];
  if (!CODE_PATTERN.test(c.code)) out.push(M.code);
  if (c.name === '') out.push(M.nameEmpty);
  else if (c.name.length > MAX_LENGTH.name) out.push(M.nameMax);
  if (!isLevel(c.level)) out.push(M.level);
  if (c.parentCode !== undefined && !CODE_PATTERN.test(c.parentCode)) out.push(M.parentCode);
  if (c.address !== undefined && c.address.length > MAX_LENGTH.address) out.push(M.addressMax);
  if (c.contactName !== undefined && c.contactName.length > MAX_LENGTH.contactName) out.push(M.contactNameMax);
  if (c.contactPhone !== undefined && !PHONE_PATTERN.test(c.contactPhone)) out.push(M.contactPhone);
  if (c.capacity !== undefined) {
    const n = /^[+-]?\d+$/.test(c.capacity) ? Number(c.capacity) : NaN;
    if (!Number.isSafeInteger(n)) out.push(M.capacityInt);
    else if (n < 1) out.push(M.capacityMin);
    else if (n > MAX_CAPACITY) out.push(M.capacityMax);
  }
  return out;
}

const SYNTAX_MESSAGES: Record<string, Message> = {
  CSV_QUOTE_NOT_CLOSED: { vi: 'Dấu ngoặc kép mở nhưng không được đóng', en: 'A quoted field is not closed' },
  CSV_INVALID_CLOSING_QUOTE: {
    vi: 'Sau dấu ngoặc kép đóng phải là dấu phẩy hoặc xuống dòng (viết "" cho một dấu ngoặc kép trong ô)',
    en: 'A closing quote must be followed by a comma or a line break (write "" for a quote inside a field)',
  },
};

type RawRecord = { record: string[]; info: { lines: number } };

function parseRecords(text: string, to?: number): RawRecord[] {
  return parse(text, { info: true, relax_column_count: true, skip_empty_lines: true, ...(to ? { to } : {}) }) as unknown as RawRecord[];
}

/** Line where a record starts: csv-parse reports where it ends; quoted fields may hold line breaks. */
function startLine(r: RawRecord): number {
  let breaks = 0;
  for (const field of r.record) for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) breaks++;
  return r.info.lines - breaks;
}

/** Lines per slice handed to csv-parse at once, and rows checked between two yields to the event loop. */
const SLICE_LINES = 2_000;
const ROWS_PER_STEP = 2_000;

/**
 * The text cut into slices of about SLICE_LINES lines, each ending at a line break outside quotes (so no record is
 * cut in two), with the number of lines before it. An unclosed quote makes the rest of the text one slice.
 */
function* slices(text: string): Generator<{ text: string; linesBefore: number }> {
  let start = 0;
  let linesBefore = 0;
  /** Line breaks in the current slice: all of them (for the numbering), and those between records (for the cut). */
  let breaks = 0;
  let recordBreaks = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10) {
      breaks++;
      if (!quoted && ++recordBreaks === SLICE_LINES) {
        yield { text: text.slice(start, i + 1), linesBefore };
        start = i + 1;
        linesBefore += breaks;
        breaks = 0;
        recordBreaks = 0;
      }
    }
  }
  if (start < text.length) yield { text: text.slice(start), linesBefore };
}

/**
 * Parses an import file (UTF-8 text, optional BOM, LF or CRLF, RFC 4180 quoting) and checks each record with the
 * API's field rules ({@link rowProblems}). Rows of blank cells are skipped. Returns every record and every line-level error found; a
 * syntax error (e.g. an unclosed quote) ends the parse, and what came before it is still checked.
 * Synchronous: for the request path use {@link parsePointsCsvAsync}, which yields to the event loop between slices.
 */
export function parsePointsCsv(input: string): ParsedPointsCsv {
  const steps = parseSteps(input);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** {@link parsePointsCsv}, giving the event loop a turn every few thousand lines (a 50,000-row file never blocks it). */
export async function parsePointsCsvAsync(input: string): Promise<ParsedPointsCsv> {
  const steps = parseSteps(input);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await yieldToEventLoop();
  }
}

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function* parseSteps(input: string): Generator<void, ParsedPointsCsv> {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const errors: CsvLineError[] = [];
  const raw: RawRecord[] = [];
  const shifted = (records: RawRecord[], by: number) => records.map((r) => ({ record: r.record, info: { lines: r.info.lines + by } }));
  for (const slice of slices(text)) {
    try {
      raw.push(...shifted(parseRecords(slice.text), slice.linesBefore));
    } catch (e) {
      const err = e as { code?: string; records?: number; lines?: number; message: string };
      if (err.records) raw.push(...shifted(parseRecords(slice.text, err.records), slice.linesBefore));
      // The broken record starts on the first non-blank line after the last good one.
      const lines = text.split('\n');
      let line = raw.length ? raw[raw.length - 1].info.lines + 1 : 1;
      while (line < lines.length && lines[line - 1].trim() === '') line++;
      const errLines = err.lines === undefined ? undefined : err.lines + slice.linesBefore;
      const known = SYNTAX_MESSAGES[err.code ?? ''] ?? { vi: 'Lỗi cú pháp CSV', en: `CSV syntax error: ${err.message}` };
      const near = errLines && errLines !== line;
      errors.push(
        lineError(line, {
          vi: `${known.vi}${near ? ` (đến dòng ${errLines})` : ''}`,
          en: `${known.en}${near ? ` (up to line ${errLines})` : ''}`,
        }),
      );
      break;
    }
    yield;
  }
  if (raw.length === 0) {
    if (errors.length === 0)
      errors.push(lineError(1, { vi: `Thiếu dòng tiêu đề ${CSV_COLUMNS.join(',')}`, en: `Missing header line ${CSV_COLUMNS.join(',')}` }));
    return { records: [], errors };
  }

  // Header.
  const header = raw[0].record.map((h) => h.trim());
  const headerLine = startLine(raw[0]);
  const columnIndex = new Map<CsvColumn, number>();
  const headerProblems: Message[] = [];
  header.forEach((name, i) => {
    const column = CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) headerProblems.push({ vi: `Cột không hợp lệ "${name}"`, en: `unknown column "${name}"` });
    else if (columnIndex.has(column)) headerProblems.push({ vi: `Cột "${name}" bị lặp`, en: `duplicate column "${name}"` });
    else columnIndex.set(column, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columnIndex.has(c));
  if (missing.length) headerProblems.push({ vi: `Thiếu cột ${missing.join(', ')}`, en: `missing column(s) ${missing.join(', ')}` });
  if (headerProblems.length) {
    const all = concatMessages(headerProblems);
    errors.unshift(
      lineError(headerLine, { vi: `${all.vi}. Tiêu đề cần có: ${CSV_COLUMNS.join(',')}`, en: `${all.en}. Expected header: ${CSV_COLUMNS.join(',')}` }),
    );
    return { records: [], errors };
  }

  const records: CsvPointRecord[] = [];
  for (let n = 1; n < raw.length; n++) {
    if (n % ROWS_PER_STEP === 0) yield;
    const r = raw[n];
    const line = startLine(r);
    if (r.record.every((cell) => cell.trim() === '')) continue;
    const cell = (c: CsvColumn): string => {
      const i = columnIndex.get(c);
      return i === undefined ? '' : (r.record[i] ?? '').trim();
    };
    const problems: Message[] = [];
    if (r.record.length !== header.length) {
      problems.push({
        vi: `Dòng có ${r.record.length} cột, tiêu đề có ${header.length} cột`,
        en: `the line has ${r.record.length} fields, the header has ${header.length}`,
      });
    }
    const opt = (c: CsvColumn) => cell(c) || undefined;
    const cells: CsvRowCells = {
      code: cell('code'),
      name: cell('name'),
      level: cell('level'),
      parentCode: opt('parentCode'),
      address: opt('address'),
      contactName: opt('contactName'),
      contactPhone: opt('contactPhone'),
      capacity: opt('capacity'),
    };
    problems.push(...rowProblems(cells));
    if (problems.length) errors.push(lineError(line, concatMessages(problems)));
    records.push({
      line,
      code: cells.code,
      valid: problems.length === 0,
      point: {
        code: cells.code,
        name: cells.name,
        level: cells.level as Level,
        parentCode: cells.parentCode ?? null,
        address: cells.address ?? null,
        contactName: cells.contactName ?? null,
        contactPhone: cells.contactPhone ?? null,
        capacity: cells.capacity === undefined ? null : Number(cells.capacity),
      },
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { records, errors };
}
