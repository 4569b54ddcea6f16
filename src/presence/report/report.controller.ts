import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/decorators';
import { IdParam } from '../../common/validation/id.pipe';
import { ReadinessCountResponse, ReportResponse } from './report.dto';
import { ReportService } from './report.service';

@ApiTags('presence')
@ApiBearerAuth()
@ApiExtraModels(ReadinessCountResponse)
@Controller('conferences/:id/report')
export class ReportController {
  constructor(private readonly report: ReportService) {}

  @Get()
  @Roles('organizer', 'operator')
  @ApiOperation({ summary: 'Báo cáo sau hội nghị (từ nhật ký kết nối) / The post-conference report, built from the event log so far' })
  @ApiOkResponse({ type: ReportResponse })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  get(@IdParam('id', 'conference') id: string): Promise<ReportResponse> {
    return this.report.build(id);
  }
}
