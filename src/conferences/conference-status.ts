import { AppError, ErrorCode, type Message } from '../common/errors';
import type { ConferenceStatus } from './entities/conference.entity';

/** How a status reads in messages, in both languages. */
export const CONFERENCE_STATUS_LABEL: Record<ConferenceStatus, Message> = {
  draft: { vi: 'Bản nháp', en: 'draft' },
  scheduled: { vi: 'Đã lên lịch', en: 'scheduled' },
  live: { vi: 'Đang diễn ra', en: 'live' },
  ended: { vi: 'Đã kết thúc', en: 'ended' },
  cancelled: { vi: 'Đã hủy', en: 'cancelled' },
};
const LABEL = CONFERENCE_STATUS_LABEL;

/** The machine itself is data shared with the pages (`common/domain.ts`); this module adds the refusals. */
export { allowedTransitions, canTransition, isClosed } from '../common/domain';
import { canTransition, isClosed, STATUS_TRANSITIONS as NEXT } from '../common/domain';

/** Throws 409 `illegal_transition` unless `from → to` is allowed. */
export function assertTransition(from: ConferenceStatus, to: ConferenceStatus): void {
  if (canTransition(from, to)) return;
  throw new AppError(
    ErrorCode.IllegalTransition,
    { vi: `Không thể chuyển hội nghị từ "${LABEL[from].vi}" sang "${LABEL[to].vi}"`, en: `Illegal status change ${from} → ${to}` },
    { from, to, allowed: [...NEXT[from]] },
    { from, to },
  );
}

/** Throws 409 `illegal_transition` when the conference is ended or cancelled (it can no longer be changed). */
export function assertOpen(status: ConferenceStatus): void {
  if (!isClosed(status)) return;
  throw new AppError(
    ErrorCode.IllegalTransition,
    { vi: `Hội nghị ${LABEL[status].vi.toLowerCase()}, không thể thay đổi`, en: `The conference is ${status} and can no longer be changed` },
    { status },
    { status },
  );
}
