import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { ErrorResponse } from '../common/filters/error-response';
import { IdParam } from '../common/validation/id.pipe';
import { ConferenceCopyService } from './conference-copy.service';
import { ConferenceCopyResponse } from './dto/conference-copy.response';
import { CopyConferenceDto } from './dto/copy-conference.dto';

@ApiTags('conferences')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Thiếu hoặc sai token / missing or invalid token' })
@Controller('conferences')
export class ConferenceCopyController {
  constructor(private readonly copies: ConferenceCopyService) {}

  @Post(':id/copy')
  @Roles('organizer')
  @ApiOperation({
    summary:
      'Sao chép / dời lịch: bản nháp mới với điểm cầu được mời và chương trình, trong một giao dịch / copy a conference into a new draft at another time (points, modes, agenda), all or nothing',
  })
  @ApiCreatedResponse({ type: ConferenceCopyResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'validation; the host point is inactive (as create)' })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'unknown source conference' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'schedule_clash of the host point at the new time (details: the clashes); nothing is written' })
  copy(@IdParam('id', 'conference') id: string, @Body() dto: CopyConferenceDto): Promise<ConferenceCopyResponse> {
    return this.copies.copy(id, dto);
  }
}
