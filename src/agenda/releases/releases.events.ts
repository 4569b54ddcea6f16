import type { ReleaseChange } from './release-diff';

/** Emitted after a release is committed; presence pushes it on `/live` as `agenda:release`. */
export const AGENDA_RELEASED = 'agenda.released';

export interface AgendaReleasedEvent {
  conferenceId: string;
  number: number;
  note: string | null;
  changes: ReleaseChange[];
}
