import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ITEM_KINDS, type ItemKind } from '../entities/agenda-item.entity';
import { Lower, MAX_INT, MSG, Trim } from './agenda-item-fields';

/** `POST /api/conferences/:id/agenda/items`: a new item, appended unless `position` says where. */
export class CreateAgendaItemDto {
  @ApiPropertyOptional({
    example: 3,
    minimum: 1,
    description: 'Phiên bản chương trình đang xem (hoặc gửi trong header If-Match) / The agenda version you edit (or send it as the If-Match header)',
  })
  @IsOptional()
  @IsInt({ message: MSG.version })
  @Min(1, { message: MSG.version })
  @Max(MAX_INT, { message: MSG.version })
  version?: number;

  @ApiProperty({ example: 'Báo cáo kết quả chỉ số PCI tỉnh Bắc Ninh năm 2020', minLength: 1, maxLength: 500 })
  @Trim()
  @IsString({ message: MSG.title })
  @MinLength(1, { message: MSG.title })
  @MaxLength(500, { message: MSG.title })
  title: string;

  @ApiProperty({ enum: ITEM_KINDS, example: 'report' })
  @IsIn(ITEM_KINDS, { message: MSG.kind })
  kind: ItemKind;

  @ApiProperty({ example: 20, minimum: 1, maximum: 600, description: 'Thời lượng (phút) / Duration in minutes' })
  @IsInt({ message: MSG.duration })
  @Min(1, { message: MSG.duration })
  @Max(600, { message: MSG.duration })
  durationMinutes: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Đồng chí Giám đốc Sở Kế hoạch và Đầu tư',
    maxLength: 255,
    description: 'Người trình bày / Presenter',
  })
  @IsOptional()
  @Trim()
  @IsString({ message: MSG.text255('presenter') })
  @MaxLength(255, { message: MSG.text255('presenter') })
  presenter?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Viện Nghiên cứu phát triển kinh tế - xã hội tỉnh',
    maxLength: 255,
    description: 'Đơn vị chủ trì / Responsible unit',
  })
  @IsOptional()
  @Trim()
  @IsString({ message: MSG.text255('responsibleUnit') })
  @MaxLength(255, { message: MSG.text255('responsibleUnit') })
  responsibleUnit?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Điểm cầu phát biểu (phải tồn tại) / The point the presenter speaks from (must exist)',
  })
  @IsOptional()
  @Lower()
  @IsUUID(undefined, { message: MSG.pointId })
  pointId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Trình chiếu 15 trang, chuẩn bị micro không dây',
    maxLength: 5000,
    description: 'Ghi chú / Notes',
  })
  @IsOptional()
  @IsString({ message: MSG.notes })
  @MaxLength(5000, { message: MSG.notes })
  notes?: string | null;

  @ApiPropertyOptional({
    example: 1,
    minimum: 0,
    description:
      'Vị trí chèn (0 = đầu tiên); bỏ trống để thêm vào cuối; các nội dung sau dịch xuống / Where to insert (0-based); omit to append; the others shift down',
  })
  @IsOptional()
  @IsInt({ message: MSG.position })
  @Min(0, { message: MSG.position })
  position?: number;
}
