import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, LessThanOrEqual } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { GroupCommit } from '../database/group-commit';
import { Transactions } from '../database/transactions';
import type { MessageAttachment } from '../petitions/entities/petition-message.entity';
import type { PetitionThreadChange } from '../petitions/petitions.events';
import { PetitionsService } from '../petitions/petitions.service';
import { ZaloAttachmentEntity, ZaloContactEntity, ZaloFeedbackEntity, ZaloInboxEntity } from './entities/zalo.entities';
import { ZaloAttachments, MAX_ATTACHMENT_BYTES } from './zalo-attachments.service';
import { ZaloClock } from './zalo-clock';
import { parseEvent, type ZaloAction, type ZaloEventBody } from './zalo-events';
import { ZaloTokens } from './zalo-tokens.service';

const POLL_MS = 1000;
const BATCH = 100;
const MAX_ATTEMPTS = 20;
/** The worker applies events in transactions of at most this long… */
const SLICE_MS = 20;
/** …and this many events. */
const SLICE_EVENTS = 50;
/** Webhook events wait at most this long for their insert to start (one transaction per tick)… */
const INTAKE_TICK_MS = 10;
/** …or until this many are waiting. */
const INTAKE_MAX_ROWS = 500;
const INBOX_COLUMNS = ['eventKey', 'eventName', 'body', 'receivedAt', 'processedAt', 'attempts', 'lastError', 'nextAttemptAt'] as const;

/**
 * The webhook's inbox: events are stored raw (unique on their key) before anything else, then a worker turns each
 * into thread messages and marks it processed in the same transaction, so an event is processed once even across a
 * crash or several instances (the claim `UPDATE … WHERE processed_at IS NULL` lets only one of them go on).
 */
@Injectable()
export class ZaloInbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ZaloInbox');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastTokenCheck = 0;
  private readonly intake = new GroupCommit<Omit<ZaloInboxEntity, 'seq'>>((rows) => this.storeBatch(rows), INTAKE_TICK_MS, INTAKE_MAX_ROWS);

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly petitions: PetitionsService,
    private readonly attachments: ZaloAttachments,
    private readonly tokens: ZaloTokens,
    private readonly clock: ZaloClock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.zalo) return;
    await this.tokens.seed();
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.intake.flush();
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Stores an event; one already stored under the same key (a retried delivery) is left as it was. Resolves once
   * the row is committed (the webhook answers 200 only then); events arriving together share one transaction.
   */
  store(eventKey: string, eventName: string, body: string): Promise<void> {
    return this.intake.add({
      eventKey,
      eventName: eventName.slice(0, 64),
      body,
      receivedAt: new Date(),
      processedAt: null,
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
    });
  }

  private async storeBatch(rows: Array<Omit<ZaloInboxEntity, 'seq'>>): Promise<void> {
    await this.tx.insert(ZaloInboxEntity, INBOX_COLUMNS, rows, { skipConflicts: true });
    this.wake();
  }

  async lastWebhookAt(): Promise<Date | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(ZaloInboxEntity, 'i')
      .select('MAX(i.received_at)', 'at')
      .getRawOne<{ at: string | Date | null }>();
    if (!row?.at) return null;
    return row.at instanceof Date ? row.at : new Date(/Z|[+-]\d\d:?\d\d$/.test(row.at) ? row.at : `${row.at.replace(' ', 'T')}Z`);
  }

  async pending(): Promise<number> {
    return this.dataSource.manager.count(ZaloInboxEntity, { where: { processedAt: IsNull() } });
  }

  /** Runs the worker now (after a store, on the timer); a call while it runs makes it go round once more. */
  wake(): void {
    if (this.stopped || !this.config.zalo?.worker) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Waits until the worker is idle (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const now = this.clock.now();
        const rows = await this.dataSource.manager.find(ZaloInboxEntity, {
          where: [
            { processedAt: IsNull(), nextAttemptAt: IsNull() },
            { processedAt: IsNull(), nextAttemptAt: LessThanOrEqual(now) },
          ],
          order: { seq: 'ASC' },
          take: BATCH,
        });
        for (let i = 0; i < rows.length;) {
          if (this.stopped) return;
          const started = performance.now();
          i += await this.processSlice(rows.slice(i));
          // Rest as long as the slice took: with a backlog the worker takes at most about half of the event loop,
          // and the webhook's requests (store, then 200) never wait behind the whole backlog.
          const took = Math.min(SLICE_MS, performance.now() - started);
          await new Promise<void>((resolve) => setTimeout(resolve, took));
        }
        if (rows.length < BATCH) break;
      }
      this.attachments.wake();
      if (Date.now() - this.lastTokenCheck > 60_000) {
        this.lastTokenCheck = Date.now();
        await this.tokens.refreshIfDue().catch((e: Error) => this.logger.warn(`token refresh failed: ${e.message}`));
      }
    } catch (e) {
      this.logger.error(`inbox worker: ${(e as Error).message}`);
    }
  }

  /**
   * Processes the first events of `rows` in one transaction, as many as fit in `SLICE_MS` (at least one, at most
   * `SLICE_EVENTS`): one commit for many events, and short enough that a webhook's insert never waits long behind
   * it (SQLite runs one transaction at a time). When one of them fails the slice is rolled back and its events are
   * processed one by one, so only the failing one is retried later. Answers how many events it took.
   */
  private async processSlice(rows: ZaloInboxEntity[]): Promise<number> {
    let taken = 0;
    const ignored: string[] = [];
    const changes: PetitionThreadChange[] = [];
    try {
      await this.tx.run(async (em) => {
        const started = performance.now();
        taken = 0;
        ignored.length = 0;
        changes.length = 0;
        for (const row of rows) {
          if (taken > 0 && (taken >= SLICE_EVENTS || performance.now() - started > SLICE_MS)) break;
          taken++;
          const action = await this.claimAndApply(em, row, changes);
          if (action?.kind === 'ignored') ignored.push(`event ${row.seq} (${action.eventName}) ignored`);
        }
      });
      // Committed: the pages watching these petitions are told (new messages, receipts).
      this.petitions.announceThreadChanges(changes);
      for (const line of ignored) this.logger.log(line);
      return taken;
    } catch {
      for (const row of rows.slice(0, taken)) await this.processOne(row);
      return taken;
    }
  }

  /** Claims the event (`UPDATE … WHERE processed_at IS NULL`: one instance wins) and applies it; null when another had it. */
  private async claimAndApply(em: EntityManager, row: ZaloInboxEntity, changes: PetitionThreadChange[]): Promise<ZaloAction | null> {
    let body: ZaloEventBody;
    try {
      body = JSON.parse(row.body) as ZaloEventBody;
    } catch {
      body = {};
    }
    const action = parseEvent(body, row.receivedAt);
    const claim = await em
      .createQueryBuilder()
      .update(ZaloInboxEntity)
      .set({ processedAt: new Date() })
      .where('seq = :seq AND processed_at IS NULL', { seq: row.seq })
      .execute();
    if (claim.affected !== 1) return null;
    await this.apply(em, action, changes);
    return action;
  }

  private async processOne(row: ZaloInboxEntity): Promise<void> {
    try {
      const changes: PetitionThreadChange[] = [];
      const action = await this.tx.run((em) => {
        changes.length = 0;
        return this.claimAndApply(em, row, changes);
      });
      this.petitions.announceThreadChanges(changes);
      if (action?.kind === 'ignored') this.logger.log(`event ${row.seq} (${action.eventName}) ignored`);
    } catch (e) {
      const attempts = row.attempts + 1;
      const delay = Math.min(3600_000, 1000 * 2 ** Math.min(attempts, 12));
      this.logger.warn(`event ${row.seq} (${row.eventName}) failed, attempt ${attempts}: ${(e as Error).name}: ${(e as Error).message.slice(0, 200)}`);
      await this.tx
        .write((em) =>
          em.update(
            ZaloInboxEntity,
            { seq: row.seq },
            {
              attempts,
              lastError: `${(e as Error).name}: ${(e as Error).message}`.slice(0, 255),
              nextAttemptAt: attempts >= MAX_ATTEMPTS ? new Date(8_640_000_000_000_000) : new Date(Date.now() + delay),
            },
          ),
        )
        .catch(() => undefined);
    }
  }

  /** Applies one event in the caller's transaction; the thread changes it made are pushed to `changes`. */
  private async apply(em: EntityManager, action: ZaloAction, changes: PetitionThreadChange[]): Promise<void> {
    if (action.kind === 'follow') {
      await this.upsertContact(em, action.userId, { following: action.following });
      return;
    }
    if (action.kind === 'receipt') {
      changes.push(...(await this.petitions.markDelivery(em, action.msgIds, action.status)));
      return;
    }
    if (action.kind !== 'message') return;
    const kept: ZaloAttachmentEntity[] = [];
    const messageAttachments: MessageAttachment[] = action.attachments.map((a) => {
      const out: MessageAttachment = { name: a.name, url: a.url, type: a.type, size: a.size };
      if ((a.kind === 'image' || a.kind === 'file') && a.size <= MAX_ATTACHMENT_BYTES) {
        const id = randomUUID();
        out.id = id;
        kept.push({
          id,
          petitionId: '',
          messageId: '',
          url: a.url,
          name: a.name,
          type: a.type.slice(0, 64),
          size: a.size,
          status: 'pending',
          contentType: null,
          attempts: 0,
          nextAttemptAt: new Date(),
          createdAt: new Date(),
        });
      }
      return out;
    });
    const r = await this.petitions.receiveChannelMessage(em, {
      channel: 'zalo',
      userId: action.senderId,
      displayName: action.displayName,
      messageId: action.msgId,
      at: action.at,
      text: action.text,
      attachments: messageAttachments,
    });
    changes.push(r.change);
    for (const a of messageAttachments) if (a.id) a.downloadUrl = `/api/petitions/${r.petitionId}/attachments/${a.id}`;
    if (kept.length) {
      // The thread message carries where the server's copy is served.
      await this.petitions.setAttachments(em, r.messageId, messageAttachments);
      await em.insert(
        ZaloAttachmentEntity,
        kept.map((k) => ({ ...k, petitionId: r.petitionId, messageId: r.messageId })),
      );
    }
    const existing = await em.findOne(ZaloFeedbackEntity, { where: { petitionId: r.petitionId } });
    if (!existing) {
      await em.insert(ZaloFeedbackEntity, {
        petitionId: r.petitionId,
        zaloUserId: action.senderId,
        lastMsgId: action.msgId,
        groupId: action.groupId,
        lastInboundAt: action.at,
      });
    } else if (existing.lastInboundAt.getTime() <= action.at.getTime()) {
      await em.update(ZaloFeedbackEntity, { petitionId: r.petitionId }, { lastMsgId: action.msgId, groupId: action.groupId, lastInboundAt: action.at });
    }
    await this.upsertContact(em, action.senderId, action.displayName ? { displayName: action.displayName } : {});
  }

  private async upsertContact(em: EntityManager, zaloUserId: string, set: { following?: boolean; displayName?: string }): Promise<void> {
    const c = await em.findOne(ZaloContactEntity, { where: { zaloUserId } });
    if (c) await em.update(ZaloContactEntity, { zaloUserId }, { ...set, updatedAt: new Date() });
    else await em.insert(ZaloContactEntity, { zaloUserId, following: set.following ?? false, displayName: set.displayName ?? null, updatedAt: new Date() });
  }

  async followers(): Promise<number> {
    return this.dataSource.manager.count(ZaloContactEntity, { where: { following: true } });
  }
}
