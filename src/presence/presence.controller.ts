import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { IdParam } from '../common/validation/id.pipe';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sendCompressed } from '../common/http/compressed-body';
import { AttendanceExportService } from './attendance-export.service';
import { encodeCompactSnapshot } from './compact-snapshot';
import {
  AttendanceQueryDto,
  AttendanceRowResponse,
  PresenceEventResponse,
  PresenceEventsQueryDto,
  PresenceSnapshotQueryDto,
  PresenceSnapshotResponse,
} from './dto/presence.response';
import { PresenceService } from './presence.service';

/** A malformed id names no conference: 404, like an unknown one. */
@ApiTags('presence')
@ApiBearerAuth()
@Controller('conferences/:id')
export class PresenceController {
  constructor(
    private readonly presence: PresenceService,
    private readonly exports: AttendanceExportService,
  ) {}

  @Get('presence')
  @ApiOperation({ summary: 'Trạng thái kết nối của các điểm cầu / The live board snapshot (same as the socket `board:join` ack)' })
  @ApiOkResponse({
    type: PresenceSnapshotResponse,
    description:
      'Nén br/gzip theo Accept-Encoding / compressed (br, gzip) as the request accepts. `?format=compact`: the same snapshot in columns ' +
      '(`{format: "compact", conferenceId, seq, counts, n, columns}`, decoded by `decodeCompactSnapshot`). `?format=counts`: the counts ' +
      'alone (`{format: "counts", conferenceId, seq, counts}`), for a list of conferences',
  })
  @ApiNotFoundResponse()
  async snapshot(@IdParam('id', 'conference') id: string, @Query() query: PresenceSnapshotQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body =
      query.format === 'compact'
        ? Buffer.from(JSON.stringify(encodeCompactSnapshot(await this.presence.snapshot(id))), 'utf8')
        : query.format === 'counts'
          ? Buffer.from(JSON.stringify({ format: 'counts', ...(await this.presence.counts(id)) }), 'utf8')
          : await this.presence.snapshotJson(id);
    // No ETag (hashing megabytes of live data that changes every few ms buys nothing), never cached.
    await sendCompressed(req, res, body, 'application/json; charset=utf-8');
  }

  @Get('presence/events')
  @ApiOperation({ summary: 'Nhật ký kết nối / The presence event log, oldest first (a plain array; `?limit=&offset=` pages it)' })
  @ApiOkResponse({ type: [PresenceEventResponse] })
  @ApiNotFoundResponse()
  events(@IdParam('id', 'conference') id: string, @Query() query: PresenceEventsQueryDto): Promise<PresenceEventResponse[]> {
    return this.presence.events(id, query);
  }

  @Get('attendance')
  @ApiOperation({
    summary: 'Báo cáo tham dự / The attendance report (JSON; CSV with ?format=csv; an Excel workbook with Vietnamese headers with ?format=xlsx)',
  })
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    type: [AttendanceRowResponse],
    description: 'CSV: `code,name,level,state,attendance,firstCheckinAt,connectedSeconds,drops`, UTF-8 with a BOM',
  })
  @ApiNotFoundResponse()
  async attendance(
    @IdParam('id', 'conference') id: string,
    @Query() query: AttendanceQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttendanceRowResponse[] | string | StreamableFile> {
    if (query.format === 'xlsx') {
      const { fileName, body } = await this.exports.xlsx(id);
      return new StreamableFile(body, {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        disposition: `attachment; filename="${fileName}"`,
        length: body.length,
      });
    }
    if (query.format !== 'csv') return this.presence.attendance(id);
    const { fileName, body } = await this.exports.csv(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return body;
  }
}
