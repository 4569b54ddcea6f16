import { ApiProperty } from '@nestjs/swagger';
import { ConferenceDetailResponse } from '../../conferences/dto/conference.response';

/** The source's invited points the copy leaves out, by reason, in the source's order (level, then code). */
export class CopySkippedResponse {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Trùng lịch vào thời gian mới / busy in another conference at the new time (the schedule-clash rule of invitations)',
  })
  clashed: string[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Điểm cầu đã ngừng hoạt động / deactivated since' })
  inactive: string[];
}

/** What the copy took over: `invited + skipped.clashed.length + skipped.inactive.length` = the points the source invites. */
export class CopyReportResponse {
  @ApiProperty({ format: 'uuid', description: 'Hội nghị gốc / the conference copied' })
  sourceId: string;

  @ApiProperty({ example: 12, description: 'Số điểm cầu bản sao mời, kể cả điểm cầu chính (= points.length) / points the copy invites, the host included' })
  invited: number;

  @ApiProperty({ type: CopySkippedResponse })
  skipped: CopySkippedResponse;

  @ApiProperty({ example: 7, description: 'Số nội dung chương trình đã sao chép (tất cả) / agenda items copied (all of them)' })
  agendaItems: number;
}

/** 201 of `POST /api/conferences/:id/copy`: the new draft as `GET /api/conferences/:id` answers it, plus the report. */
export class ConferenceCopyResponse extends ConferenceDetailResponse {
  @ApiProperty({ type: CopyReportResponse })
  copy: CopyReportResponse;
}
