import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarOverrideEntity } from './calendar-override.entity';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** The working-day calendar: weekends, computed public holidays, admins' overrides. */
@Module({
  imports: [TypeOrmModule.forFeature([CalendarOverrideEntity])],
  controllers: [CalendarController],
  providers: [CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
