import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { AppConfig } from '../common/config/app-config';
import { AppError, ErrorCode } from '../common/errors';
import { MetricsService } from './metrics.service';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` (outside the `/api` prefix): Prometheus text exposition of this instance. Opt-in: off (404) unless
 * `METRICS_TOKEN` is set, and then only with `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise): the figures
 * name conferences and show the load, which is nobody's business outside the office.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | null;

  constructor(
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    this.expected = config.metricsToken ? digest(config.metricsToken) : null;
  }

  @Public()
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus metrics (text format 0.0.4)', schema: { type: 'string' } })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    if (!this.expected) throw new AppError(ErrorCode.NotFound, { vi: 'Chưa bật /metrics (hãy đặt METRICS_TOKEN)', en: '/metrics is off (set METRICS_TOKEN)' });
    const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), this.expected)) {
      throw new AppError(ErrorCode.Unauthorized, { vi: 'Cần mã METRICS_TOKEN (Authorization: Bearer …)', en: '/metrics needs the METRICS_TOKEN bearer token' });
    }
    const { contentType, body } = await this.metrics.render();
    res.type(contentType).send(body);
  }
}
