import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors';
import type { ConferenceSchedule } from '../../conferences/conference-schedule';
import { POINT_RECORDS, type PointRecords } from '../store/presence-store';

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
 * A check-in passes the cap before it is applied, and the apply waits for the event log: a check-in that passed holds
 * its place until then, so a burst of check-ins on one instance never gets more points online than the cap. The
 * store's counts are read for it (not the records: the whole snapshot per check-in made a capped conference's burst
 * quadratic). Two check-ins racing for the last place on different instances may both pass (the places held are
 * this instance's; the cap is a service limit, not a lock across instances).
 */
@Injectable()
export class ConnectionCap {
  /** Places held on this instance by check-ins that passed the cap and are not applied yet, per conference. */
  private readonly held = new Map<string, number>();

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
    const { counts } = await this.store.counts(schedule.id);
    // From here to the increment nothing awaits: two check-ins of this instance cannot take the same place.
    const held = this.held.get(schedule.id) ?? 0;
    const counted = counts.online + counts.unstable;
    if (counted + held >= cap)
      throw new AppError(
        ErrorCode.Conflict,
        FULL(cap),
        { reason: 'capacity', maxConnectedPoints: cap, online: counted },
        { reason: 'capacity', maxConnectedPoints: cap },
      );
    this.held.set(schedule.id, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(schedule.id) ?? 1) - 1;
      if (left > 0) this.held.set(schedule.id, left);
      else this.held.delete(schedule.id);
    };
  }
}
