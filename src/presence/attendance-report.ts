import { stringify } from 'csv-stringify/sync';
import type { AttendanceRowResponse } from './dto/presence.response';
import { inZoneOrNull } from './presence-entry';
import { connectedSeconds, linesByPoint, newRecord, replay, withChanges, type LoggedEvent } from './presence-state';
import type { LiveView } from './store/presence-store';

export const ATTENDANCE_CSV_COLUMNS = ['code', 'name', 'level', 'state', 'attendance', 'firstCheckinAt', 'connectedSeconds', 'drops'] as const;

/** Per point: last state, how it takes part, first check-in, connected time (up to `at`) and drops. */
export function attendanceRows(views: readonly LiveView[], zone: string, at: number): AttendanceRowResponse[] {
  return views.map(({ point, record }) => ({
    pointId: point.pointId,
    code: point.code,
    name: point.name,
    level: point.level,
    state: record.state,
    attendance: record.attendance,
    attendanceReason: record.attendanceReason,
    firstCheckinAt: inZoneOrNull(record.firstCheckinAt, zone),
    connectedSeconds: connectedSeconds(record, at),
    drops: record.drops,
  }));
}

/**
 * The points' records as they stood at `end` (an ended conference's end): each point's log lines up to then, replayed.
 * Sockets may stay open after the end and drop later; those drops and that time are not the conference's. The
 * attendance marks are the operators' and stay as marked.
 */
export function recordsAt(views: readonly LiveView[], lines: ReadonlyArray<LoggedEvent & { pointId: string }>, end: number): LiveView[] {
  const byPoint = linesByPoint(lines.filter((l) => l.at <= end));
  return views.map(({ point, record }) => {
    const then = replay(byPoint.get(point.pointId) ?? [], newRecord(end));
    return { point, record: withChanges(then, { attendance: record.attendance, attendanceReason: record.attendanceReason }) };
  });
}

/**
 * A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP, CSV injection): one starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return, or their full-width forms `＝＋－＠` (some spreadsheet programs read
 * those as formulas too).
 */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? `'${text}` : text;
}

/** UTF-8 with a BOM (so spreadsheet programs show Vietnamese correctly), CRLF line ends, the contract's header. */
export function attendanceCsv(rows: readonly AttendanceRowResponse[]): string {
  const body = stringify(
    rows.map((r) => ({ ...r, code: safeCell(r.code), name: safeCell(r.name), attendance: r.attendance ?? '', firstCheckinAt: r.firstCheckinAt ?? '' })),
    { header: true, columns: [...ATTENDANCE_CSV_COLUMNS], record_delimiter: 'windows' },
  );
  return `\uFEFF${body}`;
}
