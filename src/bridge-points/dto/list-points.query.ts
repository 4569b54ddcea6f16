import { bilingual } from '../../common/validation/validation-messages';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { LEVELS, type Level } from '../bridge-point.entity';

export const ACTIVE_FILTERS = ['true', 'false', 'all'] as const;
export type ActiveFilter = (typeof ACTIVE_FILTERS)[number];

const activeProperty = () =>
  ApiPropertyOptional({
    enum: ACTIVE_FILTERS,
    default: 'true',
    description: 'true = chỉ điểm cầu đang hoạt động (mặc định), false = chỉ điểm cầu đã ngừng, all = tất cả / only active (default), only inactive, or all',
  });
const activeRules = () => IsIn(ACTIVE_FILTERS, { message: bilingual({ vi: 'active phải là true, false hoặc all', en: 'active must be true, false or all' }) });

/** `GET /api/points?level=&parentId=&q=&active=&limit=&offset=` */
export class ListPointsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: LEVELS })
  @IsOptional()
  @IsIn(LEVELS, { message: bilingual({ vi: `level phải là một trong: ${LEVELS.join(', ')}`, en: `level must be one of: ${LEVELS.join(', ')}` }) })
  level?: Level;

  @ApiPropertyOptional({ format: 'uuid', description: 'Các điểm cầu trực thuộc trực tiếp / direct children of this point' })
  @IsOptional()
  @IsUUID(undefined, { message: bilingual({ vi: 'parentId phải là UUID', en: 'parentId must be a UUID' }) })
  parentId?: string;

  @ApiPropertyOptional({
    example: 'thuan thanh',
    description: 'Tìm theo mã hoặc tên, không phân biệt dấu và hoa thường / code or name, accent- and case-insensitive',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: bilingual({ vi: 'q tối đa 100 ký tự', en: 'q must be at most 100 characters' }) })
  q?: string;

  @activeProperty()
  @IsOptional()
  @activeRules()
  active: ActiveFilter = 'true';
}

/** `GET /api/points/tree?active=` */
export class PointTreeQueryDto {
  @activeProperty()
  @IsOptional()
  @activeRules()
  active: ActiveFilter = 'true';
}
