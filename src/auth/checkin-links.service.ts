import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { now } from '../common/time/time';
import { CHECKIN_LINKS_REVOKED, type CheckinLinksRevokedEvent } from './auth.events';
import { CheckinLinkEntity } from './entities/checkin-link.entity';
import { TokenService } from './token.service';

export interface IssuedLink {
  pointId: string;
  token: string;
  expiresAt: Date;
}

/** What the handshake needs of a link that was valid when read. */
interface ValidLink {
  pointId: string;
  expiresAt: number;
}

/** Conferences whose valid links are remembered at once (the oldest read is forgotten first). */
const MAX_CACHED_CONFERENCES = 64;

/**
 * Check-in link tokens: a password-free way for a point to act for itself in one conference.
 *
 * The handshake of a link token asks `isValidCached`: the conference's links that were not revoked are read in one
 * query on the first handshake and remembered, so 10,000 points opening their links cost one query, not 10,000.
 * Every revocation forgets its conference (`forget`: on this instance from `issue`, on the others when the
 * revocation is relayed to them), and a read that a revocation overtook is not kept. A link missing from what
 * was read (issued since, or by another instance) is read from the database as before. Open sockets are still
 * re-checked against the database (`isValid`) after a revocation (see LiveSessions).
 */
@Injectable()
export class CheckinLinksService {
  private readonly logger = new Logger('CheckinLinksService');
  private readonly cache = new Map<string, Promise<Map<string, ValidLink> | undefined>>();
  /** Raised by every revocation seen: a read that started before one is not kept. */
  private revocations = 0;

  constructor(
    @InjectRepository(CheckinLinkEntity) private readonly links: Repository<CheckinLinkEntity>,
    private readonly tx: Transactions,
    private readonly tokens: TokenService,
    private readonly events: EventEmitter2,
  ) {}

  /** Issues one link per point and revokes every earlier link of the conference, in one transaction. */
  async issue(conferenceId: string, pointIds: string[], expiresAt: Date): Promise<IssuedLink[]> {
    const at = now();
    const rows = pointIds.map((pointId) => this.links.create({ id: randomUUID(), conferenceId, pointId, expiresAt, revokedAt: null, createdAt: at }));
    const revoked = await this.tx.run(async (em) => {
      const current = await em.find(CheckinLinkEntity, { where: { conferenceId, revokedAt: IsNull() }, select: { id: true } });
      await em.update(CheckinLinkEntity, { conferenceId, revokedAt: IsNull() }, { revokedAt: at });
      for (let i = 0; i < rows.length; i += 200) await em.insert(CheckinLinkEntity, rows.slice(i, i + 200));
      return current.map((r) => r.id);
    });
    this.forget(conferenceId);
    if (revoked.length) this.emitRevoked({ conferenceId, linkIds: revoked });
    return rows.map((r) => ({ pointId: r.pointId, expiresAt, token: this.tokens.signLink({ sub: r.pointId, cid: conferenceId, jti: r.id }, expiresAt) }));
  }

  private emitRevoked(event: CheckinLinksRevokedEvent): void {
    try {
      this.events.emit(CHECKIN_LINKS_REVOKED, event);
    } catch (e) {
      this.logger.error(`a ${CHECKIN_LINKS_REVOKED} listener failed: ${(e as Error).stack ?? String(e)}`);
    }
  }

  /** Links of the conference were revoked (here or on another instance): what was read of them is forgotten. */
  forget(conferenceId: string): void {
    this.revocations += 1;
    this.cache.delete(conferenceId);
  }

  /** `isValid`, answered from the conference's links read once (see the class comment). */
  async isValidCached(linkId: string, conferenceId: string, pointId: string, now = Date.now()): Promise<boolean> {
    const hit = (await this.validLinks(conferenceId))?.get(linkId);
    if (hit) return hit.pointId === pointId && hit.expiresAt > now;
    return this.isValid(linkId, conferenceId, pointId);
  }

  private validLinks(conferenceId: string): Promise<Map<string, ValidLink> | undefined> {
    const cached = this.cache.get(conferenceId);
    if (cached) return cached;
    const at = this.revocations;
    const read: Promise<Map<string, ValidLink> | undefined> = this.links
      .find({ where: { conferenceId, revokedAt: IsNull() }, select: { id: true, pointId: true, expiresAt: true } })
      .then(
        (rows) => {
          if (this.revocations !== at) {
            // A revocation landed while reading: the rows may hold a revoked link; read again next time.
            if (this.cache.get(conferenceId) === read) this.cache.delete(conferenceId);
            return undefined;
          }
          return new Map(rows.map((r) => [r.id, { pointId: r.pointId, expiresAt: r.expiresAt.getTime() }]));
        },
        (e: unknown) => {
          if (this.cache.get(conferenceId) === read) this.cache.delete(conferenceId);
          this.logger.warn(`reading the check-in links of ${conferenceId} failed: ${String(e)}`);
          return undefined;
        },
      );
    if (this.cache.size >= MAX_CACHED_CONFERENCES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(conferenceId, read);
    return read;
  }

  /** True while the link was neither revoked nor expired (always read from the database). */
  async isValid(linkId: string, conferenceId: string, pointId: string): Promise<boolean> {
    const row = await this.links.findOneBy({ id: linkId });
    return !!row && row.conferenceId === conferenceId && row.pointId === pointId && !row.revokedAt && row.expiresAt.getTime() > Date.now();
  }
}
