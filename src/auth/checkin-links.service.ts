import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { now } from '../common/time/time';
import { CHECKIN_LINKS_REVOKED, type CheckinLinksRevokedEvent } from './auth.events';
import { CheckinLinkEntity } from './entities/checkin-link.entity';
import { normalizeShortCode } from '../common/text/short-code';
import { shortCodeHash, TokenService } from './token.service';

export interface IssuedLink {
  pointId: string;
  token: string;
  shortCode: string;
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
 * Nothing secret is stored: a link is a row (id = the token's `jti`, point, conference, times); its token and its
 * short code are derived from that row with the server's secret, so the current links can be listed as often as
 * asked, and a copy of the database alone opens none of them. Only a hash of the short code is kept, for the exchange.
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

  /**
   * Issues one link per point and, in the same transaction, revokes the earlier links: every link of the conference
   * (`scope: 'all'`), or only those of these points (`scope: 'points'`). The revoked links are announced afterwards.
   */
  async issue(conferenceId: string, pointIds: string[], expiresAt: Date, scope: 'all' | 'points', by?: string): Promise<IssuedLink[]> {
    const at = now();
    const rows = await this.newRows(conferenceId, pointIds, expiresAt, at);
    let revoked: CheckinLinkEntity[] = [];
    await this.tx.run(async (em) => {
      const where = scope === 'all' ? { conferenceId, revokedAt: IsNull() } : { conferenceId, revokedAt: IsNull(), pointId: In(pointIds) };
      revoked = await em.find(CheckinLinkEntity, { where, select: { id: true, pointId: true } });
      for (let i = 0; i < revoked.length; i += 500) {
        await em.update(CheckinLinkEntity, { id: In(revoked.slice(i, i + 500).map((r) => r.id)) }, { revokedAt: at });
      }
      for (let i = 0; i < rows.length; i += 200) await em.insert(CheckinLinkEntity, rows.slice(i, i + 200));
    });
    this.forget(conferenceId);
    if (revoked.length) this.announceRevoked(conferenceId, revoked, by);
    return rows.map((r) => this.present(r));
  }

  /** The current (not revoked) link of each point of the conference that has one; nothing is reissued. */
  async current(conferenceId: string): Promise<IssuedLink[]> {
    const rows = await this.links.find({ where: { conferenceId, revokedAt: IsNull() } });
    const legacy = rows.filter((r) => !r.shortCodeHash);
    for (const r of legacy) {
      r.shortCodeHash = shortCodeHash(this.tokens.shortCode(r.id));
      await this.links.update({ id: r.id }, { shortCodeHash: r.shortCodeHash });
    }
    return rows.map((r) => this.present(r));
  }

  /** The token behind a short code, or null when the code is malformed, unknown, revoked or expired. */
  async exchange(input: string): Promise<string | null> {
    const code = normalizeShortCode(input);
    if (!code) return null;
    const row = await this.links.findOneBy({ shortCodeHash: shortCodeHash(code) });
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
    return this.present(row).token;
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

  /**
   * What became of a link token, for its holder: `valid`, `revoked` (reissued), `expired`, or `invalid` (not a link of
   * this server: cut short, mistyped or forged). With the conference and point when the token is genuine.
   */
  async inspect(token: string): Promise<{ state: 'valid' | 'revoked' | 'expired' | 'invalid'; conferenceId?: string; pointId?: string }> {
    const claims = this.tokens.linkClaimsIgnoringExpiry(token);
    if (!claims) return { state: 'invalid' };
    const row = await this.links.findOneBy({ id: claims.jti });
    if (!row || row.conferenceId !== claims.cid || row.pointId !== claims.sub) return { state: 'invalid' };
    const state = row.revokedAt ? 'revoked' : row.expiresAt.getTime() <= Date.now() ? 'expired' : 'valid';
    return { state, conferenceId: row.conferenceId, pointId: row.pointId };
  }

  /** True when the link was revoked (reissued); false for a current, expired or unknown one. */
  async isRevoked(linkId: string): Promise<boolean> {
    const row = await this.links.findOne({ where: { id: linkId }, select: { id: true, revokedAt: true } });
    return !!row?.revokedAt;
  }

  private present(r: CheckinLinkEntity): IssuedLink {
    return {
      pointId: r.pointId,
      expiresAt: r.expiresAt,
      token: this.tokens.signLink({ sub: r.pointId, cid: r.conferenceId, jti: r.id }, r.expiresAt, r.createdAt),
      shortCode: this.tokens.shortCode(r.id),
    };
  }

  /** New rows whose short codes collide with no stored one (a collision is ~1 in 10^14; redrawn if it happens). */
  private async newRows(conferenceId: string, pointIds: string[], expiresAt: Date, at: Date): Promise<CheckinLinkEntity[]> {
    const draw = (pointId: string) => {
      const id = randomUUID();
      return this.links.create({
        id,
        conferenceId,
        pointId,
        expiresAt,
        revokedAt: null,
        createdAt: at,
        shortCodeHash: shortCodeHash(this.tokens.shortCode(id)),
      });
    };
    const rows = pointIds.map(draw);
    for (let attempt = 0; attempt < 3; attempt++) {
      const taken = new Set<string>();
      for (let i = 0; i < rows.length; i += 500) {
        const hashes = rows.slice(i, i + 500).map((r) => r.shortCodeHash!);
        for (const r of await this.links.find({ where: { shortCodeHash: In(hashes) }, select: { id: true, shortCodeHash: true } })) taken.add(r.shortCodeHash!);
      }
      const seen = new Set<string>();
      let clean = true;
      rows.forEach((r, i) => {
        if (taken.has(r.shortCodeHash!) || seen.has(r.shortCodeHash!)) {
          rows[i] = draw(r.pointId);
          clean = false;
        }
        seen.add(rows[i].shortCodeHash!);
      });
      if (clean) break;
    }
    return rows;
  }

  private announceRevoked(conferenceId: string, revoked: CheckinLinkEntity[], by?: string): void {
    const event: CheckinLinksRevokedEvent = { conferenceId, linkIds: revoked.map((r) => r.id), ...(by ? { by } : {}) };
    try {
      this.events.emit(CHECKIN_LINKS_REVOKED, event);
    } catch (e) {
      this.logger.error(`a ${CHECKIN_LINKS_REVOKED} listener failed: ${(e as Error).stack ?? String(e)}`);
    }
  }
}
