import type { Level, PresenceCounts, PresenceState } from '../presence.events';
import type { LiveRecord, RosterPoint } from '../presence-state';
import type { LiveSnapshot, LiveView, PresenceStore, RollcallState } from './presence-store';

const STATES: readonly PresenceState[] = ['absent', 'online', 'unstable', 'offline', 'left'];

/** One conference's live state, with its counts kept up to date on every write (no scan per delta). */
class ConferenceLive {
  readonly points = new Map<string, RosterPoint>();
  readonly records = new Map<string, LiveRecord>();
  readonly byState: Record<PresenceState, number> = { absent: 0, online: 0, unstable: 0, offline: 0, left: 0 };
  readonly byLevel = new Map<Level, { total: number; online: number }>();
  seq = 0;
  openRollcallId: string | null = null;

  add(point: RosterPoint, record: LiveRecord): void {
    if (this.points.has(point.pointId)) return;
    this.points.set(point.pointId, point);
    this.records.set(point.pointId, record);
    const level = this.byLevel.get(point.level) ?? { total: 0, online: 0 };
    level.total += 1;
    this.byLevel.set(point.level, level);
    this.count(point, record, 1);
  }

  replace(point: RosterPoint, before: LiveRecord, after: LiveRecord): void {
    this.count(point, before, -1);
    this.records.set(point.pointId, after);
    this.count(point, after, 1);
  }

  private count(point: RosterPoint, record: LiveRecord, sign: 1 | -1): void {
    this.byState[record.state] += sign;
    if (record.state === 'online') this.byLevel.get(point.level)!.online += sign;
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
export class MemoryPresenceStore implements PresenceStore {
  private readonly conferences = new Map<string, ConferenceLive>();
  private readonly rollcalls = new Map<string, StoredRollcall>();

  private conf(conferenceId: string): ConferenceLive {
    const c = this.conferences.get(conferenceId);
    if (!c) throw new Error(`presence store: conference ${conferenceId} is not loaded`);
    return c;
  }

  async isLoaded(conferenceId: string): Promise<boolean> {
    return this.conferences.has(conferenceId);
  }

  async load(conferenceId: string, points: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>): Promise<void> {
    if (this.conferences.has(conferenceId)) return;
    const c = new ConferenceLive();
    for (const p of points) c.add(p, records.get(p.pointId)!);
    this.conferences.set(conferenceId, c);
  }

  async addPoints(conferenceId: string, points: readonly RosterPoint[], records: ReadonlyMap<string, LiveRecord>): Promise<void> {
    const c = this.conf(conferenceId);
    for (const p of points) c.add(p, records.get(p.pointId)!);
  }

  async point(conferenceId: string, pointId: string): Promise<RosterPoint | null> {
    return this.conf(conferenceId).points.get(pointId) ?? null;
  }

  async update(conferenceId: string, pointId: string, fn: (current: LiveRecord) => LiveRecord | null): Promise<LiveRecord> {
    const c = this.conf(conferenceId);
    const point = c.points.get(pointId);
    if (!point) throw new Error(`presence store: point ${pointId} is not invited to ${conferenceId}`);
    const before = c.records.get(pointId)!;
    const after = fn(before);
    if (!after || after === before) return before;
    c.replace(point, before, after);
    return after;
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
    return { seq: c.seq, counts: c.counts(), views: pointIds.map((id) => c.view(id)).filter((v): v is LiveView => v !== null) };
  }

  async snapshot(conferenceId: string): Promise<LiveSnapshot> {
    const c = this.conf(conferenceId);
    return { seq: c.seq, counts: c.counts(), views: c.all() };
  }

  async startRollcall(rollcall: RollcallState): Promise<boolean> {
    const c = this.conf(rollcall.conferenceId);
    if (c.openRollcallId && this.rollcalls.get(c.openRollcallId)?.open) return false;
    this.rollcalls.set(rollcall.id, { ...rollcall, targets: new Set(rollcall.targets), answered: new Set(rollcall.answered) });
    c.openRollcallId = rollcall.id;
    return true;
  }

  async rollcall(id: string): Promise<RollcallState | null> {
    const r = this.rollcalls.get(id);
    return r ? { ...r, targets: [...r.targets], answered: [...r.answered] } : null;
  }

  async openRollcall(conferenceId: string): Promise<RollcallState | null> {
    const id = this.conferences.get(conferenceId)?.openRollcallId;
    return id && this.rollcalls.get(id)?.open ? this.rollcall(id) : null;
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

  async closeRollcall(id: string): Promise<RollcallState | null> {
    const r = this.rollcalls.get(id);
    if (!r) return null;
    r.open = false;
    const c = this.conferences.get(r.conferenceId);
    if (c?.openRollcallId === id) c.openRollcallId = null;
    return this.rollcall(id);
  }
}
