import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { NotBlank } from '../common/validation/not-blank';
import { REFRESH_TOKEN_MAX } from './zalo-tokens.service';

export const ZALO_CONNECTIONS = ['not_configured', 'ok', 'reauthorize_needed'] as const;
export type ZaloConnection = (typeof ZALO_CONNECTIONS)[number];

/** Zalo's last refusal of the token refresh (never a token). */
export class ZaloRefreshErrorResponse {
  @ApiProperty({ description: 'Khi Zalo từ chối / when Zalo refused', example: '2026-03-02T09:15:00+07:00' }) at: string;
  @ApiProperty({ description: "Mã lỗi của Zalo / Zalo's error code", example: -14014 }) code: number;
  @ApiProperty({ description: "Lời của Zalo / Zalo's message", example: 'Refresh token is invalid or already used' }) message: string;
}

export class ZaloStatusResponse {
  @ApiProperty({ description: 'ZALO_APP_ID được đặt / ZALO_APP_ID is set' }) configured: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Hạn của access token (không bao giờ là token) / when the access token expires (never the token)' })
  tokenExpiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastWebhookAt: string | null;
  @ApiProperty({ description: 'Người đang quan tâm OA / current followers' }) followers: number;
  @ApiProperty({ description: 'Phản ánh Zalo chưa hoàn thành, từ chối hay gộp / Zalo feedback not closed, rejected or merged' }) openFeedback: number;
  @ApiProperty({
    enum: ZALO_CONNECTIONS,
    enumName: 'ZaloConnection',
    description:
      'reauthorize_needed: Zalo từ chối refresh token đang lưu (hoặc chưa có), không gửi được tin cho đến khi quản trị viên đặt refresh token mới / ' +
      'Zalo refused the stored refresh token (or none is stored): nothing can be sent until an admin sets a new one',
  })
  connection: ZaloConnection;
  @ApiProperty({
    type: ZaloRefreshErrorResponse,
    nullable: true,
    description:
      'Lần Zalo từ chối làm mới token gần nhất, khi refresh token bị từ chối vẫn là token đang lưu; null khi làm mới hoặc gửi tin thành công sau đó, hoặc đã đặt token mới / ' +
      "Zalo's last refusal of the token refresh while the refused refresh token is still the stored one; null once a refresh or a send succeeds or a new token is set",
  })
  lastRefreshError: ZaloRefreshErrorResponse | null;
}

/** An admin's new refresh token for the OA (never logged, never answered back). */
export class ZaloRefreshTokenDto {
  @ApiProperty({
    format: 'password',
    writeOnly: true,
    maxLength: REFRESH_TOKEN_MAX,
    description:
      'Refresh token mới của OA, lấy trong Zalo for Developers; khoảng trắng ở hai đầu được bỏ đi / ' +
      "the OA's new refresh token from Zalo for Developers; spaces around it are dropped",
  })
  @IsString()
  @NotBlank()
  @MaxLength(REFRESH_TOKEN_MAX)
  refreshToken: string;
}

export class ZaloWebhookAck {
  @ApiProperty({ example: true }) ok: boolean;
}

export class ZaloReplyWindowResponse {
  @ApiProperty({ nullable: true, type: String }) lastInboundAt: string | null;
  @ApiProperty() repliesUsed: number;
  @ApiProperty() repliesLeft: number;
  @ApiProperty({ nullable: true, type: String, description: 'Trả lời miễn phí đến / free replies until' }) until: string | null;
  @ApiProperty() open: boolean;
}
