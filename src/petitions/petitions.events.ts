/** Emitted when the operator picks the petition being answered on stage (or clears it). */
export const PETITION_CURRENT_CHANGED = 'petitions.current-changed';

/** The shape of the `petition` socket event's `petition` (and of `currentPetition` in snapshots and acks). */
export interface CurrentPetition {
  id: string;
  code: string;
  title: string;
  field: string;
  /** null when the petition is anonymous. */
  organization: string | null;
  leadDepartment: { name: string } | null;
}

export interface PetitionCurrentChangedEvent {
  conferenceId: string;
  petition: CurrentPetition | null;
}

/** Emitted after an `out` message to the submitter is stored (a reply, an extension notice); the Zalo channel sends it. */
export const PETITION_OUT_MESSAGE = 'petitions.out-message';

export interface PetitionOutMessageEvent {
  petitionId: string;
  messageId: string;
  channel: string;
}

/**
 * Emitted after a change to a petition's thread is committed: a message added (a worker's Zalo message, a note, a
 * reply) or a message's status changed (a reply `sending` → `sent` / `failed`, a Zalo receipt → `delivered` / `seen`).
 * Presence pushes it to the pages that watch the petition (`petition:thread` on `/live`). Ids and status only: the
 * pages read the thread itself over REST, as their viewer may see it.
 */
export const PETITION_THREAD_CHANGED = 'petitions.thread-changed';

export interface PetitionThreadChange {
  petitionId: string;
  messageId: string;
  direction: 'in' | 'out' | 'note';
  status: string;
  change: 'added' | 'status';
}

export interface PetitionThreadChangedEvent {
  changes: PetitionThreadChange[];
}
