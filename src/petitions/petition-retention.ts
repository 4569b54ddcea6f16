import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';
import { PetitionsService } from './petitions.service';

const DAY_MS = 86_400_000;

/**
 * The daily retention job (Nghị định 13/2023): the submitter data of petitions closed, rejected or merged more than
 * `PETITION_PII_RETENTION_DAYS` days ago is erased (content, answer, history and statistics stay). Idempotent, so
 * several instances may run it. First run a minute after start.
 */
@Injectable()
export class PetitionRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PetitionRetention');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly petitions: PetitionsService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setTimeout(() => void this.tick(), 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  async run(): Promise<number> {
    const n = await this.petitions.eraseExpired(this.config.petitionPiiRetentionDays);
    if (n) this.logger.log(`Đã xóa dữ liệu người gửi của ${n} kiến nghị hết hạn lưu trữ / erased the submitter data of ${n} petitions`);
    return n;
  }

  private async tick(): Promise<void> {
    try {
      await this.run();
    } catch (e) {
      this.logger.error(`retention run failed: ${(e as Error).message}`);
    }
    this.timer = setTimeout(() => void this.tick(), DAY_MS);
    this.timer.unref();
  }
}
