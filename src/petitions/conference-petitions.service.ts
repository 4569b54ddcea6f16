import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError, ErrorCode } from '../common/errors';
import { now } from '../common/time/time';
import { ConferencesService } from '../conferences/conferences.service';
import { Transactions } from '../database/transactions';
import { DepartmentsService } from '../departments/departments.service';
import type { CurrentPetitionStateResponse, QueuedPetitionResponse } from './dto/petition.response';
import { ConferencePetitionStateEntity } from './entities/conference-petition-state.entity';
import { PetitionEntity } from './entities/petition.entity';
import { PetitionStore } from './petition-store';
import type { Viewer } from './petition-viewer';
import { PETITION_CURRENT_CHANGED, type CurrentPetition, type PetitionCurrentChangedEvent } from './petitions.events';
import { PetitionsService } from './petitions.service';

const CURRENT_TTL_MS = 2000;

/** At the dialogue: the conference's queue of petitions and the one being answered on stage. */
@Injectable()
export class ConferencePetitionsService {
  private readonly logger = new Logger('ConferencePetitions');
  /**
   * Every check-in ack and board snapshot carries the current petition: read at most every 2 s per conference (changes
   * made here are seen at once; the push carries them everywhere). The read in flight is what is kept, so the
   * thousands of check-ins of a burst that find the entry expired share one read instead of sending one each.
   */
  private readonly cache = new Map<string, { at: number; value: Promise<CurrentPetition | null> }>();

  constructor(
    private readonly petitions: PetitionsService,
    private readonly store: PetitionStore,
    @InjectRepository(ConferencePetitionStateEntity) private readonly state: Repository<ConferencePetitionStateEntity>,
    private readonly conferences: ConferencesService,
    private readonly departments: DepartmentsService,
    private readonly tx: Transactions,
    private readonly events: EventEmitter2,
  ) {}

  /** The linked petitions in queue order (a department user: those it leads or supports). */
  async queue(conferenceId: string, v: Viewer): Promise<QueuedPetitionResponse[]> {
    await this.conferences.findSchedule(conferenceId);
    if (!v.staff && !v.departmentId) throw AppError.forbidden();
    const qb = this.store.select().where('p.conference_id = :conferenceId', { conferenceId });
    if (v.departmentId) {
      qb.andWhere('(p.lead_department_id = :vdep OR p.id IN (SELECT s.petition_id FROM petition_support_departments s WHERE s.department_id = :vdep))', {
        vdep: v.departmentId,
      });
    }
    const rows = await this.store.rows(qb.orderBy('p.queuePosition', 'ASC').addOrderBy('p.receivedAt', 'ASC'));
    const mapped = await this.petitions.map(rows, v, false);
    return mapped.map((p, i) => ({ position: rows[i].queuePosition ?? i, ...p }));
  }

  /** Sets the order: every linked petition exactly once (400 otherwise); positions from 0. */
  async order(conferenceId: string, petitionIds: string[], v: Viewer): Promise<QueuedPetitionResponse[]> {
    await this.conferences.findSchedule(conferenceId);
    const linked = await this.linkedIds(conferenceId);
    const given = new Set(petitionIds);
    if (given.size !== petitionIds.length || given.size !== linked.length || linked.some((id) => !given.has(id))) {
      throw AppError.badRequest(
        [
          {
            vi: `petitionIds phải gồm mỗi kiến nghị của hội nghị đúng một lần (${linked.length} kiến nghị)`,
            en: `petitionIds must list every linked petition exactly once (${linked.length})`,
          },
        ],
        { field: 'petitionIds', expected: linked.length },
      );
    }
    await this.tx.run(async (em) => {
      for (const [position, id] of petitionIds.entries()) await em.update(PetitionEntity, { id }, { queuePosition: position });
    });
    return this.queue(conferenceId, v);
  }

  /** Picks the petition being answered (or none): it must be linked to the conference (409 otherwise). Pushed live. */
  async setCurrent(conferenceId: string, petitionId: string | null): Promise<CurrentPetitionStateResponse> {
    await this.conferences.findSchedule(conferenceId);
    if (petitionId !== null) {
      const p = await this.store.one(petitionId);
      if (!p || p.conferenceId !== conferenceId) {
        throw new AppError(
          ErrorCode.Conflict,
          { vi: 'Kiến nghị này không thuộc hội nghị', en: 'The petition is not linked to this conference' },
          { petitionId },
        );
      }
    }
    await this.tx.run((em) => em.upsert(ConferencePetitionStateEntity, { conferenceId, currentPetitionId: petitionId, updatedAt: now() }, ['conferenceId']));
    this.cache.delete(conferenceId);
    const petition = await this.current(conferenceId);
    const event: PetitionCurrentChangedEvent = { conferenceId, petition };
    try {
      this.events.emit(PETITION_CURRENT_CHANGED, event);
    } catch (e) {
      this.logger.error(`a ${PETITION_CURRENT_CHANGED} listener failed: ${(e as Error).message}`);
    }
    return { conferenceId, petition };
  }

  /** The petition being answered, in the shape of the `petition` socket event (no submitter data but a non-anonymous organization). */
  async current(conferenceId: string): Promise<CurrentPetition | null> {
    const hit = this.cache.get(conferenceId);
    if (hit && Date.now() - hit.at < CURRENT_TTL_MS) return hit.value;
    if (this.cache.size > 10_000) this.cache.clear();
    const entry = { at: Date.now(), value: this.loadCurrent(conferenceId) };
    this.cache.set(conferenceId, entry);
    // A failed read is not kept: the next call reads again.
    void entry.value.catch(() => {
      if (this.cache.get(conferenceId) === entry) this.cache.delete(conferenceId);
    });
    return entry.value;
  }

  private async loadCurrent(conferenceId: string): Promise<CurrentPetition | null> {
    const row = await this.state.findOneBy({ conferenceId });
    if (!row?.currentPetitionId) return null;
    const p = await this.store.one(row.currentPetitionId);
    if (!p) return null;
    const lead = p.leadDepartmentId ? (await this.departments.names([p.leadDepartmentId])).get(p.leadDepartmentId) : undefined;
    return {
      id: p.id,
      code: p.code,
      title: p.title,
      field: p.field,
      organization: p.anonymous ? null : p.submitterOrganization,
      leadDepartment: lead ? { name: lead.name } : null,
    };
  }

  async currentState(conferenceId: string): Promise<CurrentPetitionStateResponse> {
    await this.conferences.findSchedule(conferenceId);
    return { conferenceId, petition: await this.current(conferenceId) };
  }

  private async linkedIds(conferenceId: string): Promise<string[]> {
    const rows = await this.store.select().where('p.conference_id = :conferenceId', { conferenceId }).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
