import { ApiProperty } from '@nestjs/swagger';
import type { ConferenceSchedule } from '../../conferences/conference-schedule';
import { agendaEnd, overrunMinutes, projectTimes } from '../agenda-times';
import { formatInZone, formatInZoneOrNull } from '../../common/time/time';
import { ITEM_KINDS, type AgendaItemEntity, type ItemKind } from '../entities/agenda-item.entity';

export class AgendaItemResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 1, description: 'Vị trí, bắt đầu từ 0 / 0-based position' }) position: number;
  @ApiProperty({ example: 'Báo cáo kết quả chỉ số PCI tỉnh Bắc Ninh năm 2020' }) title: string;
  @ApiProperty({ enum: ITEM_KINDS, example: 'report' }) kind: ItemKind;
  @ApiProperty({ example: 20 }) durationMinutes: number;
  @ApiProperty({ nullable: true, type: String, example: 'Đồng chí Giám đốc Sở Kế hoạch và Đầu tư' }) presenter: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Viện Nghiên cứu phát triển kinh tế - xã hội tỉnh' }) responsibleUnit: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) pointId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Trình chiếu 15 trang' }) notes: string | null;
  @ApiProperty({
    example: '2021-07-10T08:10:00.000+07:00',
    description:
      'Giờ bắt đầu tính theo dây chuyền (dự kiến lại theo thực tế khi đã có nội dung đang diễn ra) / Computed start (projected from the actual start of the current item once one is set)',
  })
  startsAt: string;
  @ApiProperty({ example: '2021-07-10T08:30:00.000+07:00' }) endsAt: string;
  @ApiProperty({ nullable: true, type: String, example: '2021-07-10T08:12:00.000+07:00', description: 'Thời điểm bắt đầu thực tế / Actual start' })
  actualStartAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Thời điểm kết thúc thực tế / Actual end' })
  actualEndAt: string | null;
}

/** `GET /api/conferences/:id/agenda`, also the answer of every agenda change and the `agenda.changed` payload. */
export class AgendaResponse {
  @ApiProperty({ format: 'uuid' }) conferenceId: string;
  @ApiProperty({ example: 4, description: 'Phiên bản chương trình (khác phiên bản hội nghị) / Agenda version (separate from the conference version)' })
  version: number;
  @ApiProperty({ type: [AgendaItemResponse] }) items: AgendaItemResponse[];
  @ApiProperty({
    example: '2021-07-10T11:30:00.000+07:00',
    description: 'Kết thúc của nội dung cuối (giờ bắt đầu hội nghị khi chưa có nội dung) / End of the last item (the conference start when there is none)',
  })
  endsAt: string;
  @ApiProperty({ example: 0, description: 'Số phút vượt quá giờ kết thúc hội nghị / Minutes past the conference end' })
  overrunMinutes: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Nội dung đang diễn ra / The item running now' })
  currentItemId: string | null;
}

/** The agenda row's state (defaults when the agenda was never edited). */
export interface AgendaState {
  version: number;
  currentItemId: string | null;
}

/** Items must be ordered by position. Times are computed here, never stored. */
export function toAgendaResponse(schedule: ConferenceSchedule, state: AgendaState, items: readonly AgendaItemEntity[]): AgendaResponse {
  const zone = schedule.timezone;
  const times = projectTimes(schedule.startsAt, items, state.currentItemId);
  const endsAt = agendaEnd(schedule.startsAt, times);
  return {
    conferenceId: schedule.id,
    version: state.version,
    items: items.map((item, i) => ({
      id: item.id,
      position: i,
      title: item.title,
      kind: item.kind,
      durationMinutes: item.durationMinutes,
      presenter: item.presenter ?? null,
      responsibleUnit: item.responsibleUnit ?? null,
      pointId: item.pointId ?? null,
      notes: item.notes ?? null,
      startsAt: formatInZone(times[i].startsAt, zone),
      endsAt: formatInZone(times[i].endsAt, zone),
      actualStartAt: formatInZoneOrNull(item.actualStartAt, zone),
      actualEndAt: formatInZoneOrNull(item.actualEndAt, zone),
    })),
    endsAt: formatInZone(endsAt, zone),
    overrunMinutes: overrunMinutes(endsAt, schedule.endsAt),
    currentItemId: state.currentItemId,
  };
}
