import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService } from './auth.service';
import { CurrentPrincipal, Public } from './decorators';
import { CheckinCodeDto, CheckinCodeResponse, LoginDto, LoginResponse, MeResponse } from './dto/auth.dto';
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

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.me(principal);
  }
}
