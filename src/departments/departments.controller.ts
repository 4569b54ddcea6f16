import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { IdParam } from '../common/validation/id.pipe';
import { ErrorResponse } from '../conferences/dto/conference.response';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, DepartmentResponse, ListDepartmentsQueryDto, UpdateDepartmentDto } from './dto/department.dto';

@ApiTags('departments')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse })
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Thêm cơ quan, đơn vị xử lý / create a department' })
  @ApiCreatedResponse({ type: DepartmentResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'conflict: the code is taken (regardless of case)' })
  create(@Body() dto: CreateDepartmentDto): Promise<DepartmentResponse> {
    return this.departments.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'Danh sách đơn vị đang hoạt động theo mã (?active=all: cả đơn vị đã ngừng) / departments by code' })
  @ApiOkResponse({ type: [DepartmentResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse })
  list(@Query() q: ListDepartmentsQueryDto): Promise<DepartmentResponse[]> {
    return this.departments.list(q.active === 'all');
  }

  @Get(':id')
  @ApiOperation({ summary: 'Một đơn vị (kể cả đã ngừng hoạt động) / one department' })
  @ApiOkResponse({ type: DepartmentResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  findOne(@IdParam('id', 'department') id: string): Promise<DepartmentResponse> {
    return this.departments.findOne(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Sửa đơn vị / edit a department' })
  @ApiOkResponse({ type: DepartmentResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'conflict (code taken), department_in_use (active: false while it leads open petitions)' })
  update(@IdParam('id', 'department') id: string, @Body() dto: UpdateDepartmentDto): Promise<DepartmentResponse> {
    return this.departments.update(id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Ngừng hoạt động đơn vị (không xóa) / deactivate a department' })
  @ApiOkResponse({ type: DepartmentResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'department_in_use: it leads a petition that is not closed, rejected or merged' })
  deactivate(@IdParam('id', 'department') id: string): Promise<DepartmentResponse> {
    return this.departments.deactivate(id);
  }
}
