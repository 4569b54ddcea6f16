import type { AgendaResponse } from './dto/agenda.response';

/** Emitted by the agenda after every change (items, order, current item, and when its conference changes). */
export const AGENDA_CHANGED = 'agenda.changed';

export interface AgendaChangedEvent {
  conferenceId: string;
  /** Exactly what `GET /api/conferences/:id/agenda` answers now. */
  agenda: AgendaResponse;
}
