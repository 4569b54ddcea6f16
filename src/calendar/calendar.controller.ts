import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { actorName, type Principal } from '../auth/principal';
import { ErrorResponse } from '../conferences/dto/conference.response';
import { CalendarDayResponse, CalendarOverrideResponse, PutOverrideDto, WorkingDaysQueryDto } from './calendar.dto';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse })
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('working-days')
  @ApiOperation({ summary: 'Ngày làm việc và ngày nghỉ lễ trong khoảng [from, to] (tối đa 366 ngày) / working days, both ends inclusive' })
  @ApiOkResponse({ type: [CalendarDayResponse] })
  @ApiBadRequestResponse({ type: ErrorResponse })
  workingDays(@Query() q: WorkingDaysQueryDto): Promise<CalendarDayResponse[]> {
    return this.calendar.days(q.from, q.to);
  }

  @Get('overrides')
  @ApiOperation({ summary: 'Các ngày nghỉ bù, làm bù đã ghi / the recorded overrides' })
  @ApiOkResponse({ type: [CalendarOverrideResponse] })
  overrides(): Promise<CalendarOverrideResponse[]> {
    return this.calendar.list();
  }

  @Put('overrides/:date')
  @Roles('admin')
  @ApiOperation({ summary: 'Ghi ngày nghỉ bù hoặc làm bù (thắng lịch tính sẵn) / record a substitute day off or a make-up working day' })
  @ApiParam({ name: 'date', example: '2026-01-02' })
  @ApiOkResponse({ type: CalendarOverrideResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  put(@Param('date') date: string, @Body() dto: PutOverrideDto, @CurrentPrincipal() p: Principal): Promise<CalendarOverrideResponse> {
    return this.calendar.put(date, dto, actorName(p));
  }

  @Delete('overrides/:date')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Bỏ một ngày điều chỉnh / remove an override' })
  @ApiParam({ name: 'date', example: '2026-01-02' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  remove(@Param('date') date: string): Promise<void> {
    return this.calendar.remove(date);
  }
}
