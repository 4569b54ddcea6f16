import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ATTENDANCE } from '../entities/attendance-mark.entity';
import { LEVELS } from '../../common/domain';
import type { AttendanceKind, Level } from '../presence.events';

export class ReportIntervalResponse {
  @ApiProperty({ example: '2031-07-10T08:00:00.000+07:00' }) from: string;
  @ApiProperty({ nullable: true, type: String, example: '2031-07-10T08:42:10.000+07:00', description: 'null: vẫn đang kết nối / still connected' }) to:
    string | null;
}

export class ReportPointResponse {
  @ApiProperty({ format: 'uuid' }) pointId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LEVELS }) level: Level;
  @ApiProperty({ type: [ReportIntervalResponse] }) intervals: ReportIntervalResponse[];
  @ApiProperty({ example: 1 }) drops: number;
  @ApiProperty({ example: 5400 }) connectedSeconds: number;
  @ApiProperty({ nullable: true, enum: ATTENDANCE }) attendance: AttendanceKind | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Mất điện cả huyện',
    description: 'Lý do hoặc ghi chú kèm hình thức tham dự / Reason or note recorded with the attendance mark',
  })
  attendanceReason: string | null;
}

export class ReportRollcallResponse {
  @ApiProperty({ example: '2031-07-10T08:30:00.000+07:00' }) at: string;
  @ApiProperty({ type: [String], description: 'Điểm cầu đã trả lời / Points that answered' }) answered: string[];
  @ApiProperty({ type: [String], description: 'Điểm cầu chưa trả lời / Points that did not answer' }) missing: string[];
}

export class ReportAgendaItemResponse {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2031-07-10T08:10:00.000+07:00' }) plannedStartAt: string;
  @ApiProperty({ nullable: true, type: String }) actualStartAt: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 4,
    description: 'Thực tế − dự kiến, phút, dương là trễ / actual − planned, minutes, positive when late',
  })
  delayMinutes: number | null;
}

export class ReadinessCountResponse {
  @ApiProperty() ok: number;
  @ApiProperty() total: number;
}

/** `GET /api/conferences/:id/report`, built from the event log (so far). */
export class ReportResponse {
  @ApiProperty({ format: 'uuid' }) conferenceId: string;
  @ApiProperty({ description: 'Thêm vào (không có trong hợp đồng v2): tên hội nghị / Addition: the title' }) title: string;
  @ApiProperty({ description: 'Thêm vào: cửa sổ hội nghị / Addition: the window' }) startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh', description: 'Thêm vào: múi giờ hội nghị / Addition: the conference zone' }) timezone: string;
  @ApiProperty({ description: 'Thêm vào: thời điểm lập báo cáo / Addition: when it was built' }) generatedAt: string;
  @ApiProperty() invited: number;
  @ApiProperty() onlineAtStart: number;
  @ApiProperty() peakOnline: number;
  @ApiProperty() everConnected: number;
  @ApiProperty({ type: [String] }) neverConnected: string[];
  @ApiProperty() drops: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['invited', 'everConnected'],
      properties: { invited: { type: 'number' }, everConnected: { type: 'number' } },
    },
  })
  byLevel: Partial<Record<Level, { invited: number; everConnected: number }>>;
  @ApiProperty({ type: [ReportPointResponse] }) points: ReportPointResponse[];
  @ApiProperty({ type: [ReportRollcallResponse] }) rollcalls: ReportRollcallResponse[];
  @ApiProperty({ description: 'Số thông báo đã gửi / Notices sent' }) notices: number;
  @ApiProperty({ type: [ReportAgendaItemResponse] }) agenda: ReportAgendaItemResponse[];
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(ReadinessCountResponse) } }) readiness: Record<string, ReadinessCountResponse>;
}
