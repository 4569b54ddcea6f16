import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors';
import type { ConferenceSchedule } from '../../conferences/conference-schedule';
import { PLACE_HOLD_MS, POINT_RECORDS, type PointRecords } from '../store/presence-store';

const FULL = (cap: number) => ({
  vi: `Hội nghị đã đủ ${cap} điểm cầu kết nối cùng lúc; vui lòng chờ và thử lại, hoặc liên hệ ban tổ chức`,
  en: `The conference already has its maximum of ${cap} points online; wait and try again, or call the organizers`,
});

/** Ends a place held by `ConnectionCap.hold`; calling it again does nothing. */
export type ReleasePlace = () => void;

const NOTHING_HELD: ReleasePlace = () => undefined;

/**
 * The connection cap (v2, `maxConnectedPoints`): a check-in that would bring more points than the cap online is
 * refused (`conflict`, `details.reason = 'capacity'`). Points already counted (online, or unstable: they keep their
 * place while they reconnect) always get back in; `attendance:mark` does not count; lowering the cap below the
 * points online disconnects nobody.
 *
 * A check-in passes the cap before it is applied, and the apply waits for the event log: the check-in takes a place in
 * the store (`holdPlace`, shared by the instances on Redis) and gives it back once it is applied or failed, so check-ins
 * arriving together, on one instance or several, never get more points online than the cap. Only the counts are read
 * (the whole snapshot per check-in made a capped conference's burst quadratic).
 */
@Injectable()
export class ConnectionCap {
  private readonly logger = new Logger('ConnectionCap');

  constructor(@Inject(POINT_RECORDS) private readonly store: PointRecords) {}

  /**
   * Passes the point through the cap or refuses it; the place it takes is held until the returned function is called
   * (once the check-in is applied, or failed). Nothing is held for a conference without a cap or a point already counted.
   */
  async hold(schedule: ConferenceSchedule, pointId: string): Promise<ReleasePlace> {
    const cap = schedule.maxConnectedPoints;
    if (cap == null) return NOTHING_HELD;
    const record = await this.store.read(schedule.id, pointId);
    if (record && (record.state === 'online' || record.state === 'unstable')) return NOTHING_HELD;
    const holder = randomUUID();
    const { held, counted } = await this.store.holdPlace(schedule.id, cap, holder);
    if (!held)
      throw new AppError(
        ErrorCode.Conflict,
        FULL(cap),
        { reason: 'capacity', maxConnectedPoints: cap, online: counted },
        { reason: 'capacity', maxConnectedPoints: cap },
      );
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.store.releasePlace(schedule.id, holder).catch((e: unknown) => {
        this.logger.warn(`a place under the cap of ${schedule.id} stays taken until it expires (${PLACE_HOLD_MS} ms): ${(e as Error).message}`);
      });
    };
  }
}
