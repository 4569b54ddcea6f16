import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ITEM_KINDS, type ItemKind } from '../entities/agenda-item.entity';
import { Lower, MAX_INT, MSG, Trim } from './agenda-item-fields';

/** Present means "set" (null is refused); absent means "leave as it is". */
const IfPresent = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/**
 * `PATCH /api/conferences/:id/agenda/items/:itemId`: only the fields sent change. `presenter`, `responsibleUnit`,
 * `pointId` and `notes` are cleared with null. `position` moves the item (the others shift).
 */
export class UpdateAgendaItemDto {
  @ApiPropertyOptional({ example: 3, minimum: 1, description: 'Phiên bản chương trình (hoặc header If-Match) / Agenda version (or the If-Match header)' })
  @IsOptional()
  @IsInt({ message: MSG.version })
  @Min(1, { message: MSG.version })
  @Max(MAX_INT, { message: MSG.version })
  version?: number;

  @ApiPropertyOptional({ example: 'Báo cáo kết quả chỉ số PCI tỉnh Bắc Ninh năm 2020', minLength: 1, maxLength: 500 })
  @IfPresent()
  @Trim()
  @IsString({ message: MSG.title })
  @MinLength(1, { message: MSG.title })
  @MaxLength(500, { message: MSG.title })
  title?: string;

  @ApiPropertyOptional({ enum: ITEM_KINDS, example: 'discussion' })
  @IfPresent()
  @IsIn(ITEM_KINDS, { message: MSG.kind })
  kind?: ItemKind;

  @ApiPropertyOptional({ example: 30, minimum: 1, maximum: 600 })
  @IfPresent()
  @IsInt({ message: MSG.duration })
  @Min(1, { message: MSG.duration })
  @Max(600, { message: MSG.duration })
  durationMinutes?: number;

  @ApiPropertyOptional({ example: 'Đồng chí Phó Chủ tịch UBND tỉnh', maxLength: 255, nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString({ message: MSG.text255('presenter') })
  @MaxLength(255, { message: MSG.text255('presenter') })
  presenter?: string | null;

  @ApiPropertyOptional({ example: 'Sở Thông tin và Truyền thông', maxLength: 255, nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString({ message: MSG.text255('responsibleUnit') })
  @MaxLength(255, { message: MSG.text255('responsibleUnit') })
  responsibleUnit?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Điểm cầu phát biểu (phải tồn tại) / must be an existing point' })
  @IsOptional()
  @Lower()
  @IsUUID(undefined, { message: MSG.pointId })
  pointId?: string | null;

  @ApiPropertyOptional({ example: 'Kết nối trực tiếp từ điểm cầu huyện Thuận Thành', maxLength: 5000, nullable: true, type: String })
  @IsOptional()
  @IsString({ message: MSG.notes })
  @MaxLength(5000, { message: MSG.notes })
  notes?: string | null;

  @ApiPropertyOptional({ example: 0, minimum: 0, description: 'Chuyển nội dung tới vị trí này / Move the item to this position' })
  @IfPresent()
  @IsInt({ message: MSG.position })
  @Min(0, { message: MSG.position })
  position?: number;
}
