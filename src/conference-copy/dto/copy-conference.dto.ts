import { NotBlank } from '../../common/validation/not-blank';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsIsoWithOffset } from '../../common/validation/is-iso-with-offset';

/** `POST /api/conferences/:id/copy`: where the copy starts (it keeps the source's length), and optionally a new title. */
export class CopyConferenceDto {
  @ApiProperty({
    example: '2021-07-17T08:00:00+07:00',
    description:
      'Bắt đầu của bản sao, ISO-8601 có múi giờ; kết thúc = bắt đầu + thời lượng của hội nghị gốc / the copy starts here (with offset); it ends after the source’s length',
  })
  @IsIsoWithOffset()
  startsAt: string;

  @ApiPropertyOptional({
    example: 'Hội nghị đối thoại với doanh nghiệp FDI quý III năm 2021',
    maxLength: 500,
    description: 'Tên mới (như khi tạo hội nghị); bỏ trống = giữ tên hội nghị gốc / a new title (same limits as create); absent = the source’s',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @NotBlank()
  @MaxLength(500)
  title?: string;
}
