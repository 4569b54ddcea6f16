import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { now } from '../common/time/time';
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
  constructor(
    @InjectRepository(CheckinLinkEntity) private readonly links: Repository<CheckinLinkEntity>,
    private readonly tx: Transactions,
    private readonly tokens: TokenService,
  ) {}

  /** Issues one link per point and revokes every earlier link of the conference, in one transaction. */
  async issue(conferenceId: string, pointIds: string[], expiresAt: Date): Promise<IssuedLink[]> {
    const at = now();
    const rows = pointIds.map((pointId) => this.links.create({ id: randomUUID(), conferenceId, pointId, expiresAt, revokedAt: null, createdAt: at }));
    await this.tx.run(async (em) => {
      await em.update(CheckinLinkEntity, { conferenceId, revokedAt: IsNull() }, { revokedAt: at });
      for (let i = 0; i < rows.length; i += 200) await em.insert(CheckinLinkEntity, rows.slice(i, i + 200));
    });
    return rows.map((r) => ({ pointId: r.pointId, expiresAt, token: this.tokens.signLink({ sub: r.pointId, cid: conferenceId, jti: r.id }, expiresAt) }));
  }

  /** True while the link was neither revoked nor expired. */
  async isValid(linkId: string, conferenceId: string, pointId: string): Promise<boolean> {
    const row = await this.links.findOneBy({ id: linkId });
    return !!row && row.conferenceId === conferenceId && row.pointId === pointId && !row.revokedAt && row.expiresAt.getTime() > Date.now();
  }
}
