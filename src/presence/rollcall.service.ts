import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode } from '../common/errors';
import type { RollcallAnswerDto, RollcallStartDto } from './dto/live-payloads.dto';
import type { LiveClient } from './live-client';
import { LiveConferences } from './live-conferences';
import { LiveRooms, rooms } from './live-rooms';
import { assertOperator, NOT_INVITED, pointActor } from './presence-access';
import { inZone } from './presence-entry';
import { PresenceEventLog } from './presence-event-log';
import type { RollcallResult } from './presence.events';
import { PRESENCE_STORE, PresenceStore, RollcallState } from './store/presence-store';

/** Answers are gathered for this long before the board gets an updated result (a roll call of 10,000 points sends a few results, not 10,000). */
export const RESULT_COALESCE_MS = 100;

const ROLLCALL_OPEN = { vi: 'Đang có một lượt điểm danh chưa kết thúc', en: 'A roll call is already open in this conference' };
const ROLLCALL_CLOSED = { vi: 'Lượt điểm danh đã kết thúc', en: 'The roll call is closed' };

/**
 * Roll calls: the operator asks every checked-in point (and any point that checks in while it is open)
 * to answer before a deadline; boards get `rollcall:result` as answers come in and once, `done: true`,
 * at the deadline. One open roll call per conference.
 */
@Injectable()
export class RollcallService {
  private readonly logger = new Logger('RollcallService');
  private readonly deadlines = new Map<string, NodeJS.Timeout>();
  private readonly pendingResults = new Map<string, NodeJS.Timeout>();

  constructor(
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    private readonly live: LiveConferences,
    private readonly log: PresenceEventLog,
    private readonly rooms: LiveRooms,
  ) {}

  async start(principal: Principal, dto: RollcallStartDto): Promise<{ rollcallId: string; deadline: string }> {
    assertOperator(principal);
    await this.live.ensureLoaded(dto.conferenceId);
    const { timezone } = await this.live.schedule(dto.conferenceId);
    const targets = (await this.store.all(dto.conferenceId)).filter((v) => v.record.sockets.length > 0).map((v) => v.point.pointId);
    const rollcall: RollcallState = {
      id: randomUUID(), conferenceId: dto.conferenceId, deadline: Date.now() + dto.timeoutSeconds * 1000, targets, answered: [], open: true,
    };
    if (!(await this.store.startRollcall(rollcall))) throw new AppError(ErrorCode.Conflict, ROLLCALL_OPEN);
    const deadline = inZone(rollcall.deadline, timezone);
    const timer = setTimeout(() => void this.finish(rollcall.id), rollcall.deadline - Date.now());
    timer.unref();
    this.deadlines.set(rollcall.id, timer);
    this.rooms.to(targets.map((id) => rooms.point(dto.conferenceId, id))).emit('rollcall', { rollcallId: rollcall.id, conferenceId: dto.conferenceId, deadline });
    this.resultSoon(rollcall.id);
    return { rollcallId: rollcall.id, deadline };
  }

  async answer(client: LiveClient, { rollcallId }: RollcallAnswerDto): Promise<object> {
    const rollcall = await this.store.rollcall(rollcallId);
    if (!rollcall) throw AppError.notFound('rollcall', rollcallId);
    const pointId = pointActor(client.principal, rollcall.conferenceId);
    if (!(await this.live.member(rollcall.conferenceId, pointId))) throw AppError.forbidden(NOT_INVITED);
    if (!rollcall.open) throw new AppError(ErrorCode.Conflict, ROLLCALL_CLOSED);
    await this.store.addRollcallTarget(rollcallId, pointId);
    if (await this.store.answerRollcall(rollcallId, pointId)) {
      await this.log.append([{ conferenceId: rollcall.conferenceId, pointId, at: Date.now(), type: 'rollcall', detail: { rollcallId } }]);
      this.resultSoon(rollcallId);
    }
    return {};
  }

  /** A point that checks in while a roll call is open is asked too. */
  async promptLateComer(conferenceId: string, pointId: string, client: LiveClient): Promise<void> {
    const open = await this.store.openRollcall(conferenceId);
    if (!open || open.answered.includes(pointId)) return;
    const { timezone } = await this.live.schedule(conferenceId);
    if (await this.store.addRollcallTarget(open.id, pointId)) this.resultSoon(open.id);
    client.emit('rollcall', { rollcallId: open.id, conferenceId, deadline: inZone(open.deadline, timezone) });
  }

  stop(): void {
    for (const t of [...this.deadlines.values(), ...this.pendingResults.values()]) clearTimeout(t);
    this.deadlines.clear();
    this.pendingResults.clear();
  }

  private resultSoon(rollcallId: string): void {
    if (this.pendingResults.has(rollcallId)) return;
    const timer = setTimeout(() => {
      this.pendingResults.delete(rollcallId);
      void this.publish(rollcallId);
    }, RESULT_COALESCE_MS);
    timer.unref();
    this.pendingResults.set(rollcallId, timer);
  }

  private async finish(rollcallId: string): Promise<void> {
    this.deadlines.delete(rollcallId);
    const pending = this.pendingResults.get(rollcallId);
    if (pending) clearTimeout(pending);
    this.pendingResults.delete(rollcallId);
    await this.store.closeRollcall(rollcallId);
    await this.publish(rollcallId, true);
  }

  /** Sends the result to the boards; after the deadline only the final one (`done: true`) goes out. */
  private async publish(rollcallId: string, final = false): Promise<void> {
    try {
      const r = await this.store.rollcall(rollcallId);
      if (!r || (!r.open && !final)) return;
      const answered = new Set(r.answered);
      const result: RollcallResult = { rollcallId, answered: r.answered, missing: r.targets.filter((id) => !answered.has(id)), done: !r.open };
      this.rooms.to(rooms.board(r.conferenceId)).emit('rollcall:result', result);
    } catch (e) {
      this.logger.error(`roll call ${rollcallId}: ${(e as Error).stack ?? String(e)}`);
    }
  }
}
