import { getLang, useT } from './i18n';

/**
 * The words of the pages that keep a live broadcast safe (links and contacts, ending a conference, dead ends):
 * Vietnamese first, English by the same switch as `i18n.ts` (kept apart so that file stays easy to merge).
 */
const vi = {
  // page states
  confNotFound: 'Không tìm thấy hội nghị',
  confNotFoundHint: 'Địa chỉ này không ứng với hội nghị nào (có thể hội nghị đã bị xóa hoặc đường dẫn bị cắt mất một phần).',
  notAllowed: 'Bạn không có quyền xem trang này',
  notAllowedHint: 'Tài khoản đang đăng nhập không được giao việc này. Hãy đăng nhập bằng tài khoản khác.',
  cannotReach: 'Không liên lạc được với máy chủ',
  cannotReachHint: 'Máy chủ chưa trả lời. Trang sẽ tự thử lại; hoặc kiểm tra mạng rồi bấm "Thử lại".',
  retry: 'Thử lại',
  retrying: 'Đang thử lại…',
  signInOther: 'Đăng nhập tài khoản khác',
  // hotline
  hotline: 'Đường dây nóng của ban tổ chức',
  hotlineName: 'Người trực đường dây nóng (ban tổ chức)',
  hotlinePhone: 'Số điện thoại đường dây nóng',
  // check-in page: closed conferences
  confCancelled: 'Hội nghị đã hủy',
  confCancelledHint: 'Điểm cầu không cần xác nhận tham dự. Nếu cần, hãy liên hệ ban tổ chức.',
  confEndedAt: (at: string) => `Hội nghị đã kết thúc lúc ${at}`,
  confEndedHint: 'Không còn xác nhận tham dự được nữa.',
  confDraft: 'Hội nghị chưa được lên lịch chính thức',
  confDraftHint: 'Nút xác nhận tham dự sẽ có khi ban tổ chức lên lịch hội nghị.',
  exchangingCode: 'Đang mở đường dẫn tham dự…',
  codeUnknown: 'Mã tham dự không đúng hoặc đã được thay bằng mã mới. Hãy xin ban tổ chức mã mới.',
  codeRateLimited: 'Nhập sai mã quá nhiều lần. Vui lòng chờ một phút rồi thử lại.',
  linkRevoked: 'Đường dẫn này vừa được ban tổ chức thay bằng đường dẫn mới. Hãy mở đường dẫn (hoặc quét mã QR) mới.',
  // links panel
  linksTitle: 'Đường dẫn tham dự và mã QR',
  linksIntro: 'Mỗi điểm cầu có một đường dẫn riêng (không cần mật khẩu). Danh sách này luôn là các đường dẫn đang dùng được; xem lại bao nhiêu lần cũng không làm mất hiệu lực.',
  noLinksYet: 'Chưa cấp đường dẫn tham dự nào cho hội nghị này.',
  issueAll: 'Cấp đường dẫn cho tất cả điểm cầu',
  issueMissing: (n: number) => `Cấp đường dẫn cho ${n} điểm cầu chưa có`,
  reissueAll: 'Cấp lại tất cả…',
  reissueOne: 'Cấp lại',
  noLink: 'Chưa có đường dẫn',
  issueOne: 'Cấp',
  shortCode: 'Mã ngắn',
  printSheet: 'In tờ mã QR',
  reissueOneConfirm: (name: string, connected: boolean) =>
    `Cấp lại đường dẫn của ${name}? Đường dẫn và mã QR cũ của điểm cầu này sẽ hết hiệu lực${connected ? ' và điểm cầu đang kết nối sẽ bị ngắt ngay' : ''}. Các điểm cầu khác không bị ảnh hưởng.`,
  reissuedOne: (name: string) => `Đã cấp lại đường dẫn cho ${name}. Hãy gửi đường dẫn (hoặc mã QR) mới cho điểm cầu.`,
  reissueAllTitle: 'Cấp lại đường dẫn của TẤT CẢ điểm cầu?',
  reissueAllConnected: (n: number, total: number) => `${n}/${total} điểm cầu đang kết nối sẽ bị ngắt ngay lập tức và chỉ vào lại được bằng đường dẫn mới.`,
  reissueAllNoneConnected: 'Hiện không có điểm cầu nào đang kết nối.',
  reissueAllEffect: 'Mọi đường dẫn và mã QR đã gửi, đã in sẽ hết hiệu lực. Nếu chỉ một điểm cầu cần đường dẫn mới, hãy dùng nút "Cấp lại" ở dòng của điểm cầu đó.',
  reissueAllAck: (n: number) => (n > 0 ? `Tôi hiểu ${n} điểm cầu đang kết nối sẽ bị ngắt` : 'Tôi hiểu mọi đường dẫn cũ sẽ hết hiệu lực'),
  reissueAllGo: 'Cấp lại tất cả',
  loopbackWarning: (host: string) =>
    `Các đường dẫn đang dùng địa chỉ "${host}", chỉ mở được trên chính máy chủ này: điện thoại của điểm cầu sẽ không mở được. Hãy mở trang bằng địa chỉ mạng LAN của máy chủ (in trong cửa sổ khởi động) hoặc đặt biến PUBLIC_URL, rồi xem lại danh sách.`,
  qrScanHint: 'Quét mã bằng camera điện thoại, hoặc mở trang tham dự và nhập mã ngắn.',
  sheetTitle: 'Mã QR tham dự hội nghị',
  sheetHint: (origin: string) => `Quét mã QR bằng camera điện thoại. Hoặc mở ${origin}/checkin và nhập mã ngắn.`,
  validUntil: (at: string) => `Dùng được đến ${at}`,
  backToConference: 'Về trang hội nghị',
  // ending a conference
  operateTitle: 'Điều hành hội nghị',
  endConference: 'Kết thúc hội nghị…',
  endTitle: 'Kết thúc hội nghị ngay bây giờ?',
  endRemaining: (left: string, at: string) => `Theo kế hoạch hội nghị còn ${left} nữa (đến ${at}).`,
  endOverrun: (over: string, at: string) => `Hội nghị đã quá giờ kết thúc dự kiến (${at}) ${over}.`,
  endEffect: 'Các điểm cầu sẽ không xác nhận tham dự được nữa, bảng điều hành chuyển sang chế độ đã kết thúc.',
  irreversible: 'Thao tác này không thể hoàn tác.',
  endGo: 'Kết thúc hội nghị',
  keepRunning: 'Quay lại, chưa kết thúc',
  startConference: 'Bắt đầu hội nghị',
  startConfirm: 'Bắt đầu hội nghị? Các điểm cầu sẽ thấy hội nghị đang diễn ra.',
  endedBanner: (at: string) => `Hội nghị đã kết thúc lúc ${at}. Bảng chỉ còn để xem lại.`,
  cancelledBanner: 'Hội nghị đã hủy. Bảng chỉ còn để xem lại.',
  attendanceReport: 'Tải báo cáo tham dự (Excel)',
  attendanceCsv: 'Báo cáo CSV',
  duration: (h: number, m: number) => (h > 0 ? `${h} giờ ${m} phút` : `${m} phút`),
  // while disconnected
  actionsPaused: 'Đang mất kết nối: các thao tác tạm khóa cho tới khi kết nối lại (không thao tác nào bị mất).',
  reconnecting: 'Đang kết nối lại…',
  checkedInOffline: 'Đã xác nhận tham dự · đang mất kết nối, sẽ tự xác nhận lại',
  autoReconfirmed: 'Trình duyệt này đã xác nhận tham dự trước đó: đã tự động xác nhận lại.',
  // board reasons
  revokedAlert: (name: string) => `${name} bị ngắt vì đường dẫn tham dự vừa được cấp lại`,
};

export type LiveDict = typeof vi;

const en: LiveDict = {
  confNotFound: 'Conference not found',
  confNotFoundHint: 'This address names no conference (it may have been deleted, or the link was cut short).',
  notAllowed: 'You may not open this page',
  notAllowedHint: 'The signed-in account is not allowed to do this. Sign in with another account.',
  cannotReach: 'Cannot reach the server',
  cannotReachHint: 'The server has not answered. The page retries by itself; or check the network and press "Retry".',
  retry: 'Retry',
  retrying: 'Retrying…',
  signInOther: 'Sign in with another account',
  hotline: "Organizers' hotline",
  hotlineName: "Organizers' hotline: contact person",
  hotlinePhone: "Organizers' hotline: phone number",
  confCancelled: 'The conference was cancelled',
  confCancelledHint: 'No check-in is needed. Contact the organizers if in doubt.',
  confEndedAt: (at) => `The conference ended at ${at}`,
  confEndedHint: 'Check-in is closed.',
  confDraft: 'The conference is not scheduled yet',
  confDraftHint: 'The check-in button appears once the organizers schedule it.',
  exchangingCode: 'Opening the check-in link…',
  codeUnknown: 'This check-in code is wrong or was replaced by a new one. Ask the organizers for the new code.',
  codeRateLimited: 'Too many wrong codes. Wait a minute and try again.',
  linkRevoked: 'The organizers replaced this link with a new one. Open the new link (or scan the new QR code).',
  linksTitle: 'Check-in links and QR codes',
  linksIntro: 'Each point has its own password-free link. This list always shows the links that work now; looking at it never revokes anything.',
  noLinksYet: 'No check-in links issued for this conference yet.',
  issueAll: 'Issue links for every point',
  issueMissing: (n) => `Issue links for the ${n} points without one`,
  reissueAll: 'Reissue all…',
  reissueOne: 'Reissue',
  noLink: 'No link yet',
  issueOne: 'Issue',
  shortCode: 'Short code',
  printSheet: 'Print the QR sheet',
  reissueOneConfirm: (name, connected) =>
    `Reissue ${name}'s link? Its old link and QR code stop working${connected ? ' and the point, connected now, is disconnected at once' : ''}. Other points are not affected.`,
  reissuedOne: (name) => `New link issued for ${name}. Send the point its new link (or QR code).`,
  reissueAllTitle: 'Reissue the links of ALL points?',
  reissueAllConnected: (n, total) => `${n}/${total} points connected now will be disconnected at once and can only come back with their new link.`,
  reissueAllNoneConnected: 'No point is connected now.',
  reissueAllEffect: 'Every link and QR code sent or printed stops working. If one point needs a new link, use "Reissue" on its row.',
  reissueAllAck: (n) => (n > 0 ? `I understand ${n} connected points will be disconnected` : 'I understand every old link stops working'),
  reissueAllGo: 'Reissue all',
  loopbackWarning: (host) =>
    `The links use "${host}", which only opens on this server itself: the points' phones cannot open them. Open this page through the server's LAN address (printed at start-up) or set PUBLIC_URL, then look at the list again.`,
  qrScanHint: "Scan with a phone's camera, or open the check-in page and type the short code.",
  sheetTitle: 'Check-in QR codes',
  sheetHint: (origin) => `Scan the QR code with a phone's camera. Or open ${origin}/checkin and type the short code.`,
  validUntil: (at) => `Valid until ${at}`,
  backToConference: 'Back to the conference',
  operateTitle: 'Run the conference',
  endConference: 'End the conference…',
  endTitle: 'End the conference now?',
  endRemaining: (left, at) => `By the plan, ${left} remain (until ${at}).`,
  endOverrun: (over, at) => `The conference is ${over} past its planned end (${at}).`,
  endEffect: 'Points can no longer check in; the board switches to its ended state.',
  irreversible: 'This cannot be undone.',
  endGo: 'End the conference',
  keepRunning: 'Go back, keep it running',
  startConference: 'Start the conference',
  startConfirm: 'Start the conference? The points will see it is live.',
  endedBanner: (at) => `The conference ended at ${at}. The board is for review only.`,
  cancelledBanner: 'The conference was cancelled. The board is for review only.',
  attendanceReport: 'Download the attendance report (Excel)',
  attendanceCsv: 'CSV report',
  duration: (h, m) => (h > 0 ? `${h} h ${m} min` : `${m} min`),
  actionsPaused: 'Connection lost: actions are paused until it is back (nothing is lost).',
  reconnecting: 'Reconnecting…',
  checkedInOffline: 'Checked in · connection lost, will check in again by itself',
  autoReconfirmed: 'This browser had checked in before: checked in again automatically.',
  revokedAlert: (name) => `${name} was disconnected: its check-in link was just reissued`,
};

/** The dictionary in the page's language; re-renders on the language switch like `useT`. */
export function useL(): LiveDict {
  useT();
  return getLang() === 'en' ? en : vi;
}

/** Outside components (alerts). */
export function L(): LiveDict {
  return getLang() === 'en' ? en : vi;
}
