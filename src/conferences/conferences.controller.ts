import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { IdParam } from '../common/validation/id.pipe';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExtraModels,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Public, Roles } from '../auth/decorators';
import { actorName, type Principal } from '../auth/principal';
import { ConferenceCalendarService } from './conference-calendar.service';
import { ConferenceLinksService } from './conference-links.service';
import { ConferencesService } from './conferences.service';
import {
  ChangeStatusDto,
  CheckinLinkStatusDto,
  CreateConferenceDto,
  InvitePointsDto,
  ConferenceDetailQueryDto,
  ListConferencesQueryDto,
  ReissueLinksDto,
  UpdateConferenceDto,
} from './dto/conference.dto';
import {
  CheckinLinkResponse,
  CheckinLinkStatusResponse,
  ConferenceDetailResponse,
  ConferenceResponse,
  ConferencePageResponse,
  ErrorResponse,
  HistoryEntryResponse,
  ScheduleClashResponse,
} from './dto/conference.response';
import { expectedVersion } from '../common/versioning/expected-version';
import { InvitationsService } from './invitations.service';
import { listeningOrigin } from '../common/http/listening-origin';

/** Path ids must be UUIDs (400 otherwise, as for points); a well-formed id that names nothing is 404. */
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'Phiên bản đang sửa (thay cho trường version) / the version being changed (instead of the version field)',
};

@ApiTags('conferences')
// The `details` of a 409 schedule_clash, listed so clients get its type.
@ApiExtraModels(ScheduleClashResponse)
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Thiếu hoặc sai token / missing or invalid token' })
@Controller('conferences')
export class ConferencesController {
  constructor(
    private readonly conferences: ConferencesService,
    private readonly invitations: InvitationsService,
    private readonly links: ConferenceLinksService,
    private readonly calendar: ConferenceCalendarService,
  ) {}

  @Post()
  @Roles('organizer')
  @ApiOperation({ summary: 'Tạo hội nghị (bản nháp, phiên bản 1) / create a conference (draft, version 1)' })
  @ApiCreatedResponse({ type: ConferenceDetailResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'schedule_clash of the host point (details: the clashes); send force: true to go ahead' })
  create(@Body() dto: CreateConferenceDto, @CurrentPrincipal() p: Principal): Promise<ConferenceDetailResponse> {
    return this.conferences.create(dto, actorName(p));
  }

  @Get()
  @ApiOperation({ summary: 'Danh sách hội nghị giao với khoảng [from, to) / conferences overlapping [from, to), by start' })
  @ApiOkResponse({ type: ConferencePageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  list(@Query() query: ListConferencesQueryDto): Promise<ConferencePageResponse> {
    return this.conferences.list(query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Hội nghị và các điểm cầu được mời (points=none: không kèm điểm cầu) / a conference with its invited points (points=none: without them)',
  })
  @ApiOkResponse({ type: ConferenceDetailResponse, description: 'points=none: không có trường points / without the points field' })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  findOne(@IdParam('id', 'conference') id: string, @Query() query: ConferenceDetailQueryDto): Promise<ConferenceDetailResponse | ConferenceResponse> {
    return query.points === 'none' ? this.conferences.findSummary(id) : this.conferences.findOne(id);
  }

  @Patch(':id')
  @Roles('organizer')
  @ApiOperation({ summary: 'Sửa hội nghị (theo phiên bản) / edit a conference (versioned)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConferenceDetailResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'stale_version (details.currentVersion), schedule_clash, illegal_transition (ended/cancelled)' })
  update(
    @IdParam('id', 'conference') id: string,
    @Body() dto: UpdateConferenceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<ConferenceDetailResponse> {
    return this.conferences.update(id, dto, expectedVersion(ifMatch, dto.version), actorName(p));
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('organizer', 'operator')
  @ApiOperation({ summary: 'Chuyển trạng thái / change status: draft → scheduled → live → ended; draft|scheduled|live → cancelled' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConferenceDetailResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'stale_version, illegal_transition' })
  changeStatus(
    @IdParam('id', 'conference') id: string,
    @Body() dto: ChangeStatusDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<ConferenceDetailResponse> {
    return this.conferences.changeStatus(id, dto, expectedVersion(ifMatch, dto.version), actorName(p));
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Lịch sử thay đổi tên, thời gian, trạng thái / title, time and status changes, oldest first' })
  @ApiOkResponse({ type: [HistoryEntryResponse] })
  @ApiNotFoundResponse({ type: ErrorResponse })
  history(@IdParam('id', 'conference') id: string): Promise<HistoryEntryResponse[]> {
    return this.conferences.history(id);
  }

  @Post(':id/points')
  @HttpCode(200)
  @Roles('organizer')
  @ApiOperation({ summary: 'Mời điểm cầu (không theo phiên bản) / invite points (no version, version unchanged)' })
  @ApiOkResponse({ type: ConferenceDetailResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'validation, unknown or inactive points (details.unknownPointIds / inactivePointIds)' })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'schedule_clash (details: [{pointId, conferenceId, title, startsAt, endsAt}]), illegal_transition (ended/cancelled)',
  })
  invite(@IdParam('id', 'conference') id: string, @Body() dto: InvitePointsDto): Promise<ConferenceDetailResponse> {
    return this.invitations.invite(id, dto);
  }

  @Delete(':id/points/:pointId')
  @Roles('organizer')
  @ApiOperation({ summary: 'Bỏ mời một điểm cầu / withdraw a point' })
  @ApiOkResponse({ type: ConferenceDetailResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'unknown conference, or the point is not invited' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'the host point (conflict), ended/cancelled conference (illegal_transition)' })
  removePoint(@IdParam('id', 'conference') id: string, @IdParam('pointId', 'point') pointId: string): Promise<ConferenceDetailResponse> {
    return this.invitations.remove(id, pointId);
  }

  @Public()
  @Post('checkin-link-status')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Tình trạng một đường dẫn tham dự (công khai): còn dùng được, đã được thay, hết hạn hay không hợp lệ; kèm đường dây nóng / what became of a check-in link token (public), with the hotline',
  })
  @ApiOkResponse({ type: CheckinLinkStatusResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  checkinLinkStatus(@Body() dto: CheckinLinkStatusDto): Promise<CheckinLinkStatusResponse> {
    return this.links.inspect(dto.token);
  }

  @Get(':id/checkin-links')
  @Roles('organizer', 'operator')
  @ApiOperation({
    summary: 'Đường dẫn tham dự hiện hành của các điểm cầu (không cấp lại) / the current check-in links, as often as asked (no reissue); [] before any issue',
  })
  @ApiOkResponse({ type: [CheckinLinkResponse] })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  currentCheckinLinks(@IdParam('id', 'conference') id: string, @Req() req: Request): Promise<CheckinLinkResponse[]> {
    return this.links.current(id, listeningOrigin(req));
  }

  @Post(':id/checkin-links')
  @Roles('organizer')
  @ApiOperation({
    summary:
      'Cấp đường dẫn tham dự: mọi điểm cầu được mời (thu hồi mọi đường dẫn cũ), hoặc chỉ các điểm cầu trong pointIds (chỉ thu hồi đường dẫn của chúng) / issue check-in links: all (revoking every earlier one), or only pointIds (revoking only theirs); answers the issued links',
  })
  @ApiCreatedResponse({ type: [CheckinLinkResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'validation; a point that is not invited (details.notInvitedPointIds)' })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'ended/cancelled conference (illegal_transition)' })
  checkinLinks(
    @IdParam('id', 'conference') id: string,
    @Body() dto: ReissueLinksDto,
    @Req() req: Request,
    @CurrentPrincipal() p: Principal,
  ): Promise<CheckinLinkResponse[]> {
    return this.links.issue(id, listeningOrigin(req), dto.pointIds, actorName(p));
  }

  @Get(':id/calendar.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiOperation({ summary: 'Lịch iCalendar (RFC 5545) / the conference as iCalendar' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…' } })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async calendarIcs(@IdParam('id', 'conference') id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const { fileName, body } = await this.calendar.ics(id);
    res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
    return body;
  }
}
