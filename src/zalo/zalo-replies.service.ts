import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { AppError, ErrorCode } from '../common/errors';
import { formatInZone } from '../common/time/time';
import { Transactions } from '../database/transactions';
import type { PetitionDetailResponse, ThreadMessageResponse } from '../petitions/dto/petition.response';
import { PETITION_ZONE } from '../petitions/petition-mapper';
import type { Viewer } from '../petitions/petition-viewer';
import { PETITION_OUT_MESSAGE, type PetitionOutMessageEvent } from '../petitions/petitions.events';
import { PetitionsService } from '../petitions/petitions.service';
import { ZaloFeedbackEntity } from './entities/zalo.entities';
import { replyWindow, type ThreadItem } from './reply-window';
import { ZaloClock } from './zalo-clock';
import { ZaloApiError, ZaloClient, type ZaloRecipient } from './zalo-client';
import { ZaloRefreshRefused, ZaloTokens } from './zalo-tokens.service';

const MESSAGE = { vi: 'tin nhắn', en: 'message' };
/** How often replies stuck in `sending` are looked for (one found twice in a row becomes `failed`). */
const STUCK_SWEEP_MS = 5 * 60_000;

type Thread = Awaited<ReturnType<PetitionsService['threadOf']>>;
const toItems = (thread: Thread): ThreadItem[] => thread.map((m) => ({ at: m.atDate, direction: m.direction, status: m.status }));
const recipientOf = (f: ZaloFeedbackEntity): ZaloRecipient => (f.groupId ? { groupId: f.groupId } : { messageId: f.lastMsgId });

/**
 * The working group's replies on Zalo feedback: inside Zalo's free window (48 hours after the worker's last message,
 * at most 8 replies), through the OA's customer-service API, or the group API when the worker's last message came
 * from a group. An expired or invalid token is refreshed once and the send retried; any other Zalo error leaves the
 * message `failed` (502 `zalo_error`), to be retried. When Zalo refuses the refresh itself, the 502 says an admin
 * must reconnect the OA (`params.reason: 'reauthorize'`): sending again cannot work before that.
 */
@Injectable()
export class ZaloReplies implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ZaloReplies');
  /** One reply at a time per petition in this process (replies keep their order; across instances `reserve` locks). */
  private readonly chains = new Map<string, Promise<unknown>>();
  private sweeper: NodeJS.Timeout | null = null;
  private seenSending = new Set<string>();

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly petitions: PetitionsService,
    private readonly tokens: ZaloTokens,
    private readonly client: ZaloClient,
    private readonly clock: ZaloClock,
  ) {}

  onModuleInit(): void {
    if (!this.config.zalo) return;
    this.petitions.registerReplySender('zalo', (id, text, by) => this.reply(id, text, by));
    this.sweeper = setInterval(() => void this.releaseStuck().catch((e: Error) => this.logger.warn(`stuck replies sweep: ${e.message}`)), STUCK_SWEEP_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** `POST /api/petitions/:id/replies` on a Zalo petition (visibility and role already checked): 201 with the message. */
  reply(petitionId: string, text: string, by: string): Promise<ThreadMessageResponse> {
    return this.serialised(petitionId, async () => {
      const { target, value: m } = await this.reserve(petitionId, (em) => this.petitions.addOutMessage(petitionId, by, text, 'sending', em));
      const zaloMessageId = await this.sendOrFail(m.id, target, text);
      return { ...m, status: 'sent', zaloMessageId };
    });
  }

  /** `POST /api/petitions/:id/replies/:messageId/retry`: a failed reply sent again; 200 with the whole petition. */
  async retry(petitionId: string, messageId: string, v: Viewer): Promise<PetitionDetailResponse> {
    await this.petitions.assertVisible(petitionId, v);
    if (!v.organizer) throw AppError.forbidden();
    const info = await this.petitions.channelOf(petitionId);
    if (info?.channel !== 'zalo' || !this.config.zalo) {
      throw new AppError(ErrorCode.Conflict, { vi: 'Kiến nghị này không nhận qua Zalo', en: 'This petition did not come over Zalo' });
    }
    await this.serialised(petitionId, async () => {
      const { target, value: m } = await this.reserve(petitionId, async (em, thread) => {
        const m = thread.find((x) => x.id === messageId);
        if (!m || m.direction !== 'out') throw AppError.notFound(MESSAGE, messageId);
        if (m.status !== 'failed') {
          throw new AppError(
            ErrorCode.Conflict,
            { vi: 'Chỉ gửi lại được tin nhắn gửi lỗi', en: 'Only a failed message can be sent again' },
            { status: m.status },
          );
        }
        await this.petitions.setMessageStatus(m.id, 'sending', undefined, em);
        return m;
      });
      await this.sendOrFail(m.id, target, m.text);
    });
    return this.petitions.detail(petitionId, v);
  }

  /** An extension notice (or another `out` message stored by the petitions feature) on a Zalo petition goes over Zalo. */
  @OnEvent(PETITION_OUT_MESSAGE, { async: true })
  async onOutMessage(e: PetitionOutMessageEvent): Promise<void> {
    if (e.channel !== 'zalo' || !this.config.zalo) return;
    await this.serialised(e.petitionId, async () => {
      const m = (await this.petitions.threadOf(e.petitionId)).find((x) => x.id === e.messageId);
      if (!m || m.zaloMessageId) return;
      const target = await this.target(e.petitionId);
      if (!target) return this.petitions.setMessageStatus(m.id, 'failed');
      await this.sendOrFail(m.id, target, m.text).catch(() => undefined);
    }).catch((err: Error) => this.logger.warn(`notice not sent over Zalo: ${err.message}`));
  }

  /** The reply window as the pages show it (free replies left and until when). */
  async window(petitionId: string): Promise<{ lastInboundAt: string | null; repliesUsed: number; repliesLeft: number; until: string | null; open: boolean }> {
    const w = replyWindow(await this.items(petitionId), this.clock.now());
    return {
      lastInboundAt: w.lastInboundAt ? formatInZone(w.lastInboundAt, PETITION_ZONE) : null,
      repliesUsed: w.repliesUsed,
      repliesLeft: w.repliesLeft,
      until: w.until ? formatInZone(w.until, PETITION_ZONE) : null,
      open: w.open,
    };
  }

  private async items(petitionId: string): Promise<ThreadItem[]> {
    return toItems(await this.petitions.threadOf(petitionId));
  }

  /**
   * A reply left `sending` by a process that died while calling Zalo would hold its slot for ever: one still
   * `sending` at two sweeps `STUCK_SWEEP_MS` apart (a send takes seconds) becomes `failed`, to be retried. Zalo may
   * have taken it before the crash; then the retry sends it twice (Zalo's API has no idempotency key).
   */
  async releaseStuck(): Promise<number> {
    const now = await this.petitions.messageIdsWithStatus('out', 'sending');
    const stuck = now.filter((id) => this.seenSending.has(id));
    this.seenSending = new Set(now.filter((id) => !this.seenSending.has(id)));
    if (!stuck.length) return 0;
    const n = await this.petitions.moveMessageStatus(stuck, 'sending', 'failed');
    if (n) this.logger.warn(`${n} Zalo replies left sending by a stopped process are now failed (can be sent again)`);
    return n;
  }

  /**
   * Reserves a free reply: in one transaction that holds the petition's Zalo row (`SELECT … FOR UPDATE` on
   * PostgreSQL, so instances take turns; SQLite's write queue already runs one transaction at a time), checks the
   * window (409 `outside_reply_window`, nothing written) and lets `take` write the message as `sending`, which counts
   * against the window until it is `failed`. Zalo is called after the commit, never inside the transaction.
   */
  private reserve<T>(petitionId: string, take: (em: EntityManager, thread: Thread) => Promise<T>): Promise<{ target: ZaloRecipient; value: T }> {
    return this.tx.run(async (em) => {
      const feedback = await em.findOne(ZaloFeedbackEntity, {
        where: { petitionId },
        ...(this.tx.postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      const thread = await this.petitions.threadOf(petitionId, em);
      const target = this.checkWindow(toItems(thread), feedback);
      return { target, value: await take(em, thread) };
    });
  }

  /** 409 `outside_reply_window` unless a free reply may be sent now; answers where it goes. */
  private checkWindow(items: ThreadItem[], feedback: ZaloFeedbackEntity | null): ZaloRecipient {
    const w = replyWindow(items, this.clock.now());
    const target = feedback && recipientOf(feedback);
    if (!w.open || !target) {
      const shown = w.lastInboundAt ? formatInZone(w.lastInboundAt, PETITION_ZONE) : null;
      const used = !!w.lastInboundAt && w.repliesUsed >= 8 && this.clock.now() < w.until!;
      const reason = used
        ? {
            vi: 'Đã dùng hết 8 lần trả lời miễn phí kể từ tin nhắn cuối của người lao động; chờ họ nhắn tiếp',
            en: "All 8 free replies since the worker's last message are used; wait for their next message",
          }
        : {
            vi: 'Đã quá 48 giờ kể từ tin nhắn cuối của người lao động; Zalo chỉ cho trả lời khi họ nhắn lại',
            en: "More than 48 hours since the worker's last message; Zalo allows a reply only after they write again",
          };
      throw new AppError(
        ErrorCode.OutsideReplyWindow,
        reason,
        { lastInboundAt: shown, repliesUsed: w.repliesUsed },
        {
          reason: used ? 'replies_used' : 'window_closed',
          repliesUsed: w.repliesUsed,
          lastInboundAt: shown,
        },
      );
    }
    return target;
  }

  private async target(petitionId: string): Promise<ZaloRecipient | null> {
    const f = await this.dataSource.manager.findOne(ZaloFeedbackEntity, { where: { petitionId } });
    return f && recipientOf(f);
  }

  /** Sends (refreshing the token once on -216/-220); `sent` with Zalo's id, else `failed` and 502 `zalo_error`. */
  private async sendOrFail(messageId: string, to: ZaloRecipient, text: string): Promise<string> {
    try {
      let token = await this.tokens.accessToken();
      let zaloId: string;
      try {
        zaloId = await this.client.sendText(token, to, text);
      } catch (e) {
        if (!(e instanceof ZaloApiError) || !e.tokenRejected) throw e;
        token = await this.tokens.refresh(token);
        zaloId = await this.client.sendText(token, to, text);
      }
      await this.petitions.setMessageStatus(messageId, 'sent', zaloId || null);
      await this.tokens.sendSucceeded().catch((err: Error) => this.logger.warn(`refresh refusal not cleared: ${err.message}`));
      return zaloId;
    } catch (e) {
      await this.petitions.setMessageStatus(messageId, 'failed');
      const z = e instanceof ZaloApiError ? e : new ZaloApiError(-1, (e as Error).message);
      this.logger.warn(`reply ${messageId} failed: Zalo error ${z.zaloError}`);
      if (z instanceof ZaloRefreshRefused) {
        // Sending again cannot work until an admin stores a new refresh token: say so, not "can be sent again"
        const why = z.zaloError === -1 ? '' : ` (mã ${z.zaloError}: ${z.zaloMessage})`;
        const whyEn = z.zaloError === -1 ? '' : ` (error ${z.zaloError}: ${z.zaloMessage})`;
        throw new AppError(
          ErrorCode.ZaloError,
          {
            vi: `Kết nối Zalo đã hết hiệu lực: Zalo không cấp lại token${why}. Quản trị viên cần kết nối lại Zalo OA (đặt refresh token mới) thì mới gửi được; tin nhắn được giữ ở trạng thái lỗi để gửi lại sau đó.`,
            en: `The Zalo connection has expired: Zalo refused to renew the token${whyEn}. An admin must reconnect the Zalo OA (set a new refresh token) before anything can be sent; the message is kept as failed, to be sent again then.`,
          },
          { zaloError: z.zaloError, zaloMessage: z.zaloMessage, messageId },
          { reason: 'reauthorize', zaloError: z.zaloError, zaloMessage: z.zaloMessage, messageId },
        );
      }
      // -1: no answer from Zalo itself (unreachable, timed out, not JSON): saying "Zalo refused" would be untrue
      const unreached = z.zaloError === -1;
      throw new AppError(
        ErrorCode.ZaloError,
        unreached
          ? {
              vi: 'Không liên lạc được với Zalo nên tin nhắn chưa được gửi. Tin nhắn được giữ ở trạng thái lỗi, có thể gửi lại.',
              en: 'Zalo could not be reached, so the message was not sent. It is kept as failed and can be sent again.',
            }
          : {
              vi: `Zalo từ chối gửi tin (mã ${z.zaloError}): ${z.zaloMessage}. Tin nhắn được giữ ở trạng thái lỗi, có thể gửi lại.`,
              en: `Zalo refused the message (error ${z.zaloError}): ${z.zaloMessage}. It is kept as failed and can be sent again.`,
            },
        { zaloError: z.zaloError, zaloMessage: z.zaloMessage, messageId },
        { zaloError: z.zaloError, zaloMessage: z.zaloMessage, messageId },
      );
    }
  }

  private serialised<T>(petitionId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(petitionId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const tail = next.catch(() => undefined);
    this.chains.set(petitionId, tail);
    void tail.then(() => {
      if (this.chains.get(petitionId) === tail) this.chains.delete(petitionId);
    });
    return next;
  }
}
