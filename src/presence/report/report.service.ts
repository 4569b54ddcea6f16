import { Inject, Injectable } from '@nestjs/common';
import { endedAt } from '../../conferences/conference-schedule';
import { cascade } from '../../agenda/agenda-times';
import { AgendaService } from '../../agenda/agenda.service';
import { LiveConferences } from '../live-conferences';
import { inZone } from '../presence-entry';
import { PresenceEventLog } from '../presence-event-log';
import { POINT_RECORDS, type PointRecords } from '../store/presence-store';
import { delayMinutes, isRollcallAnswer, peakConcurrent, pointIntervals, type Interval, type LogLine } from './report-intervals';
import type { ReportResponse, ReportRollcallResponse } from './report.dto';

/** Readiness counts for the report (provided by the readiness feature when present). */
export const REPORT_READINESS = Symbol('ReportReadiness');
export interface ReportReadiness {
  counts(conferenceId: string): Promise<Record<string, { ok: number; total: number }>>;
}

/**
 * The post-conference report (`GET /api/conferences/:id/report`), built from the event log so far: connected
 * intervals per point (clipped to the conference window), drops, counts per level, roll calls, notices; planned
 * against actual agenda times from the agenda; readiness counts.
 */
@Injectable()
export class ReportService {
  constructor(
    @Inject(POINT_RECORDS) private readonly store: PointRecords,
    private readonly live: LiveConferences,
    private readonly log: PresenceEventLog,
    private readonly agenda: AgendaService,
    @Inject(REPORT_READINESS) private readonly readiness: ReportReadiness,
  ) {}

  async build(conferenceId: string, now = Date.now()): Promise<ReportResponse> {
    await this.live.ensureLoaded(conferenceId);
    const schedule = await this.live.schedule(conferenceId);
    const zone = schedule.timezone;
    // An ended conference is reported up to its end, when that came before the planned one: its points' sockets may
    // stay open, and their time and drops must not keep counting in its report.
    const ended = endedAt(schedule);
    const window = { startsAt: schedule.startsAt.getTime(), endsAt: Math.min(schedule.endsAt.getTime(), ended ?? Infinity) };
    await this.log.flush();
    const [views, lines, agenda, readiness] = await Promise.all([
      this.store.all(conferenceId),
      this.log.list(conferenceId),
      this.agenda.get(conferenceId),
      this.readiness.counts(conferenceId),
    ]);
    const byPoint = new Map<string, LogLine[]>();
    const conferenceLines: LogLine[] = [];
    for (const l of lines) {
      let list = byPoint.get(l.pointId);
      if (!list) byPoint.set(l.pointId, (list = []));
      list.push(l);
      if (l.type === 'notice' || (l.type === 'rollcall' && (l.detail?.started || l.detail?.closed))) conferenceLines.push(l);
    }

    const zoned = (i: Interval) => ({ from: inZone(i.from, zone), to: i.to === null ? null : inZone(i.to, zone) });
    const byLevel: ReportResponse['byLevel'] = {};
    const all: Interval[][] = [];
    let onlineAtStart = 0;
    let drops = 0;
    const neverConnected: string[] = [];
    const points = views.map(({ point, record }) => {
      const r = pointIntervals(byPoint.get(point.pointId) ?? [], window, now);
      all.push(r.intervals);
      if (r.onlineAtStart) onlineAtStart++;
      drops += r.drops;
      const level = (byLevel[point.level] ??= { invited: 0, everConnected: 0 });
      level.invited++;
      if (r.intervals.length) level.everConnected++;
      else neverConnected.push(point.pointId);
      return {
        pointId: point.pointId,
        code: point.code,
        name: point.name,
        level: point.level,
        intervals: r.intervals.map(zoned),
        drops: r.drops,
        connectedSeconds: Math.floor(r.connectedMs / 1000),
        attendance: record.attendance,
        attendanceReason: record.attendanceReason,
      };
    });

    const planned = cascade(
      schedule.startsAt,
      agenda.items.map((i) => i.durationMinutes),
    );
    return {
      conferenceId,
      title: schedule.title,
      startsAt: inZone(window.startsAt, zone),
      endsAt: inZone(window.endsAt, zone),
      timezone: zone,
      generatedAt: inZone(now, zone),
      invited: views.length,
      onlineAtStart,
      peakOnline: peakConcurrent(all, now),
      everConnected: views.length - neverConnected.length,
      neverConnected,
      drops,
      byLevel,
      points,
      rollcalls: this.rollcalls(conferenceLines, byPoint, zone),
      notices: conferenceLines.filter((l) => l.type === 'notice').length,
      agenda: agenda.items.map((item, k) => {
        const actual = item.actualStartAt ? Date.parse(item.actualStartAt) : null;
        return {
          itemId: item.id,
          title: item.title,
          plannedStartAt: inZone(planned[k].startsAt.getTime(), zone),
          actualStartAt: item.actualStartAt,
          delayMinutes: delayMinutes(planned[k].startsAt.getTime(), actual),
        };
      }),
      readiness,
    };
  }

  /** Each roll call: its start line, and its final result line (or, still open or cut by a restart, the answers so far). */
  private rollcalls(conferenceLines: LogLine[], byPoint: Map<string, LogLine[]>, zone: string): ReportRollcallResponse[] {
    const closed = new Map(conferenceLines.filter((l) => l.type === 'rollcall' && l.detail?.closed).map((l) => [String(l.detail!.rollcallId), l.detail!]));
    const answers = new Map<string, string[]>();
    for (const [pointId, list] of byPoint)
      for (const l of list) {
        if (isRollcallAnswer(l)) {
          const id = String(l.detail!.rollcallId);
          const list = answers.get(id);
          if (list) list.push(pointId);
          else answers.set(id, [pointId]);
        }
      }
    return conferenceLines
      .filter((l) => l.type === 'rollcall' && l.detail?.started)
      .map((l) => {
        const id = String(l.detail!.rollcallId);
        const result = closed.get(id);
        return {
          at: inZone(l.at, zone),
          answered: result ? (result.answered as string[]) : (answers.get(id) ?? []),
          missing: result ? (result.missing as string[]) : [],
        };
      });
  }
}
