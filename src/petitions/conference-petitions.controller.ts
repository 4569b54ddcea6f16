import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdParam } from '../common/validation/id.pipe';
import { ErrorResponse } from '../conferences/dto/conference.response';
import { ConferencePetitionsService } from './conference-petitions.service';
import { CurrentPetitionDto, QueueOrderDto } from './dto/petition.dto';
import { ConferencePetitionSummaryResponse, CurrentPetitionStateResponse, QueuedPetitionResponse } from './dto/petition.response';
import { PetitionReportsService } from './petition-reports.service';
import { toViewer } from './petition-viewer';

@ApiTags('petitions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse })
@Controller('conferences')
export class ConferencePetitionsController {
  constructor(
    private readonly dialogue: ConferencePetitionsService,
    private readonly reports: PetitionReportsService,
  ) {}

  @Get(':id/petitions')
  @Roles('organizer', 'operator', 'department')
  @ApiOperation({ summary: 'Kiến nghị của hội nghị theo thứ tự trả lời (cơ quan xử lý: chỉ của mình) / the linked petitions in queue order' })
  @ApiOkResponse({ type: [QueuedPetitionResponse] })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  queue(@IdParam('id', 'conference') id: string, @CurrentPrincipal() p: Principal): Promise<QueuedPetitionResponse[]> {
    return this.dialogue.queue(id, toViewer(p));
  }

  @Put(':id/petitions/order')
  @Roles('organizer')
  @ApiOperation({ summary: 'Sắp thứ tự trả lời: mọi kiến nghị của hội nghị, mỗi cái một lần (không theo phiên bản) / set the queue order' })
  @ApiOkResponse({ type: [QueuedPetitionResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  order(@IdParam('id', 'conference') id: string, @Body() dto: QueueOrderDto, @CurrentPrincipal() p: Principal): Promise<QueuedPetitionResponse[]> {
    return this.dialogue.order(id, dto.petitionIds, toViewer(p));
  }

  @Get(':id/petitions/current')
  @ApiOperation({ summary: 'Kiến nghị đang được trả lời (cũng có trong ảnh chụp board:join và ack checkin) / the petition being answered' })
  @ApiOkResponse({ type: CurrentPetitionStateResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  current(@IdParam('id', 'conference') id: string): Promise<CurrentPetitionStateResponse> {
    return this.dialogue.currentState(id);
  }

  @Post(':id/petitions/current')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: 'Chọn kiến nghị đang trả lời (null: không có); đẩy sự kiện petition tới phòng hội nghị / pick the current petition; pushed live' })
  @ApiOkResponse({ type: CurrentPetitionStateResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'conflict: the petition is not linked to this conference' })
  setCurrent(@IdParam('id', 'conference') id: string, @Body() dto: CurrentPetitionDto): Promise<CurrentPetitionStateResponse> {
    return this.dialogue.setCurrent(id, dto.petitionId);
  }

  @Get(':id/petitions/summary')
  @Roles('organizer', 'operator')
  @ApiOperation({ summary: "Tổng hợp kiến nghị của hội nghị / the conference's petition summary" })
  @ApiOkResponse({ type: ConferencePetitionSummaryResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async summary(@IdParam('id', 'conference') id: string): Promise<ConferencePetitionSummaryResponse> {
    await this.dialogue.currentState(id);
    return this.reports.conferenceSummary(id);
  }
}
