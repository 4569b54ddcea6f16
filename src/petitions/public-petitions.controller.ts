import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/decorators';
import { ErrorResponse } from '../conferences/dto/conference.response';
import { PublicAnswersQueryDto, PublicCreatePetitionDto, TrackQueryDto } from './dto/petition.dto';
import { PublicAnswersPageResponse, PublicTrackResponse, SubmittedResponse } from './dto/petition.response';
import { PublicPetitionsService } from './public-petitions.service';

/** No account needed. Nothing of a submitter ever leaves through these routes. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicPetitionsController {
  constructor(private readonly petitions: PublicPetitionsService) {}

  @Post('petitions')
  @ApiOperation({ summary: 'Gửi kiến nghị (tối đa 5 lần một giờ mỗi địa chỉ); trả về mã tra cứu và mã bí mật / submit; at most 5 an hour per address' })
  @ApiCreatedResponse({ type: SubmittedResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'validation_failed (consent must be true; submitter.taxCode, submitter.phone…)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'rate_limited, details.retryAfterSeconds' })
  submit(@Body() dto: PublicCreatePetitionDto, @Req() req: Request): Promise<SubmittedResponse> {
    return this.petitions.submit(dto, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  @Get('petitions/:code')
  @ApiOperation({ summary: 'Tra cứu bằng mã tra cứu và mã bí mật / track by code and token' })
  @ApiParam({ name: 'code', example: 'KN-2026-000042' })
  @ApiOkResponse({ type: PublicTrackResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'unknown code, missing or wrong token (the same answer)' })
  track(@Param('code') code: string, @Query() q: TrackQueryDto): Promise<PublicTrackResponse> {
    return this.petitions.track(code, q.token);
  }

  @Get('answers')
  @ApiOperation({ summary: 'Công khai kết quả trả lời kiến nghị, mới nhất trước / published answers, newest first' })
  @ApiOkResponse({ type: PublicAnswersPageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  answers(@Query() q: PublicAnswersQueryDto): Promise<PublicAnswersPageResponse> {
    return this.petitions.answers(q);
  }
}
