import { ApiProperty } from '@nestjs/swagger';

export class ZaloStatusResponse {
  @ApiProperty({ description: 'ZALO_APP_ID được đặt / ZALO_APP_ID is set' }) configured: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Hạn của access token (không bao giờ là token) / when the access token expires (never the token)' })
  tokenExpiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastWebhookAt: string | null;
  @ApiProperty({ description: 'Người đang quan tâm OA / current followers' }) followers: number;
  @ApiProperty({ description: 'Phản ánh Zalo chưa hoàn thành, từ chối hay gộp / Zalo feedback not closed, rejected or merged' }) openFeedback: number;
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
