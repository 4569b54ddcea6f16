import { NotBlank } from '../common/validation/not-blank';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WorkingDaysQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'YYYY-MM-DD, tính cả ngày này / inclusive' })
  @IsString()
  @Matches(DATE, { message: 'from phải có dạng YYYY-MM-DD / from must be YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'YYYY-MM-DD, tính cả ngày này; tối đa 366 ngày / inclusive, at most 366 days' })
  @IsString()
  @Matches(DATE, { message: 'to phải có dạng YYYY-MM-DD / to must be YYYY-MM-DD' })
  to: string;
}

export class PutOverrideDto {
  @ApiProperty({ description: 'true: ngày làm bù; false: ngày nghỉ bù / a make-up working day, or a substitute day off' })
  @IsBoolean()
  working: boolean;

  @ApiProperty({ example: 'Nghỉ bù Quốc khánh' })
  @IsString()
  @MinLength(1)
  @NotBlank()
  @MaxLength(200)
  name: string;
}

export class CalendarDayResponse {
  @ApiProperty({ example: '2026-02-17' }) date: string;
  @ApiProperty() working: boolean;
  @ApiPropertyOptional({ example: 'Tết Nguyên Đán (mùng 1)' }) holiday?: string;
}

export class CalendarOverrideResponse {
  @ApiProperty({ example: '2026-01-02' }) date: string;
  @ApiProperty() working: boolean;
  @ApiProperty({ example: 'Nghỉ bù Tết Dương lịch' }) name: string;
}
