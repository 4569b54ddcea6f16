import { formatInZone, formatInZoneOrNull } from '../common/time/time';
import { localDate, type WorkingCalendar } from '../calendar/working-days';
import type { PetitionHistoryEntryResponse, PetitionResponse, ThreadMessageResponse } from './dto/petition.response';
import type { PetitionHistoryEntity } from './entities/petition-history.entity';
import type { MessageAttachment, PetitionMessageEntity } from './entities/petition-message.entity';
import type { PetitionEntity } from './entities/petition.entity';
import { submitterFor, type Viewer } from './petition-viewer';
import { canBeOverdue, type PetitionStatus } from './rules/petition-status';

/** Petitions are shown in the province's zone. */
export const PETITION_ZONE = 'Asia/Ho_Chi_Minh';

export function isOverdue(p: Pick<PetitionEntity, 'status' | 'dueAt'>, at: number): boolean {
  return canBeOverdue(p.status) && p.dueAt !== null && at > p.dueAt.getTime();
}

export interface MapContext {
  viewer: Viewer;
  calendar: WorkingCalendar;
  departmentNames: ReadonlyMap<string, { name: string }>;
  supportIds: ReadonlyMap<string, string[]>;
  now: number;
  /** Single-petition reads carry the whole submitter; lists only organization and point. */
  full: boolean;
}

export function toPetitionResponse(p: PetitionEntity, ctx: MapContext): PetitionResponse {
  const lead = p.leadDepartmentId ? ctx.departmentNames.get(p.leadDepartmentId) : undefined;
  const open = canBeOverdue(p.status);
  return {
    id: p.id,
    code: p.code,
    kind: p.kind,
    channel: p.channel,
    title: p.title,
    content: p.content,
    field: p.field,
    submitter: submitterFor(ctx.viewer, p, ctx.full),
    anonymous: p.anonymous,
    submitterErased: p.submitterErased,
    conferenceId: p.conferenceId,
    status: p.status,
    leadDepartmentId: p.leadDepartmentId,
    leadDepartment: p.leadDepartmentId ? { id: p.leadDepartmentId, name: lead?.name ?? '' } : null,
    supportDepartmentIds: ctx.supportIds.get(p.id) ?? [],
    receivedAt: formatInZone(p.receivedAt, PETITION_ZONE),
    assignedAt: formatInZoneOrNull(p.assignedAt, PETITION_ZONE),
    dueAt: formatInZoneOrNull(p.dueAt, PETITION_ZONE),
    overdue: isOverdue(p, ctx.now),
    workingDaysLeft: open && p.dueAt ? ctx.calendar.workingDaysBetween(localDate(new Date(ctx.now), PETITION_ZONE), localDate(p.dueAt, PETITION_ZONE)) : null,
    answeredAt: formatInZoneOrNull(p.answeredAt, PETITION_ZONE),
    answer:
      p.answerMode && p.answerText !== null
        ? { mode: p.answerMode, text: p.answerText, documentNo: p.answerDocumentNo, signedBy: p.answerSignedBy, answeredBy: p.answeredBy ?? '' }
        : null,
    commitment:
      p.commitmentText !== null && p.commitmentDueAt
        ? { text: p.commitmentText, dueAt: formatInZone(p.commitmentDueAt, PETITION_ZONE), done: !!p.commitmentDone }
        : null,
    published: p.published,
    publishedAt: formatInZoneOrNull(p.publishedAt, PETITION_ZONE),
    mergedIntoId: p.mergedIntoId,
    version: p.version,
    createdAt: formatInZone(p.createdAt, PETITION_ZONE),
    updatedAt: formatInZone(p.updatedAt, PETITION_ZONE),
  };
}

export function toHistoryResponse(h: PetitionHistoryEntity): PetitionHistoryEntryResponse {
  return {
    at: formatInZone(h.at, PETITION_ZONE),
    by: h.by,
    from: h.from as PetitionStatus,
    to: h.to as PetitionStatus,
    action: h.action,
    reason: h.reason,
    details: h.details ? (JSON.parse(h.details) as Record<string, unknown>) : null,
  };
}

export function toThreadResponse(m: PetitionMessageEntity): ThreadMessageResponse {
  return {
    id: m.id,
    at: formatInZone(m.at, PETITION_ZONE),
    direction: m.direction,
    by: m.by,
    text: m.text,
    attachments: JSON.parse(m.attachments) as MessageAttachment[],
    status: m.status,
    zaloMessageId: m.zaloMessageId,
  };
}
