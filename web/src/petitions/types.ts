/**
 * REST shapes of the petitions API: generated from the OpenAPI document (`npm run gen:api` → ../api/schema.d.ts),
 * never written by hand (as ../types.ts does for the rest). The lists of values the pages offer (fields, channels…)
 * are checked against the generated unions, so a value added on the server fails the page build until it is named.
 */
import { PETITION_CHANNELS, PETITION_FIELDS, PETITION_KINDS, PETITION_STATUSES as DOMAIN_STATUSES } from '../../../src/common/domain';
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type PetitionSummary = Schemas['PetitionResponse'];
/** A petition as read alone (`GET /api/petitions/:id`: with `history` and `thread`) or in a list or a conference's queue. */
export type Petition = Schemas['PetitionResponse'] &
  Partial<Pick<Schemas['PetitionDetailResponse'], 'history' | 'thread' | 'threadTotal'>> & { position?: number };
export type PetitionDetail = Schemas['PetitionDetailResponse'];
export type QueuedPetition = Schemas['QueuedPetitionResponse'];
export type HistoryEntry = Schemas['PetitionHistoryEntryResponse'];
export type ThreadMessage = Schemas['ThreadMessageResponse'];
export type Submitter = Schemas['SubmitterResponse'];
export type Department = Schemas['DepartmentResponse'];
/** The `petition` event's `petition`, the board snapshot's and the check-in ack's `currentPetition`. */
export type LivePetition = Schemas['CurrentPetitionResponse'];
export type PublicTracking = Schemas['PublicTrackResponse'];
export type PublicAnswer = Schemas['PublicAnswerItemResponse'];
export type Submitted = Schemas['SubmittedResponse'];
export type WorkingDay = Schemas['CalendarDayResponse'];
export type ConferenceSummary = Schemas['ConferencePetitionSummaryResponse'];

export type PetitionStatus = PetitionSummary['status'];
export type PetitionKind = PetitionSummary['kind'];
export type Channel = PetitionSummary['channel'];
export type Field = PetitionSummary['field'];
export type AnswerMode = NonNullable<PetitionSummary['answer']>['mode'];

/** Every member of a union, in the order the pages show them (a missing or unknown one is a type error). */
function all<T extends string>() {
  return <L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): T[] => [...list];
}

// The server's own lists (src/common/domain.ts), checked against the generated unions: a value the API gains or
// loses fails the page build until the list and the union agree.
export const PETITION_STATUSES = all<PetitionStatus>()(DOMAIN_STATUSES);
export const KINDS = all<PetitionKind>()(PETITION_KINDS);
export const CHANNELS = all<Channel>()(PETITION_CHANNELS);
export const FIELDS = all<Field>()(PETITION_FIELDS);
/** Statuses in which a petition is still open (waiting for an answer). */
export const OPEN_STATUSES: PetitionStatus[] = ['received', 'assigned'];
