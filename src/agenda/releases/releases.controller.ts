import { Body, Controller, Get, Headers, Param, Post, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../auth/decorators';
import type { Principal } from '../../auth/principal';
import { IdParam } from '../../common/validation/id.pipe';
import { CreateReleaseDto, ReleaseResponse, ReleaseSummaryResponse } from './dto/release.dto';
import { ReleaseNumberPipe } from './release-number.pipe';
import { ReleasesService } from './releases.service';

const releaseNumber = new ReleaseNumberPipe();

@ApiTags('agenda')
@ApiBearerAuth()
@Controller('conferences/:id/agenda/releases')
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  @Post()
  @Roles('organizer')
  @ApiOperation({
    summary: 'Phát hành chương trình / Release the agenda',
    description:
      'Không đổi phiên bản chương trình; 409 khi phiên bản này đã được phát hành / Does not change the agenda version; 409 when this version is already the latest release',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Phiên bản chương trình / The agenda version' })
  @ApiCreatedResponse({ type: ReleaseResponse })
  @ApiForbiddenResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Phiên bản cũ hoặc đã phát hành / Stale version, or already released' })
  create(
    @IdParam('id', 'conference') id: string,
    @Body() dto: CreateReleaseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReleaseResponse> {
    return this.releases.create(id, dto, ifMatch, principal);
  }

  @Get()
  @ApiOperation({ summary: 'Các bản phát hành / The releases, oldest first' })
  @ApiOkResponse({ type: [ReleaseSummaryResponse] })
  @ApiNotFoundResponse()
  list(@IdParam('id', 'conference') id: string): Promise<ReleaseSummaryResponse[]> {
    return this.releases.list(id);
  }

  @Get(':number')
  @ApiOperation({ summary: 'Một bản phát hành / One release' })
  @ApiOkResponse({ type: ReleaseResponse })
  @ApiNotFoundResponse()
  get(@IdParam('id', 'conference') id: string, @Param('number', releaseNumber) number: number): Promise<ReleaseResponse> {
    return this.releases.get(id, number);
  }

  @Get(':number/print')
  @ApiOperation({ summary: 'Bản in (A4, tiếng Việt) / Print view (A4 HTML, Vietnamese)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML', schema: { type: 'string' } })
  @ApiNotFoundResponse()
  async print(@IdParam('id', 'conference') id: string, @Param('number', releaseNumber) number: number): Promise<StreamableFile> {
    return new StreamableFile(Buffer.from(await this.releases.print(id, number)), { type: 'text/html; charset=utf-8' });
  }
}
