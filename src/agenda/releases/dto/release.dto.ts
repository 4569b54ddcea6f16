import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_INT, MSG } from '../../dto/agenda-item-fields';
import { CHANGE_TYPES, type ChangeType, type ReleasedItem, type ReleaseChange } from '../release-diff';

/** `POST …/agenda/releases`: the agenda version being released (or If-Match) and an optional note. */
export class CreateReleaseDto {
  @ApiPropertyOptional({
    example: 7,
    minimum: 1,
    description: 'Phiên bản chương trình phát hành (hoặc header If-Match) / The agenda version released (or If-Match)',
  })
  @IsOptional()
  @IsInt({ message: MSG.version })
  @Min(1, { message: MSG.version })
  @Max(MAX_INT, { message: MSG.version })
  version?: number;

  @ApiPropertyOptional({ example: 'Bổ sung phát biểu của Sở Công Thương', maxLength: 500 })
  @IsOptional()
  @IsString({ message: 'note phải là chuỗi / note must be a string' })
  @MaxLength(500, { message: 'note tối đa 500 ký tự / note: at most 500 characters' })
  note?: string;
}

export class ReleasedItemResponse implements ReleasedItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 0 }) position: number;
  @ApiProperty({ example: 'Khai mạc hội nghị' }) title: string;
  @ApiProperty({ example: 'opening' }) kind: string;
  @ApiProperty({ example: 10 }) durationMinutes: number;
  @ApiProperty({ nullable: true, type: String }) presenter: string | null;
  @ApiProperty({ nullable: true, type: String }) responsibleUnit: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) pointId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Tên điểm cầu trình bày khi phát hành / The presenting point's name at release time" }) pointName:
    string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ example: '2031-07-10T08:00:00.000+07:00', description: 'Giờ dự kiến / Planned start' }) startsAt: string;
  @ApiProperty({ example: '2031-07-10T08:10:00.000+07:00' }) endsAt: string;
}

export class ReleaseChangeResponse implements ReleaseChange {
  @ApiProperty({ enum: CHANGE_TYPES }) type: ChangeType;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ description: 'Tên mới (tên cũ nếu bị bỏ) / The new title (the old one for removed)' }) title: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) before?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) after?: Record<string, unknown>;
}

export class ReleaseSummaryResponse {
  @ApiProperty({ example: 2 }) number: number;
  @ApiProperty({ example: '2031-07-09T16:20:00.000+07:00' }) at: string;
  @ApiProperty({ example: 'bantochuc', description: 'Tên đăng nhập / Username' }) by: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ example: 3 }) changeCount: number;
}

export class ReleaseResponse {
  @ApiProperty({ example: 2 }) number: number;
  @ApiProperty({ example: '2031-07-09T16:20:00.000+07:00' }) at: string;
  @ApiProperty({ example: 'bantochuc' }) by: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ example: 7 }) agendaVersion: number;
  @ApiProperty({ type: [ReleasedItemResponse] }) items: ReleasedItemResponse[];
  @ApiProperty({ type: [ReleaseChangeResponse] }) changes: ReleaseChangeResponse[];
}
