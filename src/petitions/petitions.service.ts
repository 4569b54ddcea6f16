import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { EntityManager, In, Repository, type SelectQueryBuilder } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { AppError, ErrorCode, type Message } from '../common/errors';
import type { PaginationQueryDto } from '../common/pagination/pagination.dto';
import { fold } from '../common/text/fold';
import { now, parseInstant } from '../common/time/time';
import { ConferencesService } from '../conferences/conferences.service';
import { countMatchesByStatus, MANY_MATCHES, searchContains } from '../database/petition-search';
import { Transactions } from '../database/transactions';
import { DepartmentsService } from '../departments/departments.service';
import type {
  AnswerDto,
  AssignDto,
  CreatePetitionDto,
  ExtendDto,
  ListPetitionsQueryDto,
  MergeDto,
  NoteDto,
  ReasonDto,
  SubmitterDto,
  UpdatePetitionDto,
} from './dto/petition.dto';
import type {
  AccessLogEntryResponse,
  PetitionCreatedResponse,
  PetitionDetailResponse,
  PetitionPageResponse,
  PetitionResponse,
  ThreadMessageResponse,
  ThreadPageResponse,
} from './dto/petition.response';
import { PetitionAccessEntity } from './entities/petition-access.entity';
import { PetitionMessageEntity, type Direction, type MessageAttachment, type MessageStatus } from './entities/petition-message.entity';
import { PetitionHistoryEntity } from './entities/petition-history.entity';
import { PetitionSupportEntity } from './entities/petition-support.entity';
import { PetitionEntity, type Channel } from './entities/petition.entity';
import { applyCountDeltas, readCounts, type CountScope } from './petition-counts';
import { PETITION_ZONE, toHistoryResponse, toPetitionResponse, toThreadResponse, type MapContext } from './petition-mapper';
import { PetitionAnswerDays } from './petition-answer-days';
import { HistoryInput, MessageInput, PetitionStore } from './petition-store';
import { actionsFor, canSee, carriesPersonalData, mayAnswer, notFound, seesNotes, type Viewer } from './petition-viewer';
import {
  PETITION_OUT_MESSAGE,
  PETITION_THREAD_CHANGED,
  type PetitionOutMessageEvent,
  type PetitionThreadChange,
  type PetitionThreadChangedEvent,
} from './petitions.events';
import { isOpen, nextStatus, STATUS_LABEL, type PetitionAction, type PetitionStatus } from './rules/petition-status';
import { normalizePhone } from './rules/phone';
import { isValidTaxCode } from './rules/tax-code';
import { parseTrackingCode, receiptYear } from './rules/tracking-code';
import { formatInZone } from '../common/time/time';
import { toCsv } from '../common/csv/csv';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Staff intake channels (`zalo` petitions arrive by the webhook only). */
const STAFF_CHANNELS: Channel[] = ['hotline', 'paper', 'email', 'conference', 'web'];
/** Default deadlines in working days: one agency's competence, several agencies working together. */
export const DEFAULT_WORKING_DAYS = 7;
export const DEFAULT_WORKING_DAYS_WITH_SUPPORT = 20;
/** The petition's page shows at most this many thread messages at first (the newest); `GET …/thread` pages the rest. */
export const THREAD_IN_DETAIL = 100;

/** A thread message just added, as announced to the pages (`petitions.thread-changed`). */
const addedChange = (m: PetitionMessageEntity): PetitionThreadChange => ({
  petitionId: m.petitionId,
  messageId: m.id,
  direction: m.direction,
  status: m.status,
  change: 'added',
});
/** A list exported as CSV holds at most this many rows. */
const CSV_MAX_ROWS = 200_000;

/** The submitter fields as stored, checked (tax code check digit, phone in `+84…`). */
export interface SubmitterInput {
  name: string | null;
  organization: string | null;
  taxCode: string | null;
  phone: string | null;
  email: string | null;
  pointId: string | null;
  zaloUserId: string | null;
}

/** What a new petition is made of (staff intake, the public form, or another channel such as Zalo). */
export interface NewPetition {
  kind: PetitionEntity['kind'];
  channel: Channel;
  title: string;
  content: string;
  field: PetitionEntity['field'];
  submitter: SubmitterInput;
  anonymous: boolean;
  consent: boolean;
  conferenceId: string | null;
  sourceKey?: string | null;
}

/** Sends a reply over a channel and answers the stored thread message (Zalo: 409/502 as the contract says). */
export type ReplySender = (petitionId: string, text: string, by: string) => Promise<ThreadMessageResponse>;

/** A message from a channel's user (a Zalo worker). */
export interface ChannelMessageInput {
  channel: Channel;
  userId: string;
  displayName: string | null;
  messageId: string;
  at: Date;
  text: string;
  attachments: MessageAttachment[];
}

/** A change computed by an action, written in one transaction. */
interface Change {
  set: Partial<PetitionEntity>;
  history?: HistoryInput;
  messages?: MessageInput[];
  supports?: string[];
  /** More writes in the same transaction (e.g. the note on the petition merged into). */
  also?: (em: EntityManager) => Promise<void>;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** How a refused field is named to a person (the path stays in `details.field` for programs). */
const FIELD_LABEL: Record<string, Message> = {
  channel: { vi: 'Kênh tiếp nhận', en: 'Channel' },
  conferenceId: { vi: 'Hội nghị', en: 'Conference' },
  dueAt: { vi: 'Hạn xử lý', en: 'Due date' },
  intoId: { vi: 'Gộp vào kiến nghị', en: 'Merge into' },
  leadDepartmentId: { vi: 'Đơn vị chủ trì', en: 'Lead department' },
  supportDepartmentIds: { vi: 'Đơn vị phối hợp', en: 'Supporting departments' },
};

/** 400 `validation_failed` naming the field in words; never echoes the value (it may be personal data). */
function invalid(field: string, vi: string, en: string): AppError {
  const label = FIELD_LABEL[field] ?? { vi: field, en: field };
  return AppError.badRequest([{ vi: `${label.vi}: ${vi}`, en: `${label.en}: ${en}` }], { field });
}

/**
 * Checks and normalises submitter fields (tax code check digit, Vietnamese phone as `+84…`). Every bad field is named
 * in words a person reads ("Mã số thuế: …", not a field path) in one 400 `validation_failed`, whose `details.field`
 * is the first bad field's path for programs; the values are never echoed (they may be personal data).
 */
export function checkSubmitter(s: Partial<SubmitterDto> & { zaloUserId?: string | null }, prefix = 'submitter'): SubmitterInput {
  const problems: Array<{ field: string; message: Message }> = [];
  const taxCode = s.taxCode?.trim() || null;
  if (taxCode !== null && !isValidTaxCode(taxCode)) {
    problems.push({
      field: `${prefix}.taxCode`,
      message: {
        vi: 'Mã số thuế: không hợp lệ (10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số; hãy kiểm tra lại từng chữ số)',
        en: 'Tax code: not valid (10 digits, or 10 digits, a dash and 3 digits; check each digit)',
      },
    });
  }
  let phone: string | null = null;
  if (s.phone !== undefined && s.phone !== null && s.phone.trim() !== '') {
    phone = normalizePhone(s.phone);
    if (!phone)
      problems.push({
        field: `${prefix}.phone`,
        message: {
          vi: 'Số điện thoại: không phải số Việt Nam (bắt đầu bằng 0 hoặc +84, sau đó 9–10 chữ số)',
          en: 'Phone: not a Vietnamese number (0 or +84, then 9–10 digits)',
        },
      });
  }
  if (problems.length)
    throw AppError.badRequest(
      problems.map((p) => p.message),
      { field: problems[0].field },
    );
  return {
    name: s.name?.trim() || null,
    organization: s.organization?.trim() || null,
    taxCode,
    phone,
    email: s.email?.trim() || null,
    pointId: s.pointId ?? null,
    zaloUserId: s.zaloUserId ?? null,
  };
}

/** A petition without an answer (a new one, or one reopened). */
const NO_ANSWER = {
  answeredAt: null,
  answerWorkingDays: null,
  answerMode: null,
  answerText: null,
  answerDocumentNo: null,
  answerSignedBy: null,
  answeredBy: null,
} as const;

/** Petitions: intake, the inbox, one petition with history and thread, and the working group's actions. */
@Injectable()
export class PetitionsService {
  private readonly logger = new Logger('Petitions');
  private readonly replySenders = new Map<Channel, ReplySender>();

  constructor(
    private readonly store: PetitionStore,
    @InjectRepository(PetitionAccessEntity) private readonly accessLog: Repository<PetitionAccessEntity>,
    @InjectRepository(PetitionSupportEntity) private readonly supportRows: Repository<PetitionSupportEntity>,
    private readonly tx: Transactions,
    private readonly departments: DepartmentsService,
    private readonly conferences: ConferencesService,
    private readonly calendar: CalendarService,
    private readonly answerDays: PetitionAnswerDays,
    private readonly events: EventEmitter2,
  ) {
    departments.registerUseCheck((departmentId) => this.leadsOpenWork(departmentId));
  }

  // ---- intake ------------------------------------------------------------------------------------

  /** Staff intake (organizer, operator) or a point for its own point (channel web, submitter.pointId its point). */
  async create(dto: CreatePetitionDto, v: Viewer): Promise<PetitionCreatedResponse> {
    let channel = dto.channel;
    const submitter = checkSubmitter(dto.submitter ?? {});
    if (v.pointId) {
      channel = 'web';
      submitter.pointId = v.pointId;
    } else {
      if (!channel) throw invalid('channel', 'bắt buộc khi cán bộ tiếp nhận (hotline, paper, email, conference, web)', 'required for staff intake');
      if (!STAFF_CHANNELS.includes(channel)) throw invalid('channel', 'kiến nghị qua Zalo chỉ đến từ Zalo', 'zalo petitions arrive from Zalo only');
    }
    if (submitter.pointId && !v.pointId) await this.conferences.assertActivePoint(submitter.pointId, 'submitter.pointId');
    if (dto.conferenceId) await this.assertConference(dto.conferenceId);
    const { petition, trackingToken } = await this.insert({
      kind: dto.kind ?? 'petition',
      channel,
      title: dto.title,
      content: dto.content,
      field: dto.field ?? 'other',
      submitter,
      anonymous: dto.anonymous ?? false,
      consent: dto.consent ?? true,
      conferenceId: dto.conferenceId ?? null,
    });
    return { ...(await this.detail(petition.id, v)), trackingToken };
  }

  /**
   * Inserts a petition with the next tracking code of its year of receipt, in one transaction. `check` runs inside it,
   * after the counter row is taken (on PostgreSQL that row's lock orders concurrent submissions), and may refuse.
   */
  async insert(input: NewPetition, check?: (em: EntityManager, at: Date) => Promise<void>): Promise<{ petition: PetitionEntity; trackingToken: string }> {
    const trackingToken = randomBytes(18).toString('base64url');
    const petition = await this.tx.run((em) => this.insertIn(em, input, trackingToken, check));
    return { petition, trackingToken };
  }

  /** `insert` inside the caller's transaction. */
  private async insertIn(
    em: EntityManager,
    input: NewPetition,
    trackingToken: string,
    check?: (em: EntityManager, at: Date) => Promise<void>,
  ): Promise<PetitionEntity> {
    {
      const at = now();
      const code = await this.store.nextCode(em, receiptYear(at, PETITION_ZONE));
      if (check) await check(em, at);
      const s = input.submitter;
      const p: PetitionEntity = {
        id: randomUUID(),
        code,
        kind: input.kind,
        channel: input.channel,
        title: input.title,
        content: input.content,
        field: input.field,
        submitterName: s.name,
        submitterOrganization: s.organization,
        submitterTaxCode: s.taxCode,
        submitterPhone: s.phone,
        submitterEmail: s.email,
        submitterPointId: s.pointId,
        submitterZaloUserId: s.zaloUserId,
        submitterErased: false,
        anonymous: input.anonymous,
        consent: input.consent,
        conferenceId: input.conferenceId,
        queuePosition: input.conferenceId ? await this.nextQueuePosition(em, input.conferenceId) : null,
        status: 'received',
        leadDepartmentId: null,
        receivedAt: at,
        assignedAt: null,
        dueAt: null,
        ...NO_ANSWER,
        commitmentText: null,
        commitmentDueAt: null,
        commitmentDone: null,
        published: false,
        publishedAt: null,
        mergedIntoId: null,
        finishedAt: null,
        trackingTokenHash: hashToken(trackingToken),
        sourceKey: input.sourceKey ?? null,
        searchText: fold(`${code} ${input.title}`).slice(0, 300),
        searchOrg: s.organization ? fold(s.organization).slice(0, 300) : null,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await em.insert(PetitionEntity, p);
      await applyCountDeltas(em, null, { ...p, supports: [] });
      return p;
    }
  }

  // ---- reading -------------------------------------------------------------------------------------

  /** The inbox: filtered, newest first, with counts per status under the same filters (status aside). */
  async list(q: ListPetitionsQueryDto, v: Viewer): Promise<PetitionPageResponse> {
    const at = now();
    if (v.departmentId && q.q && !wholeCode(q.q)) return this.departmentSearch(q, v, at);
    // Counts per status from the kept counts when the filters allow (see keptCountScope); for a search alone by a
    // viewer who sees every petition, from the search index and its status table on SQLite, without reading each
    // match's wide row (6,250 matches: 17 → 5 ms; src/database/petition-search.ts); otherwise counted here.
    // With a search, group by an expression so that the database scans the narrow search index rather than walking
    // the status index and reading every row (10× on SQLite with 100,000 petitions).
    const scope = keptCountScope(q, v);
    let countsByStatus: Record<string, number> | null = null;
    if (scope) countsByStatus = await readCounts(this.store.manager, scope);
    else if (q.q && searchAloneBySeeingAll(q, v)) countsByStatus = await countMatchesByStatus(this.store.manager, ['search_text', 'search_org'], q.q);
    if (!countsByStatus) {
      const groupBy = q.q ? "p.status || ''" : 'p.status';
      const counts = await this.filtered(q, v, at, false)
        .select(groupBy, 'status')
        .addSelect('COUNT(*)', 'n')
        .groupBy(groupBy)
        .getRawMany<{ status: string; n: string | number }>();
      countsByStatus = {};
      for (const c of counts) countsByStatus[c.status] = Number(c.n);
    }
    const total = q.status ? (countsByStatus[q.status] ?? 0) : Object.values(countsByStatus).reduce((a, b) => a + b, 0);
    if (total <= q.offset) return { items: [], total, countsByStatus };
    // A search with many matches: the page walks the time index and stops at its end rather than reading every match.
    const many = !!q.q && total > MANY_MATCHES;
    // The page's ids first (narrow rows, read in index order), then those rows whole.
    const idsOf = (qb: ReturnType<PetitionsService['filtered']>, limit: number, offset: number) =>
      newestFirst(qb.select('p.id', 'id').addSelect('p.receivedAt', 'receivedAt'))
        .limit(limit)
        .offset(offset)
        .getRawMany<{ id: string; receivedAt: unknown }>();
    let ids: Array<{ id: string }>;
    if (v.departmentId) {
      // A department sees what it leads or supports: the first `offset + limit` of each, each read in its index's order
      // (lead: by lead and time; support: its support rows), merged here; never the two unioned before ordering.
      const n = q.offset + q.limit;
      const [led, supported] = await Promise.all([
        idsOf(this.filtered(q, v, at, true, 'lead', many), n, 0),
        idsOf(this.filtered(q, v, at, true, 'support', many), n, 0),
      ]);
      // Newest first, then id: PostgreSQL answers dates, SQLite its fixed-width UTC text; either sorts as a string.
      const key = (r: { id: string; receivedAt: unknown }) => `${r.receivedAt instanceof Date ? r.receivedAt.toISOString() : String(r.receivedAt)}|${r.id}`;
      ids = [...led, ...supported].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0)).slice(q.offset, n);
    } else ids = await idsOf(this.filtered(q, v, at, true, undefined, many), q.limit, q.offset);
    const rows = await this.store.many(ids.map((r) => r.id));
    const items = await this.map(rows, v, false);
    return { items, total, countsByStatus };
  }

  /**
   * A department user's search. Its counts per status must read every visible match (the visibility needs the lead
   * department, the support rows and the anonymous flag beside the index), so one query reads them all, narrow (id,
   * status, time), newest first; the counts and the page come from that list (100,000 petitions, 6,250 matches, a
   * department's 620: one query of ~7 ms instead of three of 22 + 3 + 5 ms, on SQLite).
   */
  private async departmentSearch(q: ListPetitionsQueryDto, v: Viewer, at: Date): Promise<PetitionPageResponse> {
    // `many`: the department's own petitions (its lead index, its support rows) bound the rows read, whatever the
    // number of matches: each is probed in the index's matches instead of each match's row read (6.8 ms, not 18).
    const visible = this.filtered(q, v, at, false, undefined, true).select('p.id', 'id').addSelect('p.status', 'status');
    const matches = await newestFirst(visible).getRawMany<{ id: string; status: string }>();
    const countsByStatus: Record<string, number> = {};
    for (const m of matches) countsByStatus[m.status] = (countsByStatus[m.status] ?? 0) + 1;
    const listed = q.status ? matches.filter((m) => m.status === q.status) : matches;
    const rows = await this.store.many(listed.slice(q.offset, q.offset + q.limit).map((m) => m.id));
    return { items: await this.map(rows, v, false), total: listed.length, countsByStatus };
  }

  /** The filtered list as CSV (UTF-8 with a BOM): no personal data beyond the organization, and none for an anonymous one seen by a department. */
  async listCsv(q: ListPetitionsQueryDto, v: Viewer): Promise<string> {
    const rows = await this.store.rows(newestFirst(this.filtered(q, v, now(), true)).limit(CSV_MAX_ROWS));
    const items = await this.map(rows, v, false);
    return toCsv(
      CSV_COLUMNS,
      items.map((p) => ({
        code: p.code,
        receivedAt: p.receivedAt,
        kind: p.kind,
        channel: p.channel,
        field: p.field,
        title: p.title,
        organization: p.submitter.organization,
        anonymous: p.anonymous ? 'true' : 'false',
        status: p.status,
        leadDepartment: p.leadDepartment?.name ?? '',
        dueAt: p.dueAt,
        overdue: p.overdue ? 'true' : 'false',
        workingDaysLeft: p.workingDaysLeft,
        answeredAt: p.answeredAt,
        answerMode: p.answer?.mode,
        published: p.published ? 'true' : 'false',
        conferenceId: p.conferenceId,
      })),
    );
  }

  /**
   * One petition with history, the newest `THREAD_IN_DETAIL` thread messages (oldest first; `threadTotal` counts them
   * all, earlier ones come from `thread`) and what this viewer may do; 404 when the viewer may not see it. Reads of
   * submitter data are logged.
   */
  async detail(id: string, v: Viewer): Promise<PetitionDetailResponse> {
    const { p } = await this.visible(id, v);
    const notes = seesNotes(v);
    const total = await this.store.threadCount(id, notes);
    const [[base], history, thread] = await Promise.all([
      this.map([p], v, true),
      this.store.history(id),
      this.store.threadPage(id, THREAD_IN_DETAIL, Math.max(0, total - THREAD_IN_DETAIL), notes),
    ]);
    if (carriesPersonalData(base.submitter)) {
      await this.tx.run((em) => em.insert(PetitionAccessEntity, { id: randomUUID(), petitionId: id, at: now(), by: v.username, role: v.role }));
    }
    return {
      ...base,
      history: history.map(toHistoryResponse),
      thread: thread.map(toThreadResponse),
      threadTotal: total,
      allowedActions: actionsFor(v, p),
    };
  }

  /** The thread paged, oldest first (`offset` from the oldest); 404 when the viewer may not see the petition. */
  async threadOfViewer(id: string, q: PaginationQueryDto, v: Viewer): Promise<ThreadPageResponse> {
    await this.visible(id, v);
    const notes = seesNotes(v);
    const [items, total] = await Promise.all([this.store.threadPage(id, q.limit, q.offset, notes), this.store.threadCount(id, notes)]);
    return { items: items.map(toThreadResponse), total };
  }

  async accessLogOf(id: string): Promise<AccessLogEntryResponse[]> {
    if (!UUID.test(id) || !(await this.store.one(id))) throw notFound(id);
    const rows = await this.accessLog.find({ where: { petitionId: id }, order: { at: 'ASC' } });
    return rows.map((r) => ({ at: formatInZone(r.at, PETITION_ZONE), by: r.by, role: r.role }));
  }

  // ---- the working group's actions -------------------------------------------------------------------

  async update(id: string, dto: UpdatePetitionDto, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    const fields = ['title', 'content', 'field', 'kind', 'conferenceId', 'anonymous'] as const;
    if (!fields.some((f) => dto[f] !== undefined))
      throw AppError.badRequest([{ vi: `Không có gì để cập nhật; các trường được sửa: ${fields.join(', ')}`, en: `Nothing to update` }]);
    if (dto.conferenceId) await this.assertConference(dto.conferenceId);
    return this.act(id, v, version, async (p) => {
      const set: Partial<PetitionEntity> = {};
      if (dto.title !== undefined && dto.title !== p.title) set.title = dto.title;
      if (dto.content !== undefined) set.content = dto.content;
      if (dto.field !== undefined) set.field = dto.field;
      if (dto.kind !== undefined) set.kind = dto.kind;
      if (dto.anonymous !== undefined) set.anonymous = dto.anonymous;
      if (set.title !== undefined) set.searchText = fold(`${p.code} ${set.title}`).slice(0, 300);
      const conferenceId = dto.conferenceId === undefined ? p.conferenceId : dto.conferenceId;
      const change: Change = { set };
      if (conferenceId !== p.conferenceId) {
        set.conferenceId = conferenceId;
        change.also = async (em) => {
          const position = conferenceId ? await this.nextQueuePosition(em, conferenceId) : null;
          await em.update(PetitionEntity, { id }, { queuePosition: position });
        };
      }
      return change;
    });
  }

  async assign(id: string, dto: AssignDto, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    if (dto.dueAt !== undefined && dto.workingDays !== undefined)
      throw AppError.badRequest([{ vi: 'Chỉ gửi dueAt hoặc workingDays, không gửi cả hai', en: 'send dueAt or workingDays, not both' }], { field: 'dueAt' });
    const support = dto.supportDepartmentIds ?? [];
    if (support.includes(dto.leadDepartmentId))
      throw invalid('supportDepartmentIds', 'đơn vị chủ trì không đồng thời là đơn vị phối hợp', 'the lead department cannot also support');
    await this.assertActiveDepartments([dto.leadDepartmentId], 'leadDepartmentId');
    await this.assertActiveDepartments(support, 'supportDepartmentIds');
    const at = now();
    let dueAt: Date;
    if (dto.dueAt !== undefined) {
      dueAt = parseInstant(dto.dueAt);
      if (dueAt.getTime() <= at.getTime()) throw invalid('dueAt', 'hạn xử lý phải ở tương lai', 'must be in the future');
    } else {
      const n = dto.workingDays ?? (support.length ? DEFAULT_WORKING_DAYS_WITH_SUPPORT : DEFAULT_WORKING_DAYS);
      dueAt = (await this.calendar.calendar()).dueAfter(at, n, PETITION_ZONE);
    }
    return this.act(
      id,
      v,
      version,
      (p, supports) => {
        const to = nextStatus('assign', p.status);
        return {
          set: { status: to, leadDepartmentId: dto.leadDepartmentId, assignedAt: at, dueAt },
          supports: support,
          history: {
            from: p.status,
            to,
            action: 'assign',
            details: {
              leadDepartmentId: dto.leadDepartmentId,
              supportDepartmentIds: support,
              dueAt: formatInZone(dueAt, PETITION_ZONE),
              ...(p.status === 'assigned'
                ? {
                    previousLeadDepartmentId: p.leadDepartmentId,
                    previousSupportDepartmentIds: supports,
                    previousDueAt: p.dueAt ? formatInZone(p.dueAt, PETITION_ZONE) : null,
                  }
                : {}),
            },
          },
        };
      },
      at,
    );
  }

  async extend(id: string, dto: ExtendDto, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    const dueAt = parseInstant(dto.dueAt);
    const at = now();
    return this.act(
      id,
      v,
      version,
      (p) => {
        if (p.status !== 'assigned') {
          throw new AppError(
            ErrorCode.IllegalTransition,
            { vi: `Chỉ gia hạn được kiến nghị đang xử lý (hiện: "${STATUS_LABEL[p.status]}")`, en: `Only an assigned petition can be extended` },
            { from: p.status, action: 'extend', allowedFrom: ['assigned'] },
          );
        }
        if (p.dueAt && dueAt.getTime() <= p.dueAt.getTime())
          throw invalid('dueAt', 'hạn mới phải muộn hơn hạn hiện tại', 'must be later than the current due date');
        if (dueAt.getTime() <= at.getTime()) throw invalid('dueAt', 'hạn xử lý phải ở tương lai', 'must be in the future');
        const shown = DateTime.fromJSDate(dueAt, { zone: PETITION_ZONE }).toFormat('dd/MM/yyyy');
        return {
          set: { dueAt },
          history: {
            from: p.status,
            to: p.status,
            action: 'extend',
            reason: dto.reason,
            details: { previousDueAt: p.dueAt ? formatInZone(p.dueAt, PETITION_ZONE) : null, dueAt: formatInZone(dueAt, PETITION_ZONE) },
          },
          messages: [
            { direction: 'out', by: v.username, status: 'sent', text: `Kiến nghị ${p.code} được gia hạn xử lý đến ngày ${shown}. Lý do: ${dto.reason}` },
          ],
        };
      },
      at,
    );
  }

  /**
   * A user of the lead department, or an organizer; and the operator who runs the dialogue records an answer given on
   * stage (`on_spot`) for a petition linked to a conference (see `mayAnswer`).
   */
  async answer(id: string, dto: AnswerDto, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    const commitmentDue = dto.commitment ? parseInstant(dto.commitment.dueAt) : null;
    const at = now();
    return this.act(
      id,
      v,
      version,
      (p) => {
        if (!mayAnswer(v, p, dto.mode)) {
          if (v.role === 'operator')
            throw AppError.forbidden({
              vi: 'Người điều hành chỉ ghi nhận trả lời tại hội nghị, cho kiến nghị thuộc hàng đợi của một hội nghị',
              en: 'An operator records only answers given on the spot, for a petition linked to a conference',
            });
          throw AppError.forbidden({
            vi: 'Chỉ đơn vị chủ trì, ban tổ chức (hoặc người điều hành với trả lời tại hội nghị) được trả lời',
            en: 'Only the lead department, an organizer (or an operator, on the spot) may answer',
          });
        }
        const to = nextStatus('answer', p.status);
        return {
          set: {
            status: to,
            answeredAt: at,
            answerMode: dto.mode,
            answerText: dto.text,
            answerDocumentNo: dto.documentNo ?? null,
            answerSignedBy: dto.signedBy ?? null,
            answeredBy: v.username,
            ...(dto.commitment ? { commitmentText: dto.commitment.text, commitmentDueAt: commitmentDue, commitmentDone: false } : {}),
          },
          history: { from: p.status, to, action: 'answer', details: { mode: dto.mode, ...(dto.documentNo ? { documentNo: dto.documentNo } : {}) } },
        };
      },
      at,
      { allowDepartment: true },
    );
  }

  async commitmentDone(id: string, v: Viewer): Promise<PetitionDetailResponse> {
    return this.act(
      id,
      v,
      null,
      (p) => {
        if (!v.organizer && !(v.departmentId && p.leadDepartmentId === v.departmentId)) {
          throw AppError.forbidden({ vi: 'Chỉ đơn vị chủ trì hoặc ban tổ chức', en: 'Only the lead department or an organizer' });
        }
        if (p.commitmentText === null) throw new AppError(ErrorCode.Conflict, { vi: 'Kiến nghị không có cam kết', en: 'The petition has no commitment' });
        if (p.commitmentDone) throw new AppError(ErrorCode.Conflict, { vi: 'Cam kết đã hoàn thành', en: 'The commitment is already done' });
        return { set: { commitmentDone: true }, history: { from: p.status, to: p.status, action: 'commitment_done' } };
      },
      undefined,
      { allowDepartment: true },
    );
  }

  async publish(id: string, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    const at = now();
    return this.act(
      id,
      v,
      version,
      (p) => {
        const to = nextStatus('publish', p.status);
        return { set: { published: true, publishedAt: p.publishedAt ?? at }, history: { from: p.status, to, action: 'publish' } };
      },
      at,
    );
  }

  async close(id: string, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    return this.simple(id, version, v, 'close');
  }

  async reject(id: string, dto: ReasonDto, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    return this.simple(id, version, v, 'reject', dto.reason);
  }

  /**
   * Reopened: back to `assigned` with the same lead, a fresh deadline (7 working days, 20 with support departments) and
   * the previous answer kept in the history only.
   */
  async reopen(id: string, dto: ReasonDto, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    const at = now();
    const calendar = await this.calendar.calendar();
    return this.act(
      id,
      v,
      version,
      (p, supports) => {
        const to = nextStatus('reopen', p.status);
        const dueAt = calendar.dueAfter(at, supports.length ? DEFAULT_WORKING_DAYS_WITH_SUPPORT : DEFAULT_WORKING_DAYS, PETITION_ZONE);
        return {
          set: {
            status: to,
            assignedAt: at,
            dueAt,
            ...NO_ANSWER,
            finishedAt: null,
          },
          history: {
            from: p.status,
            to,
            action: 'reopen',
            reason: dto.reason,
            details: {
              dueAt: formatInZone(dueAt, PETITION_ZONE),
              previousAnswer:
                p.answerText !== null
                  ? {
                      mode: p.answerMode,
                      text: p.answerText,
                      documentNo: p.answerDocumentNo,
                      signedBy: p.answerSignedBy,
                      answeredBy: p.answeredBy,
                      answeredAt: p.answeredAt ? formatInZone(p.answeredAt, PETITION_ZONE) : null,
                    }
                  : null,
            },
          },
        };
      },
      at,
    );
  }

  /** Merged into the first petition (open); its submitter then follows that one (the tracking page shows it). */
  async merge(id: string, dto: MergeDto, version: number, v: Viewer): Promise<PetitionDetailResponse> {
    if (dto.intoId === id) throw invalid('intoId', 'không thể gộp kiến nghị vào chính nó', 'cannot merge a petition into itself');
    const at = now();
    return this.act(
      id,
      v,
      version,
      async (p) => {
        const to = nextStatus('merge', p.status);
        const into = await this.store.one(dto.intoId);
        if (!into) throw invalid('intoId', 'không có kiến nghị này', 'no such petition');
        if (!isOpen(into.status)) {
          throw new AppError(
            ErrorCode.IllegalTransition,
            {
              vi: `Chỉ gộp được vào kiến nghị đang mở; ${into.code} đang ở trạng thái "${STATUS_LABEL[into.status]}"`,
              en: `Can merge only into an open petition`,
            },
            { intoStatus: into.status },
          );
        }
        return {
          set: { status: to, mergedIntoId: into.id, finishedAt: at },
          history: { from: p.status, to, action: 'merge', details: { intoId: into.id, intoCode: into.code } },
          also: async (em) => {
            const current = await this.store.one(into.id, em);
            if (!current || !isOpen(current.status))
              throw new AppError(ErrorCode.IllegalTransition, { vi: 'Kiến nghị đích vừa thay đổi trạng thái', en: 'The target petition changed meanwhile' });
            await this.store.addMessage(em, into.id, at, {
              direction: 'note',
              by: v.username,
              status: 'sent',
              text: `Đã gộp kiến nghị ${p.code} (${p.title}) vào kiến nghị này; người gửi ${p.code} theo dõi kết quả tại đây.`,
            });
          },
        };
      },
      at,
    );
  }

  /** An internal note (organizer, operator, or a department user who sees the petition). */
  async note(id: string, dto: NoteDto, v: Viewer): Promise<ThreadMessageResponse> {
    const { p } = await this.visible(id, v);
    if (!v.staff && !v.departmentId) throw AppError.forbidden();
    const m = await this.tx.run((em) => this.store.addMessage(em, p.id, now(), { direction: 'note', by: v.username, status: 'sent', text: dto.text }));
    this.announceThreadChanges([addedChange(m)]);
    return toThreadResponse(m);
  }

  /** An `out` message to the submitter (shown on the tracking page; a Zalo petition's goes over Zalo). */
  async reply(id: string, dto: NoteDto, v: Viewer): Promise<ThreadMessageResponse> {
    const { p } = await this.visible(id, v);
    if (!v.organizer) throw AppError.forbidden();
    const sender = this.replySenders.get(p.channel);
    if (sender) return sender(p.id, dto.text, v.username);
    const m = await this.tx.run((em) => this.store.addMessage(em, p.id, now(), { direction: 'out', by: v.username, status: 'sent', text: dto.text }));
    this.announceThreadChanges([addedChange(m)]);
    this.emitOut(p, m.id);
    return toThreadResponse(m);
  }

  /** Erases the submitter data of one petition now (admin, when the person asks). */
  async eraseSubmitter(id: string, v: Viewer): Promise<PetitionDetailResponse> {
    return this.act(id, v, null, (p) => ({ set: ERASED, history: { from: p.status, to: p.status, action: 'erase_submitter' } }));
  }

  /** Erases the submitter data of petitions finished (closed, rejected, merged) more than `days` ago; returns how many. */
  async eraseExpired(days: number): Promise<number> {
    const before = DateTime.utc().minus({ days }).toJSDate();
    const res = await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(PetitionEntity)
        .set({ ...ERASED, version: () => 'version + 1' })
        .where('finished_at IS NOT NULL AND finished_at < :before AND submitter_erased = :f', { before, f: false })
        .andWhere('status IN (:...done)', { done: ['closed', 'rejected', 'merged'] })
        .execute(),
    );
    return res.affected ?? 0;
  }

  /**
   * Loading history (the demo, an import of earlier petitions): moves a petition's times back. The due date follows
   * the assignment (the default working days) unless given; the history entries of the assignment and the answer move too.
   */
  async backdate(id: string, t: { receivedAt: Date; assignedAt?: Date; answeredAt?: Date; dueAt?: Date }): Promise<void> {
    const p = await this.store.one(id);
    if (!p) throw notFound(id);
    const supports = (await this.store.supports([id])).get(id) ?? [];
    const set: Partial<PetitionEntity> = { receivedAt: t.receivedAt, createdAt: t.receivedAt };
    if (t.assignedAt) {
      set.assignedAt = t.assignedAt;
      set.dueAt =
        t.dueAt ??
        (await this.calendar.calendar()).dueAfter(t.assignedAt, supports.length ? DEFAULT_WORKING_DAYS_WITH_SUPPORT : DEFAULT_WORKING_DAYS, PETITION_ZONE);
    }
    if (t.answeredAt) set.answeredAt = t.answeredAt;
    set.answerWorkingDays = await this.answerDays.valueFor(set.assignedAt ?? p.assignedAt, set.answeredAt ?? p.answeredAt);
    await this.tx.run(async (em) => {
      await em.update(PetitionEntity, { id }, set);
      if (t.assignedAt) await em.update(PetitionHistoryEntity, { petitionId: id, action: 'assign' }, { at: t.assignedAt });
      if (t.answeredAt) await em.update(PetitionHistoryEntity, { petitionId: id, action: 'answer' }, { at: t.answeredAt });
    });
  }

  // ---- for other channels (Zalo) ------------------------------------------------------------------

  /** A channel that sends replies itself (Zalo): `reply` on its petitions goes to `send`, which answers the thread message. */
  registerReplySender(channel: Channel, send: ReplySender): void {
    this.replySenders.set(channel, send);
  }

  /**
   * A message from a channel's user (a Zalo worker), in the caller's transaction: on their feedback that is not closed,
   * rejected or merged (a merged one's message follows the petition it was merged into, while that one is open);
   * a new feedback in `received` (anonymous by default) when they have none. A message after `answered` joins it unchanged.
   */
  async receiveChannelMessage(
    em: EntityManager,
    input: ChannelMessageInput,
  ): Promise<{ petitionId: string; messageId: string; created: boolean; change: PetitionThreadChange }> {
    const done = ['closed', 'rejected'];
    let [p] = await this.store.rows(
      this.store
        .select(em)
        .where('p.channel = :channel AND p.kind = :kind AND p.submitter_zalo_user_id = :uid', { channel: input.channel, kind: 'feedback', uid: input.userId })
        .andWhere('p.status NOT IN (:...done)', { done })
        .orderBy('p.received_at', 'DESC')
        .limit(1),
    );
    if (p?.status === 'merged') {
      const into = p.mergedIntoId ? await this.store.one(p.mergedIntoId, em) : null;
      p = into && isOpen(into.status) ? into : (undefined as unknown as PetitionEntity);
    }
    let created = false;
    if (!p) {
      const first = input.text.trim() || (input.attachments.length ? `(${input.attachments.map((a) => a.type).join(', ')})` : '(…)');
      p = await this.insertIn(
        em,
        {
          kind: 'feedback',
          channel: input.channel,
          title: `Phản ánh qua Zalo: ${first.replace(/\s+/g, ' ').slice(0, 120)}`,
          content: first.slice(0, 10_000),
          field: 'other',
          submitter: { name: input.displayName, organization: null, taxCode: null, phone: null, email: null, pointId: null, zaloUserId: input.userId },
          anonymous: true,
          consent: true,
          conferenceId: null,
        },
        randomBytes(18).toString('base64url'),
      );
      created = true;
    }
    const m = await this.store.addMessage(em, p.id, input.at, {
      direction: 'in',
      by: null,
      status: 'received',
      text: input.text,
      attachments: input.attachments,
      zaloMessageId: input.messageId,
    });
    return { petitionId: p.id, messageId: m.id, created, change: addedChange(m) };
  }

  /**
   * Receipts: our `out` messages with these channel ids become `delivered` or `seen` (never back), in the caller's
   * transaction. Answers the changes, for the caller to announce once its transaction is committed.
   */
  async markDelivery(em: EntityManager, channelMessageIds: string[], status: 'delivered' | 'seen'): Promise<PetitionThreadChange[]> {
    if (!channelMessageIds.length) return [];
    const from: MessageStatus[] = status === 'delivered' ? ['sent'] : ['sent', 'delivered'];
    const rows = await em.find(PetitionMessageEntity, {
      select: { id: true, petitionId: true },
      where: { zaloMessageId: In(channelMessageIds), direction: 'out', status: In(from) },
    });
    if (!rows.length) return [];
    await em
      .createQueryBuilder()
      .update(PetitionMessageEntity)
      .set({ status })
      .where('id IN (:...ids) AND status IN (:...from)', { ids: rows.map((r) => r.id), from })
      .execute();
    return rows.map((r) => ({ petitionId: r.petitionId, messageId: r.id, direction: 'out', status, change: 'status' }));
  }

  /**
   * Tells whoever listens (presence: the pages watching these petitions) that these thread changes are committed.
   * Call it after the transaction that wrote them; a listener's failure is logged, never thrown.
   */
  announceThreadChanges(changes: PetitionThreadChange[]): void {
    if (!changes.length) return;
    const event: PetitionThreadChangedEvent = { changes };
    try {
      this.events.emit(PETITION_THREAD_CHANGED, event);
    } catch (e) {
      this.logger.error(`a ${PETITION_THREAD_CHANGED} listener failed: ${(e as Error).message}`);
    }
  }

  /** Replaces a thread message's attachments (a channel adds where its copies are served), in the caller's transaction. */
  async setAttachments(em: EntityManager, messageId: string, attachments: MessageAttachment[]): Promise<void> {
    await em.update(PetitionMessageEntity, { id: messageId }, { attachments: JSON.stringify(attachments) });
  }

  /** Adds an `out` message (a channel's reply, before it is sent) without notifying anyone; in the caller's transaction when given. */
  async addOutMessage(petitionId: string, by: string, text: string, status: MessageStatus, em?: EntityManager): Promise<ThreadMessageResponse> {
    const add = (e: EntityManager) => this.store.addMessage(e, petitionId, now(), { direction: 'out', by, status, text });
    return toThreadResponse(em ? await add(em) : await this.tx.run(add));
  }

  /**
   * Sets a thread message's status (and the channel's id for it). Without `em` the change is announced once written;
   * in the caller's transaction (`em`) it is not (the caller's next change, after its commit, is).
   */
  async setMessageStatus(messageId: string, status: MessageStatus, zaloMessageId?: string | null, em?: EntityManager): Promise<void> {
    const set = (e: EntityManager) => e.update(PetitionMessageEntity, { id: messageId }, { status, ...(zaloMessageId !== undefined ? { zaloMessageId } : {}) });
    if (em) return void (await set(em));
    await this.tx.write(set);
    await this.announceStatusOf([messageId]);
  }

  /** Announces the current status of these messages (after a change outside the caller's transaction). */
  private async announceStatusOf(messageIds: string[]): Promise<void> {
    try {
      const rows = await this.store.messagesById(messageIds);
      this.announceThreadChanges(rows.map((m) => ({ petitionId: m.petitionId, messageId: m.id, direction: m.direction, status: m.status, change: 'status' })));
    } catch (e) {
      this.logger.warn(`thread change not announced: ${(e as Error).message}`);
    }
  }

  /** Ids of the thread messages of one direction in one status (a channel's sweep of stuck replies). */
  messageIdsWithStatus(direction: Direction, status: MessageStatus): Promise<string[]> {
    return this.store.messageIdsWithStatus(direction, status);
  }

  /** Moves these messages from one status to another (those no longer in `from` are left alone); answers how many moved. */
  async moveMessageStatus(ids: string[], from: MessageStatus, to: MessageStatus): Promise<number> {
    if (!ids.length) return 0;
    const n = await this.tx.write((em) => this.store.moveMessageStatus(em, ids, from, to));
    if (n) await this.announceStatusOf(ids);
    return n;
  }

  /** A petition's thread (every direction), oldest first, for a channel's rules (Zalo's reply window); in the caller's transaction when given. */
  async threadOf(petitionId: string, em?: EntityManager): Promise<Array<ThreadMessageResponse & { atDate: Date }>> {
    return (await this.store.thread(petitionId, undefined, em)).map((m) => ({ ...toThreadResponse(m), atDate: m.at }));
  }

  /** The petition's channel and status, or null when unknown (no visibility check: for channels). */
  async channelOf(petitionId: string): Promise<{ channel: Channel; status: PetitionStatus; code: string } | null> {
    const p = UUID.test(petitionId) ? await this.store.one(petitionId) : null;
    return p ? { channel: p.channel, status: p.status, code: p.code } : null;
  }

  /** Whether the viewer may see the petition (404 otherwise, as for an unknown id). */
  async assertVisible(id: string, v: Viewer): Promise<void> {
    await this.visible(id, v);
  }

  /** Feedback of a channel that is not closed, rejected or merged. */
  countOpen(channel: Channel, kind: PetitionEntity['kind']): Promise<number> {
    return this.store
      .select()
      .where('p.channel = :channel AND p.kind = :kind', { channel, kind })
      .andWhere('p.status NOT IN (:...done)', { done: ['closed', 'rejected', 'merged'] })
      .getCount();
  }

  // ---- for the feature's other services ----------------------------------------------------------

  /** The petition, or 404 when unknown or not visible to the viewer. */
  async visible(id: string, v: Viewer): Promise<{ p: PetitionEntity; supports: string[] }> {
    const p = UUID.test(id) ? await this.store.one(id) : null;
    if (!p) throw notFound(id);
    const supports = (await this.store.supports([id])).get(id) ?? [];
    if (!canSee(v, p, supports)) throw notFound(id);
    return { p, supports };
  }

  /** Maps entities to responses for this viewer (one query for department names, one for support departments). */
  async map(rows: PetitionEntity[], v: Viewer, full: boolean): Promise<PetitionResponse[]> {
    if (!rows.length) return [];
    const [departmentNames, supportIds, calendar] = await Promise.all([
      this.departments.names(rows.map((r) => r.leadDepartmentId).filter((x): x is string => !!x)),
      this.store.supports(rows.map((r) => r.id)),
      this.calendar.calendar(),
    ]);
    const ctx: MapContext = { viewer: v, calendar, departmentNames, supportIds, now: Date.now(), full };
    return rows.map((r) => toPetitionResponse(r, ctx));
  }

  async assertConference(conferenceId: string): Promise<void> {
    try {
      await this.conferences.findSchedule(conferenceId);
    } catch {
      throw invalid('conferenceId', 'không có hội nghị này', 'no such conference');
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * The inbox query with every filter and the viewer's visibility applied; for a department user, `part` keeps only
   * the petitions it leads or only those it supports (the two never overlap: a lead is never also a support).
   */
  private filtered(q: ListPetitionsQueryDto, v: Viewer, at: Date, withStatus: boolean, part?: 'lead' | 'support', manyMatches = false) {
    const qb = this.store.select();
    if (v.departmentId) {
      const lead = 'p.lead_department_id = :vdep';
      const support = 'p.id IN (SELECT s.petition_id FROM petition_support_departments s WHERE s.department_id = :vdep)';
      qb.andWhere(part === 'lead' ? lead : part === 'support' ? support : `(${lead} OR ${support})`, { vdep: v.departmentId });
    } else if (v.pointId) {
      qb.andWhere('p.submitter_point_id = :vpoint', { vpoint: v.pointId });
    } else if (!v.staff) {
      qb.andWhere('1 = 0');
    }
    if (withStatus && q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('p.kind = :kind', { kind: q.kind });
    if (q.field) qb.andWhere('p.field = :field', { field: q.field });
    if (q.channel) qb.andWhere('p.channel = :channel', { channel: q.channel });
    if (q.departmentId) qb.andWhere('p.lead_department_id = :departmentId', { departmentId: q.departmentId });
    if (q.conferenceId) qb.andWhere('p.conference_id = :conferenceId', { conferenceId: q.conferenceId });
    if (q.overdue === true) qb.andWhere("p.status IN ('received', 'assigned') AND p.due_at IS NOT NULL AND p.due_at < :at", { at });
    if (q.overdue === false) qb.andWhere("NOT (p.status IN ('received', 'assigned') AND p.due_at IS NOT NULL AND p.due_at < :at)", { at });
    const code = wholeCode(q.q);
    if (code) qb.andWhere('p.code = :code', { code });
    else if (q.q) {
      // Through the trigram index (src/database/petition-search.ts). A department never finds an anonymous petition by its organization.
      const em = qb.connection.manager;
      if (!v.departmentId) {
        const any = searchContains(em, 'p', ['search_text', 'search_org'], q.q, 'qAny', { many: manyMatches });
        if (any) qb.andWhere(any.where, any.params);
      } else {
        // "The title matches, or the organization does and is not anonymous", written as "one of them matches, and the
        // title does or the petition is not anonymous": the first part is a probe of the index alone, and the row is
        // read only for a match whose title does not match (three times faster for a department's counts).
        const any = searchContains(em, 'p', ['search_text', 'search_org'], q.q, 'qAny', { many: manyMatches });
        const text = searchContains(em, 'p', ['search_text'], q.q, 'qText', { many: manyMatches });
        if (any && text) qb.andWhere(`${any.where} AND (${text.where} OR p.anonymous = :notAnonymous)`, { ...any.params, ...text.params, notAnonymous: false });
      }
    }
    return qb;
  }

  private async simple(id: string, version: number, v: Viewer, action: PetitionAction, reason?: string): Promise<PetitionDetailResponse> {
    const at = now();
    return this.act(
      id,
      v,
      version,
      (p) => {
        const to = nextStatus(action, p.status);
        const finished = to === 'closed' || to === 'rejected' || to === 'merged';
        return { set: { status: to, ...(finished ? { finishedAt: at } : {}) }, history: { from: p.status, to, action, reason: reason ?? null } };
      },
      at,
    );
  }

  /**
   * Runs one action: the petition must be visible (404), staff-only unless `allowDepartment`, at the expected version
   * (409 stale_version), and the change computed by `decide` (which throws 400/403/409) is written in one transaction
   * with its history, messages and support departments. Answers the whole petition.
   */
  private async act(
    id: string,
    v: Viewer,
    version: number | null,
    decide: (p: PetitionEntity, supports: string[]) => Change | Promise<Change>,
    at: Date = now(),
    opts: { allowDepartment?: boolean } = {},
  ): Promise<PetitionDetailResponse> {
    const { p, supports } = await this.visible(id, v);
    if (!v.organizer && !opts.allowDepartment) throw AppError.forbidden();
    if (version !== null && p.version !== version) throw AppError.staleVersion(p.version);
    const change = await decide(p, supports);
    if ('assignedAt' in change.set || 'answeredAt' in change.set) {
      const assignedAt = 'assignedAt' in change.set ? (change.set.assignedAt ?? null) : p.assignedAt;
      const answeredAt = 'answeredAt' in change.set ? (change.set.answeredAt ?? null) : p.answeredAt;
      change.set.answerWorkingDays = await this.answerDays.valueFor(assignedAt, answeredAt);
    }
    const added: PetitionThreadChange[] = [];
    await this.tx.run(async (em) => {
      added.length = 0;
      await this.store.update(em, id, p.version, { ...change.set, updatedAt: at });
      if (change.supports) await this.store.replaceSupports(em, id, change.supports);
      await applyCountDeltas(em, { ...p, supports }, { ...p, ...change.set, supports: change.supports ?? supports });
      if (change.history) await this.store.addHistory(em, id, v.username, at, change.history);
      for (const m of change.messages ?? []) {
        const row = await this.store.addMessage(em, id, at, m);
        added.push(addedChange(row));
        if (m.direction === 'out') queueMicrotask(() => this.emitOut(p, row.id));
      }
      if (change.also) await change.also(em);
    });
    this.announceThreadChanges(added);
    return this.detail(id, v);
  }

  private emitOut(p: PetitionEntity, messageId: string): void {
    const event: PetitionOutMessageEvent = { petitionId: p.id, messageId, channel: p.channel };
    try {
      this.events.emit(PETITION_OUT_MESSAGE, event);
    } catch (e) {
      this.logger.error(`a ${PETITION_OUT_MESSAGE} listener failed: ${(e as Error).message}`);
    }
  }

  private async nextQueuePosition(em: EntityManager, conferenceId: string): Promise<number> {
    const row = await em
      .createQueryBuilder(PetitionEntity, 'p')
      .select('MAX(p.queue_position)', 'max')
      .where('p.conference_id = :conferenceId', { conferenceId })
      .getRawOne<{ max: number | string | null }>();
    return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
  }

  private async assertActiveDepartments(ids: string[], field: string): Promise<void> {
    if (!ids.length) return;
    const known = await this.departments.names(ids);
    for (const id of ids) {
      const d = known.get(id);
      if (!d) throw invalid(field, 'không có cơ quan, đơn vị này', 'no such department');
      if (!d.active) throw invalid(field, `đơn vị "${d.name}" đã ngừng hoạt động`, 'the department is inactive');
    }
  }

  /** Whether the department leads a petition that is not closed, rejected or merged. */
  private async leadsOpenWork(departmentId: string): Promise<boolean> {
    const n = await this.store
      .select()
      .where('p.lead_department_id = :departmentId', { departmentId })
      .andWhere('p.status NOT IN (:...done)', { done: ['closed', 'rejected', 'merged'] })
      .getCount();
    return n > 0;
  }
}

/**
 * The kept counts that equal the inbox's counts under these filters, or null when they do not (a search, a channel, a
 * conference, overdue or a point user: those are counted from the petitions, through their indexes). Staff: every
 * petition once (`lead` or `none`), or those one department leads; a department user: those it leads or supports.
 */
export function keptCountScope(q: ListPetitionsQueryDto, v: Viewer): CountScope | null {
  if (q.q || q.channel !== undefined || q.conferenceId !== undefined || q.overdue !== undefined) return null;
  const rest = { kind: q.kind, field: q.field };
  if (v.staff) return q.departmentId ? { ...rest, departmentId: q.departmentId, relations: ['lead'] } : { ...rest, relations: ['lead', 'none'] };
  if (v.departmentId) {
    if (q.departmentId === undefined) return { ...rest, departmentId: v.departmentId, relations: ['lead', 'support'] };
    if (q.departmentId === v.departmentId) return { ...rest, departmentId: v.departmentId, relations: ['lead'] };
  }
  return null;
}

/** The whole tracking code that `q` is, looked up by its unique index rather than searched for; null when it is not one. */
function wholeCode(q: string | undefined): string | null {
  const code = q?.trim().toUpperCase();
  return code && parseTrackingCode(code) ? code : null;
}

/** The inbox's one order, newest first, then by id (its time indexes end in both). */
function newestFirst<Q extends SelectQueryBuilder<PetitionEntity>>(qb: Q): Q {
  return qb.orderBy('p.receivedAt', 'DESC').addOrderBy('p.id', 'DESC');
}

/**
 * Whether the inbox query is a text search with no other filter (status aside: the counts ignore it) by a viewer who
 * sees every petition, so that its counts per status are those of every match; a whole tracking code is a lookup.
 */
export function searchAloneBySeeingAll(q: ListPetitionsQueryDto, v: Viewer): boolean {
  if (!q.q?.trim() || wholeCode(q.q) || !v.staff || v.departmentId || v.pointId) return false;
  return [q.kind, q.field, q.channel, q.departmentId, q.conferenceId, q.overdue].every((f) => f === undefined);
}

const ERASED: Partial<PetitionEntity> = {
  submitterName: null,
  submitterOrganization: null,
  submitterTaxCode: null,
  submitterPhone: null,
  submitterEmail: null,
  submitterZaloUserId: null,
  submitterErased: true,
  searchOrg: null,
};

const CSV_COLUMNS = [
  'code',
  'receivedAt',
  'kind',
  'channel',
  'field',
  'title',
  'organization',
  'anonymous',
  'status',
  'leadDepartment',
  'dueAt',
  'overdue',
  'workingDaysLeft',
  'answeredAt',
  'answerMode',
  'published',
  'conferenceId',
] as const;

export type { PetitionStatus };
