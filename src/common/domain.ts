/**
 * The domain's vocabulary, declared once and imported by the server and by the pages (web/), as
 * `presence.events.ts` does for the socket events: levels and their order, roles, the conference status machine,
 * formats, invitation roles and modes, agenda item kinds, presence states and attendance kinds.
 * Constants and pure functions only: no imports, nothing that needs Node.
 */

/** Levels, highest first. */
export const LEVELS = ['central', 'province', 'district', 'commune', 'enterprise'] as const;
export type Level = (typeof LEVELS)[number];

/** 0 = highest (central). */
export const LEVEL_RANK: Readonly<Record<Level, number>> = { central: 0, province: 1, district: 2, commune: 3, enterprise: 4 };

/** True when a point of `parent` level may be the parent of one of `child` level: strictly higher (so never an enterprise). */
export function canBeParentLevel(child: Level, parent: Level): boolean {
  return LEVEL_RANK[parent] < LEVEL_RANK[child];
}

export const ROLES = ['admin', 'organizer', 'operator', 'point', 'department'] as const;
export type Role = (typeof ROLES)[number];

export const FORMATS = ['online', 'in_person', 'hybrid'] as const;
export type ConferenceFormat = (typeof FORMATS)[number];

export const STATUSES = ['draft', 'scheduled', 'live', 'ended', 'cancelled'] as const;
export type ConferenceStatus = (typeof STATUSES)[number];

/** The status machine: draft → scheduled → live → ended; draft|scheduled|live → cancelled. Nothing else. */
export const STATUS_TRANSITIONS: Readonly<Record<ConferenceStatus, readonly ConferenceStatus[]>> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['live', 'cancelled'],
  live: ['ended', 'cancelled'],
  ended: [],
  cancelled: [],
};

/** The statuses a conference in `from` may move to. */
export function allowedTransitions(from: ConferenceStatus): readonly ConferenceStatus[] {
  return STATUS_TRANSITIONS[from];
}

export function canTransition(from: ConferenceStatus, to: ConferenceStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/** The step forward along the main line (draft → scheduled → live → ended), or null once there is none. */
export function nextStatus(from: ConferenceStatus): ConferenceStatus | null {
  return STATUS_TRANSITIONS[from].find((s) => s !== 'cancelled') ?? null;
}

/** Ended and cancelled conferences are closed: only reads remain. */
export function isClosed(status: ConferenceStatus): boolean {
  return status === 'ended' || status === 'cancelled';
}

export const INVITATION_ROLES = ['host', 'participant'] as const;
export type InvitationRole = (typeof INVITATION_ROLES)[number];
export const MODES = ['online', 'in_person'] as const;
export type Mode = (typeof MODES)[number];

export const ITEM_KINDS = ['opening', 'report', 'speech', 'discussion', 'break', 'video', 'qa', 'closing'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const PRESENCE_STATES = ['absent', 'online', 'unstable', 'offline', 'left'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

export const ATTENDANCE = ['online', 'in_person', 'absent'] as const;
export type AttendanceKind = (typeof ATTENDANCE)[number];

// ---- petitions (issue 9): the server's entities, DTOs, the benchmark and the pages read these lists ----------------

export const PETITION_STATUSES = ['received', 'assigned', 'answered', 'closed', 'rejected', 'merged'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];
export const PETITION_KINDS = ['petition', 'feedback'] as const;
export type PetitionKind = (typeof PETITION_KINDS)[number];
export const PETITION_CHANNELS = ['web', 'zalo', 'hotline', 'paper', 'email', 'conference'] as const;
export type Channel = (typeof PETITION_CHANNELS)[number];
/** Lĩnh vực (Vietnamese names in GLOSSARY.md), in the order the pages show them. */
export const PETITION_FIELDS = [
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
] as const;
export type PetitionField = (typeof PETITION_FIELDS)[number];
export const ANSWER_MODES = ['on_spot', 'written'] as const;
export type AnswerMode = (typeof ANSWER_MODES)[number];
