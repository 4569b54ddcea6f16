import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { ConferenceSchedule, InvitedPoint } from '../conferences/conference-schedule';
import { AttendanceMarkEntity } from './entities/attendance-mark.entity';
import { PresenceEventLog } from './presence-event-log';
import { linesByPoint, newRecord, replay, RosterPoint, transition, Transition, withChanges } from './presence-state';
import { PresenceTransitions, RecoveredPoint } from './presence-transitions';

export function toRosterPoint(p: InvitedPoint): RosterPoint {
  return { pointId: p.pointId, code: p.code, name: p.name, level: p.level, parentId: p.parentId };
}

/** Conferences whose live state is final: reloading one replays its log without the restart rule. */
const CLOSED = new Set(['ended', 'cancelled']);

/**
 * The restart rule: live state is rebuilt from the event log (and the attendance marks) when a conference is first
 * used by this process — after a restart, or after Redis lost it. No socket survives a restart: a point that was
 * online comes back `unstable` (its drop counted and logged with `reason: 'server_restart'`) and goes `offline` after
 * the grace unless its client checks in again; a point that was `unstable` gets a fresh grace timer. The result is
 * installed through `PresenceTransitions` (log first, then the store, then the timers).
 */
@Injectable()
export class RestartRecovery {
  /** When this process started serving presence: the latest moment a socket of the previous process could have been seen. */
  readonly bootAt = Date.now();

  constructor(
    private readonly log: PresenceEventLog,
    private readonly transitions: PresenceTransitions,
    @InjectRepository(AttendanceMarkEntity) private readonly marks: Repository<AttendanceMarkEntity>,
  ) {}

  /** `lost`: Redis lost the conference while this process ran (the drops are logged with `reason: 'state_lost'`). */
  async recover(schedule: ConferenceSchedule, invited: readonly InvitedPoint[], lost = false): Promise<void> {
    const conferenceId = schedule.id;
    const [marks, events] = await Promise.all([this.marks.findBy({ conferenceId }), this.log.list(conferenceId)]);
    const at = Date.now();
    const byPoint = linesByPoint(events);
    const markOf = new Map(marks.map((m) => [m.pointId, m]));
    const roster = invited.map(toRosterPoint);
    const dropAt = new Map<string, number>();
    const recovered: RecoveredPoint[] = roster.map((p) => {
      const history = byPoint.get(p.pointId) ?? [];
      const mark = markOf.get(p.pointId);
      let record = replay(history, newRecord(at));
      if (mark) record = withChanges(record, { attendance: mark.attendance, attendanceReason: mark.reason });
      if (CLOSED.has(schedule.status)) return { pointId: p.pointId, transition: { record, changed: false, log: null, grace: null } satisfies Transition };
      // Sockets do not survive a restart: an online point dropped when the old process went away.
      const when = lost ? at : Math.max(this.bootAt, history.length ? history[history.length - 1].at : 0);
      dropAt.set(p.pointId, when);
      return { pointId: p.pointId, transition: transition(record, { kind: 'restart', reason: lost ? 'state_lost' : 'server_restart' }, when) };
    });
    await this.transitions.install(schedule, roster, recovered, (pointId) => dropAt.get(pointId) ?? at);
  }
}
