import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors';
import type { ConferenceSchedule } from '../../conferences/conference-schedule';
import { POINT_RECORDS, type PointRecords } from '../store/presence-store';

const FULL = (cap: number) => ({
  vi: `Hội nghị đã đủ ${cap} điểm cầu kết nối cùng lúc; vui lòng chờ và thử lại, hoặc liên hệ ban tổ chức`,
  en: `The conference already has its maximum of ${cap} points online; wait and try again, or call the organizers`,
});

/**
 * The connection cap (v2, `maxConnectedPoints`): a check-in that would bring more points than the cap online is
 * refused (`conflict`, `details.reason = 'capacity'`). Points already counted (online, or unstable: they keep their
 * place while they reconnect) always get back in; `attendance:mark` does not count; lowering the cap below the
 * points online disconnects nobody. Checked before the check-in is applied; two check-ins racing for the last place
 * on different instances may both pass (the cap is a service limit, not a lock).
 */
@Injectable()
export class ConnectionCap {
  constructor(@Inject(POINT_RECORDS) private readonly store: PointRecords) {}

  async assertRoom(schedule: ConferenceSchedule, pointId: string): Promise<void> {
    const cap = schedule.maxConnectedPoints;
    if (cap == null) return;
    const record = await this.store.read(schedule.id, pointId);
    if (record && (record.state === 'online' || record.state === 'unstable')) return;
    const { counts } = await this.store.snapshot(schedule.id);
    const counted = counts.online + counts.unstable;
    if (counted >= cap)
      throw new AppError(
        ErrorCode.Conflict,
        FULL(cap),
        { reason: 'capacity', maxConnectedPoints: cap, online: counted },
        { reason: 'capacity', maxConnectedPoints: cap },
      );
  }
}
