import { titledFileName } from '../common/text/file-slug';
import { fold } from '../common/text/fold';
import { DateTime } from 'luxon';
import type { AttendanceKind, Level, PresenceState } from './presence.events';
import type { AttendanceRowResponse } from './dto/presence.response';

/** The office's headers, in the contract's order. */
export const ATTENDANCE_XLSX_HEADERS = [
  'Mã',
  'Điểm cầu',
  'Cấp',
  'Trạng thái',
  'Hình thức tham dự',
  'Lý do',
  'Giờ vào',
  'Thời gian kết nối (phút)',
  'Số lần mất tín hiệu',
  'Điểm danh',
] as const;

const LEVELS: Record<Level, string> = { central: 'Trung ương', province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã', enterprise: 'Doanh nghiệp' };
const STATES: Record<PresenceState, string> = { online: 'Đã kết nối', unstable: 'Chập chờn', offline: 'Mất kết nối', absent: 'Chưa kết nối', left: 'Đã rời' };
const ATTENDANCE: Record<AttendanceKind, string> = { in_person: 'Dự trực tiếp', online: 'Dự trực tuyến', absent: 'Vắng mặt' };

export interface AttendanceSheetHeading {
  title: string;
  /** UTC instants. */
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  hostName: string;
  /** When the report was made. */
  at: Date;
}

/** `HH:mm dd/MM/yyyy` in the conference's zone. */
export function officeTime(instant: Date | string, zone: string): string {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant);
  return dt.setZone(zone).toFormat('HH:mm dd/MM/yyyy');
}

/** A name that a spreadsheet would run as a formula gets a leading apostrophe (as in the CSV). */
function safe(text: string): string {
  return /^[=+\-@\t\r＝＋－＠]/.test(text) ? `'${text}` : text;
}

/**
 * The attendance report as an Excel workbook for the office: a title block (conference, time, host point, when made),
 * then one row per point with Vietnamese headers, times as `HH:mm dd/MM/yyyy` in the conference's zone, connected
 * time in whole minutes and the number of roll calls each point answered.
 */
export async function attendanceWorkbook(
  heading: AttendanceSheetHeading,
  rows: readonly AttendanceRowResponse[],
  rollcallsAnswered: ReadonlyMap<string, number>,
): Promise<Buffer> {
  // Loaded on the first export, not at start-up: exceljs alone adds ~28 MB to the resident memory of every instance.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Diemcau';
  wb.created = heading.at;
  const ws = wb.addWorksheet('Tham dự', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const zone = heading.timezone;
  const start = DateTime.fromJSDate(heading.startsAt).setZone(zone);
  const end = DateTime.fromJSDate(heading.endsAt).setZone(zone);
  const sameDay = start.hasSame(end, 'day');
  const when = sameDay
    ? `${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')} ngày ${start.toFormat('dd/MM/yyyy')}`
    : `${officeTime(heading.startsAt, zone)} – ${officeTime(heading.endsAt, zone)}`;

  ws.addRow(['BÁO CÁO THAM DỰ HỘI NGHỊ']).font = { bold: true, size: 14 };
  ws.addRow([heading.title]).font = { bold: true, size: 12 };
  ws.addRow([`Thời gian: ${when}`]);
  ws.addRow([`Điểm cầu chính: ${heading.hostName}`]);
  ws.addRow([`Lập lúc ${officeTime(heading.at, zone)}`]).font = { italic: true, color: { argb: 'FF555555' } };
  for (let r = 1; r <= 5; r++) ws.mergeCells(r, 1, r, ATTENDANCE_XLSX_HEADERS.length);
  ws.getRow(2).alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(2).height = 32;
  ws.addRow([]);

  const header = ws.addRow([...ATTENDANCE_XLSX_HEADERS]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE7F3' } };
    c.border = { bottom: { style: 'thin' } };
  });
  for (const r of rows) {
    ws.addRow([
      safe(r.code),
      safe(r.name),
      LEVELS[r.level] ?? r.level,
      STATES[r.state] ?? r.state,
      r.attendance ? ATTENDANCE[r.attendance] : '',
      r.attendanceReason ? safe(r.attendanceReason) : '',
      r.firstCheckinAt ? officeTime(r.firstCheckinAt, zone) : '',
      Math.round(r.connectedSeconds / 60),
      r.drops,
      rollcallsAnswered.get(r.pointId) ?? 0,
    ]);
  }
  const widths = [16, 44, 14, 15, 18, 30, 18, 14, 12, 11];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: header.number }];
  ws.autoFilter = { from: { row: header.number, column: 1 }, to: { row: header.number, column: ATTENDANCE_XLSX_HEADERS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * `tham-du-<code>.<ext>`: the conference's short code from its title (ASCII, dashes, a leading "Hội nghị" left out),
 * e.g. `tham-du-so-ket-6-thang-2021-3f2a.xlsx`; the CSV and the workbook are named alike.
 */
export function attendanceFileName(title: string, conferenceId: string, ext: 'xlsx' | 'csv' = 'xlsx'): string {
  return titledFileName('tham-du', fold(title).replace(/^hoi nghi\s+/, ''), conferenceId, ext);
}
