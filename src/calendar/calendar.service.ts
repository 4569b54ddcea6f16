import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors';
import { now } from '../common/time/time';
import { CalendarOverrideEntity } from './calendar-override.entity';
import { CALENDAR_CHANGED, type CalendarChangedEvent } from './calendar.events';
import type { CalendarDayResponse, CalendarOverrideResponse, PutOverrideDto } from './calendar.dto';
import { CalendarOverride, daysInclusive, isIsoDate, loadHolidays, WorkingCalendar } from './working-days';

/** At most this many days per calendar request. */
const MAX_DAYS = 366;

/**
 * The working-day calendar with the admins' overrides. The overrides are few (a handful a year) and read on every
 * deadline computation: they are cached and reloaded after each change on this instance, and at most every minute
 * (another instance's change).
 */
@Injectable()
export class CalendarService {
  private cached: { at: number; calendar: WorkingCalendar } | null = null;

  constructor(
    @InjectRepository(CalendarOverrideEntity) private readonly overrides: Repository<CalendarOverrideEntity>,
    private readonly events: EventEmitter2,
  ) {}

  /** The calendar as it stands now. */
  async calendar(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.at < 60_000) return this.cached.calendar;
    await loadHolidays();
    const rows = await this.overrides.find();
    const calendar = new WorkingCalendar(new Map<string, CalendarOverride>(rows.map((r) => [r.date, { working: r.working, name: r.name }])));
    this.cached = { at: Date.now(), calendar };
    return calendar;
  }

  async days(from: string, to: string): Promise<CalendarDayResponse[]> {
    for (const [field, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!isIsoDate(v)) throw AppError.badRequest([{ vi: `${field}: ngày không tồn tại`, en: `not a real date` }], { field });
    }
    if (to < from) throw AppError.badRequest([{ vi: 'to phải không sớm hơn from', en: 'to must not be before from' }], { field: 'to' });
    if (daysInclusive(from, to) > MAX_DAYS)
      throw AppError.badRequest([{ vi: `Tối đa ${MAX_DAYS} ngày mỗi lần`, en: `at most ${MAX_DAYS} days` }], { field: 'to' });
    return (await this.calendar()).range(from, to);
  }

  async put(date: string, dto: PutOverrideDto, by: string): Promise<CalendarOverrideResponse> {
    this.assertDate(date);
    await this.overrides.upsert({ date, working: dto.working, name: dto.name.trim(), updatedBy: by, updatedAt: now() }, ['date']);
    this.cached = null;
    await this.changed(date);
    return { date, working: dto.working, name: dto.name.trim() };
  }

  async remove(date: string): Promise<void> {
    this.assertDate(date);
    const res = await this.overrides.delete({ date });
    this.cached = null;
    if (!res.affected) throw AppError.notFound('calendarOverride', date);
    await this.changed(date);
  }

  /** Tells those who keep working-day counts (the petitions' days to answer), and waits for them. */
  private async changed(date: string): Promise<void> {
    const event: CalendarChangedEvent = { date };
    await this.events.emitAsync(CALENDAR_CHANGED, event);
  }

  async list(): Promise<CalendarOverrideResponse[]> {
    const rows = await this.overrides.find({ order: { date: 'ASC' } });
    return rows.map((r) => ({ date: r.date, working: r.working, name: r.name }));
  }

  private assertDate(date: string): void {
    if (!isIsoDate(date)) throw AppError.badRequest([{ vi: 'Ngày phải có dạng YYYY-MM-DD', en: 'the date must be YYYY-MM-DD' }], { field: 'date' });
  }
}
