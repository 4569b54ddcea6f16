import type { ReadinessCheck } from '../../conferences/readiness-checks';

/**
 * Readiness checkpoints as pure functions (no clock, no I/O). A checkpoint is a key at its time:
 * `startsAt − minutesBefore`. It is sent once when its time has come, provided it was still ahead when the
 * conference's checks and times were last set (`plannedAt`: the conference's last change). So:
 * - moving the conference or editing the list re-plans: checkpoints already past at that moment are never sent,
 *   those still ahead are sent at their (new) time;
 * - one that fell while the server was down is sent once after it starts (it was ahead when planned, its time has
 *   come, and the event log has no line for it);
 * - never twice: what was sent is kept (in the event log) by its id `key@time`.
 */
export interface Checkpoint {
  key: string;
  label: string;
  /** Epoch ms. */
  at: number;
}

export const checkpointId = (c: { key: string; at: number }): string => `${c.key}@${c.at}`;

export function checkpointsOf(startsAt: number, checks: readonly ReadinessCheck[]): Checkpoint[] {
  return checks.map((c) => ({ key: c.key, label: c.label, at: startsAt - c.minutesBefore * 60_000 })).sort((a, b) => a.at - b.at);
}

/** The checkpoints to send now: their time has come, they were ahead when planned, and none was sent yet. */
export function dueCheckpoints(all: readonly Checkpoint[], plannedAt: number, now: number, sent: ReadonlySet<string>): Checkpoint[] {
  return all.filter((c) => c.at > plannedAt && c.at <= now && !sent.has(checkpointId(c)));
}

/** The next time something may become due (null when nothing is ahead). */
export function nextCheckpointAt(all: readonly Checkpoint[], plannedAt: number, now: number): number | null {
  const ahead = all.filter((c) => c.at > plannedAt && c.at > now).map((c) => c.at);
  return ahead.length ? Math.min(...ahead) : null;
}
