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

/** Check-in link tokens: a password-free way for a point to act for itself in one conference. */
@Injectable()
export class CheckinLinksService {
  private readonly logger = new Logger('CheckinLinksService');

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

  /** True while the link was neither revoked nor expired. */
  async isValid(linkId: string, conferenceId: string, pointId: string): Promise<boolean> {
    const row = await this.links.findOneBy({ id: linkId });
    return !!row && row.conferenceId === conferenceId && row.pointId === pointId && !row.revokedAt && row.expiresAt.getTime() > Date.now();
  }
}
