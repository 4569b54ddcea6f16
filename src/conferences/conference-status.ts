import { AppError, ErrorCode } from '../common/errors';
import type { ConferenceStatus } from './entities/conference.entity';

/** The status machine: draft → scheduled → live → ended; draft|scheduled|live → cancelled. Nothing else. */
const NEXT: Record<ConferenceStatus, readonly ConferenceStatus[]> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['live', 'cancelled'],
  live: ['ended', 'cancelled'],
  ended: [],
  cancelled: [],
};

const LABEL: Record<ConferenceStatus, string> = {
  draft: 'Bản nháp',
  scheduled: 'Đã lên lịch',
  live: 'Đang diễn ra',
  ended: 'Đã kết thúc',
  cancelled: 'Đã hủy',
};

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
    `Không thể chuyển hội nghị từ "${LABEL[from]}" sang "${LABEL[to]}" / Illegal status change ${from} → ${to}`,
    { from, to, allowed: [...NEXT[from]] },
  );
}

/** Throws 409 `illegal_transition` when the conference is ended or cancelled (it can no longer be changed). */
export function assertOpen(status: ConferenceStatus): void {
  if (!isClosed(status)) return;
  throw new AppError(
    ErrorCode.IllegalTransition,
    `Hội nghị ${LABEL[status].toLowerCase()}, không thể thay đổi / The conference is ${status} and can no longer be changed`,
    { status },
  );
}
