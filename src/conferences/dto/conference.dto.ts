import { NotBlank } from '../../common/validation/not-blank';
import { bilingual } from '../../common/validation/validation-messages';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  Max,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LEVELS, type Level } from '../../common/domain';
import { PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { IsIsoWithOffset, IsTimezone } from '../../common/validation/is-iso-with-offset';
import { FORMATS, STATUSES, type ConferenceFormat, type ConferenceStatus } from '../entities/conference.entity';
import type { InvitationMode, InvitationRole } from '../entities/conference-point.entity';
import { MAX_READINESS_CHECKS, ReadinessCheckDto } from '../readiness-checks';

export const MODES: InvitationMode[] = ['online', 'in_person'];
export const ROLES: InvitationRole[] = ['host', 'participant'];

/** A phone number as people write it: digits, spaces, dots, dashes, parentheses, an optional leading +; 3–32 characters. */
const PHONE = /^\+?[0-9][0-9 .()-]{1,30}[0-9]$/;
const PHONE_MESSAGE = bilingual({
  vi: 'contactPhone: số điện thoại chỉ gồm chữ số, dấu cách, chấm, gạch ngang, ngoặc (3–32 ký tự)',
  en: 'contactPhone must be a phone number (3–32 digits, spaces, dots, dashes, parentheses)',
});

/** Present fields must not be null (absent = unchanged). */
const NotNullWhenPresent = () => ValidateIf((_, value) => value !== undefined);

/** A `+` in a query string arrives as a space; put it back so `?from=2021-07-10T08:00:00+07:00` works unencoded. */
const plusFromSpace = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1') : value);

/**
 * The v2 fields a conference is both created and edited with, under the same rules: the readiness checks, the cap on
 * points online at once and the organizers' hotline contact (absent = default on create, unchanged on update).
 */
export class ConferenceV2FieldsDto {
  @ApiPropertyOptional({
    type: [ReadinessCheckDto],
    maxItems: MAX_READINESS_CHECKS,
    description: 'Các mục chuẩn bị kỹ thuật (v2) / Readiness checks (v2); default technician/connected/av',
  })
  @NotNullWhenPresent()
  @IsArray()
  @ArrayMaxSize(MAX_READINESS_CHECKS)
  @ValidateNested({ each: true })
  @Type(() => ReadinessCheckDto)
  readiness?: ReadinessCheckDto[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 100000,
    description: 'Số điểm cầu trực tuyến tối đa cùng lúc, null = không giới hạn (v2) / Cap on points online at once, null = none',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  maxConnectedPoints?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Nguyễn Thị Thu (Văn phòng UBND tỉnh)',
    maxLength: 255,
    description: "Đầu mối liên hệ của ban tổ chức, hiện trên trang điểm cầu / the organizers' hotline contact, shown on point pages; null clears it",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  contactName?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '0222 3822 888',
    maxLength: 32,
    description: 'Số điện thoại đường dây nóng / hotline number; null clears it',
  })
  @IsOptional()
  @IsString()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  contactPhone?: string | null;
}

export class CreateConferenceDto extends ConferenceV2FieldsDto {
  @ApiProperty({ example: 'Hội nghị trực tuyến triển khai nhiệm vụ phát triển kinh tế - xã hội 6 tháng cuối năm 2021', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @NotBlank()
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Chủ trì: đồng chí Chủ tịch UBND tỉnh', maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({ enum: FORMATS, default: 'hybrid', description: 'Trực tuyến / Trực tiếp / Trực tiếp kết hợp trực tuyến' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: ConferenceFormat;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'dialogue', maxLength: 100, description: 'Loại hội nghị, tự do / free text' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string | null;

  @ApiProperty({ example: '2021-07-10T08:00:00+07:00', description: 'ISO-8601 có múi giờ / with offset' })
  @IsIsoWithOffset()
  startsAt: string;

  @ApiProperty({ example: '2021-07-10T11:30:00+07:00', description: 'Sau startsAt / after startsAt' })
  @IsIsoWithOffset()
  endsAt: string;

  @ApiPropertyOptional({ example: 'Asia/Ho_Chi_Minh', default: 'Asia/Ho_Chi_Minh', description: 'Múi giờ IANA để hiển thị / IANA zone times are rendered in' })
  @IsOptional()
  @IsTimezone()
  timezone?: string;

  @ApiProperty({ format: 'uuid', description: 'Điểm cầu chính (đang hoạt động) / host point (active)' })
  @IsUUID('all')
  hostPointId: string;

  @ApiPropertyOptional({ description: 'Bỏ qua kiểm tra trùng lịch / ignore schedule clashes', default: false })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class UpdateConferenceDto extends ConferenceV2FieldsDto {
  @ApiPropertyOptional({ description: 'Phiên bản đang sửa (hoặc header If-Match) / the version being edited (or the If-Match header)', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version?: number;

  @ApiPropertyOptional({ example: 'Hội nghị đối thoại với doanh nghiệp FDI năm 2021', maxLength: 500 })
  @NotNullWhenPresent()
  @IsString()
  @MinLength(1)
  @NotBlank()
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10000, description: 'null để xoá / null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string | null;

  @ApiPropertyOptional({ enum: FORMATS })
  @NotNullWhenPresent()
  @IsIn(FORMATS)
  format?: ConferenceFormat;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'dialogue', maxLength: 100, description: 'null để xoá / null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string | null;

  @ApiPropertyOptional({ example: '2021-07-10T14:00:00+07:00' })
  @NotNullWhenPresent()
  @IsIsoWithOffset()
  startsAt?: string;

  @ApiPropertyOptional({ example: '2021-07-10T17:00:00+07:00' })
  @NotNullWhenPresent()
  @IsIsoWithOffset()
  endsAt?: string;

  @ApiPropertyOptional({ example: 'Asia/Ho_Chi_Minh' })
  @NotNullWhenPresent()
  @IsTimezone()
  timezone?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Đổi điểm cầu chính; điểm cầu chính cũ vẫn được mời / new host; the old host stays invited as a participant',
  })
  @NotNullWhenPresent()
  @IsUUID('all')
  hostPointId?: string;

  @ApiPropertyOptional({ description: 'Bỏ qua kiểm tra trùng lịch khi dời giờ / ignore schedule clashes when moving', default: false })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class ReissueLinksDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: "Chỉ cấp lại (và thu hồi) đường dẫn của các điểm cầu này; bỏ trống = tất cả / reissue (and revoke) only these points' links; absent = all",
    maxItems: 20000,
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20000)
  @IsUUID('all', { each: true })
  pointIds?: string[];
}

export class ChangeStatusDto {
  @ApiProperty({ enum: STATUSES, example: 'scheduled', description: 'draft → scheduled → live → ended; draft|scheduled|live → cancelled' })
  @IsIn(STATUSES)
  status: ConferenceStatus;

  @ApiPropertyOptional({ example: 1, description: 'Phiên bản hiện tại (hoặc header If-Match) / the current version (or the If-Match header)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version?: number;
}

/** `GET /api/conferences/:id?points=none`: the conference without its invited points (what the check-in page reads). */
export class ConferenceDetailQueryDto {
  @ApiPropertyOptional({
    enum: ['all', 'none'],
    default: 'all',
    description:
      'none: chỉ thông tin hội nghị, không kèm danh sách điểm cầu được mời (trang xác nhận tham dự) / the conference without its invited points (the check-in page)',
  })
  @IsOptional()
  @IsIn(['all', 'none'])
  points?: 'all' | 'none';
}

export class ListConferencesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: '2021-07-01T00:00:00+07:00', description: 'Hội nghị kết thúc sau thời điểm này / conferences ending after this instant' })
  @IsOptional()
  @Transform(plusFromSpace)
  @IsIsoWithOffset()
  from?: string;

  @ApiPropertyOptional({ example: '2021-08-01T00:00:00+07:00', description: 'Hội nghị bắt đầu trước thời điểm này / conferences starting before this instant' })
  @IsOptional()
  @Transform(plusFromSpace)
  @IsIsoWithOffset()
  to?: string;

  @ApiPropertyOptional({ example: 'scheduled,live', description: 'Một hoặc nhiều trạng thái, cách nhau bởi dấu phẩy / one or more statuses, comma-separated' })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(STATUSES, { each: true })
  status?: ConferenceStatus[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Chỉ các hội nghị mời điểm cầu này / only conferences inviting this point' })
  @IsOptional()
  @IsUUID('all')
  pointId?: string;
}

export class InvitePointsDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Các điểm cầu được mời / points to invite', maxItems: 20000 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20000)
  @IsUUID('all', { each: true })
  pointIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Mời mọi điểm cầu đang hoạt động dưới điểm cầu này / invite every active point under this one' })
  @IsOptional()
  @IsUUID('all')
  subtreeOf?: string;

  @ApiPropertyOptional({
    enum: LEVELS,
    isArray: true,
    example: ['district', 'commune'],
    description: 'Chỉ các cấp này (cùng subtreeOf) / only these levels (with subtreeOf)',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(LEVELS, { each: true })
  levels?: Level[];

  @ApiPropertyOptional({
    enum: MODES,
    description:
      'Dự trực tuyến / trực tiếp. Mặc định: in_person nếu hội nghị trực tiếp, ngược lại online / default: in_person for an in-person conference, else online',
  })
  @IsOptional()
  @IsIn(MODES)
  mode?: InvitationMode;

  @ApiPropertyOptional({ enum: ROLES, default: 'participant', description: 'Chỉ điểm cầu chính mới có vai trò host / only the host point has role host' })
  @IsOptional()
  @IsIn(ROLES)
  role?: InvitationRole;

  @ApiPropertyOptional({ example: 30, minimum: 0, maximum: 100000, description: 'Số đại biểu dự kiến / expected attendees' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  expectedAttendees?: number;

  @ApiPropertyOptional({ default: false, description: 'Bỏ qua kiểm tra trùng lịch / ignore schedule clashes' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class CheckinLinkStatusDto {
  @ApiProperty({ description: 'Mã truy cập của đường dẫn tham dự (phần sau #token=) / the check-in link token (after #token=)' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  token: string;
}
