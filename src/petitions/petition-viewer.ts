import type { Principal } from '../auth/principal';
import { AppError } from '../common/errors';
import type { AnswerMode, PetitionEntity } from './entities/petition.entity';
import type { SubmitterResponse } from './dto/petition.response';
import { allowedActions, isOpen } from './rules/petition-status';

/** Who is looking at petitions, reduced to what the visibility rules need. */
export interface Viewer {
  username: string;
  role: string;
  /** admin, organizer, operator: every petition. */
  staff: boolean;
  /** admin, organizer: may run the working group's actions. */
  organizer: boolean;
  departmentId: string | null;
  pointId: string | null;
}

export function toViewer(p: Principal): Viewer {
  if (p.kind === 'link') return { username: `link:${p.pointId}`, role: 'point', staff: false, organizer: false, departmentId: null, pointId: p.pointId };
  return {
    username: p.username,
    role: p.role,
    staff: p.role === 'admin' || p.role === 'organizer' || p.role === 'operator',
    organizer: p.role === 'admin' || p.role === 'organizer',
    departmentId: p.role === 'department' ? (p.departmentId ?? null) : null,
    pointId: p.role === 'point' ? p.pointId : null,
  };
}

/** The petition's visibility: staff see all; a department those it leads or supports; a point those from its point. */
export function canSee(v: Viewer, p: Pick<PetitionEntity, 'leadDepartmentId' | 'submitterPointId'>, supportIds: readonly string[]): boolean {
  if (v.staff) return true;
  if (v.departmentId) return p.leadDepartmentId === v.departmentId || supportIds.includes(v.departmentId);
  if (v.pointId) return p.submitterPointId === v.pointId;
  return false;
}

/** 404, exactly as for an unknown id. */
export function notFound(id: string): AppError {
  return AppError.notFound('petition', id);
}

/**
 * The submitter as this viewer may receive it. Departments never get an anonymous submitter; the Zalo user id (and a
 * Zalo worker's display name) reach organizers and admins only. `full: false` (lists) keeps organization and point only.
 */
export function submitterFor(v: Viewer, p: PetitionEntity, full: boolean): SubmitterResponse {
  const hidden = !!v.departmentId && p.anonymous;
  const zaloName = p.channel === 'zalo' && !v.organizer;
  return {
    name: hidden || !full || zaloName ? null : p.submitterName,
    organization: hidden ? null : p.submitterOrganization,
    taxCode: hidden || !full ? null : p.submitterTaxCode,
    phone: hidden || !full ? null : p.submitterPhone,
    email: hidden || !full ? null : p.submitterEmail,
    pointId: p.submitterPointId,
    zaloUserId: v.organizer && full ? p.submitterZaloUserId : null,
  };
}

/** Whether a response carries personal data of the submitter (such a read is recorded in the access log). */
export function carriesPersonalData(s: SubmitterResponse): boolean {
  return [s.name, s.organization, s.taxCode, s.phone, s.email, s.zaloUserId].some((x) => x !== null);
}

/**
 * Who may answer: the lead department's users and organizers in either mode; an operator (who runs the dialogue's
 * queue) only `on_spot` and only for a petition linked to a conference, to record the answer given on stage.
 */
export function mayAnswer(v: Viewer, p: Pick<PetitionEntity, 'leadDepartmentId' | 'conferenceId'>, mode: AnswerMode): boolean {
  if (v.organizer) return true;
  if (v.departmentId) return p.leadDepartmentId === v.departmentId;
  return v.role === 'operator' && mode === 'on_spot' && p.conferenceId !== null;
}

/**
 * Whether this viewer reads the working group's internal notes: staff and department users. A point user is the
 * submitter's side (it sends its enterprises' petitions), and a note is never shown to the submitter.
 */
export function seesNotes(v: Viewer): boolean {
  return v.staff || !!v.departmentId;
}

/** The actions this viewer may take on the petition now (for the pages; the service checks again). */
export function actionsFor(v: Viewer, p: PetitionEntity): string[] {
  const out: string[] = [];
  const lead = !!v.departmentId && p.leadDepartmentId === v.departmentId;
  if (v.organizer) {
    out.push(...allowedActions(p.status).filter((a) => a !== 'answer'), 'edit', 'reply');
    if (p.status === 'assigned') out.push('extend');
  }
  if ((v.organizer || lead) && p.status === 'assigned') out.push('answer');
  else if (p.status === 'assigned' && mayAnswer(v, p, 'on_spot')) out.push('answer_on_spot');
  if ((v.organizer || lead) && p.commitmentText !== null && !p.commitmentDone) out.push('commitment_done');
  if (seesNotes(v)) out.push('note');
  if (!isOpen(p.status) && out.includes('merge')) out.splice(out.indexOf('merge'), 1);
  return [...new Set(out)];
}
