import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { AppConfig } from '../common/config/app-config';
import { AppError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { ZaloAttachmentEntity } from './entities/zalo.entities';
import { ZaloClient } from './zalo-client';

/** Images and files up to this size are kept by the server. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const MAX_ATTEMPTS = 20;
const ATTACHMENT = { vi: 'tệp đính kèm', en: 'attachment' };

/**
 * Zalo removes files after about a week: each image or file (≤ 5 MB) a worker sends is downloaded into the data
 * folder when the event is processed; a failed download leaves the original url and is retried later (backing off).
 */
@Injectable()
export class ZaloAttachments implements OnApplicationShutdown {
  private readonly logger = new Logger('ZaloAttachments');
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly dir: string;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly client: ZaloClient,
  ) {
    this.dir = join(config.dataDir, 'zalo-attachments');
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  wake(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain().finally(() => (this.running = null));
  }

  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  /** Serves the server's copy, or redirects to Zalo's url while it is not downloaded yet. The caller checked visibility. */
  async serve(petitionId: string, attachmentId: string, res: Response): Promise<void> {
    const a = await this.dataSource.manager.findOne(ZaloAttachmentEntity, { where: { id: attachmentId, petitionId } });
    if (!a) throw AppError.notFound(ATTACHMENT, attachmentId);
    const file = join(this.dir, a.id);
    if (a.status !== 'stored' || !existsSync(file)) {
      res.redirect(302, a.url);
      return;
    }
    res.setHeader('Content-Type', a.contentType ?? 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    await new Promise<void>((resolve, reject) => createReadStream(file).on('error', reject).on('end', resolve).pipe(res));
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.dataSource.manager.find(ZaloAttachmentEntity, {
          where: { status: 'pending', nextAttemptAt: LessThanOrEqual(new Date()) },
          order: { createdAt: 'ASC' },
          take: 10,
        });
        if (!rows.length || this.stopped) return;
        for (const a of rows) await this.download(a);
      }
    } catch (e) {
      this.logger.error(`attachments: ${(e as Error).message}`);
    }
  }

  private async download(a: ZaloAttachmentEntity): Promise<void> {
    try {
      const { data, type } = await this.client.download(a.url, MAX_ATTACHMENT_BYTES);
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(join(this.dir, a.id), data);
      await this.tx.write((em) =>
        em.update(ZaloAttachmentEntity, { id: a.id }, { status: 'stored', contentType: (type ?? '').slice(0, 128) || null, size: data.length }),
      );
    } catch (e) {
      const tooLarge = (e as Error).message === 'file too large';
      const attempts = a.attempts + 1;
      const status = tooLarge || attempts >= MAX_ATTEMPTS ? 'skipped' : 'pending';
      this.logger.warn(`attachment ${a.id}: download failed (${(e as Error).message}); ${status === 'pending' ? 'retried later' : 'left at its url'}`);
      await this.tx.write((em) =>
        em.update(
          ZaloAttachmentEntity,
          { id: a.id },
          { attempts, status, nextAttemptAt: new Date(Date.now() + Math.min(3600_000, 2000 * 2 ** Math.min(attempts, 11))) },
        ),
      );
    }
  }
}
