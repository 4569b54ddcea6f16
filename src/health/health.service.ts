import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface HealthReport {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
  [dependency: string]: string;
}

/** Probes the database (and, once registered, other dependencies such as Redis). */
@Injectable()
export class HealthService {
  private readonly probes = new Map<string, () => Promise<boolean>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.register('db', async () => {
      await this.dataSource.query('SELECT 1');
      return true;
    });
  }

  /** Another feature adds its dependency here (e.g. `redis`). */
  register(name: string, probe: () => Promise<boolean>): void {
    this.probes.set(name, probe);
  }

  async check(): Promise<HealthReport> {
    const report: HealthReport = { status: 'ok', db: 'down' };
    for (const [name, probe] of this.probes) {
      const up = await Promise.race([probe().catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())]);
      report[name] = up ? 'up' : 'down';
      if (!up) report.status = 'degraded';
    }
    return report;
  }
}
