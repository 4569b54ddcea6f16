import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { AppError, ErrorCode } from '../common/errors';
import { searchContains } from '../database/petition-search';
import { formatInZone, formatInZoneOrNull } from '../common/time/time';
import { DepartmentsService } from '../departments/departments.service';
import type { PublicAnswersQueryDto, PublicCreatePetitionDto } from './dto/petition.dto';
import type { MergedIntoResponse, PublicAnswerItemResponse, PublicAnswerResponse, PublicTrackResponse, SubmittedResponse } from './dto/petition.response';
import { PetitionEntity } from './entities/petition.entity';
import { PETITION_ZONE } from './petition-mapper';
import { PetitionStore } from './petition-store';
import { checkSubmitter, hashToken, PetitionsService } from './petitions.service';
import { parseTrackingCode } from './rules/tracking-code';

/** Accepted public submissions per client address and hour. */
export const PUBLIC_SUBMISSIONS_PER_HOUR = 5;
const HOUR_MS = 3600_000;

const NOT_FOUND = () =>
  new AppError(ErrorCode.NotFound, { vi: 'Không tìm thấy kiến nghị với mã tra cứu và mã bí mật này', en: 'No petition with this code and token' });

function publicAnswer(p: PetitionEntity): PublicAnswerResponse | null {
  return p.answerMode && p.answerText !== null && (p.status === 'answered' || p.status === 'closed')
    ? { mode: p.answerMode, text: p.answerText, documentNo: p.answerDocumentNo, signedBy: p.answerSignedBy }
    : null;
}

/** The public side, no account: submit, track by code and token, published answers. Never any submitter data out. */
@Injectable()
export class PublicPetitionsService {
  constructor(
    private readonly petitions: PetitionsService,
    private readonly store: PetitionStore,
    private readonly departments: DepartmentsService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Channel web, kind petition. At most 5 accepted submissions per client address and hour: the count is taken inside
   * the inserting transaction, after the year's counter row (on PostgreSQL its lock orders concurrent submissions, so
   * the limit holds across instances); a refusal rolls back and uses no tracking number.
   */
  async submit(dto: PublicCreatePetitionDto, address: string): Promise<SubmittedResponse> {
    const submitter = checkSubmitter(dto.submitter);
    const sourceKey = createHmac('sha256', this.config.jwtSecret).update(`petition-source:${address}`).digest('hex');
    const { petition, trackingToken } = await this.petitions.insert(
      {
        kind: 'petition',
        channel: 'web',
        title: dto.title,
        content: dto.content,
        field: dto.field ?? 'other',
        submitter,
        anonymous: dto.anonymous ?? false,
        consent: true,
        conferenceId: null,
        sourceKey,
      },
      (em, at) => this.assertUnderLimit(em, sourceKey, at),
    );
    return { code: petition.code, trackingToken };
  }

  async track(code: string, token: string | undefined): Promise<PublicTrackResponse> {
    if (!parseTrackingCode(code) || !token) throw NOT_FOUND();
    const p = await this.store.byCode(code);
    if (!p || !sameHash(p.trackingTokenHash, hashToken(token))) throw NOT_FOUND();
    const lead = p.leadDepartmentId ? (await this.departments.names([p.leadDepartmentId])).get(p.leadDepartmentId) : undefined;
    const replies = await this.store.thread(p.id, ['out']);
    const out: PublicTrackResponse = {
      code: p.code,
      status: p.status,
      field: p.field,
      receivedAt: formatInZone(p.receivedAt, PETITION_ZONE),
      leadDepartment: lead ? { name: lead.name } : null,
      dueAt: formatInZoneOrNull(p.dueAt, PETITION_ZONE),
      replies: replies.filter((m) => m.status !== 'failed' && m.status !== 'sending').map((m) => ({ at: formatInZone(m.at, PETITION_ZONE), text: m.text })),
    };
    const answer = publicAnswer(p);
    if (answer) Object.assign(out, { answer, answeredAt: formatInZoneOrNull(p.answeredAt, PETITION_ZONE) });
    if (p.status === 'rejected') out.rejectionReason = await this.rejectionReason(p.id);
    if (p.mergedIntoId) {
      const into = await this.store.one(p.mergedIntoId);
      if (into) {
        const merged: MergedIntoResponse = {
          code: into.code,
          status: into.status,
          answer: publicAnswer(into),
          answeredAt: publicAnswer(into) ? formatInZoneOrNull(into.answeredAt, PETITION_ZONE) : null,
        };
        if (into.status === 'rejected') merged.rejectionReason = await this.rejectionReason(into.id);
        out.mergedInto = merged;
      }
    }
    return out;
  }

  /** The reason the working group gave when it found the petition out of scope (its reject dialog says the submitter sees it). */
  private async rejectionReason(petitionId: string): Promise<string | null> {
    const entry = (await this.store.history(petitionId)).filter((h) => h.action === 'reject').pop();
    return entry?.reason ?? null;
  }

  /** Published answers, newest first; code, title, field, lead department, answer: nothing of the submitter. */
  async answers(q: PublicAnswersQueryDto): Promise<{ items: PublicAnswerItemResponse[]; total: number }> {
    const qb = this.store
      .select()
      .where('p.published = :published', { published: true })
      .andWhere('p.status IN (:...done)', { done: ['answered', 'closed'] });
    if (q.field) qb.andWhere('p.field = :field', { field: q.field });
    const text = q.q ? searchContains(qb.connection.manager, 'p', ['search_text'], q.q, 'qText') : null;
    if (text) qb.andWhere(text.where, text.params);
    const total = await qb.getCount();
    if (total <= q.offset) return { items: [], total };
    const rows = await this.store.rows(qb.orderBy('p.answeredAt', 'DESC').addOrderBy('p.id', 'DESC').limit(q.limit).offset(q.offset));
    const names = await this.departments.names(rows.map((r) => r.leadDepartmentId).filter((x): x is string => !!x));
    const items = rows.map((p) => ({
      code: p.code,
      title: p.title,
      field: p.field,
      leadDepartment: p.leadDepartmentId && names.get(p.leadDepartmentId) ? { name: names.get(p.leadDepartmentId)!.name } : null,
      answer: publicAnswer(p)!,
      answeredAt: formatInZone(p.answeredAt!, PETITION_ZONE),
    }));
    return { items, total };
  }

  private async assertUnderLimit(em: EntityManager, sourceKey: string, at: Date): Promise<void> {
    const since = new Date(at.getTime() - HOUR_MS);
    const recent = await em
      .createQueryBuilder(PetitionEntity, 'p')
      .select('p.receivedAt', 'receivedAt')
      .where('p.source_key = :sourceKey AND p.received_at > :since', { sourceKey, since })
      .orderBy('p.receivedAt', 'ASC')
      .getRawMany<{ receivedAt: unknown }>();
    if (recent.length < PUBLIC_SUBMISSIONS_PER_HOUR) return;
    const oldest = this.store.hydrate(recent)[recent.length - PUBLIC_SUBMISSIONS_PER_HOUR].receivedAt as Date;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - at.getTime()) / 1000));
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new AppError(
      ErrorCode.RateLimited,
      {
        vi: `Đã nhận đủ ${PUBLIC_SUBMISSIONS_PER_HOUR} kiến nghị trong một giờ từ địa chỉ này. Vui lòng gửi lại sau ${minutes} phút`,
        en: `Too many submissions from this address, try again in ${minutes} minutes`,
      },
      { retryAfterSeconds },
    );
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
