import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';

type ExpireHandler = (conferenceId: string, pointId: string, unstableSince: number) => void;

/**
 * One timer per unstable point (not a sweep over every point every second): armed when its last socket
 * drops, cancelled when it comes back; when it fires the point goes offline (the handler re-checks the
 * record, so a timer that lost a race does nothing).
 */
@Injectable()
export class GraceTimers {
  readonly graceMs: number;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private onExpire: ExpireHandler = () => undefined;

  constructor(config: AppConfig) {
    this.graceMs = config.presenceGraceMs;
  }

  handle(onExpire: ExpireHandler): void {
    this.onExpire = onExpire;
  }

  arm(conferenceId: string, pointId: string, unstableSince: number, delayMs = this.graceMs): void {
    const key = `${conferenceId}|${pointId}`;
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    const timer = setTimeout(() => {
      if (this.timers.get(key) === timer) this.timers.delete(key);
      this.onExpire(conferenceId, pointId, unstableSince);
    }, Math.max(0, delayMs));
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(conferenceId: string, pointId: string): void {
    const key = `${conferenceId}|${pointId}`;
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  get armed(): number {
    return this.timers.size;
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
