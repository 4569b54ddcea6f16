import { NotBlank } from '../../common/validation/not-blank';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoWithOffset } from '../../common/validation/is-iso-with-offset';
import { PaginationQueryDto } from '../../common/pagination/pagination.dto';
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
import { PETITION_STATUSES, type PetitionStatus } from '../rules/petition-status';

const VERSION_DOC = { minimum: 1, description: 'Phiên bản đang sửa (hoặc header If-Match) / the version being changed (or the If-Match header)' };
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Submitter as staff type it (every field optional). Tax code and phone are checked by the service (check digit, VN format). */
export class SubmitterDto {
  @ApiPropertyOptional({ example: 'Nguyễn Văn A' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ example: 'Công ty TNHH Mẫu Thử Ánh Dương' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(255)
  organization?: string;

  @ApiPropertyOptional({
    example: '0100109106',
    description: '10 chữ số hoặc 10 chữ số-3 chữ số, đúng chữ số kiểm tra / 10 digits or 10-3, with a right check digit',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(14)
  taxCode?: string;

  @ApiPropertyOptional({ example: '0912 345 678', description: 'Số Việt Nam (0 hoặc +84 và 9–10 chữ số); lưu dạng +84… / stored as +84…' })
  @IsOptional()
  @IsString()
  @MaxLength(24)
  phone?: string;

  @ApiPropertyOptional({ example: 'lienhe@anhduong.example' })
  @IsOptional()
  @IsEmail({}, { message: 'submitter.email không hợp lệ / submitter.email is not valid' })
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Điểm cầu gửi kiến nghị / the point it came from' })
  @IsOptional()
  @IsUUID()
  pointId?: string;
}

/** What every new petition says, from staff intake, a point or the public form. */
export abstract class PetitionTextDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Đề nghị rút ngắn thời gian cấp giấy phép xây dựng nhà xưởng' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ minLength: 1, maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @NotBlank()
  @MaxLength(10000)
  content: string;

  @ApiPropertyOptional({ enum: FIELDS, default: 'other' })
  @IsOptional()
  @IsIn(FIELDS)
  field?: PetitionField;
}

export class CreatePetitionDto extends PetitionTextDto {
  @ApiPropertyOptional({ enum: PETITION_KINDS, default: 'petition' })
  @IsOptional()
  @IsIn(PETITION_KINDS)
  kind?: PetitionKind;

  @ApiPropertyOptional({
    enum: CHANNELS,
    description: 'Bắt buộc với cán bộ tiếp nhận (hotline, paper, email, conference, web); điểm cầu: luôn web / required for staff intake; a point: always web',
  })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ type: SubmitterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SubmitterDto)
  submitter?: SubmitterDto;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  conferenceId?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Người gửi đồng ý xử lý dữ liệu cá nhân (cán bộ đánh dấu) / the submitter agreed (ticked by staff)' })
  @IsOptional()
  @IsBoolean()
  consent?: boolean;
}

export class UpdatePetitionDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @NotBlank()
  @MaxLength(10000)
  content?: string;

  @ApiPropertyOptional({ enum: FIELDS })
  @IsOptional()
  @IsIn(FIELDS)
  field?: PetitionField;

  @ApiPropertyOptional({ enum: PETITION_KINDS })
  @IsOptional()
  @IsIn(PETITION_KINDS)
  kind?: PetitionKind;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null: bỏ liên kết hội nghị / null unlinks' })
  @IsOptional()
  @IsUUID()
  conferenceId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional(VERSION_DOC)
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** Body of the versioned actions that take nothing else (publish, close). */
export class VersionDto {
  @ApiPropertyOptional(VERSION_DOC)
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class AssignDto extends VersionDto {
  @ApiProperty({ format: 'uuid', description: 'Đơn vị chủ trì / lead department' })
  @IsUUID()
  leadDepartmentId: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Đơn vị phối hợp / supporting departments' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  supportDepartmentIds?: string[];

  @ApiPropertyOptional({ example: '2026-12-15T17:00:00+07:00', description: 'Hạn xử lý (không dùng cùng workingDays) / due date (not with workingDays)' })
  @IsOptional()
  @IsIsoWithOffset()
  dueAt?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    description: 'Số ngày làm việc; mặc định 7, hoặc 20 khi có đơn vị phối hợp / working days; default 7, 20 with support departments',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  workingDays?: number;
}

export class ExtendDto extends VersionDto {
  @ApiProperty({ example: '2026-12-30T17:00:00+07:00', description: 'Hạn mới, muộn hơn hạn hiện tại / later than the current due date' })
  @IsIsoWithOffset()
  dueAt: string;

  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class CommitmentDto {
  @ApiProperty({ example: 'Gửi báo cáo trước ngày 10/5', minLength: 1, maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  text: string;

  @ApiProperty({ example: '2026-05-10T17:00:00+07:00' })
  @IsIsoWithOffset()
  dueAt: string;
}

export class AnswerDto extends VersionDto {
  @ApiProperty({ enum: ANSWER_MODES, description: 'on_spot: trả lời tại hội nghị; written: bằng văn bản' })
  @IsIn(ANSWER_MODES)
  mode: AnswerMode;

  @ApiProperty({ minLength: 1, maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @NotBlank()
  @MaxLength(10000)
  text: string;

  @ApiPropertyOptional({ example: '1234/STNMT-QLĐĐ' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  documentNo?: string;

  @ApiPropertyOptional({ example: 'Phó Giám đốc Sở Tài nguyên và Môi trường' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(255)
  signedBy?: string;

  @ApiPropertyOptional({ type: CommitmentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommitmentDto)
  commitment?: CommitmentDto;
}

export class ReasonDto extends VersionDto {
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class MergeDto extends VersionDto {
  @ApiProperty({ format: 'uuid', description: 'Kiến nghị đầu tiên (đang mở) / the first petition (open)' })
  @IsUUID()
  intoId: string;
}

export class NoteDto {
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  text: string;
}

export class ListPetitionsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: PETITION_STATUSES })
  @IsOptional()
  @IsIn(PETITION_STATUSES)
  status?: PetitionStatus;

  @ApiPropertyOptional({ enum: PETITION_KINDS })
  @IsOptional()
  @IsIn(PETITION_KINDS)
  kind?: PetitionKind;

  @ApiPropertyOptional({ enum: FIELDS })
  @IsOptional()
  @IsIn(FIELDS)
  field?: PetitionField;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ format: 'uuid', description: 'Đơn vị chủ trì / lead department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  conferenceId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: chỉ kiến nghị quá hạn; false: không quá hạn / only overdue, or only not overdue' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Mã, tiêu đề hoặc tên doanh nghiệp, không phân biệt dấu / code, title or organization, accent-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: UTF-8 có BOM, toàn bộ danh sách đã lọc / the whole filtered list' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class ReportQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'Ngày tiếp nhận từ (YYYY-MM-DD, Asia/Ho_Chi_Minh, tính cả ngày này) / received on or after' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Ngày tiếp nhận đến (tính cả ngày này) / received on or before' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  to?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class QueueOrderDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Mọi kiến nghị gắn với hội nghị, mỗi cái đúng một lần / every linked petition exactly once' })
  @IsArray()
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  petitionIds: string[];
}

export class CurrentPetitionDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: không trả lời kiến nghị nào / none' })
  @ValidateIf((o: CurrentPetitionDto) => o.petitionId !== null)
  @IsUUID()
  petitionId: string | null;
}

// ---- public ------------------------------------------------------------------------------------

export class PublicSubmitterDto {
  @ApiProperty({ example: 'Nguyễn Văn A' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name: string;

  @ApiProperty({ example: 'Công ty TNHH Mẫu Thử Ánh Dương' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  organization: string;

  @ApiPropertyOptional({ example: '0100109106' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(14)
  taxCode?: string;

  @ApiProperty({ example: '0912 345 678' })
  @IsString()
  @MinLength(1)
  @MaxLength(24)
  phone: string;

  @ApiPropertyOptional({ example: 'lienhe@anhduong.example' })
  @IsOptional()
  @IsEmail({}, { message: 'submitter.email không hợp lệ / submitter.email is not valid' })
  @MaxLength(255)
  email?: string;
}

export class PublicCreatePetitionDto extends PetitionTextDto {
  @ApiProperty({ type: PublicSubmitterDto })
  @ValidateNested()
  @Type(() => PublicSubmitterDto)
  submitter: PublicSubmitterDto;

  @ApiPropertyOptional({ default: false, description: 'Không cho cơ quan xử lý biết người gửi / hide the submitter from departments' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @ApiProperty({ enum: [true], description: 'Đồng ý cho xử lý dữ liệu cá nhân để giải quyết kiến nghị (Nghị định 13/2023) / consent, required' })
  @Equals(true, { message: 'consent: cần đồng ý cho xử lý dữ liệu cá nhân / consent must be true' })
  consent: boolean;
}

export class TrackQueryDto {
  @ApiProperty({ description: 'Mã bí mật nhận khi gửi / the tracking token given at submission' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

export class PublicAnswersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: FIELDS })
  @IsOptional()
  @IsIn(FIELDS)
  field?: PetitionField;

  @ApiPropertyOptional({ description: 'Từ khóa trong mã hoặc tiêu đề, không phân biệt dấu / words in code or title' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
