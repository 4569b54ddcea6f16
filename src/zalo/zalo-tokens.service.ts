import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { Transactions } from '../database/transactions';
import { ZaloTokenEntity } from './entities/zalo.entities';
import { ZaloClock } from './zalo-clock';
import { ZaloApiError, ZaloClient } from './zalo-client';

const ROW = 'oa';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 10 * 60_000;
/** The advisory lock (PostgreSQL) that lets one instance at a time refresh. */
const REFRESH_LOCK_KEY = 7_345_120_010;

/**
 * The OA's tokens. The refresh token is single-use, so a refresh stores both new tokens in one transaction before
 * either is used; on PostgreSQL the transaction holds an advisory lock, so with several instances only one refreshes
 * and the others, once they get the lock, find the new token and use it. On SQLite the app's write queue serialises it.
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

  async expiresAt(): Promise<Date | null> {
    return (await this.row())?.expiresAt ?? null;
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

  /** Refreshes now when the token expires soon (called from the worker's timer). */
  async refreshIfDue(): Promise<void> {
    const row = await this.row();
    if (!row?.refreshToken || !row.expiresAt || !row.accessToken) return;
    if (row.expiresAt.getTime() - REFRESH_MARGIN_MS <= this.clock.now().getTime()) await this.refresh(row.accessToken);
  }

  private async doRefresh(stale: string | null): Promise<string> {
    const work = async (em: EntityManager): Promise<string> => {
      if (this.tx.postgres) await em.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK_KEY]);
      const row = await em.findOne(ZaloTokenEntity, { where: { id: ROW } });
      if (!row) throw new ZaloApiError(-1, 'no refresh token: set ZALO_REFRESH_TOKEN');
      const now = this.clock.now().getTime();
      if (row.accessToken && row.accessToken !== stale && row.expiresAt && row.expiresAt.getTime() - REFRESH_MARGIN_MS > now) return row.accessToken;
      const t = await this.client.refresh(row.refreshToken);
      await em.update(
        ZaloTokenEntity,
        { id: ROW },
        { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: new Date(now + t.expiresIn * 1000), updatedAt: new Date(now) },
      );
      this.refreshes++;
      this.logger.log(`access token refreshed (expires in ${t.expiresIn} s)`);
      return t.accessToken;
    };
    return this.tx.postgres ? this.dataSource.transaction(work) : this.tx.run(work);
  }

  private row(): Promise<ZaloTokenEntity | null> {
    return this.dataSource.manager.findOne(ZaloTokenEntity, { where: { id: ROW } });
  }
}
