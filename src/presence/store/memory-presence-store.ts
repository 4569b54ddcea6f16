import type { Level, PresenceCounts, PresenceState } from '../presence.events';
import type { LiveRecord, RosterPoint } from '../presence-state';
import { okKeys } from '../readiness/readiness-marks';
import type { InstanceRegistry, LiveCounts, LiveSnapshot, LiveView, PointRecords, RollcallHead, RollcallState, RollcallStore } from './presence-store';

/** A closed roll call is kept this long (a late answer gets `conflict`, not `not_found`), then dropped. */
export const CLOSED_ROLLCALL_RETAIN_MS = 10 * 60_000;

const STATES: readonly PresenceState[] = ['absent', 'online', 'unstable', 'offline', 'left'];

/** One conference's live state, with its counts kept up to date on every write (no scan per delta). */
class ConferenceLive {
  readonly points = new Map<string, RosterPoint>();
  readonly records = new Map<string, LiveRecord>();
  readonly byState: Record<PresenceState, number> = { absent: 0, online: 0, unstable: 0, offline: 0, left: 0 };
  readonly byLevel = new Map<Level, { total: number; online: number }>();
  /** Points with each readiness key ok. */
  readonly readinessOk = new Map<string, number>();
  /** Places taken by check-ins not applied yet (the connection cap). */
  readonly places = new Set<string>();
  seq = 0;

  add(point: RosterPoint, record: LiveRecord): void {
    if (this.points.has(point.pointId)) return;
    this.points.set(point.pointId, point);
    this.records.set(point.pointId, record);
    const level = this.byLevel.get(point.level) ?? { total: 0, online: 0 };
    level.total += 1;
    this.byLevel.set(point.level, level);
    this.count(point, record, 1);
    this.countReadiness(record, 1);
  }

  remove(pointId: string): void {
    const point = this.points.get(pointId);
    if (!point) return;
    const record = this.records.get(pointId)!;
    this.count(point, record, -1);
    this.countReadiness(record, -1);
    this.byLevel.get(point.level)!.total -= 1;
    this.points.delete(pointId);
    this.records.delete(pointId);
  }

  replace(point: RosterPoint, before: LiveRecord, after: LiveRecord): void {
    this.count(point, before, -1);
    this.records.set(point.pointId, after);
    this.count(point, after, 1);
    // Most writes (a status, an ack, a socket) keep the marks object: nothing to recount.
    if (before.readiness !== after.readiness) {
      this.countReadiness(before, -1);
      this.countReadiness(after, 1);
    }
  }

  private count(point: RosterPoint, record: LiveRecord, sign: 1 | -1): void {
    this.byState[record.state] += sign;
    if (record.state === 'online') this.byLevel.get(point.level)!.online += sign;
  }

  private countReadiness(record: LiveRecord, sign: 1 | -1): void {
    for (const k of okKeys(record.readiness)) this.readinessOk.set(k, (this.readinessOk.get(k) ?? 0) + sign);
  }

  /** The seq and the counts now. */
  live(): LiveCounts {
    return { seq: this.seq, counts: this.counts(), readinessOk: this.readiness() };
  }

  readiness(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, n] of this.readinessOk) if (n > 0) out[k] = n;
    return out;
  }

  counts(): PresenceCounts {
    const byLevel: PresenceCounts['byLevel'] = {};
    for (const [level, c] of this.byLevel) byLevel[level] = { total: c.total, online: c.online };
    let total = 0;
    for (const s of STATES) total += this.byState[s];
    return { total, ...this.byState, byLevel };
  }

  view(pointId: string): LiveView | null {
    const point = this.points.get(pointId);
    return point ? { point, record: this.records.get(pointId)! } : null;
  }

  all(): LiveView[] {
    const out: LiveView[] = [];
    for (const [pointId, point] of this.points) out.push({ point, record: this.records.get(pointId)! });
    return out;
  }
}

/** Sets inside, so that ten thousand answers stay cheap. */
type StoredRollcall = Omit<RollcallState, 'targets' | 'answered'> & { targets: Set<string>; answered: Set<string> };

/** Live state for a single instance. Records are immutable values: a write replaces the object. */
export class MemoryPresenceStore implements PointRecords, RollcallStore {
  private readonly conferences = new Map<string, ConferenceLive>();
  private readonly rollcalls = new Map<string, StoredRollcall & { closedAt: number | null }>();
  private readonly openByConference = new Map<string, string>();

  private conf(conferenceId: string): ConferenceLive {
    const c = this.conferences.get(conferenceId);
    if (!c) throw new Error(`presence store: conference ${conferenceId} is not loaded`);
    return c;
  }

  async isLoaded(conferenceId: string): Promise<boolean> {
    return this.conferences.has(conferenceId);
  }

  async claimLoad(conferenceId: string): Promise<boolean> {
    return !this.conferences.has(conferenceId);
  }

  async load(conferenceId: string, points: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>): Promise<void> {
    if (this.conferences.has(conferenceId)) return;
    const c = new ConferenceLive();
    for (const p of points) c.add(p, records.get(p.pointId)!);
    this.conferences.set(conferenceId, c);
  }

  async changeRoster(conferenceId: string, added: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>, removed: readonly string[]): Promise<void> {
    const c = this.conf(conferenceId);
    for (const p of added) c.add(p, records.get(p.pointId)!);
    for (const id of removed) c.remove(id);
  }

  async point(conferenceId: string, pointId: string): Promise<RosterPoint | null> {
    return this.conf(conferenceId).points.get(pointId) ?? null;
  }

  async read(conferenceId: string, pointId: string): Promise<LiveRecord | null> {
    return this.conf(conferenceId).records.get(pointId) ?? null;
  }

  async replace(conferenceId: string, pointId: string, expected: LiveRecord, next: LiveRecord): Promise<boolean> {
    const c = this.conf(conferenceId);
    const point = c.points.get(pointId);
    if (!point || c.records.get(pointId) !== expected) return false;
    if (next !== expected) c.replace(point, expected, next);
    return true;
  }

  async views(conferenceId: string, pointIds: readonly string[]): Promise<LiveView[]> {
    const c = this.conf(conferenceId);
    return pointIds.map((id) => c.view(id)).filter((v): v is LiveView => v !== null);
  }

  async all(conferenceId: string): Promise<LiveView[]> {
    return this.conf(conferenceId).all();
  }

  async takeDelta(conferenceId: string, pointIds: readonly string[]): Promise<LiveSnapshot> {
    const c = this.conf(conferenceId);
    c.seq += 1;
    return {
      seq: c.seq,
      counts: c.counts(),
      views: pointIds.map((id) => c.view(id)).filter((v): v is LiveView => v !== null),
      readinessOk: c.readiness(),
    };
  }

  async snapshot(conferenceId: string): Promise<LiveSnapshot> {
    const c = this.conf(conferenceId);
    return { ...c.live(), views: c.all() }; // one synchronous read: the views and counts of one seq
  }

  async counts(conferenceId: string): Promise<LiveCounts> {
    return this.conf(conferenceId).live();
  }

  async holdPlace(conferenceId: string, cap: number, holder: string): Promise<{ held: boolean; counted: number }> {
    const c = this.conf(conferenceId);
    const counted = c.byState.online + c.byState.unstable;
    // One process: a place is given back by the check-in that took it (nothing dies holding one).
    if (counted + c.places.size >= cap) return { held: false, counted };
    c.places.add(holder);
    return { held: true, counted };
  }

  async releasePlace(conferenceId: string, holder: string): Promise<void> {
    this.conferences.get(conferenceId)?.places.delete(holder);
  }

  wasLost(): boolean {
    return false; // memory is lost only with the process
  }

  async forget(conferenceId: string): Promise<void> {
    this.conferences.delete(conferenceId);
  }

  // ---- roll calls -------------------------------------------------------------------------------

  async startRollcall(rollcall: RollcallState): Promise<boolean> {
    this.prune(Date.now());
    const current = this.rollcalls.get(this.openByConference.get(rollcall.conferenceId) ?? '');
    if (current?.open && current.deadline > Date.now()) return false;
    this.rollcalls.set(rollcall.id, { ...rollcall, targets: new Set(rollcall.targets), answered: new Set(rollcall.answered), closedAt: null });
    this.openByConference.set(rollcall.conferenceId, rollcall.id);
    return true;
  }

  async rollcall(id: string): Promise<RollcallState | null> {
    const r = this.rollcalls.get(id);
    return r ? { id: r.id, conferenceId: r.conferenceId, deadline: r.deadline, open: r.open, targets: [...r.targets], answered: [...r.answered] } : null;
  }

  async rollcallFor(id: string, pointId: string): Promise<RollcallHead | null> {
    const r = this.rollcalls.get(id);
    return r ? { id: r.id, conferenceId: r.conferenceId, deadline: r.deadline, open: r.open, answeredByPoint: r.answered.has(pointId) } : null;
  }

  async openRollcallFor(conferenceId: string, pointId: string): Promise<RollcallHead | null> {
    const id = this.openByConference.get(conferenceId);
    return id && this.rollcalls.get(id)?.open ? this.rollcallFor(id, pointId) : null;
  }

  async addRollcallTarget(id: string, pointId: string): Promise<boolean> {
    const r = this.rollcalls.get(id);
    if (!r?.open || r.targets.has(pointId)) return false;
    r.targets.add(pointId);
    return true;
  }

  async answerRollcall(id: string, pointId: string): Promise<boolean> {
    const r = this.rollcalls.get(id);
    if (!r?.open || r.answered.has(pointId)) return false;
    r.answered.add(pointId);
    return true;
  }

  async closeRollcall(id: string): Promise<boolean> {
    const r = this.rollcalls.get(id);
    if (!r?.open) return false;
    r.open = false;
    r.closedAt = Date.now();
    if (this.openByConference.get(r.conferenceId) === id) this.openByConference.delete(r.conferenceId);
    return true;
  }

  async dueRollcalls(now: number): Promise<string[]> {
    this.prune(now);
    return [...this.rollcalls.values()].filter((r) => r.open && r.deadline <= now).map((r) => r.id);
  }

  /** Drops roll calls closed longer than `CLOSED_ROLLCALL_RETAIN_MS` ago. */
  private prune(now: number): void {
    for (const [id, r] of this.rollcalls) if (r.closedAt !== null && now - r.closedAt > CLOSED_ROLLCALL_RETAIN_MS) this.rollcalls.delete(id);
  }

  /** How many roll calls are kept (open or recently closed). */
  get rollcallsKept(): number {
    return this.rollcalls.size;
  }
}

/** One instance: nothing to take over. */
export class NoInstanceRegistry implements InstanceRegistry {
  async instanceSockets(): Promise<[]> {
    return [];
  }
  async instanceUnstable(): Promise<[]> {
    return [];
  }
  async forgetInstance(): Promise<void> {}
}
