import { randomUUID } from 'node:crypto';
import type { Level } from './bridge-point.entity';
import { CODE_PATTERN } from './dto/create-point.dto';
import { childLevelProblem, CYCLE_MESSAGE, keysOnCycles, parentLevelProblem, SELF_PARENT_MESSAGE } from './hierarchy';
import { concatMessages, type Message } from '../common/errors';
import { type CsvLineError, type CsvPoint, lineError, type ParsedPointsCsv } from './points-csv';

/** What the import needs to know of a point already in the database. */
export interface ExistingPoint {
  id: string;
  code: string;
  level: Level;
  parentId: string | null;
}

/** A row ready to be written: `id` is the existing point's (update) or a new one (create). */
export interface PlannedPoint extends Omit<CsvPoint, 'parentCode'> {
  id: string;
  parentId: string | null;
}

export type ImportPlan = { ok: false; errors: CsvLineError[] } | { ok: true; creates: PlannedPoint[]; updates: PlannedPoint[] };

const key = (code: string) => code.toLowerCase();

/**
 * Checks a parsed import file against the points already stored and turns it into inserts and updates.
 * Codes match regardless of case (upsert by code). A `parentCode` must name a row above it in the file or a stored
 * point; the level rule and the absence of cycles are checked on the state after the import (stored points the file
 * does not mention keep their parent and level, and a row that changes a point's level must keep its stored children
 * valid). Any error anywhere means nothing is planned: every bad line is returned instead.
 */
export function planImport(parsed: ParsedPointsCsv, existing: ExistingPoint[], newId: () => string = randomUUID): ImportPlan {
  const problems = new Map<number, Message[]>();
  const report = (line: number, message: Message) => {
    const list = problems.get(line) ?? [];
    if (!list.some((m) => m.vi === message.vi && m.en === message.en)) list.push(message);
    problems.set(line, list);
  };
  for (const e of parsed.errors) report(e.line, e.messages);

  const stored = new Map(existing.map((p) => [key(p.code), p]));
  const storedById = new Map(existing.map((p) => [p.id, p]));

  // First row of each code (codes are unique regardless of case).
  const inFile = new Map<string, (typeof parsed.records)[number]>();
  for (const r of parsed.records) {
    if (!r.code) continue;
    const first = inFile.get(key(r.code));
    if (first) report(r.line, { vi: `Mã ${r.code} đã có ở dòng ${first.line}`, en: `code ${r.code} already appears on line ${first.line}` });
    else inFile.set(key(r.code), r);
  }
  const valid = parsed.records.filter((r) => r.valid && inFile.get(key(r.code)) === r);

  /** Level after the import (the file's valid row wins over the stored point). */
  const finalLevel = (k: string): Level | undefined => {
    const r = inFile.get(k);
    return r?.valid ? r.point.level : stored.get(k)?.level;
  };

  /** Why the row's parent cannot be its parent in the file's order (itself, below it, nowhere); null when it can. */
  const parentMissing = (r: (typeof parsed.records)[number], parentCode: string): Message | null => {
    const pk = key(parentCode);
    if (pk === key(r.code)) return SELF_PARENT_MESSAGE;
    const parentRow = inFile.get(pk);
    if ((parentRow && parentRow.line < r.line) || stored.has(pk)) return null;
    return parentRow
      ? {
          vi: `Điểm cầu cấp trên ${parentCode} phải được khai báo ở một dòng phía trên (đang ở dòng ${parentRow.line})`,
          en: `parent ${parentCode} must be defined on an earlier line (it is on line ${parentRow.line})`,
        }
      : {
          vi: `Không có điểm cầu cấp trên mã ${parentCode} (trong tệp hoặc trong hệ thống)`,
          en: `no point with parentCode ${parentCode} in the file or the database`,
        };
  };
  // A row with field errors is told about a missing parent too: one round of fixes is enough.
  for (const r of parsed.records) {
    const parentCode = r.point.parentCode;
    if (r.valid || !parentCode || !CODE_PATTERN.test(parentCode)) continue;
    const missing = parentMissing(r, parentCode);
    if (missing) report(r.line, missing);
  }

  for (const r of valid) {
    const parentCode = r.point.parentCode;
    if (!parentCode) continue;
    const pk = key(parentCode);
    const missing = parentMissing(r, parentCode);
    if (missing) {
      report(r.line, missing);
      continue;
    }
    const parentLevel = finalLevel(pk);
    const problem = parentLevel && parentLevelProblem(r.point.level, parentLevel);
    if (problem) report(r.line, { vi: `${problem.vi} (${parentCode})`, en: `${problem.en} (${parentCode})` });
  }

  // Stored children the file does not mention must stay valid under a parent whose level the file changes.
  for (const child of existing) {
    if (!child.parentId || inFile.has(key(child.code))) continue;
    const parent = storedById.get(child.parentId);
    const row = parent && inFile.get(key(parent.code));
    if (!row?.valid || row.point.level === parent!.level) continue;
    const problem = childLevelProblem(child, row.point.level);
    if (problem) report(row.line, problem);
  }

  // Cycles in the final state (only possible together with a level error, reported for clarity).
  const parentOf = new Map<string, string | null>();
  for (const p of existing) parentOf.set(key(p.code), p.parentId ? key(storedById.get(p.parentId)?.code ?? p.parentId) : null);
  for (const r of valid) parentOf.set(key(r.code), r.point.parentCode ? key(r.point.parentCode) : null);
  for (const k of keysOnCycles(parentOf)) {
    const r = inFile.get(k);
    if (r?.valid) report(r.line, CYCLE_MESSAGE);
  }

  if (problems.size) {
    const errors = [...problems.entries()].sort(([a], [b]) => a - b).map(([line, messages]) => lineError(line, concatMessages(messages)));
    return { ok: false, errors };
  }

  const idOf = new Map<string, string>();
  for (const r of valid) idOf.set(key(r.code), stored.get(key(r.code))?.id ?? newId());
  const creates: PlannedPoint[] = [];
  const updates: PlannedPoint[] = [];
  for (const r of valid) {
    const { parentCode, ...fields } = r.point;
    const k = key(r.code);
    const parentId = parentCode ? (idOf.get(key(parentCode)) ?? stored.get(key(parentCode))!.id) : null;
    const planned: PlannedPoint = { ...fields, id: idOf.get(k)!, parentId };
    (stored.has(k) ? updates : creates).push(planned);
  }
  return { ok: true, creates, updates };
}
