import { ApiProperty } from '@nestjs/swagger';
import { LEVELS, type BridgePointEntity, type Level } from '../bridge-point.entity';

export class PointResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'H-THUANTHANH' }) code: string;
  @ApiProperty({ example: 'UBND huyện Thuận Thành' }) name: string;
  @ApiProperty({ enum: LEVELS, example: 'district' }) level: Level;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Thị trấn Hồ, huyện Thuận Thành, tỉnh Bắc Ninh' }) address: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Nguyễn Văn Đức' }) contactName: string | null;
  @ApiProperty({ nullable: true, type: String, example: '0222 3865 123' }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 40 }) capacity: number | null;
  @ApiProperty({ example: true }) active: boolean;
}

/**
 * A point with its version (raised by every change), which travels as the `ETag` header of `GET`, `PATCH` and
 * `DELETE /api/points/:id` and comes back as `If-Match`: the body keeps exactly the contract's fields.
 */
export interface VersionedPoint {
  point: PointResponse;
  version: number;
}

export function toPointResponse(p: BridgePointEntity): PointResponse {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    level: p.level,
    parentId: p.parentId,
    address: p.address,
    contactName: p.contactName,
    contactPhone: p.contactPhone,
    capacity: p.capacity,
    active: Boolean(p.active),
  };
}

export class PointPage {
  @ApiProperty({ type: [PointResponse] }) items: PointResponse[];
  @ApiProperty({ example: 1 }) total: number;
}

export class PointTreeNode extends PointResponse {
  @ApiProperty({ type: () => [PointTreeNode], description: 'Điểm cầu trực thuộc, xếp theo mã / children, ordered by code' })
  children: PointTreeNode[];
}

export class ImportLineError {
  @ApiProperty({ example: 3, description: 'Số dòng trong tệp (dòng 1 là tiêu đề) / line in the file (line 1 = header)' }) line: number;
  @ApiProperty({ example: 'level phải là một trong: … / level must be one of: …' }) message: string;
}

export class ImportResult {
  @ApiProperty({ example: 120 }) created: number;
  @ApiProperty({ example: 3 }) updated: number;
  @ApiProperty({ type: [ImportLineError], example: [] }) errors: ImportLineError[];
}
