import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  ANSWER_MODES,
  CHANNELS,
  FIELDS,
  PETITION_KINDS,
  type AnswerMode,
  type Channel,
  type PetitionField,
  type PetitionKind,
} from '../entities/petition.entity';
import { DIRECTIONS, MESSAGE_STATUSES, type Direction, type MessageStatus } from '../entities/petition-message.entity';
import { HISTORY_ACTIONS, PETITION_ACTIONS, PETITION_STATUSES, type HistoryAction, type PetitionStatus } from '../rules/petition-status';

export class SubmitterResponse {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) organization: string | null;
  @ApiProperty({ nullable: true, type: String }) taxCode: string | null;
  @ApiProperty({ nullable: true, type: String, example: '+84912345678' }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) pointId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Chỉ ban tổ chức và quản trị / organizers and admins only' }) zaloUserId: string | null;
}

export class DepartmentRefResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Sở Tài nguyên và Môi trường' }) name: string;
}

export class AnswerResponse {
  @ApiProperty({ enum: ANSWER_MODES }) mode: AnswerMode;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) documentNo: string | null;
  @ApiProperty({ nullable: true, type: String }) signedBy: string | null;
  @ApiProperty({ description: 'Tên đăng nhập người ghi câu trả lời / who recorded it' }) answeredBy: string;
}

export class CommitmentResponse {
  @ApiProperty() text: string;
  @ApiProperty({ example: '2026-05-10T17:00:00.000+07:00' }) dueAt: string;
  @ApiProperty() done: boolean;
}

export class PetitionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'KN-2026-000042' }) code: string;
  @ApiProperty({ enum: PETITION_KINDS }) kind: PetitionKind;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() title: string;
  @ApiProperty() content: string;
  @ApiProperty({ enum: FIELDS }) field: PetitionField;
  @ApiProperty({
    type: SubmitterResponse,
    description:
      'Ẩn (null) với cơ quan xử lý khi ẩn danh; danh sách chỉ mang organization và pointId / hidden from departments when anonymous; lists carry only organization and pointId',
  })
  submitter: SubmitterResponse;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ description: 'Dữ liệu người gửi đã bị xóa (hết hạn lưu trữ hoặc theo yêu cầu) / submitter data erased' }) submitterErased: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) conferenceId: string | null;
  @ApiProperty({ enum: PETITION_STATUSES }) status: PetitionStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadDepartmentId: string | null;
  @ApiProperty({ type: DepartmentRefResponse, nullable: true }) leadDepartment: DepartmentRefResponse | null;
  @ApiProperty({ type: [String], format: 'uuid' }) supportDepartmentIds: string[];
  @ApiProperty({ example: '2026-12-01T09:00:00.000+07:00' }) receivedAt: string;
  @ApiProperty({ nullable: true, type: String }) assignedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ description: 'Chưa trả lời/hoàn thành/từ chối/gộp và đã quá hạn / open and past its due date' }) overdue: boolean;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Số ngày làm việc còn lại đến hạn (âm: quá hạn bao nhiêu ngày), null khi không còn mở / working days left (negative when overdue), null unless open with a due date',
  })
  workingDaysLeft: number | null;
  @ApiProperty({ nullable: true, type: String }) answeredAt: string | null;
  @ApiProperty({ type: AnswerResponse, nullable: true }) answer: AnswerResponse | null;
  @ApiProperty({ type: CommitmentResponse, nullable: true }) commitment: CommitmentResponse | null;
  @ApiProperty() published: boolean;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) mergedIntoId: string | null;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class PetitionCreatedResponse extends PetitionResponse {
  @ApiProperty({ description: "Mã bí mật để người gửi tra cứu; chỉ trả về một lần / the submitter's tracking token, given once" })
  trackingToken: string;
}

export class PetitionHistoryEntryResponse {
  @ApiProperty() at: string;
  @ApiProperty({ example: 'bantochuc' }) by: string;
  @ApiProperty({ enum: PETITION_STATUSES }) from: PetitionStatus;
  @ApiProperty({ enum: PETITION_STATUSES }) to: PetitionStatus;
  @ApiProperty({ enum: HISTORY_ACTIONS, description: 'Thao tác / the action' }) action: HistoryAction;
  @ApiPropertyOptional({ nullable: true, type: String }) reason?: string | null;
  @ApiPropertyOptional({ description: 'Ví dụ đơn vị chủ trì, hạn xử lý cũ và mới / e.g. lead department, old and new due dates', type: Object, nullable: true })
  details?: Record<string, unknown> | null;
}

export class AttachmentResponse {
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty() type: string;
  @ApiProperty() size: number;
  @ApiPropertyOptional({ format: 'uuid', description: "Bản lưu trên máy chủ (tệp Zalo ≤ 5 MB) / the server's copy (Zalo files up to 5 MB)" }) id?: string;
  @ApiPropertyOptional({ description: '/api/petitions/:id/attachments/:attachmentId (cán bộ / staff)' }) downloadUrl?: string;
}

export class ThreadMessageResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() at: string;
  @ApiProperty({ enum: DIRECTIONS, description: 'in: người gửi; out: trả lời người gửi; note: ghi chú nội bộ / from the submitter, to them, internal note' })
  direction: Direction;
  @ApiProperty({ nullable: true, type: String }) by: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ type: [AttachmentResponse] }) attachments: AttachmentResponse[];
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: MessageStatus;
  @ApiProperty({ nullable: true, type: String }) zaloMessageId: string | null;
}

export class ThreadPageResponse {
  @ApiProperty({ type: [ThreadMessageResponse] }) items: ThreadMessageResponse[];
  @ApiProperty() total: number;
}

export class PetitionDetailResponse extends PetitionResponse {
  @ApiProperty({ type: [PetitionHistoryEntryResponse] }) history: PetitionHistoryEntryResponse[];
  @ApiProperty({
    type: [ThreadMessageResponse],
    description: 'Tối đa 100 tin mới nhất, cũ trước; tin cũ hơn: GET …/thread / at most the newest 100 messages, oldest first; earlier ones from GET …/thread',
  })
  thread: ThreadMessageResponse[];
  @ApiProperty({ description: 'Tổng số tin trong trao đổi / how many messages the whole thread holds' }) threadTotal: number;
  @ApiProperty({
    enum: [...PETITION_ACTIONS, 'answer_on_spot', 'extend', 'edit', 'note', 'reply', 'commitment_done'],
    isArray: true,
    description:
      'Các thao tác người dùng này được làm; answer_on_spot: chỉ ghi nhận trả lời tại hội nghị (người điều hành) / what this user may do now; answer_on_spot: may record an answer given on the spot only (operator)',
  })
  allowedActions: string[];
}

export class PetitionPageResponse {
  @ApiProperty({ type: [PetitionResponse] }) items: PetitionResponse[];
  @ApiProperty() total: number;
  @ApiProperty({
    description: 'Số kiến nghị theo trạng thái với cùng bộ lọc (trừ status) / counts per status under the same filters except status',
    type: Object,
    example: { received: 3, assigned: 10 },
  })
  countsByStatus: Record<string, number>;
}

export class AccessLogEntryResponse {
  @ApiProperty() at: string;
  @ApiProperty() by: string;
  @ApiProperty() role: string;
}

// ---- dialogue ----------------------------------------------------------------------------------

export class QueuedPetitionResponse extends PetitionResponse {
  @ApiProperty({ description: 'Thứ tự trong hàng chờ, từ 0 / position in the queue, from 0' }) position: number;
}

export class LeadDepartmentNameResponse {
  @ApiProperty({ example: 'Sở Tài nguyên và Môi trường' }) name: string;
}

export class CurrentPetitionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'KN-2021-000042' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: FIELDS }) field: string;
  @ApiProperty({ nullable: true, type: String, description: 'null khi ẩn danh / null when anonymous' }) organization: string | null;
  @ApiProperty({ type: LeadDepartmentNameResponse, nullable: true }) leadDepartment: LeadDepartmentNameResponse | null;
}

export class CurrentPetitionStateResponse {
  @ApiProperty({ format: 'uuid' }) conferenceId: string;
  @ApiProperty({ type: CurrentPetitionResponse, nullable: true }) petition: CurrentPetitionResponse | null;
}

export class SummaryDepartmentResponse {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() name: string;
  @ApiProperty() total: number;
  @ApiProperty() answered: number;
  @ApiProperty() overdue: number;
}

export class ConferencePetitionSummaryResponse {
  @ApiProperty() total: number;
  @ApiProperty() answeredOnSpot: number;
  @ApiProperty() answeredInWriting: number;
  @ApiProperty() open: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ type: Object, example: { investment: 4, land: 3 } }) byField: Record<string, number>;
  @ApiProperty({ type: [SummaryDepartmentResponse] }) byDepartment: SummaryDepartmentResponse[];
}

export class ReportDepartmentResponse {
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() name: string;
  @ApiProperty() assigned: number;
  @ApiProperty() answered: number;
  @ApiProperty() answeredOnTime: number;
  @ApiProperty() overdue: number;
  @ApiProperty() open: number;
  @ApiProperty({ nullable: true, type: Number }) medianWorkingDaysToAnswer: number | null;
}

export class ReportFieldResponse {
  @ApiProperty() total: number;
  @ApiProperty() answered: number;
}

export class PetitionReportResponse {
  @ApiProperty({ type: [ReportDepartmentResponse] }) byDepartment: ReportDepartmentResponse[];
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(ReportFieldResponse) } }) byField: Record<string, ReportFieldResponse>;
  @ApiProperty() commitmentsOpen: number;
}

// ---- public ------------------------------------------------------------------------------------

export class SubmittedResponse {
  @ApiProperty({ example: 'KN-2026-000042' }) code: string;
  @ApiProperty({ description: 'Giữ lại để tra cứu / keep it to track the petition' }) trackingToken: string;
}

export class PublicAnswerResponse {
  @ApiProperty({ enum: ANSWER_MODES }) mode: AnswerMode;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) documentNo: string | null;
  @ApiProperty({ nullable: true, type: String }) signedBy: string | null;
}

export class PublicReplyResponse {
  @ApiProperty() at: string;
  @ApiProperty() text: string;
}

export class MergedIntoResponse {
  @ApiProperty({ example: 'KN-2026-000007' }) code: string;
  @ApiProperty({ enum: PETITION_STATUSES }) status: PetitionStatus;
  @ApiProperty({ type: PublicAnswerResponse, nullable: true }) answer: PublicAnswerResponse | null;
  @ApiProperty({ nullable: true, type: String }) answeredAt: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Lý do không thuộc phạm vi, khi kiến nghị kia bị từ chối / the reason, when that petition was rejected',
  })
  rejectionReason?: string | null;
}

export class PublicTrackResponse {
  @ApiProperty() code: string;
  @ApiProperty({ enum: PETITION_STATUSES }) status: PetitionStatus;
  @ApiProperty({ enum: FIELDS }) field: PetitionField;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ type: LeadDepartmentNameResponse, nullable: true }) leadDepartment: LeadDepartmentNameResponse | null;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiPropertyOptional({ type: PublicAnswerResponse, description: 'Khi đã trả lời / once answered' }) answer?: PublicAnswerResponse;
  @ApiPropertyOptional({ nullable: true, type: String }) answeredAt?: string | null;
  @ApiProperty({ type: [PublicReplyResponse] }) replies: PublicReplyResponse[];
  @ApiPropertyOptional({ type: MergedIntoResponse, description: 'Khi đã gộp vào kiến nghị khác / when merged into another petition' })
  mergedInto?: MergedIntoResponse;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Lý do không thuộc phạm vi (khi bị từ chối), như Tổ công tác đã ghi cho người gửi / the reason given, when rejected',
  })
  rejectionReason?: string | null;
}

export class PublicAnswerItemResponse {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: FIELDS }) field: PetitionField;
  @ApiProperty({ type: LeadDepartmentNameResponse, nullable: true }) leadDepartment: LeadDepartmentNameResponse | null;
  @ApiProperty({ type: PublicAnswerResponse }) answer: PublicAnswerResponse;
  @ApiProperty() answeredAt: string;
}

export class PublicAnswersPageResponse {
  @ApiProperty({ type: [PublicAnswerItemResponse] }) items: PublicAnswerItemResponse[];
  @ApiProperty() total: number;
}
