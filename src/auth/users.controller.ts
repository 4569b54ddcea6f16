import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, PaginationQueryDto } from '../common/pagination/pagination.dto';
import { Roles } from './decorators';
import { CreateUserDto, UserResponse } from './dto/auth.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.users.create(dto);
  }

  @Get()
  @ApiOkResponse({ description: '{ items: UserResponse[], total }' })
  list(@Query() page: PaginationQueryDto): Promise<Page<UserResponse>> {
    return this.users.list(page);
  }
}
