import { plainToInstance } from 'class-transformer';
import { IsOptional, Matches, validateSync, type ValidationError } from 'class-validator';
import { parse } from 'csv-parse/sync';
import type { Level } from './bridge-point.entity';
import {
  AddressRules,
  CapacityRules,
  CODE_PATTERN,
  CodeRules,
  ContactNameRules,
  ContactPhoneRules,
  LevelRules,
  NameRules,
} from './dto/create-point.dto';

/** The header of an import file (column order is free; `code`, `name` and `level` are required). */
export const CSV_COLUMNS = ['code', 'name', 'level', 'parentCode', 'address', 'contactName', 'contactPhone', 'capacity'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: CsvColumn[] = ['code', 'name', 'level'];

export interface CsvLineError {
  /** Line in the file where the record starts; line 1 is the header. */
  line: number;
  message: string;
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

/** A CSV row with the API's field rules (`parentCode` in place of `parentId`). */
class CsvPointRowDto {
  @CodeRules() code: string;
  @NameRules() name: string;
  @LevelRules() level: Level;
  @IsOptional()
  @Matches(CODE_PATTERN, { message: 'parentCode phải gồm 2–32 ký tự A-Z, a-z, 0-9, gạch dưới hoặc gạch ngang / parentCode must be 2–32 characters of [A-Za-z0-9_-]' })
  parentCode?: string | null;
  @AddressRules() address?: string | null;
  @ContactNameRules() contactName?: string | null;
  @ContactPhoneRules() contactPhone?: string | null;
  @CapacityRules() capacity?: number | string | null;
}

function messagesOf(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

const SYNTAX_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'Dấu ngoặc kép mở nhưng không được đóng / A quoted field is not closed',
  CSV_INVALID_CLOSING_QUOTE: 'Sau dấu ngoặc kép đóng phải là dấu phẩy hoặc xuống dòng (viết "" cho một dấu ngoặc kép trong ô) / A closing quote must be followed by a comma or a line break (write "" for a quote inside a field)',
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

/**
 * Parses an import file (UTF-8 text, optional BOM, LF or CRLF, RFC 4180 quoting) and checks each record with the
 * API's field rules. Rows of blank cells are skipped. Returns every record and every line-level error found; a
 * syntax error (e.g. an unclosed quote) ends the parse, and what came before it is still checked.
 */
export function parsePointsCsv(input: string): ParsedPointsCsv {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const errors: CsvLineError[] = [];
  let raw: RawRecord[];
  try {
    raw = parseRecords(text);
  } catch (e) {
    const err = e as { code?: string; records?: number; lines?: number; message: string };
    raw = err.records ? parseRecords(text, err.records) : [];
    // The broken record starts on the first non-blank line after the last good one.
    const lines = text.split('\n');
    let line = raw.length ? raw[raw.length - 1].info.lines + 1 : 1;
    while (line < lines.length && lines[line - 1].trim() === '') line++;
    const near = err.lines && err.lines !== line ? ` (đến dòng ${err.lines} / up to line ${err.lines})` : '';
    errors.push({ line, message: `${SYNTAX_MESSAGES[err.code ?? ''] ?? `Lỗi cú pháp CSV / CSV syntax error: ${err.message}`}${near}` });
  }
  if (raw.length === 0) {
    if (errors.length === 0) errors.push({ line: 1, message: `Thiếu dòng tiêu đề ${CSV_COLUMNS.join(',')} / Missing header line` });
    return { records: [], errors };
  }

  // Header.
  const header = raw[0].record.map((h) => h.trim());
  const headerLine = startLine(raw[0]);
  const columnIndex = new Map<CsvColumn, number>();
  const headerProblems: string[] = [];
  header.forEach((name, i) => {
    const column = CSV_COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) headerProblems.push(`Cột không hợp lệ "${name}" / unknown column "${name}"`);
    else if (columnIndex.has(column)) headerProblems.push(`Cột "${name}" bị lặp / duplicate column "${name}"`);
    else columnIndex.set(column, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columnIndex.has(c));
  if (missing.length) headerProblems.push(`Thiếu cột ${missing.join(', ')} / missing column(s) ${missing.join(', ')}`);
  if (headerProblems.length) {
    errors.unshift({ line: headerLine, message: `${headerProblems.join('; ')}. Tiêu đề cần có / expected header: ${CSV_COLUMNS.join(',')}` });
    return { records: [], errors };
  }

  const records: CsvPointRecord[] = [];
  for (const r of raw.slice(1)) {
    const line = startLine(r);
    if (r.record.every((cell) => cell.trim() === '')) continue;
    const cell = (c: CsvColumn): string => {
      const i = columnIndex.get(c);
      return i === undefined ? '' : (r.record[i] ?? '').trim();
    };
    const problems: string[] = [];
    if (r.record.length !== header.length) {
      problems.push(`Dòng có ${r.record.length} cột, tiêu đề có ${header.length} cột / the line has ${r.record.length} fields, the header has ${header.length}`);
    }
    const capacityText = cell('capacity');
    const plain = {
      code: cell('code'),
      name: cell('name'),
      level: cell('level'),
      parentCode: cell('parentCode') || undefined,
      address: cell('address') || undefined,
      contactName: cell('contactName') || undefined,
      contactPhone: cell('contactPhone') || undefined,
      capacity: capacityText === '' ? undefined : /^[+-]?\d{1,9}$/.test(capacityText) ? Number(capacityText) : capacityText,
    };
    const dto = plainToInstance(CsvPointRowDto, plain);
    problems.push(...messagesOf(validateSync(dto, { forbidUnknownValues: true })));
    if (problems.length) errors.push({ line, message: problems.join('; ') });
    records.push({
      line,
      code: plain.code,
      valid: problems.length === 0,
      point: {
        code: dto.code,
        name: dto.name,
        level: dto.level,
        parentCode: dto.parentCode ?? null,
        address: dto.address ?? null,
        contactName: dto.contactName ?? null,
        contactPhone: dto.contactPhone ?? null,
        capacity: typeof dto.capacity === 'number' ? dto.capacity : null,
      },
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { records, errors };
}
