import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiExtraModels,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { PaginationQueryDto } from '../common/pagination/pagination.dto';
import { expectedVersion } from '../common/versioning/expected-version';
import { IdParam } from '../common/validation/id.pipe';
import { ErrorResponse } from '../conferences/dto/conference.response';
import {
  AnswerDto,
  AssignDto,
  CreatePetitionDto,
  ExtendDto,
  ListPetitionsQueryDto,
  MergeDto,
  NoteDto,
  ReasonDto,
  ReportQueryDto,
  UpdatePetitionDto,
  VersionDto,
} from './dto/petition.dto';
import {
  AccessLogEntryResponse,
  PetitionCreatedResponse,
  PetitionDetailResponse,
  PetitionPageResponse,
  PetitionReportResponse,
  ReportFieldResponse,
  ThreadMessageResponse,
  ThreadPageResponse,
} from './dto/petition.response';
import { PetitionReportsService } from './petition-reports.service';
import { toViewer } from './petition-viewer';
import { PetitionsService } from './petitions.service';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'Phiên bản đang sửa (thay cho trường version) / the version being changed (instead of the version field)',
};
/** Per-petition actions: a user who may not see the petition gets 404 (as for an unknown id) before 403 for a role that may not act. */
const CONFLICT = 'stale_version (details.currentVersion), illegal_transition (details: from, action, allowedFrom)';

/**
 * The decorators of a versioned per-petition action: the route (POST ones answer 200), the `If-Match` header, the
 * petition back, and its errors (404 before 403 for who may not see it; 409 stale_version or illegal_transition).
 */
function VersionedAction(
  method: 'POST' | 'PATCH',
  path: string,
  summary: string,
  errors: { badRequest?: string; forbidden?: string; conflict?: string } = {},
): MethodDecorator {
  const described = (description: string | undefined) => ({ type: ErrorResponse, ...(description ? { description } : {}) });
  return applyDecorators(
    ...(method === 'PATCH' ? [Patch(path)] : [Post(path), HttpCode(200)]),
    ApiOperation({ summary }),
    ApiHeader(IF_MATCH),
    ApiOkResponse({ type: PetitionDetailResponse }),
    ApiBadRequestResponse(described(errors.badRequest)),
    ApiForbiddenResponse(described(errors.forbidden)),
    ApiNotFoundResponse({ type: ErrorResponse }),
    ApiConflictResponse({ type: ErrorResponse, description: errors.conflict ?? CONFLICT }),
  );
}

@ApiTags('petitions')
@ApiExtraModels(ReportFieldResponse)
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse })
@Controller('petitions')
export class PetitionsController {
  constructor(
    private readonly petitions: PetitionsService,
    private readonly reports: PetitionReportsService,
  ) {}

  @Post()
  @Roles('organizer', 'operator', 'point')
  @ApiOperation({ summary: 'Tiếp nhận kiến nghị (cán bộ nhập cuộc gọi, văn bản; điểm cầu gửi cho chính mình) / staff intake, or a point for its own point' })
  @ApiCreatedResponse({ type: PetitionCreatedResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'validation_failed naming the field (channel, submitter.taxCode, submitter.phone, conferenceId…)',
  })
  @ApiForbiddenResponse({ type: ErrorResponse })
  create(@Body() dto: CreatePetitionDto, @CurrentPrincipal() p: Principal): Promise<PetitionCreatedResponse> {
    return this.petitions.create(dto, toViewer(p));
  }

  @Get()
  @ApiOperation({ summary: 'Hộp kiến nghị: lọc, mới nhất trước; ?format=csv / the inbox, newest first; CSV with ?format=csv' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: PetitionPageResponse,
    description:
      'CSV (UTF-8 có BOM): code, receivedAt, kind, channel, field, title, organization, anonymous, status, leadDepartment, dueAt, overdue, workingDaysLeft, answeredAt, answerMode, published, conferenceId',
  })
  @ApiBadRequestResponse({ type: ErrorResponse })
  async list(
    @Query() q: ListPetitionsQueryDto,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PetitionPageResponse | string> {
    if (q.format !== 'csv') return this.petitions.list(q, toViewer(p));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="kien-nghi.csv"');
    return this.petitions.listCsv(q, toViewer(p));
  }

  @Get('report')
  @Roles('organizer', 'operator')
  @ApiOperation({ summary: 'Báo cáo theo đơn vị chủ trì và lĩnh vực (from/to: ngày tiếp nhận) / report by lead department and field' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: PetitionReportResponse,
    description: 'CSV (BOM): departmentId, name, assigned, answered, answeredOnTime, overdue, open, medianWorkingDaysToAnswer',
  })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  async report(@Query() q: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<PetitionReportResponse | string> {
    if (q.format !== 'csv') return this.reports.report(q.from, q.to);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="bao-cao-kien-nghi.csv"');
    return this.reports.reportCsv(q.from, q.to);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một kiến nghị với lịch sử và trao đổi (404 nếu không được xem) / one petition with history and thread' })
  @ApiOkResponse({ type: PetitionDetailResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  findOne(@IdParam('id', 'petition') id: string, @CurrentPrincipal() p: Principal): Promise<PetitionDetailResponse> {
    return this.petitions.detail(id, toViewer(p));
  }

  @Get(':id/thread')
  @ApiOperation({
    summary: 'Trao đổi theo trang, cũ trước (offset tính từ tin cũ nhất; 404 nếu không được xem) / the thread paged, oldest first (offset from the oldest)',
  })
  @ApiOkResponse({ type: ThreadPageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  thread(@IdParam('id', 'petition') id: string, @Query() q: PaginationQueryDto, @CurrentPrincipal() p: Principal): Promise<ThreadPageResponse> {
    return this.petitions.threadOfViewer(id, q, toViewer(p));
  }

  @Get(':id/access-log')
  @Roles('admin')
  @ApiOperation({ summary: 'Nhật ký truy cập dữ liệu người gửi / who received the submitter data' })
  @ApiOkResponse({ type: [AccessLogEntryResponse] })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  accessLog(@IdParam('id', 'petition') id: string): Promise<AccessLogEntryResponse[]> {
    return this.petitions.accessLogOf(id);
  }

  @VersionedAction('PATCH', ':id', 'Sửa kiến nghị (theo phiên bản) / edit (versioned)')
  update(
    @IdParam('id', 'petition') id: string,
    @Body() dto: UpdatePetitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.update(id, dto, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @VersionedAction('POST', ':id/assign', 'Giao xử lý: đơn vị chủ trì, phối hợp, hạn (mặc định 7 ngày làm việc, 20 khi có phối hợp) / assign', {
    badRequest: 'dueAt and workingDays together, dueAt in the past, unknown or inactive department',
  })
  assign(
    @IdParam('id', 'petition') id: string,
    @Body() dto: AssignDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.assign(id, dto, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @VersionedAction('POST', ':id/extend', 'Gia hạn (chỉ muộn hơn); người gửi được báo / extend the due date (later only); the submitter is told')
  extend(
    @IdParam('id', 'petition') id: string,
    @Body() dto: ExtendDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.extend(id, dto, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @VersionedAction('POST', ':id/answer', 'Trả lời (tại hội nghị hoặc bằng văn bản), có thể kèm cam kết / answer, with an optional commitment', {
    forbidden: 'a department that does not lead it; an operator answering in writing, or a petition not linked to a conference',
  })
  answer(
    @IdParam('id', 'petition') id: string,
    @Body() dto: AnswerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.answer(id, dto, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @Post(':id/commitment/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cam kết đã thực hiện (không theo phiên bản) / the commitment is done (not versioned)' })
  @ApiOkResponse({ type: PetitionDetailResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'conflict: no commitment, or already done' })
  commitmentDone(@IdParam('id', 'petition') id: string, @CurrentPrincipal() p: Principal): Promise<PetitionDetailResponse> {
    return this.petitions.commitmentDone(id, toViewer(p));
  }

  @VersionedAction('POST', ':id/publish', 'Công khai kết quả trả lời (đã trả lời hoặc hoàn thành) / publish the answer')
  publish(
    @IdParam('id', 'petition') id: string,
    @Body() dto: VersionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.publish(id, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @VersionedAction('POST', ':id/close', 'Hoàn thành / close (answered → closed)')
  close(
    @IdParam('id', 'petition') id: string,
    @Body() dto: VersionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.close(id, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @VersionedAction('POST', ':id/reject', 'Không thuộc phạm vi (kèm lý do) / reject with a reason')
  reject(
    @IdParam('id', 'petition') id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.reject(id, dto, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @VersionedAction('POST', ':id/merge', 'Gộp vào kiến nghị đầu tiên (đang mở); người gửi theo dõi kiến nghị đó / merge into the first (open) petition', {
    conflict: `${CONFLICT}; illegal_transition when the target is not open`,
  })
  merge(
    @IdParam('id', 'petition') id: string,
    @Body() dto: MergeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.merge(id, dto, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @VersionedAction('POST', ':id/reopen', 'Mở lại (kèm lý do): về "đã giao xử lý" với hạn mới / reopen with a reason: back to assigned with a new deadline')
  reopen(
    @IdParam('id', 'petition') id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.petitions.reopen(id, dto, expectedVersion(ifMatch, dto.version), toViewer(p));
  }

  @Post(':id/notes')
  @ApiOperation({ summary: 'Ghi chú nội bộ (không bao giờ hiện cho người gửi) / an internal note' })
  @ApiCreatedResponse({ type: ThreadMessageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  note(@IdParam('id', 'petition') id: string, @Body() dto: NoteDto, @CurrentPrincipal() p: Principal): Promise<ThreadMessageResponse> {
    return this.petitions.note(id, dto, toViewer(p));
  }

  @Post(':id/replies')
  @ApiOperation({ summary: 'Trả lời người gửi (hiện trên trang tra cứu; qua Zalo với kiến nghị Zalo) / a message to the submitter' })
  @ApiCreatedResponse({ type: ThreadMessageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  reply(@IdParam('id', 'petition') id: string, @Body() dto: NoteDto, @CurrentPrincipal() p: Principal): Promise<ThreadMessageResponse> {
    return this.petitions.reply(id, dto, toViewer(p));
  }

  @Post(':id/erase-submitter')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Xóa dữ liệu người gửi theo yêu cầu (Nghị định 13/2023) / erase the submitter data now' })
  @ApiOkResponse({ type: PetitionDetailResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  eraseSubmitter(@IdParam('id', 'petition') id: string, @CurrentPrincipal() p: Principal): Promise<PetitionDetailResponse> {
    return this.petitions.eraseSubmitter(id, toViewer(p));
  }
}
