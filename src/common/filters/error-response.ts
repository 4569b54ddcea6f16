import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Each language of an error message: one sentence, or one list for validation errors (same order in both). */
export class ErrorMessagesResponse {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'Không tìm thấy hội nghị 42' })
  vi: string | string[];

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'Conference 42 not found' })
  en: string | string[];
}

/** The contract's error body, documented once for every route (see `error-body.ts`). */
export class ErrorResponse {
  @ApiProperty({ example: 404 }) statusCode: number;
  @ApiProperty({ example: 'Not Found' }) error: string;
  @ApiProperty({ example: 'not_found', description: 'Mã lỗi ổn định / stable machine-readable code' }) code: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'Không tìm thấy hội nghị 42 / Conference 42 not found',
    description: '"Tiếng Việt / English" (danh sách khi lỗi dữ liệu) / "Vietnamese / English" (a list for validation errors)',
  })
  message: string | string[];

  @ApiProperty({ type: () => ErrorMessagesResponse }) messages: ErrorMessagesResponse;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { entity: 'conference', id: '42' },
    description: 'Giá trị để trang tự diễn đạt mã lỗi / values a client words the code from',
  })
  params?: Record<string, unknown>;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
    ],
    description: 'stale_version: {currentVersion}; schedule_clash: [{pointId, conferenceId, title, startsAt, endsAt}]',
  })
  details?: unknown;
}
