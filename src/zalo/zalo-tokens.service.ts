import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { AppError, ErrorCode } from '../common/errors';
import { Transactions } from '../database/transactions';
import { ZaloTokenEntity } from './entities/zalo.entities';
import { ZaloClock } from './zalo-clock';
import { ZaloApiError, ZaloClient } from './zalo-client';

const ROW = 'oa';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 10 * 60_000;

/** Zalo's last refusal of the stored refresh token, while that token is still the stored one. */
export interface ZaloRefreshRefusal {
  at: Date;
  code: number;
  message: string;
}

/** The refusal columns of the token row, all null: nothing refused. */
const NOT_REFUSED = { refreshRefusedAt: null, refreshRefusedCode: null, refreshRefusedMessage: null, refreshRefusedToken: null };

const fingerprint = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Zalo's last refusal of a refresh, while the refused refresh token is still the stored one (an admin who stores a new
 * token clears it without anything else to do); null otherwise.
 */
function refusalOf(row: ZaloTokenEntity | null): ZaloRefreshRefusal | null {
  if (!row?.refreshRefusedAt || row.refreshRefusedCode === null || row.refreshRefusedToken !== fingerprint(row.refreshToken)) return null;
  return { at: row.refreshRefusedAt, code: row.refreshRefusedCode, message: row.refreshRefusedMessage ?? '' };
}
const MESSAGE_MAX = 200;

/**
 * The refresh token was refused by Zalo (or none is stored): the connection stays broken until an admin stores a new
 * refresh token, so the caller must not say "send again".
 */
export class ZaloRefreshRefused extends ZaloApiError {}

/** An admin's new refresh token, at most this long (Zalo's are a few hundred characters). */
export const REFRESH_TOKEN_MAX = 2048;

const NOT_CONFIGURED = {
  vi: 'Zalo chưa được cấu hình trên máy chủ (ZALO_APP_ID): chưa thể lưu refresh token',
  en: 'Zalo is not configured on the server (ZALO_APP_ID): a refresh token cannot be stored',
};

/** What `replaceRefreshToken` learned from Zalo when it tried the new token at once. */
export type ZaloTokenCheck = 'verified' | 'refused' | 'unreachable';

/** The advisory lock (PostgreSQL) that lets one instance at a time refresh (or an admin replace the refresh token). */
const REFRESH_LOCK_KEY = 7_345_120_010;

/**
 * The OA's tokens. The refresh token is single-use, so a refresh stores both new tokens in one transaction before
 * either is used; on PostgreSQL the transaction holds an advisory lock, so with several instances only one refreshes
 * and the others, once they get the lock, find the new token and use it. On SQLite the app's write queue serialises it.
 * When Zalo refuses the refresh token itself (single-use: used elsewhere, a restored backup, revoked), the refusal is
 * kept on the token row (its `refresh_refused_*` columns, so every instance sees it) until a refresh or a send
 * succeeds or the stored refresh token changes (an admin put a new one); the worker's timer does not ask Zalo again
 * with a token it refused.
 * Tokens never reach a log, an error or a response.
 */
@Injectable()
export class ZaloTokens {
  private readonly logger = new Logger('ZaloTokens');
  private inflight: Promise<string> | null = null;
  /** Refreshes this process made (status, tests). */
  refreshes = 0;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly client: ZaloClient,
    private readonly clock: ZaloClock,
  ) {}

  /** Keeps `ZALO_REFRESH_TOKEN` as the first refresh token when the database has none yet. */
  async seed(): Promise<void> {
    const first = this.config.zalo?.refreshToken;
    if (!first) return;
    await this.tx.write((em) =>
      em
        .createQueryBuilder()
        .insert()
        .into(ZaloTokenEntity)
        .values({ id: ROW, accessToken: null, refreshToken: first, expiresAt: null, updatedAt: this.clock.now() })
        .orIgnore()
        .execute(),
    );
  }

  /**
   * What the status shows, from one read of the token row: the access token's expiry, whether a refresh token is
   * stored, and Zalo's refusal of it while it stands (see `refusalOf`).
   */
  async state(): Promise<{ expiresAt: Date | null; hasRefreshToken: boolean; refusal: ZaloRefreshRefusal | null }> {
    const row = await this.row();
    return { expiresAt: row?.expiresAt ?? null, hasRefreshToken: !!row?.refreshToken, refusal: refusalOf(row) };
  }

  /** A valid access token, refreshed first when it expires within ten minutes. */
  async accessToken(): Promise<string> {
    const row = await this.row();
    if (row?.accessToken && row.expiresAt && row.expiresAt.getTime() - REFRESH_MARGIN_MS > this.clock.now().getTime()) return row.accessToken;
    return this.refresh(row?.accessToken ?? null);
  }

  /** Refreshes unless another refresh already replaced `stale` (one refresh per process at a time, one per cluster on PostgreSQL). */
  refresh(stale: string | null): Promise<string> {
    if (!this.inflight) this.inflight = this.doRefresh(stale).finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** Refreshes now when the token expires soon (called from the worker's timer); not with a token Zalo already refused. */
  async refreshIfDue(): Promise<void> {
    const row = await this.row();
    if (!row?.refreshToken || !row.expiresAt || !row.accessToken) return;
    if (row.expiresAt.getTime() - REFRESH_MARGIN_MS > this.clock.now().getTime()) return;
    if (refusalOf(row)) return;
    await this.refresh(row.accessToken);
  }

  /** A send went through with the stored access token: any refusal kept is over. */
  async sendSucceeded(): Promise<void> {
    if ((await this.row())?.refreshRefusedAt) await this.tx.write((em) => em.update(ZaloTokenEntity, { id: ROW }, NOT_REFUSED));
  }

  /**
   * An admin's new refresh token (the reconnection after Zalo refused the old one): stored on the `oa` row (created if
   * none), the access token and its expiry cleared (so the next send refreshes with the new token) and any refusal
   * cleared. It is written under the refresh's own serialisation (the advisory lock on PostgreSQL, so it waits for a
   * refresh in flight on any instance and a later refresh finds the new token; the write queue on SQLite), so no
   * refresh started with the old token can overwrite it afterwards. Then it is tried at once with one refresh, so the
   * admin learns whether Zalo takes it: a refusal is kept as any other (status `reauthorize_needed`); no answer from
   * Zalo leaves the token stored, untried. 409 `conflict` when Zalo is not configured. The token is never logged.
   */
  async replaceRefreshToken(token: string): Promise<ZaloTokenCheck> {
    if (!this.config.zalo) throw new AppError(ErrorCode.Conflict, NOT_CONFIGURED);
    const refreshToken = token.trim();
    const earlier = this.inflight;
    const now = this.clock.now();
    try {
      await this.tx.run(async (em) => {
        if (this.tx.postgres) await em.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK_KEY]);
        await em.upsert(ZaloTokenEntity, { id: ROW, refreshToken, accessToken: null, expiresAt: null, updatedAt: now, ...NOT_REFUSED }, ['id']);
      });
    } catch (e) {
      // a driver's error (and so a `cause`) could quote the statement's values, the token among them: only its code goes on
      const code = (e as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ?? (e as { code?: unknown })?.code;
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`storing the new Zalo refresh token failed (${typeof code === 'string' ? code : 'database error'})`);
    }
    this.logger.log('a new refresh token was stored by an admin; trying it once');
    // a refresh of this process that began before the write (with the old token) is over; the check is a new one
    if (earlier) await earlier.catch(() => undefined);
    try {
      await this.refresh(null);
      return 'verified';
    } catch (e) {
      if (e instanceof ZaloRefreshRefused) return 'refused';
      if (e instanceof ZaloApiError) {
        this.logger.warn(`the new refresh token is stored but not tried: Zalo did not answer (error ${e.zaloError})`);
        return 'unreachable';
      }
      throw e;
    }
  }

  private async doRefresh(stale: string | null): Promise<string> {
    let refused: { token: string; error: ZaloApiError } | null = null;
    const work = async (em: EntityManager): Promise<string> => {
      if (this.tx.postgres) await em.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK_KEY]);
      const row = await em.findOne(ZaloTokenEntity, { where: { id: ROW } });
      if (!row) throw new ZaloRefreshRefused(-1, 'no refresh token stored: an admin must set one');
      const now = this.clock.now().getTime();
      if (row.accessToken && row.accessToken !== stale && row.expiresAt && row.expiresAt.getTime() - REFRESH_MARGIN_MS > now) return row.accessToken;
      let t: Awaited<ReturnType<ZaloClient['refresh']>>;
      try {
        t = await this.client.refresh(row.refreshToken);
      } catch (e) {
        // -1: no usable answer from Zalo (unreachable, timed out, not JSON): not a refusal, the next try may work
        if (e instanceof ZaloApiError && e.zaloError !== -1) refused = { token: row.refreshToken, error: e };
        throw e;
      }
      await em.update(
        ZaloTokenEntity,
        { id: ROW },
        { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: new Date(now + t.expiresIn * 1000), updatedAt: new Date(now), ...NOT_REFUSED },
      );
      this.refreshes++;
      this.logger.log(`access token refreshed (expires in ${t.expiresIn} s)`);
      return t.accessToken;
    };
    try {
      return await (this.tx.postgres ? this.dataSource.transaction(work) : this.tx.run(work));
    } catch (e) {
      const r = refused as { token: string; error: ZaloApiError } | null;
      if (!r) throw e;
      await this.keepRefusal(r.token, r.error).catch((err: Error) => this.logger.warn(`refresh refusal not kept: ${err.message}`));
      throw new ZaloRefreshRefused(r.error.zaloError, r.error.zaloMessage);
    }
  }

  /** Keeps Zalo's refusal (after the refresh's transaction rolled back), for every instance's status and replies. */
  private async keepRefusal(token: string, error: ZaloApiError): Promise<void> {
    this.logger.warn(`token refresh refused by Zalo (error ${error.zaloError}): an admin must set a new refresh token`);
    const refusal = {
      refreshRefusedAt: this.clock.now(),
      refreshRefusedCode: error.zaloError,
      refreshRefusedMessage: error.zaloMessage.slice(0, MESSAGE_MAX),
      refreshRefusedToken: fingerprint(token),
    };
    await this.tx.write((em) => em.update(ZaloTokenEntity, { id: ROW }, refusal));
  }

  private row(): Promise<ZaloTokenEntity | null> {
    return this.dataSource.manager.findOne(ZaloTokenEntity, { where: { id: ROW } });
  }
}
