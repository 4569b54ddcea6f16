import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config';

/**
 * One timer per unstable point (not a sweep over every point every second): armed when its last socket
 * drops, cancelled when it comes back. What happens when one fires is `PresenceTransitions`' business (it
 * re-checks the record, so a timer that lost a race does nothing); a callback never rejects.
 */
@Injectable()
export class GraceTimers {
  readonly graceMs: number;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(config: AppConfig) {
    this.graceMs = config.presenceGraceMs;
  }

  arm(conferenceId: string, pointId: string, delayMs: number, onExpire: () => Promise<void>): void {
    const key = `${conferenceId}|${pointId}`;
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    const timer = setTimeout(
      () => {
        if (this.timers.get(key) === timer) this.timers.delete(key);
        onExpire().catch(() => undefined);
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(conferenceId: string, pointId: string): void {
    const key = `${conferenceId}|${pointId}`;
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  /** Cancels every timer of a conference (it is forgotten here). */
  cancelConference(conferenceId: string): void {
    const prefix = `${conferenceId}|`;
    for (const [key, timer] of this.timers) {
      if (!key.startsWith(prefix)) continue;
      clearTimeout(timer);
      this.timers.delete(key);
    }
  }

  get armed(): number {
    return this.timers.size;
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
