import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { LEVELS } from '../../common/domain';
import { ATTENDANCE } from '../entities/attendance-mark.entity';
import { EVENT_TYPES, PresenceEventType } from '../entities/presence-event.entity';
import type { AttendanceKind, Level, PresenceCounts, PresenceEntry, PresenceSnapshot, PresenceState, SignalQuality } from '../presence.events';

const STATES = ['absent', 'online', 'unstable', 'offline', 'left'];

export class LevelCountResponse {
  @ApiProperty({ example: 8 }) total: number;
  @ApiProperty({ example: 7 }) online: number;
}

/** `LevelCountResponse` is named in `byLevel` through `getSchemaPath`, so the document must carry it. */
@ApiExtraModels(LevelCountResponse)
export class PresenceCountsResponse implements PresenceCounts {
  @ApiProperty({ example: 12 }) total: number;
  @ApiProperty({ example: 9 }) online: number;
  @ApiProperty({ example: 1 }) unstable: number;
  @ApiProperty({ example: 1 }) offline: number;
  @ApiProperty({ example: 1 }) absent: number;
  @ApiProperty({ example: 0 }) left: number;
  @ApiProperty({
    description: 'Theo cấp điểm cầu (chỉ các cấp có điểm cầu được mời) / Per level (only the levels invited)',
    example: { province: { total: 1, online: 1 }, district: { total: 8, online: 7 } },
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(LevelCountResponse) },
  })
  byLevel: Partial<Record<Level, LevelCountResponse>>;
}

export class PresenceEntryResponse implements PresenceEntry {
  @ApiProperty({ format: 'uuid' }) pointId: string;
  @ApiProperty({ example: 'H-THUANTHANH' }) code: string;
  @ApiProperty({ example: 'UBND huyện Thuận Thành' }) name: string;
  @ApiProperty({ enum: LEVELS, example: 'district' }) level: Level;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId: string | null;
  @ApiProperty({ enum: STATES, example: 'online', description: 'Đã kết nối / Chập chờn / Mất kết nối / Chưa kết nối / Đã rời' }) state: PresenceState;
  @ApiProperty({ example: '2021-07-10T07:55:12.000+07:00', description: 'Từ lúc chuyển sang trạng thái này / When it entered this state' }) since: string;
  @ApiProperty({ nullable: true, type: String, example: '2021-07-10T08:20:03.000+07:00', description: 'Lần cuối máy chủ nhận tín hiệu / Last heard from' })
  lastSeenAt: string | null;
  @ApiProperty({ nullable: true, enum: ['ok', 'fail'], example: 'ok' }) audio: SignalQuality | null;
  @ApiProperty({ nullable: true, enum: ['ok', 'fail'], example: 'ok' }) video: SignalQuality | null;
  @ApiProperty({ nullable: true, type: String, example: 'Đường truyền chậm' }) note: string | null;
  @ApiProperty({ example: 1, description: 'Số kết nối đang mở / Sockets open now' }) connections: number;
  @ApiProperty({ example: 0, description: 'Số lần mất kết nối / Times its last socket dropped' }) drops: number;
  @ApiProperty({ nullable: true, enum: ATTENDANCE, example: null, description: 'Hình thức tham dự do cán bộ điều hành ghi nhận / As recorded by the operator' })
  attendance: AttendanceKind | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Lý do vắng mặt hoặc ghi chú / Reason or note' }) attendanceReason: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 3, description: 'Phiên bản chương trình điểm cầu đang có / Agenda version the point holds' })
  agendaVersion: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 2,
    description: 'Bản phát hành chương trình điểm cầu đã nhận / The agenda release the point acknowledged',
  })
  release: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      nullable: true,
      type: 'object',
      properties: { ok: { type: 'boolean' }, at: { type: 'string' }, note: { type: 'string', nullable: true } },
    },
    example: { technician: { ok: true, at: '2031-07-10T07:02:00.000+07:00', note: null }, connected: null, av: null },
    description: 'Chuẩn bị kỹ thuật theo từng mục, null khi chưa báo (v2) / Readiness per key, null when never reported (v2)',
  })
  readiness: Record<string, { ok: boolean; at: string; note: string | null } | null>;
}

export class PresenceSnapshotResponse implements PresenceSnapshot {
  @ApiProperty({ format: 'uuid' }) conferenceId: string;
  @ApiProperty({ example: 42, description: 'Số thứ tự của bản cập nhật gần nhất / Seq of the latest delta' }) seq: number;
  @ApiProperty({ type: PresenceCountsResponse }) counts: PresenceCountsResponse;
  @ApiProperty({ type: [PresenceEntryResponse] }) points: PresenceEntryResponse[];
}

export class PresenceEventResponse {
  @ApiProperty({ example: '2021-07-10T07:55:12.000+07:00' }) at: string;
  @ApiProperty({ format: 'uuid' }) pointId: string;
  @ApiProperty({ enum: EVENT_TYPES, example: 'checkin' }) type: PresenceEventType;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    example: { via: 'link' },
    description:
      'checkin {via}; connect {via, drops, downSeconds}; disconnect {drops, reason?: "server_restart" | "state_lost" | "link_revoked", by? (the account that reissued the link)}; ' +
      'lost {graceMs}; checkout null; status {audio, video, note} or {agendaVersion}; rollcall {rollcallId} (an answer), ' +
      '{rollcallId, started, targets, by} (started by the operator account `by`) or {rollcallId, closed, answered, missing}; ' +
      'notice {noticeId, delivered, by}; readiness {key, ok, note}',
  })
  detail: Record<string, unknown> | null;
}

export class AttendanceRowResponse {
  @ApiProperty({ format: 'uuid' }) pointId: string;
  @ApiProperty({ example: 'H-THUANTHANH' }) code: string;
  @ApiProperty({ example: 'UBND huyện Thuận Thành' }) name: string;
  @ApiProperty({ enum: LEVELS, example: 'district' }) level: Level;
  @ApiProperty({ enum: STATES, example: 'online', description: 'Trạng thái cuối / Last state' }) state: PresenceState;
  @ApiProperty({ nullable: true, enum: ATTENDANCE, example: 'in_person' }) attendance: AttendanceKind | null;
  @ApiProperty({ nullable: true, type: String, example: null }) attendanceReason: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2021-07-10T07:55:12.000+07:00', description: 'Lần xác nhận tham dự đầu tiên / First check-in' })
  firstCheckinAt: string | null;
  @ApiProperty({ example: 9815, description: 'Tổng số giây đã kết nối / Total connected seconds' }) connectedSeconds: number;
  @ApiProperty({ example: 1 }) drops: number;
}

export class PresenceEventsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Chỉ sự kiện của điểm cầu này / Only this point' })
  @IsOptional()
  @IsUUID('all')
  pointId?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 5000,
    description: 'Số sự kiện tối đa (mặc định: tất cả) / At most this many events (default: all); page with `offset`',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Bỏ qua bấy nhiêu sự kiện đầu / Skip this many of the oldest events' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class PresenceSnapshotQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'compact', 'counts'],
    default: 'json',
    description:
      'compact: cùng dữ liệu theo cột (mảng theo trường, bảng mã cho giá trị lặp lại) / the same data in columns (an array per field, code tables for repeated values); ' +
      'see `CompactSnapshot` in src/presence/compact-snapshot.ts and the README. counts: chỉ các con số, không có danh sách điểm cầu / the counts alone, no points',
  })
  @IsOptional()
  @IsIn(['json', 'compact', 'counts'])
  format?: 'json' | 'compact' | 'counts';
}

export class AttendanceQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'csv', 'xlsx'],
    default: 'json',
    description: 'csv: UTF-8 có BOM / UTF-8 with a BOM; xlsx: bảng Excel cho văn phòng / an Excel workbook for the office',
  })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}
