/// <reference lib="dom" />
import { useEffect, useState } from 'preact/hooks';
import type { AttendanceKind, Level, PresenceState } from '../../src/presence/presence.events';
import type { ConferenceFormat, ConferenceStatus, ItemKind, Role } from './types';
import { BROADCAST_EN, BROADCAST_VI } from './broadcast/words';
import { zoneLabel } from './time';

/** Every word on the pages, Vietnamese first (GLOSSARY.md), English by the switch in the header. */
export type Lang = 'vi' | 'en';

const vi = {
  /** Readiness, releases, print view, report (broadcast/words.ts). */
  bc: BROADCAST_VI,
  appName: 'Diemcau',
  appTagline: 'Hội nghị trực tuyến kết nối các điểm cầu',
  otherLang: 'English',
  otherLangCode: 'en' as Lang,
  switchLangLabel: 'Switch to English',
  skipToContent: 'Bỏ qua, tới nội dung chính',
  // sign in
  signIn: 'Đăng nhập',
  signInTitle: 'Đăng nhập hệ thống hội nghị trực tuyến',
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  signingIn: 'Đang đăng nhập…',
  signOut: 'Đăng xuất',
  signedInAs: (u: string, r: string) => `${u} (${r})`,
  roles: { admin: 'Quản trị', organizer: 'Ban tổ chức', operator: 'Cán bộ điều hành', point: 'Điểm cầu', department: 'Cơ quan, đơn vị xử lý' } as Record<
    Role,
    string
  >,
  // common
  loading: 'Đang tải…',
  reload: 'Tải lại',
  save: 'Lưu',
  saving: 'Đang lưu…',
  cancel: 'Hủy bỏ',
  delete: 'Xóa',
  edit: 'Sửa',
  close: 'Đóng',
  send: 'Gửi',
  back: 'Quay lại',
  notFound: 'Không tìm thấy trang',
  backHome: 'Về danh sách hội nghị',
  error: 'Lỗi',
  done: 'Đã xong',
  minutes: (n: number) => `${n} phút`,
  seconds: (n: number) => `${n} giây`,
  // conferences
  conferences: 'Hội nghị',
  conference: 'Hội nghị',
  today: 'Hôm nay',
  upcoming: 'Sắp diễn ra',
  past: 'Đã qua',
  noConferences: 'Chưa có hội nghị nào.',
  newConference: 'Tạo hội nghị',
  editConference: 'Sửa hội nghị',
  board: 'Bảng điều hành',
  agenda: 'Chương trình hội nghị',
  pointsOnline: (n: number, total: number) => `${n}/${total} điểm cầu đã kết nối`,
  statuses: { draft: 'Bản nháp', scheduled: 'Đã lên lịch', live: 'Đang diễn ra', ended: 'Đã kết thúc', cancelled: 'Đã hủy' } as Record<
    ConferenceStatus,
    string
  >,
  formats: { online: 'Trực tuyến', in_person: 'Trực tiếp', hybrid: 'Trực tiếp kết hợp trực tuyến' } as Record<ConferenceFormat, string>,
  statusActions: { scheduled: 'Lên lịch', live: 'Bắt đầu hội nghị', ended: 'Kết thúc hội nghị', cancelled: 'Hủy hội nghị', draft: '' } as Record<
    ConferenceStatus,
    string
  >,
  confirmStatus: (label: string) => `Xác nhận: ${label}?`,
  // levels, states
  levels: { central: 'Trung ương', province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã', enterprise: 'Doanh nghiệp' } as Record<Level, string>,
  levelRatio: (level: string, online: number, total: number) => `${level}: ${online}/${total}`,
  connectedWord: 'đã kết nối',
  underParent: (parent: string, online: number, total: number) => `Thuộc ${parent}: ${online}/${total} đã kết nối`,
  otherParent: 'điểm cầu khác',
  states: { online: 'Đã kết nối', unstable: 'Chập chờn', offline: 'Mất kết nối', absent: 'Chưa kết nối', left: 'Đã rời' } as Record<PresenceState, string>,
  unstableFor: (s: number) => `Chập chờn (mất tín hiệu ${s} giây)`,
  attendance: { in_person: 'Dự trực tiếp', online: 'Dự trực tuyến', absent: 'Vắng mặt' } as Record<AttendanceKind, string>,
  absentReason: (r: string) => `Vắng mặt (lý do: ${r})`,
  confirmedByPhone: 'Đã xác nhận qua điện thoại',
  audioOk: 'Âm thanh tốt',
  audioFail: 'Lỗi âm thanh',
  videoOk: 'Hình ảnh tốt',
  videoFail: 'Lỗi hình ảnh',
  audio: 'Âm thanh',
  video: 'Hình ảnh',
  latestAgenda: 'Đã nhận chương trình mới nhất',
  oldAgenda: (v: number) => `Chương trình cũ (bản ${v})`,
  agendaShort: (v: number, latest: boolean) => (latest ? `CT bản ${v} ✓` : `CT bản ${v} (cũ)`),
  drops: (n: number) => `Mất tín hiệu ${n} lần`,
  heartbeatTitle: (n: number) => `Kết nối 30 phút qua (xanh: đã kết nối, vàng: chập chờn, đỏ: mất kết nối, xám: chưa kết nối). Mất tín hiệu ${n} lần.`,
  heartbeatShort: (n: number) => `Kết nối 30 phút qua · mất tín hiệu ${n} lần`,
  showMore: 'Xem thêm',
  contact: 'Người liên hệ',
  call: 'Gọi',
  noContact: 'Chưa có người liên hệ',
  // board
  connectionLost: 'Mất kết nối tới máy chủ, đang kết nối lại…',
  resynced: 'Đã kết nối lại, bảng đã được cập nhật.',
  notOnline: 'Điểm cầu chưa kết nối',
  allOnline: 'Tất cả điểm cầu đã kết nối.',
  andMore: (n: number) => `và ${n} điểm cầu khác`,
  alerts: 'Cảnh báo',
  droppedAlert: (name: string) => `${name} vừa mất tín hiệu`,
  manyDropped: (n: number) => `${n} điểm cầu vừa mất tín hiệu`,
  soundOn: 'Âm báo: bật',
  soundOff: 'Âm báo: tắt',
  current: 'Đang diễn ra',
  next: 'Tiếp theo',
  noCurrentItem: 'Chưa bắt đầu nội dung nào',
  noNextItem: 'Không còn nội dung tiếp theo',
  presentingPoint: 'Điểm cầu phát biểu',
  presentingNotOnline: (name: string, state: string) => `Điểm cầu phát biểu tiếp theo "${name}" đang ở trạng thái: ${state}`,
  setCurrent: 'Đặt là nội dung đang diễn ra',
  goNext: 'Chuyển sang nội dung tiếp theo',
  rollcall: 'Điểm danh',
  startRollcall: 'Bắt đầu điểm danh',
  rollcallTimeout: 'Thời gian chờ (giây)',
  rollcallProgress: (a: number, total: number) => `Đã trả lời ${a}/${total}`,
  rollcallDone: 'Điểm danh đã kết thúc',
  rollcallRunning: (s: number) => `Còn ${s} giây`,
  rollcallOpen: 'Đang điểm danh',
  rollcallMissing: 'Chưa trả lời',
  answered: 'Có mặt',
  notice: 'Thông báo',
  noticeText: 'Nội dung thông báo',
  noticeTo: 'Gửi tới',
  noticeAll: 'Tất cả điểm cầu',
  noticeLevel: (l: string) => `Tất cả ${l.toLowerCase()}`,
  noticePoint: (n: string) => `Chỉ điểm cầu: ${n}`,
  markAttendance: 'Ghi nhận tham dự',
  markInPerson: 'Dự trực tiếp',
  markPhone: 'Đã xác nhận qua điện thoại',
  markAbsent: 'Vắng mặt',
  reason: 'Lý do',
  reasonRequired: 'Hãy nhập lý do vắng mặt.',
  selectedPoint: 'Điểm cầu đang chọn',
  selectHint: 'Chọn một điểm cầu trên bảng để xem chi tiết, ghi nhận tham dự hoặc gửi thông báo riêng.',
  since: 'Từ lúc',
  lastSeen: 'Lần cuối thấy',
  connections: 'Số kết nối',
  code: 'Mã',
  pointName: 'Điểm cầu',
  role: 'Vai trò',
  agendaEnds: (a: string, c: string) => `Chương trình kết thúc lúc ${a} · hội nghị kết thúc lúc ${c}`,
  level: 'Cấp',
  state: 'Trạng thái',
  findPoint: 'Tìm điểm cầu (mã hoặc tên)',
  findNone: 'Không tìm thấy điểm cầu này trong hội nghị.',
  /** The board search's place among its matches, e.g. "2/5"; Enter again moves on to the next match. */
  findOf: (i: number, n: number) => `${i}/${n}`,
  findOfTitle: (i: number, n: number) => `Kết quả ${i} trên ${n}. Nhấn Enter để sang điểm cầu tiếp theo.`,
  findFound: (name: string, i: number, n: number) => `${name}: kết quả ${i} trên ${n}`,
  totals: (o: number, t: number, u: number, off: number, a: number) => `${o}/${t} đã kết nối · ${u} chập chờn · ${off} mất kết nối · ${a} chưa kết nối`,
  clock: 'Giờ hội nghị',
  legend: 'Chú giải',
  // check-in page
  checkinTitle: 'Trang điểm cầu',
  checkin: 'Xác nhận tham dự',
  checkingIn: 'Đang xác nhận…',
  checkedIn: 'Đã xác nhận tham dự',
  checkout: 'Rời hội nghị',
  checkoutConfirm: 'Rời hội nghị? Bảng điều hành sẽ thấy điểm cầu đã rời.',
  checkinHint: 'Bấm nút để báo với Ban tổ chức rằng điểm cầu đã sẵn sàng.',
  leftHint: 'Điểm cầu đã rời hội nghị. Bấm để tham dự lại.',
  noToken: 'Đường dẫn không có mã tham dự. Hãy mở đúng đường dẫn tham dự mà Ban tổ chức gửi.',
  badToken: 'Đường dẫn tham dự không hợp lệ hoặc đã hết hạn. Hãy xin Ban tổ chức đường dẫn mới.',
  yourPoint: 'Điểm cầu của bạn',
  signalQuestion: 'Tín hiệu tại điểm cầu',
  signalSent: 'Đã gửi tình trạng tín hiệu.',
  rollcallPrompt: 'Ban tổ chức đang điểm danh. Bấm "Có mặt" để trả lời.',
  rollcallAnswered: 'Đã trả lời điểm danh.',
  rollcallExpired: 'Đã hết thời gian điểm danh.',
  noticesReceived: 'Thông báo đã nhận',
  noNotices: 'Chưa có thông báo nào.',
  reconnectedCheckin: 'Đã kết nối lại và xác nhận tham dự lại.',
  // organizer
  title: 'Tên hội nghị',
  description: 'Mô tả',
  format: 'Hình thức',
  category: 'Loại hội nghị',
  timezone: 'Múi giờ',
  startsAt: 'Bắt đầu',
  endsAt: 'Kết thúc',
  inZone: (tz: string) => `giờ ${zoneLabel(tz, 'vi')}`,
  zoneOption: (tz: string) => `Giờ ${zoneLabel(tz, 'vi')}`,
  hostPoint: 'Điểm cầu chính',
  choose: '— Chọn —',
  create: 'Tạo hội nghị',
  created: 'Đã tạo hội nghị.',
  saved: 'Đã lưu.',
  endBeforeStart: 'Thời gian kết thúc phải sau thời gian bắt đầu.',
  invalidTime: 'Thời gian không hợp lệ.',
  conferenceStale: 'Hội nghị vừa được người khác cập nhật. Tải lại để xem thay đổi (nội dung bạn đang nhập được giữ lại).',
  conferenceAlsoChanged: (fields: string) =>
    `Người khác cũng vừa sửa ô bạn đang sửa: ${fields}. Ô đó vẫn giữ nội dung bạn nhập; bấm Lưu sẽ ghi đè giá trị của họ.`,
  nothingToSave: 'Không có thay đổi nào cần lưu.',
  clashTitle: 'Trùng lịch',
  clashWith: (title: string) => `Trùng lịch với hội nghị "${title}"`,
  forceInvite: 'Vẫn tiếp tục (bỏ qua trùng lịch)',
  invitedPoints: 'Điểm cầu được mời',
  invitePoints: 'Mời điểm cầu',
  inviteSelected: (n: number) => `Mời ${n} điểm cầu đã chọn`,
  inviteSubtree: 'Mời cả nhánh',
  subtreeOf: 'Thuộc nhánh',
  subtreeLevels: 'Các cấp',
  invited: (n: number) => `Đã mời. Hội nghị có ${n} điểm cầu.`,
  remove: 'Bỏ mời',
  host: 'Điểm cầu chính',
  participant: 'Tham dự',
  modes: { online: 'Trực tuyến', in_person: 'Trực tiếp' } as Record<'online' | 'in_person', string>,
  expand: 'Mở',
  collapse: 'Thu gọn',
  checkinLinks: 'Đường dẫn tham dự',
  issueLinks: 'Cấp đường dẫn tham dự',
  reissueWarning: 'Cấp lại sẽ làm các đường dẫn cũ của hội nghị này hết hiệu lực. Tiếp tục?',
  linksIssued: (n: number) => `Đã cấp ${n} đường dẫn tham dự.`,
  copy: 'Sao chép',
  copied: 'Đã sao chép',
  qr: 'Mã QR',
  qrFor: (n: string) => `Mã QR tham dự: ${n}`,
  print: 'In',
  validUntil: 'Hiệu lực đến',
  downloads: 'Tải về',
  downloadIcs: 'Tải lịch (.ics)',
  downloadCsv: 'Báo cáo tham dự (CSV)',
  status: 'Trạng thái',
  noPointsInvited: 'Chưa mời điểm cầu nào.',
  // agenda editor
  agendaEditor: 'Soạn chương trình hội nghị',
  version: (v: number) => `Lần sửa thứ ${v}`,
  versionHint: 'Mỗi lần lưu tăng thêm một; giúp phát hiện khi hai người cùng sửa.',
  overrun: (n: number) => `Vượt thời gian ${n} phút`,
  overrunHint: 'Chương trình kéo dài quá giờ kết thúc hội nghị.',
  staleAgenda: 'Chương trình vừa được người khác cập nhật. Tải lại để xem thay đổi (nội dung bạn đang nhập được giữ lại).',
  addItem: 'Thêm nội dung',
  editItem: 'Sửa nội dung',
  itemTitle: 'Tên nội dung',
  kind: 'Loại',
  duration: 'Thời lượng (phút)',
  presenter: 'Người trình bày',
  responsibleUnit: 'Đơn vị chủ trì',
  notes: 'Ghi chú',
  none: '— Không —',
  moveUp: 'Lên',
  moveDown: 'Xuống',
  moveUpLabel: (t: string) => `Chuyển "${t}" lên trên`,
  moveDownLabel: (t: string) => `Chuyển "${t}" xuống dưới`,
  dragHint: 'Kéo thả để sắp xếp lại, hoặc dùng nút Lên/Xuống.',
  dragHandle: (t: string) => `Kéo để di chuyển "${t}"`,
  deleteConfirm: (t: string) => `Xóa nội dung "${t}"?`,
  noItems: 'Chương trình chưa có nội dung nào.',
  time: 'Thời gian',
  kinds: {
    opening: 'Khai mạc',
    report: 'Báo cáo',
    speech: 'Phát biểu',
    discussion: 'Thảo luận',
    break: 'Giải lao',
    video: 'Trình chiếu video',
    qa: 'Hỏi đáp',
    closing: 'Bế mạc',
  } as Record<ItemKind, string>,
  // errors, worded from the server's `code` and `params` (see wordError)
  errors: {
    entities: {
      conference: 'hội nghị',
      point: 'điểm cầu',
      agendaItem: 'nội dung chương trình',
      invitation: 'lời mời điểm cầu',
      pointInConference: 'điểm cầu trong hội nghị',
      rollcall: 'lượt điểm danh',
      user: 'tài khoản',
      route: 'địa chỉ',
      petition: 'kiến nghị',
      department: 'cơ quan, đơn vị',
      calendarOverride: 'ngày điều chỉnh lịch làm việc',
    } as Record<string, string>,
    notFound: (entity?: string) => (entity ? `Không tìm thấy ${entity}.` : 'Không tìm thấy.'),
    staleVersion: 'Dữ liệu vừa được người khác cập nhật. Tải lại để xem thay đổi.',
    unauthorized: 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.',
    forbidden: 'Bạn không có quyền thực hiện thao tác này.',
    rateLimited: (minutes?: number) =>
      minutes ? `Quá nhiều lần thử, vui lòng thử lại sau ${minutes} phút.` : 'Quá nhiều yêu cầu, vui lòng thử lại sau ít phút.',
    payloadTooLarge: 'Dữ liệu gửi lên quá lớn.',
    zaloWindowClosed: 'Đã quá 48 giờ kể từ tin nhắn cuối của người lao động: Zalo chỉ cho trả lời khi họ nhắn lại.',
    zaloRepliesUsed: 'Đã dùng hết 8 lần trả lời miễn phí kể từ tin nhắn cuối của người lao động: chờ họ nhắn tiếp.',
    zaloError: (code?: number, message?: string) =>
      `Zalo từ chối gửi tin${code === undefined ? '' : ` (mã ${code}${message ? `: ${message}` : ''})`}; tin nhắn được giữ ở trạng thái lỗi, có thể gửi lại.`,
    zaloUnreachable: 'Không liên lạc được với Zalo nên tin nhắn chưa được gửi; tin nhắn được giữ ở trạng thái lỗi, có thể gửi lại.',
    zaloReauthorize: (code?: number, message?: string) =>
      `Kết nối Zalo đã hết hiệu lực${code === undefined || code === -1 ? '' : ` (Zalo từ chối cấp lại token, mã ${code}${message ? `: ${message}` : ''})`}: quản trị viên cần kết nối lại Zalo OA thì mới gửi được. Tin nhắn được giữ ở trạng thái lỗi, gửi lại sau khi đã kết nối lại.`,
    internal: 'Lỗi máy chủ, vui lòng thử lại.',
    network: 'Không liên lạc được với máy chủ.',
    noAnswer: 'Máy chủ không trả lời.',
    removedFromConference: 'Ban tổ chức đã rút điểm cầu này khỏi danh sách mời của hội nghị. Nếu có nhầm lẫn, xin gọi cho ban tổ chức.',
    illegalTransition: (from: string, to: string) => `Không thể chuyển hội nghị từ "${from}" sang "${to}".`,
    closed: (status: string) => `Hội nghị ${status.toLowerCase()}, không thể thay đổi.`,
    scheduleClash: (title: string, others: number) => `Trùng lịch với hội nghị "${title}"${others ? ` (và ${others} trường hợp khác)` : ''}.`,
  },
  /** `/admin/zalo` when Zalo refused the stored refresh token. */
  zaloConnection: {
    reauthorize: 'Kết nối Zalo đã hết hiệu lực: cần kết nối lại',
    refusedAt: (at: string, code: number, message: string) => `Zalo từ chối cấp lại token lúc ${at} (mã ${code}${message ? `: ${message}` : ''}).`,
    noToken: 'Máy chủ chưa lưu refresh token nào.',
    blocked: 'Trả lời phản ánh qua Zalo không gửi được cho đến khi kết nối lại.',
    formTitle: 'Kết nối lại Zalo OA',
    tokenLabel: 'Refresh token mới',
    tokenHint:
      'Lấy trong Zalo for Developers (developers.zalo.me) bằng tài khoản quản trị OA: API Explorer (hoặc luồng OAuth v4 cho OA) → lấy refresh token của OA (không phải access token), rồi dán vào đây. Máy chủ thử ngay với Zalo; token không bao giờ được hiển thị lại.',
    submit: 'Lưu và kết nối lại',
    saving: 'Đang kết nối…',
    reconnected: '✓ Đã kết nối lại',
    refused: 'Zalo không nhận refresh token này (xem lý do ở trên): hãy lấy một refresh token mới rồi thử lại.',
  },
};

export type Dict = typeof vi;

const en: Dict = {
  bc: BROADCAST_EN,
  appName: 'Diemcau',
  appTagline: 'Hybrid conferences linking bridge points',
  otherLang: 'Tiếng Việt',
  otherLangCode: 'vi',
  switchLangLabel: 'Chuyển sang tiếng Việt',
  skipToContent: 'Skip to main content',
  signIn: 'Sign in',
  signInTitle: 'Sign in to the conference system',
  username: 'Username',
  password: 'Password',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedInAs: (u, r) => `${u} (${r})`,
  roles: { admin: 'Administrator', organizer: 'Organizer', operator: 'Operator', point: 'Bridge point', department: 'Department' },
  loading: 'Loading…',
  reload: 'Reload',
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
  delete: 'Delete',
  edit: 'Edit',
  close: 'Close',
  send: 'Send',
  back: 'Back',
  notFound: 'Page not found',
  backHome: 'Back to the conferences',
  error: 'Error',
  done: 'Done',
  minutes: (n) => `${n} min`,
  seconds: (n) => `${n} s`,
  conferences: 'Conferences',
  conference: 'Conference',
  today: 'Today',
  upcoming: 'Upcoming',
  past: 'Past',
  noConferences: 'No conferences yet.',
  newConference: 'New conference',
  editConference: 'Edit conference',
  board: 'Live board',
  agenda: 'Agenda',
  pointsOnline: (n, total) => `${n}/${total} points connected`,
  statuses: { draft: 'Draft', scheduled: 'Scheduled', live: 'Live', ended: 'Ended', cancelled: 'Cancelled' },
  formats: { online: 'Online', in_person: 'In person', hybrid: 'Hybrid' },
  statusActions: { scheduled: 'Schedule', live: 'Start the conference', ended: 'End the conference', cancelled: 'Cancel the conference', draft: '' },
  confirmStatus: (label) => `Confirm: ${label}?`,
  levels: { central: 'Central', province: 'Province', district: 'District', commune: 'Commune', enterprise: 'Enterprise' },
  levelRatio: (level, online, total) => `${level}: ${online}/${total}`,
  connectedWord: 'connected',
  underParent: (parent, online, total) => `Under ${parent}: ${online}/${total} connected`,
  otherParent: 'other points',
  states: { online: 'Online', unstable: 'Unstable', offline: 'Offline', absent: 'Absent', left: 'Left' },
  unstableFor: (s) => `Unstable (signal lost ${s} s)`,
  attendance: { in_person: 'In person', online: 'Online', absent: 'Absent' },
  absentReason: (r) => `Absent (reason: ${r})`,
  confirmedByPhone: 'Confirmed by phone',
  audioOk: 'Audio OK',
  audioFail: 'Audio problem',
  videoOk: 'Video OK',
  videoFail: 'Video problem',
  audio: 'Audio',
  video: 'Video',
  latestAgenda: 'Holds the latest agenda',
  oldAgenda: (v) => `Old agenda (version ${v})`,
  agendaShort: (v, latest) => (latest ? `Agenda v${v} ✓` : `Agenda v${v} (old)`),
  drops: (n) => (n === 1 ? 'Signal lost once' : `Signal lost ${n} times`),
  heartbeatTitle: (n) =>
    `Connection over the last 30 minutes (green: online, amber: unstable, red: offline, grey: absent). Signal lost ${n === 1 ? 'once' : `${n} times`}.`,
  heartbeatShort: (n) => `Connection over the last 30 minutes · signal lost ${n === 1 ? 'once' : `${n} times`}`,
  showMore: 'Show more',
  contact: 'Contact',
  call: 'Call',
  noContact: 'No contact given',
  connectionLost: 'Connection to the server lost, reconnecting…',
  resynced: 'Reconnected, the board is up to date.',
  notOnline: 'Points not online',
  allOnline: 'Every point is online.',
  andMore: (n) => `and ${n} more points`,
  alerts: 'Alerts',
  droppedAlert: (name) => `${name} lost its signal`,
  manyDropped: (n) => `${n} points just lost their signal`,
  soundOn: 'Alert sound: on',
  soundOff: 'Alert sound: off',
  current: 'Now',
  next: 'Next',
  noCurrentItem: 'No item started yet',
  noNextItem: 'No next item',
  presentingPoint: 'Presenting point',
  presentingNotOnline: (name, state) => `The next presenting point "${name}" is: ${state}`,
  setCurrent: 'Set as the current item',
  goNext: 'Move to the next item',
  rollcall: 'Roll call',
  startRollcall: 'Start a roll call',
  rollcallTimeout: 'Time to answer (seconds)',
  rollcallProgress: (a, total) => `Answered ${a}/${total}`,
  rollcallDone: 'Roll call finished',
  rollcallRunning: (s) => `${s} s left`,
  rollcallOpen: 'Roll call open',
  rollcallMissing: 'Not answered',
  answered: 'Present',
  notice: 'Notice',
  noticeText: 'Notice text',
  noticeTo: 'Send to',
  noticeAll: 'All points',
  noticeLevel: (l) => `Every point at level: ${l}`,
  noticePoint: (n) => `Only the point: ${n}`,
  markAttendance: 'Record attendance',
  markInPerson: 'In person',
  markPhone: 'Confirmed by phone',
  markAbsent: 'Absent',
  reason: 'Reason',
  reasonRequired: 'Enter the reason for the absence.',
  selectedPoint: 'Selected point',
  selectHint: 'Select a point on the board to see its details, record its attendance or send it a notice.',
  since: 'Since',
  lastSeen: 'Last seen',
  connections: 'Connections',
  code: 'Code',
  pointName: 'Point',
  role: 'Role',
  agendaEnds: (a, c) => `The agenda ends at ${a} · the conference ends at ${c}`,
  level: 'Level',
  state: 'State',
  findPoint: 'Find a point (code or name)',
  findNone: 'No such point in this conference.',
  findOf: (i: number, n: number) => `${i}/${n}`,
  findOfTitle: (i: number, n: number) => `Match ${i} of ${n}. Press Enter for the next point.`,
  findFound: (name: string, i: number, n: number) => `${name}: match ${i} of ${n}`,
  totals: (o, t, u, off, a) => `${o}/${t} online · ${u} unstable · ${off} offline · ${a} absent`,
  clock: 'Conference time',
  legend: 'Legend',
  checkinTitle: 'Bridge point page',
  checkin: 'Check in',
  checkingIn: 'Checking in…',
  checkedIn: 'Checked in',
  checkout: 'Leave the conference',
  checkoutConfirm: 'Leave the conference? The board will show this point as left.',
  checkinHint: 'Press the button to tell the organizers this point is ready.',
  leftHint: 'This point has left the conference. Press to join again.',
  noToken: 'This link has no check-in token. Open the exact check-in link the organizers sent.',
  badToken: 'This check-in link is invalid or has expired. Ask the organizers for a new one.',
  yourPoint: 'Your point',
  signalQuestion: 'Signal at this point',
  signalSent: 'Signal status sent.',
  rollcallPrompt: 'The organizers are taking a roll call. Press "Present" to answer.',
  rollcallAnswered: 'Roll call answered.',
  rollcallExpired: 'The roll call has closed.',
  noticesReceived: 'Notices received',
  noNotices: 'No notices yet.',
  reconnectedCheckin: 'Reconnected and checked in again.',
  title: 'Title',
  description: 'Description',
  format: 'Format',
  category: 'Category',
  timezone: 'Timezone',
  startsAt: 'Starts',
  endsAt: 'Ends',
  inZone: (tz) => `${zoneLabel(tz, 'en')} time`,
  zoneOption: (tz) => `${zoneLabel(tz, 'en')} time`,
  hostPoint: 'Host point',
  choose: '— Choose —',
  create: 'Create the conference',
  created: 'Conference created.',
  saved: 'Saved.',
  endBeforeStart: 'The end must be after the start.',
  invalidTime: 'Invalid time.',
  conferenceStale: 'Someone else changed this conference. Reload to see the changes (what you typed is kept).',
  conferenceAlsoChanged: (fields: string) =>
    `Someone else also changed a field you are editing: ${fields}. It keeps what you typed; saving overwrites their value.`,
  nothingToSave: 'Nothing to save: no field changed.',
  clashTitle: 'Schedule clash',
  clashWith: (title) => `Clashes with the conference "${title}"`,
  forceInvite: 'Go ahead anyway (ignore the clash)',
  invitedPoints: 'Invited points',
  invitePoints: 'Invite points',
  inviteSelected: (n) => `Invite the ${n} selected points`,
  inviteSubtree: 'Invite the whole subtree',
  subtreeOf: 'Under',
  subtreeLevels: 'Levels',
  invited: (n) => `Invited. The conference now has ${n} points.`,
  remove: 'Uninvite',
  host: 'Host',
  participant: 'Participant',
  modes: { online: 'Online', in_person: 'In person' },
  expand: 'Expand',
  collapse: 'Collapse',
  checkinLinks: 'Check-in links',
  issueLinks: 'Issue check-in links',
  reissueWarning: 'Issuing again revokes the earlier links of this conference. Continue?',
  linksIssued: (n) => `${n} check-in links issued.`,
  copy: 'Copy',
  copied: 'Copied',
  qr: 'QR code',
  qrFor: (n) => `Check-in QR code: ${n}`,
  print: 'Print',
  validUntil: 'Valid until',
  downloads: 'Downloads',
  downloadIcs: 'Calendar (.ics)',
  downloadCsv: 'Attendance report (CSV)',
  status: 'Status',
  noPointsInvited: 'No points invited yet.',
  agendaEditor: 'Agenda editor',
  version: (v) => `Revision ${v}`,
  versionHint: 'Goes up by one on every save; tells when two people edit at once.',
  overrun: (n) => `Overruns by ${n} minutes`,
  overrunHint: 'The agenda runs past the end of the conference.',
  staleAgenda: 'Someone else changed this agenda: reload to see the changes (what you typed is kept).',
  addItem: 'Add an item',
  editItem: 'Edit the item',
  itemTitle: 'Item title',
  kind: 'Kind',
  duration: 'Duration (minutes)',
  presenter: 'Presenter',
  responsibleUnit: 'Responsible unit',
  notes: 'Notes',
  none: '— None —',
  moveUp: 'Up',
  moveDown: 'Down',
  moveUpLabel: (t) => `Move "${t}" up`,
  moveDownLabel: (t) => `Move "${t}" down`,
  dragHint: 'Drag and drop to reorder, or use the Up/Down buttons.',
  dragHandle: (t) => `Drag to move "${t}"`,
  deleteConfirm: (t) => `Delete the item "${t}"?`,
  noItems: 'The agenda has no items yet.',
  time: 'Time',
  kinds: {
    opening: 'Opening',
    report: 'Report',
    speech: 'Speech',
    discussion: 'Discussion',
    break: 'Break',
    video: 'Video',
    qa: 'Q&A',
    closing: 'Closing',
  },
  errors: {
    entities: {
      conference: 'conference',
      point: 'bridge point',
      agendaItem: 'agenda item',
      invitation: 'invitation of the point',
      pointInConference: 'point in this conference',
      rollcall: 'roll call',
      user: 'account',
      route: 'route',
      petition: 'petition',
      department: 'department',
      calendarOverride: 'calendar override',
    },
    notFound: (entity) => (entity ? `${entity.charAt(0).toUpperCase()}${entity.slice(1)} not found.` : 'Not found.'),
    staleVersion: 'Someone else has just changed this. Reload to see the changes.',
    unauthorized: 'Not signed in, or the session has expired.',
    forbidden: 'You are not allowed to do this.',
    rateLimited: (minutes) => (minutes ? `Too many attempts, try again in ${minutes} minute(s).` : 'Too many requests, try again in a few minutes.'),
    payloadTooLarge: 'The data sent is too large.',
    zaloWindowClosed: "More than 48 hours since the worker's last message: Zalo allows a reply only after they write again.",
    zaloRepliesUsed: "All 8 free replies since the worker's last message are used: wait for their next message.",
    zaloError: (code?: number, message?: string) =>
      `Zalo refused the message${code === undefined ? '' : ` (error ${code}${message ? `: ${message}` : ''})`}; it is kept as failed and can be sent again.`,
    zaloUnreachable: 'Zalo could not be reached, so the message was not sent; it is kept as failed and can be sent again.',
    zaloReauthorize: (code?: number, message?: string) =>
      `The Zalo connection has expired${code === undefined || code === -1 ? '' : ` (Zalo refused to renew the token, error ${code}${message ? `: ${message}` : ''})`}: an admin must reconnect the Zalo OA before anything can be sent. The message is kept as failed; send it again once reconnected.`,
    internal: 'Server error, please try again.',
    network: 'Cannot reach the server.',
    noAnswer: 'No answer from the server.',
    removedFromConference: "The organizers removed this point from the conference's invitations. If this is a mistake, please call them.",
    illegalTransition: (from, to) => `A conference cannot go from "${from}" to "${to}".`,
    closed: (status) => `The conference is ${status.toLowerCase()} and can no longer be changed.`,
    scheduleClash: (title, others) => `Schedule clash with "${title}"${others ? ` (and ${others} more)` : ''}.`,
  },
  zaloConnection: {
    reauthorize: 'The Zalo connection has expired: it must be reconnected',
    refusedAt: (at, code, message) => `Zalo refused to renew the token at ${at} (error ${code}${message ? `: ${message}` : ''}).`,
    noToken: 'The server has no refresh token stored.',
    blocked: 'Replies to Zalo feedback cannot be sent until it is reconnected.',
    formTitle: 'Reconnect the Zalo OA',
    tokenLabel: 'New refresh token',
    tokenHint:
      "Get it in Zalo for Developers (developers.zalo.me) with the OA's administrator account: API Explorer (or the OAuth v4 flow for an OA) → take the OA's refresh token (not the access token) and paste it here. The server tries it with Zalo at once; the token is never shown again.",
    submit: 'Save and reconnect',
    saving: 'Connecting…',
    reconnected: '✓ Reconnected',
    refused: 'Zalo did not accept this refresh token (the reason is above): take a new refresh token and try again.',
  },
};

const KEY = 'diemcau.lang';
// Outside a browser (the unit specs) there is no storage and no document: Vietnamese.
const storage = typeof localStorage === 'undefined' ? null : localStorage;
let lang: Lang = storage?.getItem(KEY) === 'en' ? 'en' : 'vi';
if (typeof document !== 'undefined') document.documentElement.lang = lang;
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  storage?.setItem(KEY, next);
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

/** The dictionary of the current language; a component using it re-renders on a switch. */
export function useT(): Dict {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return lang === 'en' ? en : vi;
}

/** The dictionary outside components (alerts, titles). */
export function T(): Dict {
  return lang === 'en' ? en : vi;
}

export function onLangChange(l: () => void): () => void {
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** What a page knows of a refused request or event: the server's code, its params and its words per language. */
export interface ErrorInfo {
  code: string;
  params?: Record<string, unknown>;
  messages?: { vi: string | string[]; en: string | string[] };
  /** The contract's single string, for an answer without `messages` (an older server). */
  message?: string | string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The words of any error in the page's language: an ApiError or a socket ack's `error` (anything with a `code`),
 * anything else thrown. Here rather than in api.ts, so that the fetch layer (loaded with the board's early reads,
 * before the pages) does not bring the dictionaries and luxon with it.
 */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && typeof (e as ErrorInfo).code === 'string') return wordError(e as ErrorInfo);
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * The page's words for an error: from `code` + `params` when the page knows the code, else the server's
 * sentence in the page's language (`messages[lang]`). Never cuts a joined "vi / en" string apart.
 */
export function wordError(e: ErrorInfo, lang: Lang = getLang()): string {
  const d = lang === 'en' ? en : vi;
  const w = d.errors;
  const p = e.params ?? {};
  switch (e.code) {
    case 'not_found': {
      const entity = str(p.entity);
      return w.notFound(entity ? w.entities[entity] : undefined);
    }
    case 'validation_failed':
      // The contract's precision: a malformed id reads like an unknown one.
      if (p.reason === 'malformed_id') {
        const entity = str(p.entity);
        return w.notFound(entity ? w.entities[entity] : undefined);
      }
      break;
    case 'stale_version':
      return w.staleVersion;
    case 'unauthorized':
      if (!e.messages) return w.unauthorized;
      break;
    case 'forbidden':
      if (!e.messages) return w.forbidden;
      break;
    case 'rate_limited': {
      const seconds = num(p.retryAfterSeconds);
      return w.rateLimited(seconds === undefined ? undefined : Math.ceil(seconds / 60));
    }
    case 'payload_too_large':
      return w.payloadTooLarge;
    case 'outside_reply_window':
      return p.reason === 'replies_used' ? w.zaloRepliesUsed : w.zaloWindowClosed;
    case 'zalo_error':
      // the token refresh was refused: sending again cannot work before an admin reconnects the OA
      if (p.reason === 'reauthorize') return w.zaloReauthorize(num(p.zaloError), str(p.zaloMessage));
      // -1: the server got no answer from Zalo (unreachable, timed out), not a refusal
      return num(p.zaloError) === -1 ? w.zaloUnreachable : w.zaloError(num(p.zaloError), str(p.zaloMessage));
    case 'internal_error':
      return w.internal;
    case 'network':
      return w.network;
    case 'no_answer':
      return w.noAnswer;
    case 'removed_from_conference':
      return w.removedFromConference;
    case 'illegal_transition': {
      const from = str(p.from) as ConferenceStatus | undefined;
      const to = str(p.to) as ConferenceStatus | undefined;
      const status = str(p.status) as ConferenceStatus | undefined;
      if (from && to && d.statuses[from] && d.statuses[to]) return w.illegalTransition(d.statuses[from], d.statuses[to]);
      if (status && d.statuses[status]) return w.closed(d.statuses[status]);
      break;
    }
    case 'schedule_clash': {
      const title = str(p.title);
      if (title !== undefined) return w.scheduleClash(title, num(p.others) ?? 0);
      break;
    }
  }
  const words = e.messages?.[lang];
  if (words !== undefined) return Array.isArray(words) ? words.join(' ') : words;
  const raw = e.message;
  if (raw !== undefined) return Array.isArray(raw) ? raw.join(' ') : raw;
  return d.error;
}
