import type { Principal } from '../auth/principal';
import { AppError } from '../common/errors';

export const ONLY_POINTS = { vi: 'Chỉ điểm cầu mới thực hiện được thao tác này', en: 'Only a bridge point may do this' };
export const LINK_OTHER_CONFERENCE = { vi: 'Đường dẫn tham dự chỉ dùng cho hội nghị của nó', en: 'A check-in link only acts in its own conference' };
export const NOT_INVITED = { vi: 'Điểm cầu không được mời dự hội nghị này', en: 'The point is not invited to this conference' };
export const BOARD_ONLY = {
  vi: 'Chỉ cán bộ điều hành, ban tổ chức và quản trị viên được theo dõi bảng trạng thái',
  en: 'Only operators, organizers and admins may watch the board',
};
export const OPERATOR_ONLY = { vi: 'Chỉ cán bộ điều hành được thực hiện thao tác này', en: 'Only an operator may do this' };

/**
 * The point a principal acts for in a conference: role `point` only, a check-in link only in its own
 * conference. (Whether the point is invited is checked next, before anything about the conference is told.)
 */
export function pointActor(p: Principal, conferenceId: string): string {
  if (p.role !== 'point' || !p.pointId) throw AppError.forbidden(ONLY_POINTS);
  if (p.kind === 'link' && p.conferenceId !== conferenceId) throw AppError.forbidden(LINK_OTHER_CONFERENCE);
  return p.pointId;
}

/** `board:join`: operators, organizers and admins. */
export function assertBoardViewer(p: Principal): void {
  if (p.role !== 'operator' && p.role !== 'organizer' && p.role !== 'admin') throw AppError.forbidden(BOARD_ONLY);
}

/** Roll call, attendance marks and notices: operators (and admins). */
export function assertOperator(p: Principal): void {
  if (p.role !== 'operator' && p.role !== 'admin') throw AppError.forbidden(OPERATOR_ONLY);
}
