/**
 * REST shapes of the petitions API: generated from the OpenAPI document (`npm run gen:api` → ../api/schema.d.ts),
 * never written by hand (as ../types.ts does for the rest). The lists of values the pages offer (fields, channels…)
 * are checked against the generated unions, so a value added on the server fails the page build until it is named.
 */
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type PetitionSummary = Schemas['PetitionResponse'];
/** A petition as read alone (`GET /api/petitions/:id`: with `history` and `thread`) or in a list or a conference's queue. */
export type Petition = Schemas['PetitionResponse'] & Partial<Pick<Schemas['PetitionDetailResponse'], 'history' | 'thread'>> & { position?: number };
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

export const PETITION_STATUSES = all<PetitionStatus>()(['received', 'assigned', 'answered', 'closed', 'rejected', 'merged'] as const);
export const KINDS = all<PetitionKind>()(['petition', 'feedback'] as const);
export const CHANNELS = all<Channel>()(['web', 'zalo', 'hotline', 'paper', 'email', 'conference'] as const);
export const FIELDS = all<Field>()([
  'investment',
  'land',
  'construction',
  'environment',
  'tax',
  'customs',
  'labour',
  'social_insurance',
  'security',
  'fire_safety',
  'infrastructure',
  'procedures',
  'other',
] as const);
/** Statuses in which a petition is still open (waiting for an answer). */
export const OPEN_STATUSES: PetitionStatus[] = ['received', 'assigned'];
