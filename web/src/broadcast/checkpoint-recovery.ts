import { DateTime } from 'luxon';
import { isClosed, type ConferenceStatus } from '../types';
import { epoch } from '../time';
import type { ReadinessCheck } from './release-changes';

/**
 * What a board that was away (opened late, reloaded, or reconnected) needs to show the readiness checkpoint alerts it
 * did not see pushed. Pure functions, apart from the dismissals kept in sessionStorage.
 *
 * Which checkpoints: those the server raised (`readiness:due`), as its event log records them (a `readiness` line
 * with `detail.checkpoint` and `detail.at`, the board reads the log on every join anyway), and only if they are still
 * the conference's current plan (same key, same time `startsAt − minutesBefore`). A checkpoint already past when the
 * conference was created or moved is never raised (CONTRACT, readiness precisions), so a board opened late shows the
 * same alerts as one that stayed open; no clock on the page decides it.
 */
export interface SentCheckpoint {
  key: string;
  /** Epoch ms of the checkpoint (`startsAt − minutesBefore`). */
  at: number;
}

/** The conference as far as the checkpoints go. */
export interface CheckpointPlan {
  startsAt: string;
  timezone: string;
  status: ConferenceStatus;
  checks: readonly ReadinessCheck[];
}

export interface PlannedCheckpoint {
  key: string;
  label: string;
  at: number;
}

/** A checkpoint's id, as dismissals are kept (a moved conference's new checkpoint of the same key is another one). */
export const checkpointId = (c: { key: string; at: number | null }): string => `${c.key}@${c.at ?? '?'}`;

/** The checkpoint time of a check: `startsAt − minutesBefore`, on the instant of the conference's start. */
export function checkpointAt(startsAt: string, minutesBefore: number): number {
  return epoch(startsAt) - minutesBefore * 60_000;
}

/** `HH:mm` of a checkpoint in the conference's timezone (never the browser's). */
export function checkpointTime(at: number, timezone: string): string {
  return DateTime.fromMillis(at, { zone: timezone }).toFormat('HH:mm');
}

/** The checkpoints the server raised, from the event log (`GET …/presence/events`); other lines are skipped. */
export function sentCheckpoints(events: ReadonlyArray<{ type: string; detail?: Record<string, unknown> | null }>): SentCheckpoint[] {
  const out: SentCheckpoint[] = [];
  for (const e of events) {
    const d = e.detail;
    if (e.type === 'readiness' && d && typeof d.checkpoint === 'string' && typeof d.at === 'number') out.push({ key: d.checkpoint, at: d.at });
  }
  return out;
}

/** The conference's checkpoints as planned now: each check at `startsAt − minutesBefore`. */
export function plannedCheckpoints(plan: CheckpointPlan): PlannedCheckpoint[] {
  return plan.checks.map((c) => ({ key: c.key, label: c.label, at: checkpointAt(plan.startsAt, c.minutesBefore) }));
}

/**
 * The checkpoints whose alert a board that was away shows again: raised by the server, still in the conference's
 * plan, not dismissed on this tab; none once the conference has ended or is cancelled. In checkpoint order.
 */
export function checkpointsToRecover(plan: CheckpointPlan, sent: readonly SentCheckpoint[], dismissed: ReadonlySet<string>): PlannedCheckpoint[] {
  if (isClosed(plan.status)) return [];
  const raised = new Set(sent.map(checkpointId));
  return plannedCheckpoints(plan)
    .filter((c) => Number.isFinite(c.at) && raised.has(checkpointId(c)) && !dismissed.has(checkpointId(c)))
    .sort((a, b) => a.at - b.at);
}

/** A row of `GET …/readiness` (staff see contacts); `<key>` is `{ok, at, note}` or null when never reported. */
export type ReadinessRow = {
  pointId: string;
  code: string;
  name: string;
  contactName?: string | null;
  contactPhone?: string | null;
} & Record<string, unknown>;

/** The points whose `key` is not ok now (never reported counts as not ready, as at the checkpoint). */
export function notReadyNow<R extends ReadinessRow>(rows: readonly R[], key: string): R[] {
  return rows.filter((r) => (r[key] as { ok?: unknown } | null | undefined)?.ok !== true);
}

// ---- dismissals, per conference, for this tab ------------------------------------------------------------------

const storageKey = (conferenceId: string) => `diemcau.board.dismissed-checkpoints.${conferenceId}`;

/**
 * The checkpoints the operator dismissed on this tab (sessionStorage: a reload keeps them; another tab or window,
 * say the wall screen, still shows the alerts).
 */
export function dismissedCheckpoints(conferenceId: string): Set<string> {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(storageKey(conferenceId)) ?? '[]');
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

export function dismissCheckpoint(conferenceId: string, id: string): void {
  try {
    const all = dismissedCheckpoints(conferenceId);
    all.add(id);
    sessionStorage.setItem(storageKey(conferenceId), JSON.stringify([...all]));
  } catch {
    /* storage full or blocked: dismissed for this page only */
  }
}
