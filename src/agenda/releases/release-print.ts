import { DateTime } from 'luxon';
import type { ReleaseChange, ChangeType, ReleasedItem } from './release-diff';

/** What the print view shows of the conference. */
export interface PrintHeader {
  title: string;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  hostName: string | null;
}

export interface PrintRelease {
  number: number;
  at: string;
  by: string;
  note: string | null;
  items: readonly ReleasedItem[];
  changes: readonly ReleaseChange[];
}

/** The marks of the print view (Vietnamese: the office hands this to the chair). */
const MARK: Record<ChangeType, string> = {
  added: 'Mới',
  removed: 'Bỏ',
  moved: 'Đổi thứ tự',
  retimed: 'Đổi giờ',
  changed: 'Sửa nội dung',
};
const FIELD: Record<string, string> = {
  title: 'tên nội dung',
  kind: 'loại',
  presenter: 'người trình bày',
  responsibleUnit: 'đơn vị chịu trách nhiệm',
  pointId: 'điểm cầu trình bày',
  notes: 'ghi chú',
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const hm = (iso: string, zone: string) => DateTime.fromISO(iso, { setZone: true }).setZone(zone).toFormat('HH:mm');
/** A retimed item's former start: its time, and its date when the move changed the day (a time alone would read the same). */
const before = (was: string, now: string, zone: string) => {
  const [a, b] = [DateTime.fromISO(was, { setZone: true }).setZone(zone), DateTime.fromISO(now, { setZone: true }).setZone(zone)];
  return a.hasSame(b, 'day') ? a.toFormat('HH:mm') : a.toFormat('HH:mm dd/MM/yyyy');
};
const dayLong = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).setLocale('vi').toFormat("cccc, 'ngày' dd/MM/yyyy");

/**
 * The release as a print-ready A4 page in Vietnamese: a title block, the program as a table (time, item, presenter,
 * responsible unit, presenting point) with the changes since the previous release marked, and the removed items.
 * Self-contained (inline CSS, no script): it prints the same from the browser, from `page.pdf` or saved as a file.
 */
export function renderReleasePrint(h: PrintHeader, r: PrintRelease): string {
  const zone = h.timezone;
  const byItem = new Map<string, ReleaseChange[]>();
  for (const c of r.changes) byItem.set(c.itemId, [...(byItem.get(c.itemId) ?? []), c]);
  const first = r.number === 1;
  const rows = r.items
    .map((item, i) => {
      const changes = first ? [] : (byItem.get(item.id) ?? []);
      const marks = changes
        .map((c) => {
          const fields =
            c.type === 'changed' && c.after
              ? `: ${Object.keys(c.after)
                  .map((f) => FIELD[f] ?? f)
                  .join(', ')}`
              : '';
          const was = c.type === 'retimed' && c.before ? ` (trước: ${before(String(c.before.startsAt), item.startsAt, zone)})` : '';
          return `<span class="mark mark-${c.type}">${escapeHtml(MARK[c.type] + fields + was)}</span>`;
        })
        .join(' ');
      return (
        `<tr class="${changes.length ? 'changed' : ''}">` +
        `<td class="no">${i + 1}</td>` +
        `<td class="time">${hm(item.startsAt, zone)}–${hm(item.endsAt, zone)}</td>` +
        `<td>${escapeHtml(item.title)}${marks ? `<div class="marks">${marks}</div>` : ''}</td>` +
        `<td>${escapeHtml(item.presenter ?? '')}</td>` +
        `<td>${escapeHtml(item.responsibleUnit ?? '')}</td>` +
        `<td>${escapeHtml(item.pointName ?? '')}</td>` +
        `</tr>`
      );
    })
    .join('\n');
  const removed = first ? [] : r.changes.filter((c) => c.type === 'removed');
  const removedBlock = removed.length
    ? `<h2>Nội dung bỏ khỏi chương trình</h2><ul>${removed.map((c) => `<li><span class="mark mark-removed">Bỏ</span> ${escapeHtml(c.title)}</li>`).join('')}</ul>`
    : '';
  const summary = first
    ? 'Bản phát hành đầu tiên.'
    : r.changes.length
      ? `Có ${r.changes.length} thay đổi so với bản phát hành số ${r.number - 1} (được đánh dấu trong bảng).`
      : `Không có thay đổi so với bản phát hành số ${r.number - 1}.`;
  const at = DateTime.fromISO(r.at, { setZone: true }).setZone(zone).toFormat('HH:mm dd/MM/yyyy');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Chương trình hội nghị – bản phát hành số ${r.number}</title>
<style>
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 12.5pt; color: #000; margin: 0; }
header { text-align: center; margin-bottom: 10pt; }
header .org { text-transform: uppercase; font-weight: bold; font-size: 11pt; }
h1 { font-size: 15pt; margin: 8pt 0 2pt; text-transform: uppercase; }
.sub { font-style: italic; }
.meta { font-size: 10.5pt; margin: 6pt 0 10pt; }
table { width: 100%; border-collapse: collapse; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 0.6pt solid #000; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #eee; font-size: 11pt; }
th, td { font-size: 11pt; }
td.no { width: 7mm; text-align: center; }
td.time { width: 22mm; white-space: nowrap; }
col.presenter { width: 22%; } col.unit { width: 20%; } col.point { width: 18%; }
tr.changed td { background: #fff6d5; }
.marks { margin-top: 2pt; }
.mark { display: inline-block; border: 0.6pt solid #000; border-radius: 2pt; padding: 0 3pt; font-size: 9pt; font-weight: bold; }
.mark-added { background: #d8f3dc; } .mark-removed { background: #f8d7da; } .mark-moved { background: #dbe7ff; }
.mark-retimed { background: #ffe8cc; } .mark-changed { background: #f1e3ff; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt; }
footer { margin-top: 12pt; font-size: 10pt; }
</style>
</head>
<body>
<header>
<div class="org">${escapeHtml(h.hostName ?? 'Ban tổ chức hội nghị')}</div>
<h1>Chương trình hội nghị</h1>
<div class="title"><strong>${escapeHtml(h.title)}</strong></div>
<div class="sub">${escapeHtml(dayLong(h.startsAt, zone))}, từ ${DateTime.fromJSDate(h.startsAt, { zone }).toFormat('HH:mm')} đến ${DateTime.fromJSDate(h.endsAt, { zone }).toFormat('HH:mm')}</div>
</header>
<div class="meta">Bản phát hành số <strong>${r.number}</strong>, lúc ${at}, người phát hành: ${escapeHtml(r.by)}.${r.note ? ` Ghi chú: ${escapeHtml(r.note)}.` : ''} ${summary}</div>
<table>
<colgroup><col><col><col><col class="presenter"><col class="unit"><col class="point"></colgroup>
<thead><tr><th>TT</th><th>Thời gian</th><th>Nội dung</th><th>Người trình bày</th><th>Đơn vị chịu trách nhiệm</th><th>Điểm cầu trình bày</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${removedBlock}
<footer>Giờ theo múi giờ ${escapeHtml(zone)}. Thời gian là giờ dự kiến tại thời điểm phát hành.</footer>
</body>
</html>
`;
}
