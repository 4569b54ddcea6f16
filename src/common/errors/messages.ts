import type { Message } from './message';

/**
 * The server's message catalogue: the sentences several features share, worded once in both languages.
 * A feature's own sentences sit beside its rules, as `{vi, en}` constants; none is built out of another language.
 */

/** The things an id can name, for `AppError.notFound(entity, id)`; the pages word `not_found` from this key. */
export const ENTITIES = {
  conference: { vi: 'hội nghị', en: 'conference' },
  point: { vi: 'điểm cầu', en: 'bridge point' },
  agendaItem: { vi: 'nội dung chương trình', en: 'agenda item' },
  invitation: { vi: 'lời mời điểm cầu', en: 'invitation of the point' },
  pointInConference: { vi: 'điểm cầu trong hội nghị', en: 'point in this conference' },
  rollcall: { vi: 'lượt điểm danh', en: 'roll call' },
  user: { vi: 'tài khoản', en: 'account' },
  route: { vi: 'địa chỉ', en: 'route' },
  department: { vi: 'cơ quan, đơn vị', en: 'department' },
  petition: { vi: 'kiến nghị', en: 'petition' },
  calendarOverride: { vi: 'ngày điều chỉnh lịch làm việc', en: 'calendar override' },
} as const satisfies Record<string, Message>;

export type EntityKey = keyof typeof ENTITIES;

export const MESSAGES = {
  unauthorized: { vi: 'Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ', en: 'Missing or invalid token' },
  forbidden: { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'Not allowed' },
  notFound: { vi: 'Không tìm thấy', en: 'Not found' },
  badRequest: { vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  payloadTooLarge: { vi: 'Dữ liệu gửi lên quá lớn', en: 'Payload too large' },
  rateLimited: { vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau ít phút', en: 'Too many requests' },
  internal: { vi: 'Lỗi máy chủ, vui lòng thử lại', en: 'Internal server error' },
  unavailable: { vi: 'Dịch vụ tạm thời không sẵn sàng, vui lòng thử lại', en: 'Service unavailable' },
  malformedBody: { vi: 'Nội dung yêu cầu không hợp lệ (JSON sai cú pháp?)', en: 'Malformed request body' },
  conflict: { vi: 'Xung đột dữ liệu', en: 'Conflict' },
  notAnObject: { vi: 'Dữ liệu gửi lên phải là một đối tượng JSON', en: 'The payload must be an object' },
} as const satisfies Record<string, Message>;

/** `404 not_found`: "Không tìm thấy hội nghị <id>" / "Conference <id> not found". */
export function notFoundMessage(entity: Message, id: string): Message {
  const en = entity.en.charAt(0).toUpperCase() + entity.en.slice(1);
  return { vi: `Không tìm thấy ${entity.vi} ${id}`, en: `${en} ${id} not found` };
}

/** `409 stale_version`. */
export function staleVersionMessage(current: number): Message {
  return {
    vi: `Dữ liệu vừa được người khác cập nhật (phiên bản hiện tại ${current}). Tải lại để xem thay đổi.`,
    en: `Stale version: the current version is ${current}. Reload to see the changes.`,
  };
}

/** A field that names a point that does not exist (`pointId`, `hostPointId`, `subtreeOf`…). */
export function unknownPointMessage(field: string, id: string): Message {
  return { vi: `${field}: không có điểm cầu ${id}`, en: `${field}: no such point ${id}` };
}

/** A malformed id in a path (the one id pipe's answer). */
export function malformedIdMessage(param: string): Message {
  return { vi: `${param}: mã định danh phải là UUID`, en: `${param} must be a UUID` };
}
