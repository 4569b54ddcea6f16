import { parse } from 'csv-parse/sync';
import type { AttendanceRowResponse } from './dto/presence.response';
import { attendanceCsv } from './attendance-report';

const row = (code: string, name: string): AttendanceRowResponse =>
  ({
    pointId: '6f1c2d3e-0000-4000-8000-000000000000',
    code,
    name,
    level: 'district',
    state: 'online',
    attendance: null,
    attendanceReason: null,
    firstCheckinAt: null,
    connectedSeconds: 0,
    drops: 0,
  }) as AttendanceRowResponse;

/** The cells a spreadsheet program would read, line 2 onwards. */
const cells = (csv: string) => (parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][]).slice(1);

describe('attendance CSV: no cell is read as a formula', () => {
  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '＝1+1', '＋1', '－1', '＠SUM(A1)'])(
    'prefixes %j with an apostrophe in the code and the name columns',
    (text) => {
      const [cellsOfRow] = cells(attendanceCsv([row(text, text)]));
      expect(cellsOfRow[0]).toBe(`'${text}`);
      expect(cellsOfRow[1]).toBe(`'${text}`);
    },
  );

  it.each(['H-THUANTHANH', 'X_1', 'UBND huyện Thuận Thành', '1 = 1'])('leaves %j as written', (text) => {
    const [cellsOfRow] = cells(attendanceCsv([row(text, text)]));
    expect(cellsOfRow.slice(0, 2)).toEqual([text, text]);
  });
});
