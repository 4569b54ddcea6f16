import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { LiveRooms, rooms } from './live-rooms';
import { toPresenceEntry } from './presence-entry';
import { jsonOnly } from './ws/json-only-parser';
import { POINT_RECORDS, PointRecords, type LiveSnapshot } from './store/presence-store';

/** A change waits at most this long before its delta goes out (the contract allows 50 ms). */
export const COALESCE_MS = 20;

/** What the readiness feature adds to each delta (v2): the conference's keys and the readiness counts. */
export interface DeltaReadiness {
  forDelta(conferenceId: string, delta: LiveSnapshot): Promise<{ keys: readonly string[]; counts: Record<string, { ok: number; total: number }> }>;
}

interface Dirty {
  zone: string;
  pointIds: Set<string>;
  timer: NodeJS.Timeout | null;
  /** When the first change of this delta came. */
  since: number;
}

/**
 * Board deltas: changes are coalesced per conference for up to `COALESCE_MS`, then one `presence` event
 * carries the latest entry of every changed point, the counts and the next `seq` (+1 per delta).
 * Deltas of a conference go out one at a time, in `seq` order.
 */
@Injectable()
export class BoardPublisher {
  private readonly logger = new Logger('BoardPublisher');
  private readonly dirty = new Map<string, Dirty>();
  private readonly sending = new Map<string, Promise<void>>();
  private readiness: DeltaReadiness | null = null;
  private stopped = false;

  /** Set once by the readiness service (a setter, not an injection: readiness depends on presence, not the reverse). */
  useReadiness(r: DeltaReadiness): void {
    this.readiness = r;
  }

  constructor(
    @Inject(POINT_RECORDS) private readonly store: PointRecords,
    private readonly live: LiveRooms,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * Marks a point's entry as changed; its delta leaves within `COALESCE_MS`. The age is checked here too:
   * during a burst Node reads thousands of sockets before it runs any timer.
   */
  changed(conferenceId: string, zone: string, pointId: string): void {
    if (this.stopped) return;
    let d = this.dirty.get(conferenceId);
    if (!d) {
      d = { zone, pointIds: new Set(), timer: null, since: Date.now() };
      this.dirty.set(conferenceId, d);
    }
    d.pointIds.add(pointId);
    if (Date.now() - d.since >= COALESCE_MS) void this.flush(conferenceId);
    else d.timer ??= setTimeout(() => void this.flush(conferenceId), COALESCE_MS);
  }

  /**
   * Sends the deltas that waited `COALESCE_MS` or more. Called on every incoming socket event: during a burst
   * Node reads thousands of sockets before it runs any timer, and with PostgreSQL the commits (which call
   * `changed`) may be further apart than that.
   */
  due(): void {
    if (this.dirty.size === 0) return;
    const now = Date.now();
    for (const [conferenceId, d] of this.dirty) if (now - d.since >= COALESCE_MS) void this.flush(conferenceId);
  }

  /** Sends the pending delta of a conference now (resolves when it is out). */
  flush(conferenceId: string): Promise<void> {
    const d = this.dirty.get(conferenceId);
    if (!d) return this.sending.get(conferenceId) ?? Promise.resolve();
    this.dirty.delete(conferenceId);
    if (d.timer) clearTimeout(d.timer);
    const previous = this.sending.get(conferenceId) ?? Promise.resolve();
    const next = previous.then(() => this.send(conferenceId, d));
    this.sending.set(conferenceId, next);
    void next.finally(() => {
      if (this.sending.get(conferenceId) === next) this.sending.delete(conferenceId);
    });
    return next;
  }

  /**
   * Shutdown: pending deltas are dropped and none is sent any more, not even one whose store read is in flight (its
   * emit would reach a Redis client that is closing). Boards re-join elsewhere and get a snapshot.
   */
  stop(): void {
    this.stopped = true;
    for (const d of this.dirty.values()) if (d.timer) clearTimeout(d.timer);
    this.dirty.clear();
  }

  private async send(conferenceId: string, d: Dirty): Promise<void> {
    try {
      const delta = await this.store.takeDelta(conferenceId, [...d.pointIds]);
      const extra = this.readiness ? await this.readiness.forDelta(conferenceId, delta).catch(() => null) : null;
      if (this.stopped) return;
      this.live.to(rooms.board(conferenceId)).emit(
        'presence',
        jsonOnly({
          conferenceId,
          seq: delta.seq,
          changes: delta.views.map((v) => toPresenceEntry(v, d.zone, extra?.keys)),
          counts: extra ? { ...delta.counts, readiness: extra.counts } : delta.counts,
        }),
      );
      this.metrics?.pointsOnline(conferenceId, delta.counts.online);
    } catch (e) {
      this.logger.error(`delta for ${conferenceId} failed: ${(e as Error).stack ?? String(e)}`);
    }
  }
}
