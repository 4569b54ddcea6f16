import { bilingual } from '../../common/validation/validation-messages';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';

/** `POST /api/conferences/:id/agenda/current`: the item running now (null = the agenda has finished). */
export class SetCurrentItemDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    example: '0b6e5c1e-8f3a-4c2d-9a57-0d1f2e3a4b5c',
    description: 'Nội dung đang diễn ra; null khi chương trình đã kết thúc / The item running now; null when the agenda has finished',
  })
  @ValidateIf((_: object, value: unknown) => value !== null)
  @IsUUID(undefined, { message: bilingual({ vi: 'itemId phải là mã UUID của một nội dung hoặc null', en: 'itemId must be an item id (UUID) or null' }) })
  itemId: string | null;
}
