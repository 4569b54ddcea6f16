import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Page } from '../common/pagination/pagination.dto';
import { IdParam } from '../common/validation/id.pipe';
import { AccountsService } from './accounts.service';
import { CurrentPrincipal, Roles } from './decorators';
import { CreateUserDto, ListUsersQueryDto, ResetPasswordDto, UpdateUserDto, UserHistoryEntryResponse, UserResponse } from './dto/auth.dto';
import { actorId, type Principal } from './principal';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  create(@Body() dto: CreateUserDto, @CurrentPrincipal() actor: Principal): Promise<UserResponse> {
    return this.users.create(dto, actorId(actor));
  }

  @Get()
  @ApiOkResponse({ description: '{ items: UserResponse[], total }' })
  list(@Query() query: ListUsersQueryDto): Promise<Page<UserResponse>> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'no such account' })
  findOne(@IdParam('id', 'user') id: string): Promise<UserResponse> {
    return this.users.findOne(id);
  }

  @Get(':id/history')
  @ApiOperation({
    summary: 'Lịch sử tài khoản, mới nhất trước / the account history, newest first',
    description:
      'Tạo, khóa, mở khóa, đổi vai trò, điểm cầu, đơn vị, đặt lại và đổi mật khẩu: ai làm, lúc nào / create, lock, unlock, role, point, department, password reset and change: who and when',
  })
  @ApiOkResponse({ type: [UserHistoryEntryResponse] })
  @ApiNotFoundResponse({ description: 'no such account' })
  history(@IdParam('id', 'user') id: string): Promise<UserHistoryEntryResponse[]> {
    return this.accounts.history(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Sửa vai trò, điểm cầu, đơn vị; khóa hoặc mở khóa tài khoản / change role, point, department; lock or unlock',
    description:
      'Đổi vai trò, điểm cầu, đơn vị hoặc khóa thì tài khoản bị đăng xuất trên mọi thiết bị / a change of role, point or department, or a lock, signs the account out everywhere',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'the account would break the create rules (e.g. role point without an existing pointId)' })
  @ApiConflictResponse({ description: 'locking or demoting yourself (params.reason self), or the last active admin (last_admin)' })
  @ApiNotFoundResponse({ description: 'no such account' })
  update(@IdParam('id', 'user') id: string, @Body() dto: UpdateUserDto, @CurrentPrincipal() actor: Principal): Promise<UserResponse> {
    return this.accounts.update(id, dto, actor);
  }

  @Post(':id/password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Đặt lại mật khẩu / reset the password',
    description: 'Tài khoản bị đăng xuất trên mọi thiết bị / the account is signed out everywhere',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'no such account' })
  async resetPassword(@IdParam('id', 'user') id: string, @Body() dto: ResetPasswordDto, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.accounts.setPassword(id, dto.password, actor, 'password_reset');
  }
}
