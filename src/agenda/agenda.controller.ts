import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Put, StreamableFile } from '@nestjs/common';
import { IdParam } from '../common/validation/id.pipe';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { AgendaService } from './agenda.service';
import { AgendaResponse } from './dto/agenda.response';
import { CreateAgendaItemDto } from './dto/create-agenda-item.dto';
import { ReorderAgendaDto } from './dto/reorder-agenda.dto';
import { SetCurrentItemDto } from './dto/set-current-item.dto';
import { UpdateAgendaItemDto } from './dto/update-agenda-item.dto';
import { VersionedDto } from './dto/versioned.dto';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'Phiên bản chương trình đang sửa (thay cho trường version) / The agenda version being edited (instead of the body\'s "version")',
  example: '3',
};
const STALE = { description: 'Phiên bản đã cũ: details.currentVersion / Stale version: details.currentVersion' };
@ApiTags('agenda')
@ApiBearerAuth()
@Controller('conferences/:id/agenda')
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Get()
  @ApiOperation({ summary: 'Chương trình hội nghị / The conference agenda' })
  @ApiOkResponse({ type: AgendaResponse })
  @ApiNotFoundResponse()
  async get(@IdParam('id', 'conference') id: string): Promise<StreamableFile> {
    // Sent as pre-serialised JSON (see AgendaService.getJson): the hot read of every board and check-in page.
    return new StreamableFile(await this.agenda.getJson(id), { type: 'application/json; charset=utf-8' });
  }

  @Post('items')
  @Roles('organizer')
  @ApiOperation({ summary: 'Thêm nội dung / Add an item' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: AgendaResponse })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse(STALE)
  addItem(@IdParam('id', 'conference') id: string, @Body() dto: CreateAgendaItemDto, @Headers('if-match') ifMatch?: string): Promise<AgendaResponse> {
    return this.agenda.addItem(id, dto, ifMatch);
  }

  @Patch('items/:itemId')
  @Roles('organizer')
  @ApiOperation({ summary: 'Sửa nội dung / Change an item' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AgendaResponse })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse(STALE)
  updateItem(
    @IdParam('id', 'conference') id: string,
    @IdParam('itemId', 'agendaItem') item: string,
    @Body() dto: UpdateAgendaItemDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AgendaResponse> {
    return this.agenda.updateItem(id, item, dto, ifMatch);
  }

  @Delete('items/:itemId')
  @Roles('organizer')
  @ApiOperation({ summary: 'Xóa nội dung / Remove an item' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AgendaResponse })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse(STALE)
  removeItem(
    @IdParam('id', 'conference') id: string,
    @IdParam('itemId', 'agendaItem') item: string,
    @Body() dto: VersionedDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AgendaResponse> {
    return this.agenda.removeItem(id, item, dto.version, ifMatch);
  }

  @Put('order')
  @Roles('organizer')
  @ApiOperation({ summary: 'Sắp xếp lại thứ tự / Reorder the items' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AgendaResponse })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse(STALE)
  reorder(@IdParam('id', 'conference') id: string, @Body() dto: ReorderAgendaDto, @Headers('if-match') ifMatch?: string): Promise<AgendaResponse> {
    return this.agenda.reorder(id, dto, ifMatch);
  }

  @Post('current')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({
    summary: 'Đánh dấu nội dung đang diễn ra (cán bộ điều hành) / Mark the item running now (operator)',
    description: 'Không đổi phiên bản chương trình / Does not change the agenda version',
  })
  @ApiOkResponse({ type: AgendaResponse })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  setCurrent(@IdParam('id', 'conference') id: string, @Body() dto: SetCurrentItemDto): Promise<AgendaResponse> {
    return this.agenda.setCurrent(id, dto.itemId);
  }
}
