import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { IdParam } from '../common/validation/id.pipe';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
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
import { ImportResult, PointPage, PointResponse, PointTreeNode } from './dto/point.response';
import { UpdatePointDto } from './dto/update-point.dto';
import { PointsImportService } from './points-import.service';

const CSV_EXAMPLE = [
  'code,name,level,parentCode,address,contactName,contactPhone,capacity',
  'T-BACNINH,UBND tỉnh Bắc Ninh,province,,"Số 10 Phù Đổng Thiên Vương, TP Bắc Ninh",Nguyễn Văn An,0222 3822 456,120',
  'H-THUANTHANH,UBND huyện Thuận Thành,district,T-BACNINH,Thị trấn Hồ,,,40',
].join('\n');

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
  @ApiOkResponse({ type: PointResponse })
  @ApiBadRequestResponse({ description: 'id không phải UUID / id is not a UUID' })
  @ApiNotFoundResponse()
  get(@IdParam('id', 'point') id: string): Promise<PointResponse> {
    return this.points.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Sửa điểm cầu / Update a point (admin)' })
  @ApiOkResponse({ type: PointResponse })
  @ApiBadRequestResponse({ description: 'Dữ liệu không hợp lệ, sai cấp hoặc tạo vòng lặp / invalid field, level rule or cycle' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description:
      'Mã đã được dùng, hoặc (active=false) điểm cầu đang được mời vào hội nghị chưa kết thúc / code taken, or point invited to a conference that has not ended',
  })
  update(@IdParam('id', 'point') id: string, @Body() dto: UpdatePointDto): Promise<PointResponse> {
    return this.points.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Ngừng hoạt động điểm cầu / Deactivate a point (admin)',
    description: 'Không xoá dữ liệu; trả về điểm cầu với active=false / keeps the data, returns the point with active=false',
  })
  @ApiOkResponse({ type: PointResponse })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Điểm cầu đang được mời vào hội nghị chưa kết thúc / invited to a conference that has not ended' })
  @ApiForbiddenResponse()
  deactivate(@IdParam('id', 'point') id: string): Promise<PointResponse> {
    return this.points.deactivate(id);
  }
}
