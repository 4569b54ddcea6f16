import { NotBlank } from '../../common/validation/not-blank';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import type { DepartmentEntity } from '../department.entity';

export class CreateDepartmentDto {
  @ApiProperty({ example: 'STNMT', description: '2–32 ký tự [A-Za-z0-9_-], không phân biệt hoa thường / unique regardless of case' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{2,32}$/, {
    message: 'code phải gồm 2–32 ký tự A-Z, a-z, 0-9, gạch dưới hoặc gạch ngang / code must be 2–32 characters of [A-Za-z0-9_-]',
  })
  code: string;

  @ApiProperty({ example: 'Sở Tài nguyên và Môi trường' })
  @IsString()
  @MinLength(1)
  @NotBlank()
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ example: 'Sở TN&MT' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  shortName?: string;

  @ApiPropertyOptional({ example: 'Phòng Đất đai' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  contactName?: string;

  @ApiPropertyOptional({ example: '0222 3822 xxx' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  contactPhone?: string;

  @ApiPropertyOptional({ example: 'stnmt@bacninh.gov.vn' })
  @IsOptional()
  @IsEmail({}, { message: 'email không hợp lệ / email is not valid' })
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Điểm cầu riêng của đơn vị / its own bridge point' })
  @IsOptional()
  @IsUUID()
  pointId?: string;
}

export class UpdateDepartmentDto extends PartialType(CreateDepartmentDto) {
  @ApiPropertyOptional({ description: 'Kích hoạt lại / reactivate' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListDepartmentsQueryDto {
  @ApiPropertyOptional({ enum: ['all'], description: 'Cả đơn vị đã ngừng hoạt động / include deactivated ones' })
  @IsOptional()
  @IsIn(['all'])
  active?: 'all';
}

export class DepartmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'STNMT' }) code: string;
  @ApiProperty({ example: 'Sở Tài nguyên và Môi trường' }) name: string;
  @ApiProperty({ nullable: true, type: String }) shortName: string | null;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) pointId: string | null;
  @ApiProperty() active: boolean;
}

export function toDepartmentResponse(d: DepartmentEntity): DepartmentResponse {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    shortName: d.shortName,
    contactName: d.contactName,
    contactPhone: d.contactPhone,
    email: d.email,
    pointId: d.pointId,
    active: d.active,
  };
}
