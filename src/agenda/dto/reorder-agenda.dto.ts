import { bilingual } from '../../common/validation/validation-messages';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MAX_INT, MSG } from './agenda-item-fields';

/** `PUT /api/conferences/:id/agenda/order`: every item id exactly once, in the new order. */
export class ReorderAgendaDto {
  @ApiPropertyOptional({ example: 4, minimum: 1, description: 'Phiên bản chương trình (hoặc header If-Match) / Agenda version (or the If-Match header)' })
  @IsOptional()
  @IsInt({ message: MSG.version })
  @Min(1, { message: MSG.version })
  @Max(MAX_INT, { message: MSG.version })
  version?: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    example: ['0b6e5c1e-8f3a-4c2d-9a57-0d1f2e3a4b5c', '5a1d9c7e-2b4f-4e6a-8c3d-7f9e0a1b2c3d'],
    description: 'Mọi nội dung của chương trình, mỗi nội dung đúng một lần, theo thứ tự mới / Every item id exactly once, in the new order',
  })
  @IsArray({ message: bilingual({ vi: 'itemIds phải là danh sách mã nội dung', en: 'itemIds must be an array of item ids' }) })
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true, message: bilingual({ vi: 'itemIds chỉ gồm mã UUID', en: 'itemIds must contain UUIDs only' }) })
  itemIds: string[];
}
