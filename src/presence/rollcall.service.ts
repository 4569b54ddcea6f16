import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { actorName, type Principal } from '../auth/principal';
import { AppError, ErrorCode } from '../common/errors';
import type { RollcallAnswerDto, RollcallStartDto } from './dto/live-payloads.dto';
import type { LiveClient } from './live-client';
import { LiveConferences } from './live-conferences';
import { LiveRooms, rooms } from './live-rooms';
import { assertOperator, NOT_INVITED, pointActor } from './presence-access';
import { inZone } from './presence-entry';
import { PresenceEventLog } from './presence-event-log';
import type { RollcallResult } from './presence.events';
import { POINT_RECORDS, PointRecords, ROLLCALL_STORE, RollcallState, RollcallStore } from './store/presence-store';

/** Answers are gathered for this long before the board gets an updated result (a roll call of 10,000 points sends a few results, not 10,000). */
export const RESULT_COALESCE_MS = 100;
/** Every instance looks this often for open roll calls past their deadline (the instance that started one may have died). */
export const ROLLCALL_SWEEP_MS = 2_000;

const ROLLCALL_OPEN = { vi: 'Đang có một lượt điểm danh chưa kết thúc', en: 'A roll call is already open in this conference' };
const ROLLCALL_CLOSED = { vi: 'Lượt điểm danh đã kết thúc', en: 'The roll call is closed' };

/**
 * Roll calls: the operator asks every checked-in point (and any point that checks in while it is open)
 * to answer before a deadline; boards get `rollcall:result` as answers come in and once, `done: true`,
 * at the deadline. One open roll call per conference.
 *
 * The deadline is kept in the shared store: the instance that started the roll call closes it with a timer, and
 * every instance also sweeps for open roll calls past their deadline, so the final result is sent even when that
 * instance died (closing is atomic: exactly one instance sends `done`). No timer callback ever rejects.
 */
@Injectable()
export class RollcallService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RollcallService');
  private readonly deadlines = new Map<string, NodeJS.Timeout>();
  private readonly pendingResults = new Map<string, NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping = false;
  private stopped = false;

  constructor(
    @Inject(ROLLCALL_STORE) private readonly store: RollcallStore,
    @Inject(POINT_RECORDS) private readonly records: PointRecords,
    private readonly live: LiveConferences,
    private readonly log: PresenceEventLog,
    private readonly rooms: LiveRooms,
  ) {}

  onModuleInit(): void {
    this.stopped = false;
    this.sweeper = setInterval(() => void this.sweep(), ROLLCALL_SWEEP_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Closes the open roll calls past their deadline (whoever started them); never rejects. */
  async sweep(now = Date.now()): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const id of await this.store.dueRollcalls(now)) await this.finish(id);
    } catch (e) {
      this.logger.warn(`roll call sweep failed (tried again in ${ROLLCALL_SWEEP_MS} ms): ${(e as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  async start(principal: Principal, dto: RollcallStartDto): Promise<{ rollcallId: string; deadline: string }> {
    assertOperator(principal);
    await this.live.ensureLoaded(dto.conferenceId);
    const { timezone } = await this.live.schedule(dto.conferenceId);
    const reached = (await this.records.all(dto.conferenceId)).filter((v) => v.record.sockets.length > 0);
    const targets = reached.map((v) => v.point.pointId);
    const rollcall: RollcallState = {
      id: randomUUID(),
      conferenceId: dto.conferenceId,
      deadline: Date.now() + dto.timeoutSeconds * 1000,
      targets,
      answered: [],
      open: true,
    };
    if (!(await this.store.startRollcall(rollcall))) throw new AppError(ErrorCode.Conflict, ROLLCALL_OPEN);
    await this.logConferenceLine(dto.conferenceId, { rollcallId: rollcall.id, started: true, targets: targets.length, by: actorName(principal) });
    const deadline = inZone(rollcall.deadline, timezone);
    const timer = setTimeout(() => void this.finish(rollcall.id), rollcall.deadline - Date.now());
    timer.unref();
    this.deadlines.set(rollcall.id, timer);
    this.rooms.to(rooms.checkedIn(reached)).emit('rollcall', { rollcallId: rollcall.id, conferenceId: dto.conferenceId, deadline });
    this.resultSoon(rollcall.id);
    return { rollcallId: rollcall.id, deadline };
  }

  async answer(client: LiveClient, { rollcallId }: RollcallAnswerDto): Promise<object> {
    // Not found first, whoever asks (a principal that is no point is refused just below).
    const rollcall = await this.store.rollcallFor(rollcallId, client.principal.pointId ?? '');
    if (!rollcall) throw AppError.notFound('rollcall', rollcallId);
    const pointId = pointActor(client.principal, rollcall.conferenceId);
    if (!(await this.live.member(rollcall.conferenceId, pointId))) throw AppError.forbidden(NOT_INVITED);
    if (!rollcall.open) throw new AppError(ErrorCode.Conflict, ROLLCALL_CLOSED);
    if (rollcall.answeredByPoint) return {};
    // The log first (the durable truth): a failed write records no answer, and the retry is logged.
    await this.log.append([{ conferenceId: rollcall.conferenceId, pointId, at: Date.now(), type: 'rollcall', detail: { rollcallId } }]);
    await this.store.addRollcallTarget(rollcallId, pointId);
    if (await this.store.answerRollcall(rollcallId, pointId)) this.resultSoon(rollcallId);
    return {};
  }

  /** A point that checks in while a roll call is open is asked too. */
  async promptLateComer(conferenceId: string, pointId: string, client: LiveClient): Promise<void> {
    const open = await this.store.openRollcallFor(conferenceId, pointId);
    if (!open || open.answeredByPoint) return;
    const { timezone } = await this.live.schedule(conferenceId);
    if (await this.store.addRollcallTarget(open.id, pointId)) this.resultSoon(open.id);
    client.emit('rollcall', { rollcallId: open.id, conferenceId, deadline: inZone(open.deadline, timezone) });
  }

  /**
   * A board that joins while a roll call is open gets its result at once, with the deadline: results otherwise go out
   * only as answers come in, so a second operator's board (or one reloaded) would not know one is running. Never rejects.
   */
  async showOpenTo(client: LiveClient, conferenceId: string): Promise<void> {
    try {
      const head = await this.store.openRollcallFor(conferenceId, '');
      const r = head && (await this.store.rollcall(head.id));
      if (r?.open) client.emit('rollcall:result', await this.resultOf(r));
    } catch (e) {
      this.logger.warn(`open roll call of ${conferenceId} not sent to a joining board: ${(e as Error).message}`);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const t of [...this.deadlines.values(), ...this.pendingResults.values()]) clearTimeout(t);
    this.deadlines.clear();
    this.pendingResults.clear();
  }

  private resultSoon(rollcallId: string): void {
    if (this.pendingResults.has(rollcallId) || this.stopped) return;
    const timer = setTimeout(() => {
      this.pendingResults.delete(rollcallId);
      void this.publish(rollcallId);
    }, RESULT_COALESCE_MS);
    timer.unref();
    this.pendingResults.set(rollcallId, timer);
  }

  /**
   * Closes the roll call and, when this caller is the one that closed it, sends the final result. Never rejects
   * (it runs from timers): when the store is unreachable the roll call stays open and the sweep tries again.
   */
  async finish(rollcallId: string): Promise<void> {
    const deadline = this.deadlines.get(rollcallId);
    if (deadline) clearTimeout(deadline);
    this.deadlines.delete(rollcallId);
    const pending = this.pendingResults.get(rollcallId);
    if (pending) clearTimeout(pending);
    this.pendingResults.delete(rollcallId);
    try {
      if (await this.store.closeRollcall(rollcallId)) {
        await this.publish(rollcallId, true);
        await this.logResult(rollcallId);
      }
    } catch (e) {
      this.logger.warn(`roll call ${rollcallId} not closed yet (the sweep tries again): ${(e as Error).message}`);
    }
  }

  /** The final result as a conference-level line of the event log, for the report (a failure is logged, never thrown). */
  private async logResult(rollcallId: string): Promise<void> {
    try {
      const r = await this.store.rollcall(rollcallId);
      if (!r) return;
      const answered = new Set(r.answered);
      await this.logConferenceLine(r.conferenceId, { rollcallId, closed: true, answered: r.answered, missing: r.targets.filter((id) => !answered.has(id)) });
    } catch (e) {
      this.logger.error(`roll call ${rollcallId} result not logged: ${(e as Error).message}`);
    }
  }

  /**
   * A conference-level `rollcall` line of the event log (start, final result), for the report: filed under the
   * host point (the log's lines always name a point); answers stay one line per answering point.
   */
  private async logConferenceLine(conferenceId: string, detail: Record<string, unknown>): Promise<void> {
    const { hostPointId } = await this.live.schedule(conferenceId);
    await this.log.append([{ conferenceId, pointId: hostPointId, at: Date.now(), type: 'rollcall', detail }]);
  }

  /**
   * The result as boards get it: with the deadline and the time left by the server's clock (0 once closed). If the
   * conference's schedule cannot be read, the result still goes out, without `deadline`.
   */
  private async resultOf(r: RollcallState): Promise<RollcallResult> {
    const answered = new Set(r.answered);
    const result: RollcallResult = { rollcallId: r.id, answered: r.answered, missing: r.targets.filter((id) => !answered.has(id)), done: !r.open };
    const timezone = await this.live.schedule(r.conferenceId).then(
      (s) => s.timezone,
      () => null,
    );
    if (timezone) result.deadline = inZone(r.deadline, timezone);
    result.remainingMs = r.open ? Math.max(0, r.deadline - Date.now()) : 0;
    return result;
  }

  /** Sends the result to the boards; after the deadline only the final one (`done: true`) goes out. */
  private async publish(rollcallId: string, final = false): Promise<void> {
    try {
      const r = await this.store.rollcall(rollcallId);
      if (!r || (!r.open && !final)) return;
      this.rooms.to(rooms.board(r.conferenceId)).emit('rollcall:result', await this.resultOf(r));
    } catch (e) {
      this.logger.error(`roll call ${rollcallId}: ${(e as Error).stack ?? String(e)}`);
    }
  }
}
