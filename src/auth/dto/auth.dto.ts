import { bilingual } from '../../common/validation/validation-messages';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../entities/user.entity';
import type { UserEntity } from '../entities/user.entity';

export class LoginDto {
  @ApiProperty({ example: 'dieuhanh' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'MatKhau@2021' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'vp.ubnd.bacninh', description: '3–64 ký tự [A-Za-z0-9._-], không phân biệt hoa thường / unique regardless of case' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, {
    message: bilingual({
      vi: 'username phải gồm 3–64 ký tự A-Z, a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang',
      en: 'username must be 3–64 characters of [A-Za-z0-9._-]',
    }),
  })
  username: string;

  @ApiProperty({ example: 'MatKhau@2021', minLength: 10 })
  @IsString()
  @MinLength(10, { message: bilingual({ vi: 'Mật khẩu phải có ít nhất 10 ký tự', en: 'password must be at least 10 characters' }) })
  @MaxLength(256)
  password: string;

  @ApiProperty({ enum: ROLES, example: 'operator' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Bắt buộc với vai trò point / required for role point' })
  @IsOptional()
  @IsUUID()
  pointId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Bắt buộc với vai trò department / required for role department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'dieuhanh' }) username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) pointId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Với vai trò department / for role department' }) departmentId: string | null;
}

export function toUserResponse(u: UserEntity): UserResponse {
  return { id: u.id, username: u.username, role: u.role, pointId: u.pointId, departmentId: u.departmentId };
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: UserResponse }) user: UserResponse;
}

export class MePointResponse {
  @ApiProperty({ example: 'H-THUANTHANH' }) code: string;
  @ApiProperty({ example: 'UBND huyện Thuận Thành' }) name: string;
}

export class MeResponse {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional() username?: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) pointId: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Với vai trò department / for role department' }) departmentId?:
    string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'Với đường dẫn tham dự / with a check-in link token' }) conferenceId?: string;
  @ApiPropertyOptional({ type: () => MePointResponse, description: 'Với đường dẫn tham dự / with a check-in link token' }) point?: MePointResponse;
}

export class CheckinCodeDto {
  @ApiProperty({
    example: 'K7M2QX9RTB',
    description:
      'Mã ngắn in trên tờ QR (không phân biệt hoa thường, bỏ qua dấu cách, gạch ngang) / the short code of a check-in link (case, spaces and dashes ignored)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code: string;
}

export class CheckinCodeResponse {
  @ApiProperty({ description: 'Mã truy cập của đường dẫn tham dự (như trong url của đường dẫn) / the check-in link token (the one in the link url)' })
  token: string;
}
