/** REST shapes of the petitions API, as CONTRACT-PETITIONS.md describes them. */
export type PetitionStatus = 'received' | 'assigned' | 'answered' | 'closed' | 'rejected' | 'merged';
export type PetitionKind = 'petition' | 'feedback';
export type Channel = 'web' | 'zalo' | 'hotline' | 'paper' | 'email' | 'conference';
export type Field =
  | 'investment'
  | 'land'
  | 'construction'
  | 'environment'
  | 'tax'
  | 'customs'
  | 'labour'
  | 'social_insurance'
  | 'security'
  | 'fire_safety'
  | 'infrastructure'
  | 'procedures'
  | 'other';
export type AnswerMode = 'on_spot' | 'written';

export const PETITION_STATUSES: PetitionStatus[] = ['received', 'assigned', 'answered', 'closed', 'rejected', 'merged'];
export const KINDS: PetitionKind[] = ['petition', 'feedback'];
export const CHANNELS: Channel[] = ['web', 'zalo', 'hotline', 'paper', 'email', 'conference'];
export const FIELDS: Field[] = [
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
];
/** Statuses in which a petition is still open (waiting for an answer). */
export const OPEN_STATUSES: PetitionStatus[] = ['received', 'assigned'];

export interface Department {
  id: string;
  code: string;
  name: string;
  shortName?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  email?: string | null;
  pointId?: string | null;
  active: boolean;
}

export interface Submitter {
  name?: string | null;
  organization?: string | null;
  taxCode?: string | null;
  phone?: string | null;
  email?: string | null;
  pointId?: string | null;
  zaloUserId?: string | null;
}

export interface Answer {
  mode: AnswerMode;
  text: string;
  documentNo?: string | null;
  signedBy?: string | null;
  answeredBy?: unknown;
}

export interface Commitment {
  text: string;
  dueAt: string;
  done: boolean;
}

/** `by` is a user: the API may give an id, a username or `{id, username}`. */
export type Actor = string | { id?: string; username?: string; name?: string } | null;

export interface HistoryEntry {
  at: string;
  by: Actor;
  from: PetitionStatus | null;
  to: PetitionStatus;
  /** assign, extend, answer, close, reject, merge, reopen, publish, edit, commitment_done, erase_submitter. */
  action?: string;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export interface Attachment {
  name: string;
  url: string;
  type: string;
  size: number;
}

export interface ThreadMessage {
  id: string;
  at: string;
  direction: 'in' | 'out' | 'note';
  by: Actor;
  text: string;
  attachments: Attachment[];
  status: 'received' | 'sent' | 'delivered' | 'seen' | 'failed';
  zaloMessageId: string | null;
}

export interface Petition {
  id: string;
  code: string;
  kind: PetitionKind;
  channel: Channel;
  title: string;
  content: string;
  field: Field;
  submitter: Submitter;
  anonymous: boolean;
  submitterErased?: boolean;
  conferenceId: string | null;
  status: PetitionStatus;
  leadDepartmentId: string | null;
  leadDepartment?: { id: string; name: string } | null;
  supportDepartmentIds: string[];
  receivedAt: string;
  assignedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  /** Working days from today to the due day (negative when late), computed by the server; null when not open. */
  workingDaysLeft?: number | null;
  answeredAt: string | null;
  answer: Answer | null;
  commitment: Commitment | null;
  published: boolean;
  publishedAt: string | null;
  mergedIntoId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  history?: HistoryEntry[];
  thread?: ThreadMessage[];
  /** In a conference's queue. */
  position?: number;
}

/** The `petition` event's `petition`, the board snapshot's and the check-in ack's `currentPetition`. */
export interface LivePetition {
  id: string;
  code: string;
  title: string;
  field: Field;
  organization: string | null;
  leadDepartment: { name: string } | null;
}

export interface PublicTracking {
  code: string;
  status: PetitionStatus;
  field: Field;
  receivedAt: string;
  leadDepartment: { name: string } | null;
  dueAt: string | null;
  answer?: { mode: AnswerMode; text: string; documentNo?: string | null; signedBy?: string | null } | null;
  replies: Array<{ at: string; text: string }>;
  mergedInto?: { code: string; status: PetitionStatus; answer?: PublicTracking['answer'] } | string | null;
}

export interface PublicAnswer {
  code: string;
  title: string;
  field: Field;
  leadDepartment: { name: string } | null;
  answer: { mode: AnswerMode; text: string; documentNo?: string | null; signedBy?: string | null };
  answeredAt: string;
}

export interface WorkingDay {
  date: string;
  working: boolean;
  holiday?: string;
}

export interface ConferenceSummary {
  total: number;
  answeredOnSpot: number;
  answeredInWriting: number;
  open: number;
  overdue: number;
  byField: Partial<Record<Field, number>>;
  byDepartment: Array<{ departmentId: string; name: string; total: number; answered: number; overdue: number }>;
}
