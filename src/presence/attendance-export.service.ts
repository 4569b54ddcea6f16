import { Injectable } from '@nestjs/common';
import { ConferencesService } from '../conferences/conferences.service';
import { attendanceCsv } from './attendance-report';
import { attendanceFileName, attendanceWorkbook } from './attendance-xlsx';
import { PresenceEventLog } from './presence-event-log';
import { PresenceService } from './presence.service';
import { isRollcallAnswer } from './report/report-intervals';

/** The attendance report as files: the office's Excel workbook and the CSV, named after the conference (the rows are PresenceService's). */
@Injectable()
export class AttendanceExportService {
  constructor(
    private readonly presence: PresenceService,
    private readonly conferences: ConferencesService,
    private readonly log: PresenceEventLog,
  ) {}

  async csv(conferenceId: string): Promise<{ fileName: string; body: string }> {
    const [rows, schedule] = await Promise.all([this.presence.attendance(conferenceId), this.conferences.findSchedule(conferenceId)]);
    return { fileName: attendanceFileName(schedule.title, conferenceId, 'csv'), body: attendanceCsv(rows) };
  }

  async xlsx(conferenceId: string): Promise<{ fileName: string; body: Buffer }> {
    const rows = await this.presence.attendance(conferenceId);
    const conference = await this.conferences.findOne(conferenceId);
    const schedule = await this.conferences.findSchedule(conferenceId);
    const host = conference.points.find((p) => p.role === 'host');
    const answered = new Map<string, number>();
    for (const e of await this.log.list(conferenceId)) if (isRollcallAnswer(e)) answered.set(e.pointId, (answered.get(e.pointId) ?? 0) + 1);
    const body = await attendanceWorkbook(
      { title: schedule.title, startsAt: schedule.startsAt, endsAt: schedule.endsAt, timezone: schedule.timezone, hostName: host?.name ?? '', at: new Date() },
      rows,
      answered,
    );
    return { fileName: attendanceFileName(schedule.title, conferenceId), body };
  }
}
