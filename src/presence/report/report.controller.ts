import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/decorators';
import { AppError, ErrorCode } from '../../common/errors';
import { ReportResponse } from './report.dto';
import { ReportService } from './report.service';

const conferenceId = new ParseUUIDPipe({
  version: 'all',
  exceptionFactory: () => new AppError(ErrorCode.NotFound, 'Không tìm thấy hội nghị / Conference not found'),
});

@ApiTags('presence')
@ApiBearerAuth()
@Controller('conferences/:id/report')
export class ReportController {
  constructor(private readonly report: ReportService) {}

  @Get()
  @Roles('organizer', 'operator')
  @ApiOperation({ summary: 'Báo cáo sau hội nghị (từ nhật ký kết nối) / The post-conference report, built from the event log so far' })
  @ApiOkResponse({ type: ReportResponse })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  get(@Param('id', conferenceId) id: string): Promise<ReportResponse> {
    return this.report.build(id);
  }
}
