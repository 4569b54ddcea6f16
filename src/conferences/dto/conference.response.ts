import { readinessOf, ReadinessCheckDto } from '../readiness-checks';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorResponse } from '../../common/filters/error-response';
import { LEVELS, type Level } from '../../common/domain';
import { formatInZone, parseInstant } from '../../common/time/time';
import type { InvitedPoint } from '../conference-schedule';
import type { ConferenceHistoryEntity } from '../entities/conference-history.entity';
import { FORMATS, STATUSES, type ConferenceEntity, type ConferenceFormat, type ConferenceStatus } from '../entities/conference.entity';
import type { InvitationMode, InvitationRole } from '../entities/conference-point.entity';
import { MODES, ROLES } from './conference.dto';

export class ConferenceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Hội nghị trực tuyến triển khai nhiệm vụ phát triển kinh tế - xã hội 6 tháng cuối năm 2021' }) title: string;
  @ApiProperty({ nullable: true, type: String, example: 'Chủ trì: đồng chí Chủ tịch UBND tỉnh' }) description: string | null;
  @ApiProperty({ enum: FORMATS }) format: ConferenceFormat;
  @ApiProperty({ nullable: true, type: String, example: 'dialogue' }) category: string | null;
  @ApiProperty({ example: '2021-07-10T08:00:00.000+07:00' }) startsAt: string;
  @ApiProperty({ example: '2021-07-10T11:30:00.000+07:00' }) endsAt: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' }) timezone: string;
  @ApiProperty({ format: 'uuid' }) hostPointId: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Nguyễn Thị Thu (Văn phòng UBND tỉnh)',
    description: "Đầu mối liên hệ của ban tổ chức / the organizers' hotline contact",
  })
  contactName: string | null;
  @ApiProperty({ nullable: true, type: String, example: '0222 3822 888' }) contactPhone: string | null;
  @ApiProperty({ enum: STATUSES, description: 'Bản nháp / Đã lên lịch / Đang diễn ra / Đã kết thúc / Đã hủy' }) status: ConferenceStatus;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '2021-07-01T09:15:00.000+07:00' }) createdAt: string;
  @ApiProperty({ example: '2021-07-01T09:15:00.000+07:00' }) updatedAt: string;
  @ApiProperty({ type: [ReadinessCheckDto], description: 'Các mục chuẩn bị kỹ thuật (v2) / Readiness checks (v2)' }) readiness: ReadinessCheckDto[];
  @ApiProperty({ nullable: true, type: Number, example: null, description: 'Giới hạn điểm cầu trực tuyến (v2) / Cap on points online (v2)' })
  maxConnectedPoints: number | null;
}

export class InvitedPointResponse {
  @ApiProperty({ format: 'uuid' }) pointId: string;
  @ApiProperty({ example: 'H-THUANTHANH' }) code: string;
  @ApiProperty({ example: 'UBND huyện Thuận Thành' }) name: string;
  @ApiProperty({ enum: LEVELS }) level: Level;
  @ApiProperty({ enum: ROLES }) role: InvitationRole;
  @ApiProperty({ enum: MODES }) mode: InvitationMode;
  @ApiProperty({ nullable: true, type: Number, example: 25 }) expectedAttendees: number | null;
}

export class ConferenceDetailResponse extends ConferenceResponse {
  @ApiProperty({ type: [InvitedPointResponse] }) points: InvitedPointResponse[];
}

export class ConferencePageResponse {
  @ApiProperty({ type: [ConferenceResponse] }) items: ConferenceResponse[];
  @ApiProperty({ example: 42 }) total: number;
}

export class HistoryEntryResponse {
  @ApiProperty({ example: '2021-07-02T10:00:00.000+07:00' }) at: string;
  @ApiProperty({ example: 'bantochuc' }) by: string;
  @ApiProperty({ enum: ['title', 'startsAt', 'endsAt', 'status'] }) field: string;
  @ApiProperty({ nullable: true, type: String, example: 'Hội nghị sơ kết 6 tháng' }) from: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Hội nghị sơ kết 6 tháng đầu năm 2021' }) to: string | null;
}

export class CheckinLinkResponse {
  @ApiProperty({ format: 'uuid' }) pointId: string;
  @ApiProperty({ example: 'H-THUANTHANH' }) code: string;
  @ApiProperty({ example: 'UBND huyện Thuận Thành' }) name: string;
  @ApiProperty({ description: 'Mã thay mật khẩu cho điểm cầu, chỉ trong hội nghị này / acts as role point for this point in this conference only' })
  token: string;
  @ApiProperty({ example: 'https://diemcau.bacninh.gov.vn/checkin#token=eyJhbGciOi…' }) url: string;
  @ApiProperty({
    example: 'K7M2QX9RTB',
    description:
      '10 ký tự ABCDEFGHJKMNPQRSTUVWXYZ23456789, cho mã QR và bản in; đổi lấy token bằng POST /api/auth/checkin-code / for QR codes and printed sheets',
  })
  shortCode: string;
  @ApiProperty({ example: '2021-07-11T11:30:00.000+07:00' }) expiresAt: string;
}

export class CheckinLinkConferenceSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: STATUSES }) status: ConferenceStatus;
  @ApiProperty({ example: '2021-07-10T08:00:00.000+07:00' }) startsAt: string;
  @ApiProperty({ example: '2021-07-10T11:30:00.000+07:00' }) endsAt: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' }) timezone: string;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
}

export class CheckinLinkStatusResponse {
  @ApiProperty({
    enum: ['valid', 'revoked', 'expired', 'invalid'],
    description:
      'valid; revoked = thay bằng đường dẫn mới / replaced; expired; invalid = không phải đường dẫn của hệ thống (bị cắt, gõ sai) / not a link of this server',
  })
  state: 'valid' | 'revoked' | 'expired' | 'invalid';
  @ApiPropertyOptional({ type: CheckinLinkConferenceSummary }) conference?: CheckinLinkConferenceSummary;
  @ApiPropertyOptional({ example: { code: 'H-THUANTHANH', name: 'UBND huyện Thuận Thành' } }) point?: { code: string; name: string };
}

export class ScheduleClashResponse {
  @ApiProperty({ format: 'uuid' }) pointId: string;
  @ApiProperty({ format: 'uuid' }) conferenceId: string;
  @ApiProperty({ example: 'Hội nghị giao ban trực tuyến' }) title: string;
  @ApiProperty({ example: '2021-07-10T09:00:00.000+07:00' }) startsAt: string;
  @ApiProperty({ example: '2021-07-10T10:00:00.000+07:00' }) endsAt: string;
}

export function toConferenceResponse(c: ConferenceEntity): ConferenceResponse {
  const tz = c.timezone;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    format: c.format,
    category: c.category,
    startsAt: formatInZone(c.startsAt, tz),
    endsAt: formatInZone(c.endsAt, tz),
    timezone: tz,
    hostPointId: c.hostPointId,
    contactName: c.contactName ?? null,
    contactPhone: c.contactPhone ?? null,
    status: c.status,
    version: c.version,
    createdAt: formatInZone(c.createdAt, tz),
    updatedAt: formatInZone(c.updatedAt, tz),
    readiness: readinessOf(c.readiness),
    maxConnectedPoints: c.maxConnectedPoints ?? null,
  };
}

export function toInvitedPointResponse(p: InvitedPoint): InvitedPointResponse {
  return { pointId: p.pointId, code: p.code, name: p.name, level: p.level, role: p.role, mode: p.mode, expectedAttendees: p.expectedAttendees };
}

/** Time fields are stored as UTC ISO strings and shown in the conference's zone. */
const TIME_FIELDS = new Set(['startsAt', 'endsAt']);

export function toHistoryEntryResponse(h: ConferenceHistoryEntity, timezone: string): HistoryEntryResponse {
  const show = (v: string | null) => (v !== null && TIME_FIELDS.has(h.field) ? formatInZone(parseInstant(v), timezone) : v);
  return { at: formatInZone(h.at, timezone), by: h.by, field: h.field, from: show(h.from), to: show(h.to) };
}

export { ErrorResponse };
