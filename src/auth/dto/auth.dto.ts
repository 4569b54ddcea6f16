import { bilingual } from '../../common/validation/validation-messages';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { formatInZoneOrNull } from '../../common/time/time';
import { ACCOUNT_ACTIONS, type AccountAction } from '../accounts';
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

/** A new password (create, reset, change): at least 10 characters. */
const NewPasswordRules = () =>
  applyDecorators(
    ApiProperty({ example: 'MatKhau@2021', minLength: 10 }),
    IsString(),
    MinLength(10, { message: bilingual({ vi: 'Mật khẩu phải có ít nhất 10 ký tự', en: 'password must be at least 10 characters' }) }),
    MaxLength(256),
  );

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

  @NewPasswordRules()
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

/** `GET /api/users?active=`: only active (`true`) or only locked (`false`) accounts; absent = all. */
export class ListUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true = chỉ tài khoản đang hoạt động, false = chỉ tài khoản đã khóa; không gửi = tất cả / only active, only locked; absent = all',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: bilingual({ vi: 'active phải là true hoặc false', en: 'active must be true or false' }) })
  active?: 'true' | 'false';
}

/**
 * `PATCH /api/users/:id` (admin): only the fields sent change; the account that results must follow the create rules
 * (role `point` needs an existing `pointId`, role `department` an existing `departmentId`, no other role has either).
 * Moving away from `point`/`department` without sending the id clears it. Changing role, point or department, or
 * locking (`active: false`), signs the account out everywhere.
 */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, example: 'operator' })
  @ValidateIf((_, v) => v !== undefined)
  @IsIn(ROLES, { message: bilingual({ vi: `role phải là một trong: ${ROLES.join(', ')}`, en: `role must be one of: ${ROLES.join(', ')}` }) })
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Với vai trò point; null = bỏ / for role point; null clears it' })
  @IsOptional()
  @IsUUID(undefined, { message: bilingual({ vi: 'pointId phải là UUID', en: 'pointId must be a UUID' }) })
  pointId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Với vai trò department; null = bỏ / for role department; null clears it' })
  @IsOptional()
  @IsUUID(undefined, { message: bilingual({ vi: 'departmentId phải là UUID', en: 'departmentId must be a UUID' }) })
  departmentId?: string | null;

  @ApiPropertyOptional({ example: false, description: 'false = khóa tài khoản, true = mở khóa / false locks the account, true unlocks it' })
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean({ message: bilingual({ vi: 'active phải là true hoặc false', en: 'active must be a boolean' }) })
  active?: boolean;
}

/** `POST /api/users/:id/password` (admin): the account's new password. */
export class ResetPasswordDto {
  @NewPasswordRules()
  password: string;
}

/** `POST /api/auth/password`: the signed-in user's own password. */
export class ChangePasswordDto {
  @ApiProperty({ example: 'MatKhau@2021' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @NewPasswordRules()
  newPassword: string;
}

export class ChangePasswordResponse {
  @ApiProperty({ description: 'Mã truy cập mới cho phiên này (các mã cũ đã hết hiệu lực) / a fresh token for this session (every older one is revoked)' })
  accessToken: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'dieuhanh' }) username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) pointId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Với vai trò department / for role department' }) departmentId: string | null;
  @ApiProperty({ example: true, description: 'false = tài khoản đã bị khóa / false = the account is locked' }) active: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2021-07-10T07:45:12.000+07:00',
    description: 'Lần đăng nhập bằng mật khẩu gần nhất; null = chưa đăng nhập / the last password sign-in; null = never',
  })
  lastSignInAt: string | null;
}

export function toUserResponse(u: UserEntity): UserResponse {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    pointId: u.pointId,
    departmentId: u.departmentId,
    active: Boolean(u.active),
    lastSignInAt: formatInZoneOrNull(u.lastSignInAt),
  };
}

/** Who made a change of an account. */
export class AccountRefResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'quantri' }) username: string;
}

/** One entry of `GET /api/users/:id/history`. */
export class UserHistoryEntryResponse {
  @ApiProperty({ example: '2021-07-10T07:45:12.000+07:00' }) at: string;
  @ApiProperty({ enum: ACCOUNT_ACTIONS }) action: AccountAction;
  @ApiProperty({ type: AccountRefResponse, nullable: true, description: 'null = hệ thống (tài khoản tạo sẵn) / null = the system (seeded accounts)' })
  by: AccountRefResponse | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Với role/point/department: vai trò, id điểm cầu hoặc id đơn vị trước khi đổi / for role, point, department: the value before',
  })
  from?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Với role/point/department: giá trị sau khi đổi / for role, point, department: the value after',
  })
  to?: string | null;
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
  @ApiPropertyOptional({ description: 'Với tài khoản / for a user account' }) active?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Với tài khoản: lần đăng nhập gần nhất / for a user account: the last sign-in' })
  lastSignInAt?: string | null;
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
