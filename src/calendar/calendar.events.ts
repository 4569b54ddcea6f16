/** Emitted (awaited) after an admin sets or removes an override: working days counted across `date` may differ now. */
export const CALENDAR_CHANGED = 'calendar.changed';

export interface CalendarChangedEvent {
  /** The overridden day, `YYYY-MM-DD`. */
  date: string;
}
