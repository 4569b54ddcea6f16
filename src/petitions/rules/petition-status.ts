import type { PetitionStatus } from '../../common/domain';
import { AppError, ErrorCode } from '../../common/errors';

export { PETITION_STATUSES, type PetitionStatus } from '../../common/domain';

/** The actions that move a petition (publish keeps the status but is allowed only from some). */
export const PETITION_ACTIONS = ['assign', 'answer', 'close', 'reject', 'merge', 'reopen', 'publish'] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

/**
 * Every action a history entry may name: the status machine's, plus the changes that keep the status (extend the due
 * date, mark the commitment done, erase the submitter data). The one list the code writes (typed) and the OpenAPI enum
 * shows. An edit (PATCH) is not a transition and is not kept in the history.
 */
export const HISTORY_ACTIONS = [...PETITION_ACTIONS, 'extend', 'commitment_done', 'erase_submitter'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/**
 * The status machine as data: for each action, the statuses it may start from and where it leads.
 * received → assigned → answered → closed; received|assigned → rejected | merged; answered|closed → assigned (reopen);
 * assign again while assigned changes the lead, support and deadline; publish only once answered or closed.
 */
const MACHINE: Record<PetitionAction, { from: readonly PetitionStatus[]; to: PetitionStatus | null }> = {
  assign: { from: ['received', 'assigned'], to: 'assigned' },
  answer: { from: ['assigned'], to: 'answered' },
  close: { from: ['answered'], to: 'closed' },
  reject: { from: ['received', 'assigned'], to: 'rejected' },
  merge: { from: ['received', 'assigned'], to: 'merged' },
  reopen: { from: ['answered', 'closed'], to: 'assigned' },
  publish: { from: ['answered', 'closed'], to: null },
};

export const STATUS_LABEL: Record<PetitionStatus, string> = {
  received: 'Đã tiếp nhận',
  assigned: 'Đã giao xử lý',
  answered: 'Đã trả lời',
  closed: 'Hoàn thành',
  rejected: 'Không thuộc phạm vi',
  merged: 'Đã gộp',
};

const ACTION_LABEL: Record<PetitionAction, string> = {
  assign: 'giao xử lý',
  answer: 'trả lời',
  close: 'hoàn thành',
  reject: 'từ chối (không thuộc phạm vi)',
  merge: 'gộp',
  reopen: 'mở lại',
  publish: 'công khai',
};

/** Open petitions may still be assigned, rejected or merged into. */
export function isOpen(status: PetitionStatus): boolean {
  return status === 'received' || status === 'assigned';
}

/** Answered, closed, rejected and merged petitions are never overdue. */
export function canBeOverdue(status: PetitionStatus): boolean {
  return isOpen(status);
}

export function canApply(action: PetitionAction, from: PetitionStatus): boolean {
  return MACHINE[action].from.includes(from);
}

/** The statuses an action may start from. */
export function allowedFrom(action: PetitionAction): readonly PetitionStatus[] {
  return MACHINE[action].from;
}

/** The actions a petition in `status` allows. */
export function allowedActions(status: PetitionStatus): PetitionAction[] {
  return PETITION_ACTIONS.filter((a) => canApply(a, status));
}

/** Where `action` leads from `from` (`from` itself for publish); 409 `illegal_transition` when not allowed. */
export function nextStatus(action: PetitionAction, from: PetitionStatus): PetitionStatus {
  if (!canApply(action, from)) {
    throw new AppError(
      ErrorCode.IllegalTransition,
      { vi: `Không thể ${ACTION_LABEL[action]} kiến nghị đang ở trạng thái "${STATUS_LABEL[from]}"`, en: `Cannot ${action} a petition that is ${from}` },
      { from, action, allowedFrom: [...MACHINE[action].from] },
    );
  }
  return MACHINE[action].to ?? from;
}
