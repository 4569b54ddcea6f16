import type { Message } from '../../common/errors';
import { bilingualAll } from '../../common/validation/validation-messages';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { LEVELS, type Level } from '../bridge-point.entity';

/** The field rules, shared by create, update and each row of a CSV import. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;
export const PHONE_PATTERN = /^\+?[0-9(][0-9 ().-]{1,30}$/;
export const MAX_CAPACITY = 100_000;

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** Optional text: trimmed, and a blank string means "none" (null). */
const trimToNull = Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value));

export const MAX_LENGTH = { name: 255, address: 500, contactName: 255 } as const;

/** Every field message (in both languages), shared with the CSV import's row check (`points-csv.ts`). */
export const POINT_MESSAGES = {
  codeString: { vi: 'code phải là chuỗi ký tự', en: 'code must be a string' },
  code: { vi: 'code phải gồm 2–32 ký tự A-Z, a-z, 0-9, gạch dưới hoặc gạch ngang', en: 'code must be 2–32 characters of [A-Za-z0-9_-]' },
  nameString: { vi: 'name phải là chuỗi ký tự', en: 'name must be a string' },
  nameEmpty: { vi: 'name không được để trống', en: 'name must not be empty' },
  nameMax: { vi: `name tối đa ${MAX_LENGTH.name} ký tự`, en: `name must be at most ${MAX_LENGTH.name} characters` },
  level: { vi: `level phải là một trong: ${LEVELS.join(', ')}`, en: `level must be one of: ${LEVELS.join(', ')}` },
  parentId: { vi: 'parentId phải là UUID', en: 'parentId must be a UUID' },
  parentCode: { vi: 'parentCode phải gồm 2–32 ký tự A-Z, a-z, 0-9, gạch dưới hoặc gạch ngang', en: 'parentCode must be 2–32 characters of [A-Za-z0-9_-]' },
  addressString: { vi: 'address phải là chuỗi ký tự', en: 'address must be a string' },
  addressMax: { vi: `address tối đa ${MAX_LENGTH.address} ký tự`, en: `address must be at most ${MAX_LENGTH.address} characters` },
  contactNameString: { vi: 'contactName phải là chuỗi ký tự', en: 'contactName must be a string' },
  contactNameMax: { vi: `contactName tối đa ${MAX_LENGTH.contactName} ký tự`, en: `contactName must be at most ${MAX_LENGTH.contactName} characters` },
  contactPhoneString: { vi: 'contactPhone phải là chuỗi ký tự', en: 'contactPhone must be a string' },
  contactPhone: {
    vi: 'contactPhone không hợp lệ (chữ số, khoảng trắng, + ( ) . -; tối đa 32 ký tự)',
    en: 'contactPhone must be digits, spaces and + ( ) . - (at most 32 characters)',
  },
  capacityInt: { vi: 'capacity phải là số nguyên', en: 'capacity must be an integer' },
  capacityMin: { vi: 'capacity phải từ 1 trở lên', en: 'capacity must be at least 1' },
  capacityMax: { vi: `capacity tối đa ${MAX_CAPACITY}`, en: `capacity must be at most ${MAX_CAPACITY}` },
} as const satisfies Record<string, Message>;
const M = bilingualAll(POINT_MESSAGES);

export const CodeRules = () => applyDecorators(IsString({ message: M.codeString }), Matches(CODE_PATTERN, { message: M.code }));
export const NameRules = () =>
  applyDecorators(trim, IsString({ message: M.nameString }), MinLength(1, { message: M.nameEmpty }), MaxLength(MAX_LENGTH.name, { message: M.nameMax }));
export const LevelRules = () => applyDecorators(IsIn(LEVELS, { message: M.level }));
export const ParentIdRules = () => applyDecorators(IsOptional(), IsUUID(undefined, { message: M.parentId }));
export const AddressRules = () =>
  applyDecorators(trimToNull, IsOptional(), IsString({ message: M.addressString }), MaxLength(MAX_LENGTH.address, { message: M.addressMax }));
export const ContactNameRules = () =>
  applyDecorators(trimToNull, IsOptional(), IsString({ message: M.contactNameString }), MaxLength(MAX_LENGTH.contactName, { message: M.contactNameMax }));
export const ContactPhoneRules = () =>
  applyDecorators(trimToNull, IsOptional(), IsString({ message: M.contactPhoneString }), Matches(PHONE_PATTERN, { message: M.contactPhone }));
export const CapacityRules = () =>
  applyDecorators(IsOptional(), IsInt({ message: M.capacityInt }), Min(1, { message: M.capacityMin }), Max(MAX_CAPACITY, { message: M.capacityMax }));

/** Present fields may not be null (for PATCH, where every field is optional but code/name/level cannot be cleared). */
export const SkipWhenAbsent = () => ValidateIf((_, value) => value !== undefined);

export class CreatePointDto {
  @ApiProperty({ example: 'H-THUANTHANH', description: 'Duy nhất, không phân biệt hoa thường; 2–32 ký tự [A-Za-z0-9_-] / unique regardless of case' })
  @CodeRules()
  code: string;

  @ApiProperty({ example: 'UBND huyện Thuận Thành', maxLength: 255 })
  @NameRules()
  name: string;

  @ApiProperty({ enum: LEVELS, example: 'district', description: 'central > province > district > commune > enterprise' })
  @LevelRules()
  level: Level;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Điểm cầu cấp trên (cấp cao hơn) / parent point, of a higher level' })
  @ParentIdRules()
  parentId?: string | null;

  @ApiPropertyOptional({ example: 'Thị trấn Hồ, huyện Thuận Thành, tỉnh Bắc Ninh', maxLength: 500, nullable: true, type: String })
  @AddressRules()
  address?: string | null;

  @ApiPropertyOptional({ example: 'Nguyễn Văn Đức', maxLength: 255, nullable: true, type: String, description: 'Người liên hệ / contact' })
  @ContactNameRules()
  contactName?: string | null;

  @ApiPropertyOptional({ example: '0222 3865 123', nullable: true, type: String })
  @ContactPhoneRules()
  contactPhone?: string | null;

  @ApiPropertyOptional({ example: 40, minimum: 1, maximum: MAX_CAPACITY, nullable: true, type: Number, description: 'Số chỗ ngồi / seats' })
  @CapacityRules()
  capacity?: number | null;
}
