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
