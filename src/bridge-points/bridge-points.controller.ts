import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { optionalVersion } from '../common/versioning/expected-version';
import { IdParam } from '../common/validation/id.pipe';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../auth/decorators';
import { readCsvBody } from '../common/http/text-body';
import { Page } from '../common/pagination/pagination.dto';
import { BridgePointsService } from './bridge-points.service';
import { CreatePointDto } from './dto/create-point.dto';
import { ListPointsQueryDto, PointTreeQueryDto } from './dto/list-points.query';
import { ImportResult, PointPage, PointResponse, PointTreeNode, type VersionedPoint } from './dto/point.response';
import { UpdatePointDto } from './dto/update-point.dto';
import { PointsImportService } from './points-import.service';

const CSV_EXAMPLE = [
  'code,name,level,parentCode,address,contactName,contactPhone,capacity',
  'T-BACNINH,UBND tỉnh Bắc Ninh,province,,"Số 10 Phù Đổng Thiên Vương, TP Bắc Ninh",Nguyễn Văn An,0222 3822 456,120',
  'H-THUANTHANH,UBND huyện Thuận Thành,district,T-BACNINH,Thị trấn Hồ,,,40',
].join('\n');

/**
 * A point's version travels in headers, so its body keeps exactly the contract's fields: the `ETag` of one point's
 * `GET`, `PATCH` and `DELETE` answer, sent back as `If-Match` (optional: the contract versions conferences and agendas
 * only; sent, a stale one is 409 `stale_version`).
 */
const POINT_IF_MATCH = {
  name: 'If-Match',
  required: false,
  description:
    'ETag của điểm cầu khi đọc; không bắt buộc, gửi thì không ghi đè thay đổi của người khác (409 stale_version) / the ETag the point was read with; optional, when sent a stale one is refused (409 stale_version)',
};
const ETAG = {
  ETag: { description: 'Phiên bản điểm cầu, ví dụ "3" / the point version, e.g. "3"', schema: { type: 'string' } },
};

function withETag(res: Response, v: VersionedPoint): PointResponse {
  res.setHeader('ETag', `"${v.version}"`);
  return v.point;
}

@ApiTags('points')
@ApiBearerAuth()
@Controller('points')
export class BridgePointsController {
  constructor(
    private readonly points: BridgePointsService,
    private readonly importer: PointsImportService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Thêm điểm cầu / Create a point (admin)' })
  @ApiCreatedResponse({ type: PointResponse })
  @ApiBadRequestResponse({ description: 'Dữ liệu không hợp lệ, điểm cầu cấp trên không tồn tại hoặc sai cấp / invalid field, unknown parent or level rule' })
  @ApiConflictResponse({ description: 'Mã đã được dùng / code already taken' })
  create(@Body() dto: CreatePointDto): Promise<PointResponse> {
    return this.points.create(dto);
  }

  @Get()
  @ApiOperation({
    summary: 'Danh sách điểm cầu / List points',
    description: 'Mặc định chỉ điểm cầu đang hoạt động (active=true); xếp theo mã / active ones by default, ordered by code',
  })
  @ApiOkResponse({ type: PointPage })
  list(@Query() query: ListPointsQueryDto): Promise<Page<PointResponse>> {
    return this.points.list(query);
  }

  @Get('tree')
  @ApiOperation({ summary: 'Cây điểm cầu / The points as a tree from the roots' })
  @ApiOkResponse({ type: [PointTreeNode] })
  tree(@Query() query: PointTreeQueryDto): Promise<PointTreeNode[]> {
    return this.points.tree(query.active);
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Nhập điểm cầu từ tệp CSV / Import points from CSV (admin)',
    description: `Tiêu đề / header: ${CSV_EXAMPLE.split('\n')[0]}. Cập nhật theo mã (không phân biệt hoa thường), tạo mới nếu chưa có; parentCode là mã của một dòng phía trên hoặc của điểm cầu đã có. Tệp có lỗi thì không ghi gì (422). / Upsert by code; all rows or none.`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: CSV_EXAMPLE } })
  @ApiOkResponse({ type: ImportResult })
  @ApiBadRequestResponse({ description: 'Không phải text/csv hoặc tệp trống / not text/csv, or empty' })
  @ApiUnprocessableEntityResponse({
    description: '{statusCode: 422, code: "import_failed", message, errors: [{line, message}]} — không có thay đổi nào / nothing changed',
  })
  async import(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<ImportResult> {
    const body = await readCsvBody(req, res);
    return this.importer.import(req.headers['content-type'], body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một điểm cầu / One point' })
  @ApiOkResponse({ type: PointResponse, headers: ETAG })
  @ApiBadRequestResponse({ description: 'id không phải UUID / id is not a UUID' })
  @ApiNotFoundResponse()
  async get(@IdParam('id', 'point') id: string, @Res({ passthrough: true }) res: Response): Promise<PointResponse> {
    return withETag(res, await this.points.get(id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiHeader(POINT_IF_MATCH)
  @ApiOperation({ summary: 'Sửa điểm cầu / Update a point (admin)' })
  @ApiOkResponse({ type: PointResponse, headers: ETAG })
  @ApiBadRequestResponse({ description: 'Dữ liệu không hợp lệ, sai cấp hoặc tạo vòng lặp / invalid field, level rule or cycle' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description:
      'Mã đã được dùng, phiên bản đã cũ (stale_version), hoặc (active=false) điểm cầu đang được mời vào hội nghị chưa kết thúc / code taken, a stale version, or point invited to a conference that has not ended',
  })
  async update(
    @IdParam('id', 'point') id: string,
    @Body() dto: UpdatePointDto,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<PointResponse> {
    return withETag(res, await this.points.update(id, dto, optionalVersion(ifMatch, undefined)));
  }

  @Delete(':id')
  @Roles('admin')
  @ApiHeader(POINT_IF_MATCH)
  @ApiOperation({
    summary: 'Ngừng hoạt động điểm cầu / Deactivate a point (admin)',
    description: 'Không xoá dữ liệu; trả về điểm cầu với active=false / keeps the data, returns the point with active=false',
  })
  @ApiOkResponse({ type: PointResponse, headers: ETAG })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description: 'Điểm cầu đang được mời vào hội nghị chưa kết thúc, hoặc phiên bản đã cũ / invited to a conference that has not ended, or a stale version',
  })
  @ApiForbiddenResponse()
  async deactivate(
    @IdParam('id', 'point') id: string,
    @Res({ passthrough: true }) res: Response,
    @Headers('if-match') ifMatch?: string,
  ): Promise<PointResponse> {
    return withETag(res, await this.points.deactivate(id, optionalVersion(ifMatch, undefined)));
  }
}
