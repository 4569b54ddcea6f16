import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_INT, MSG } from './agenda-item-fields';

/** `DELETE …/items/:itemId`: the version in the body, unless it comes as the If-Match header. */
export class VersionedDto {
  @ApiPropertyOptional({ example: 3, minimum: 1, description: 'Phiên bản chương trình (hoặc header If-Match) / Agenda version (or the If-Match header)' })
  @IsOptional()
  @IsInt({ message: MSG.version })
  @Min(1, { message: MSG.version })
  @Max(MAX_INT, { message: MSG.version })
  version?: number;
}
