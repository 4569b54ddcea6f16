import { bilingual } from '../../common/validation/validation-messages';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { LEVELS, type Level } from '../bridge-point.entity';
import {
  AddressRules,
  CapacityRules,
  CodeRules,
  ContactNameRules,
  ContactPhoneRules,
  LevelRules,
  MAX_CAPACITY,
  NameRules,
  ParentIdRules,
  SkipWhenAbsent,
} from './create-point.dto';

/**
 * `PATCH /api/points/:id`: only the fields sent change. `parentId`, `address`, `contactName`, `contactPhone`
 * and `capacity` may be set to null to clear them; `code`, `name`, `level` and `active` may not.
 * `active: false` deactivates (same check as DELETE), `active: true` reactivates. `If-Match` (the `ETag` of the
 * point as read) is optional: sent, an edit made on an older version is refused (409 `stale_version`).
 */
export class UpdatePointDto {
  @ApiPropertyOptional({ example: 'H-THUANTHANH' })
  @SkipWhenAbsent()
  @CodeRules()
  code?: string;

  @ApiPropertyOptional({ example: 'UBND huyện Thuận Thành' })
  @SkipWhenAbsent()
  @NameRules()
  name?: string;

  @ApiPropertyOptional({ enum: LEVELS, example: 'district' })
  @SkipWhenAbsent()
  @LevelRules()
  level?: Level;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null = điểm cầu gốc / null makes it a root' })
  @ParentIdRules()
  parentId?: string | null;

  @ApiPropertyOptional({ example: 'Thị trấn Hồ, huyện Thuận Thành, tỉnh Bắc Ninh', nullable: true, type: String })
  @AddressRules()
  address?: string | null;

  @ApiPropertyOptional({ example: 'Nguyễn Văn Đức', nullable: true, type: String })
  @ContactNameRules()
  contactName?: string | null;

  @ApiPropertyOptional({ example: '0222 3865 123', nullable: true, type: String })
  @ContactPhoneRules()
  contactPhone?: string | null;

  @ApiPropertyOptional({ example: 40, minimum: 1, maximum: MAX_CAPACITY, nullable: true, type: Number })
  @CapacityRules()
  capacity?: number | null;

  @ApiPropertyOptional({ example: true, description: 'false = ngừng hoạt động (như DELETE) / deactivate; true = hoạt động lại / reactivate' })
  @SkipWhenAbsent()
  @IsBoolean({ message: bilingual({ vi: 'active phải là true hoặc false', en: 'active must be a boolean' }) })
  active?: boolean;
}
