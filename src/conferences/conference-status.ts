import { AppError, ErrorCode, type Message } from '../common/errors';
import type { ConferenceStatus } from './entities/conference.entity';

/** The status machine: draft → scheduled → live → ended; draft|scheduled|live → cancelled. Nothing else. */
const NEXT: Record<ConferenceStatus, readonly ConferenceStatus[]> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['live', 'cancelled'],
  live: ['ended', 'cancelled'],
  ended: [],
  cancelled: [],
};

/** How a status reads in messages, in both languages. */
export const CONFERENCE_STATUS_LABEL: Record<ConferenceStatus, Message> = {
  draft: { vi: 'Bản nháp', en: 'draft' },
  scheduled: { vi: 'Đã lên lịch', en: 'scheduled' },
  live: { vi: 'Đang diễn ra', en: 'live' },
  ended: { vi: 'Đã kết thúc', en: 'ended' },
  cancelled: { vi: 'Đã hủy', en: 'cancelled' },
};
const LABEL = CONFERENCE_STATUS_LABEL;

/** The statuses a conference in `from` may move to. */
export function allowedTransitions(from: ConferenceStatus): readonly ConferenceStatus[] {
  return NEXT[from];
}

export function canTransition(from: ConferenceStatus, to: ConferenceStatus): boolean {
  return NEXT[from].includes(to);
}

/** Ended and cancelled conferences are closed: only reads remain. */
export function isClosed(status: ConferenceStatus): boolean {
  return status === 'ended' || status === 'cancelled';
}

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
