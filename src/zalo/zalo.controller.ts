import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Public, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode } from '../common/errors';
import { IdParam } from '../common/validation/id.pipe';
import { ErrorResponse } from '../conferences/dto/conference.response';
import { PetitionDetailResponse } from '../petitions/dto/petition.response';
import { toViewer } from '../petitions/petition-viewer';
import { PetitionsService } from '../petitions/petitions.service';
import { RawBodyRequest } from './raw-body';
import { ZaloRefreshTokenDto, ZaloStatusResponse, ZaloReplyWindowResponse, ZaloWebhookAck } from './zalo.dto';
import { ZaloService } from './zalo.service';

@ApiTags('zalo')
@Controller()
export class ZaloController {
  constructor(
    private readonly zalo: ZaloService,
    private readonly petitions: PetitionsService,
  ) {}

  @Post('webhooks/zalo')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Webhook của Zalo OA (ký bằng X-ZEvent-Signature); lưu rồi xử lý / the Zalo OA webhook: stored, then processed' })
  @ApiHeader({ name: 'X-ZEvent-Signature', required: true, description: 'mac=<sha256 hex of app_id + raw body + timestamp + ZALO_OA_SECRET>' })
  @ApiOkResponse({ type: ZaloWebhookAck, description: 'Đã lưu (kể cả khi trùng msg_id: lưu một lần) / stored (a repeated msg_id is stored once)' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'JSON hỏng / malformed JSON' })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Thiếu/sai chữ ký hoặc app_id khác / missing or wrong signature, another app_id' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Zalo chưa cấu hình (ZALO_APP_ID) / Zalo not configured' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: '> 1 MB' })
  async webhook(@Req() req: RawBodyRequest, @Headers('x-zevent-signature') signature: string | undefined): Promise<ZaloWebhookAck> {
    if (req.rawBodyTooLarge)
      throw new AppError(ErrorCode.PayloadTooLarge, { vi: 'Dữ liệu gửi lên quá lớn (tối đa 1 MB)', en: 'Payload too large (at most 1 MB)' });
    await this.zalo.receive(req.rawBody ?? Buffer.alloc(0), signature);
    return { ok: true };
  }

  @Get('zalo/status')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Tình trạng kết nối Zalo OA (không bao giờ có token hay khóa bí mật) / Zalo OA status (never a token or secret)' })
  @ApiOkResponse({ type: ZaloStatusResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  status(): Promise<ZaloStatusResponse> {
    return this.zalo.status();
  }

  @Put('zalo/refresh-token')
  @HttpCode(200)
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Kết nối lại Zalo OA: lưu refresh token mới (xóa access token và lần bị từ chối), thử ngay với Zalo; trả về tình trạng, không bao giờ có token / ' +
      'reconnect the Zalo OA: store a new refresh token (clearing the access token and the refusal), try it with Zalo at once; answers the status, never the token',
  })
  @ApiOkResponse({ type: ZaloStatusResponse, description: 'connection: ok (Zalo took it) or reauthorize_needed (Zalo refused it: lastRefreshError)' })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'validation_failed: thiếu, rỗng, chỉ khoảng trắng hoặc quá dài / missing, empty, blank or too long',
  })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Zalo chưa cấu hình (ZALO_APP_ID) / Zalo not configured' })
  reconnect(@Body() dto: ZaloRefreshTokenDto): Promise<ZaloStatusResponse> {
    return this.zalo.reconnect(dto.refreshToken);
  }

  @Get('petitions/:id/zalo-window')
  @Roles('organizer')
  @ApiBearerAuth()
  @ApiTags('petitions')
  @ApiOperation({ summary: "Cửa sổ trả lời miễn phí của Zalo: còn bao nhiêu lần, đến khi nào / Zalo's free-reply window: how many left, until when" })
  @ApiOkResponse({ type: ZaloReplyWindowResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  async window(@IdParam('id', 'petition') id: string, @CurrentPrincipal() p: Principal): Promise<ZaloReplyWindowResponse> {
    await this.petitions.assertVisible(id, toViewer(p));
    return this.zalo.replies.window(id);
  }

  @Post('petitions/:id/replies/:messageId/retry')
  @HttpCode(200)
  @Roles('organizer')
  @ApiBearerAuth()
  @ApiTags('petitions')
  @ApiOperation({ summary: 'Gửi lại một trả lời Zalo bị lỗi / send a failed Zalo reply again' })
  @ApiOkResponse({ type: PetitionDetailResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'outside_reply_window (details: lastInboundAt, repliesUsed); conflict (not failed)' })
  @ApiResponse({ status: 502, type: ErrorResponse, description: 'zalo_error (details: zaloError, zaloMessage)' })
  retry(
    @IdParam('id', 'petition') id: string,
    @IdParam('messageId', 'petition') messageId: string,
    @CurrentPrincipal() p: Principal,
  ): Promise<PetitionDetailResponse> {
    return this.zalo.replies.retry(id, messageId, toViewer(p));
  }

  @Get('petitions/:id/attachments/:attachmentId')
  @ApiBearerAuth()
  @ApiTags('petitions')
  @ApiOperation({ summary: "Bản lưu ảnh/tệp người lao động gửi qua Zalo (chuyển tới url gốc khi chưa tải về) / the server's copy of a Zalo image or file" })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'Tệp / the file' })
  @ApiResponse({ status: 302, description: "Chưa tải về: url gốc của Zalo / not downloaded yet: Zalo's url" })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async attachment(
    @IdParam('id', 'petition') id: string,
    @Param('attachmentId') attachmentId: string,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ): Promise<void> {
    await this.petitions.assertVisible(id, toViewer(p));
    await this.zalo.attachments.serve(id, attachmentId, res);
  }
}
