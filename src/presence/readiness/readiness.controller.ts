import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../auth/decorators';
import type { Principal } from '../../auth/principal';
import { IdParam } from '../../common/validation/id.pipe';
import { ReadinessService, type ReadinessRow } from './readiness.service';

export class ReadinessQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('presence')
@ApiBearerAuth()
@Controller('conferences/:id/readiness')
export class ReadinessController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @ApiOperation({
    summary: 'Chuẩn bị kỹ thuật của các điểm cầu / Readiness per point (JSON, or CSV with ?format=csv)',
    description:
      '`[{pointId, code, name, level, contactName, contactPhone, <key>: {ok, at, note} | null …}]`; một điểm cầu chỉ thấy dòng của mình (không có liên hệ) / a point sees only its own row (without contacts)',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'object', additionalProperties: true } } })
  @ApiNotFoundResponse()
  async list(
    @IdParam('id', 'conference') id: string,
    @Query() query: ReadinessQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReadinessRow[] | string> {
    if (query.format !== 'csv') return this.readiness.rows(id, principal);
    const csv = await this.readiness.csv(id, principal);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="readiness-${id}.csv"`);
    return csv;
  }
}
