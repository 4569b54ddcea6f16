import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService } from './auth.service';
import { CurrentPrincipal, Public } from './decorators';
import { ChangePasswordDto, ChangePasswordResponse, CheckinCodeDto, CheckinCodeResponse, LoginDto, LoginResponse, MeResponse } from './dto/auth.dto';
import type { Principal } from './principal';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(dto.username, dto.password, req.ip ?? 'unknown');
  }

  @Public()
  @Post('checkin-code')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Đổi mã ngắn của đường dẫn tham dự lấy token / exchange a check-in link's short code for its token (10 failed attempts a minute per address, then 429)",
  })
  @ApiOkResponse({ type: CheckinCodeResponse })
  @ApiNotFoundResponse({ description: 'unknown, revoked or expired code' })
  @ApiTooManyRequestsResponse({ description: 'too many failed attempts from this address (details.retryAfterSeconds)' })
  checkinCode(@Body() dto: CheckinCodeDto, @Req() req: Request): Promise<CheckinCodeResponse> {
    return this.auth.exchangeCheckinCode(dto.code, req.ip ?? 'unknown');
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Đăng xuất trên mọi thiết bị / Sign out everywhere',
    description: 'Mọi mã truy cập đã cấp cho tài khoản này hết hiệu lực / every token issued to this user so far stops working',
  })
  @ApiNoContentResponse()
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.logout(principal);
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Đổi mật khẩu của chính mình / change your own password',
    description:
      'Các phiên khác bị đăng xuất; trả về mã truy cập mới cho phiên này. Mật khẩu hiện tại sai: 400, tính vào giới hạn đăng nhập / ' +
      'the other sessions are signed out; the answer carries a fresh token for this one. A wrong current password is 400 and counts as a failed sign-in',
  })
  @ApiOkResponse({ type: ChangePasswordResponse })
  @ApiBadRequestResponse({ description: 'wrong current password (params.reason wrong_password), or a new password that is too short or the same' })
  @ApiTooManyRequestsResponse({ description: 'too many failed attempts (details.retryAfterSeconds)' })
  changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto, @Req() req: Request): Promise<ChangePasswordResponse> {
    return this.auth.changePassword(principal, dto, req.ip ?? 'unknown');
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.me(principal);
  }
}
