import type {
  Level,
  PresenceCounts,
  PresenceDelta,
  PresenceEntry,
  PresenceSnapshot,
  PresenceState,
  RollcallResult,
} from '../../../src/presence/presence.events';
import type { PresenceLogEvent } from '../types';
import { LEVELS } from '../types';

export interface Transition {
  at: number;
  state: PresenceState;
}

/** How long the heartbeat strip looks back. */
export const WINDOW_MS = 30 * 60_000;

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/** The event log's types as the states they lead to (status and roll-call events change no state). */
const EVENT_STATE: Partial<Record<PresenceLogEvent['type'], PresenceState>> = {
  checkin: 'online',
  connect: 'online',
  disconnect: 'unstable',
  lost: 'offline',
  checkout: 'left',
};

type Listener = () => void;

/** The server's times always carry their offset, so `Date.parse` reads them exactly, far faster than luxon (10,000 per load). */
const instant = (iso: string): number => Date.parse(iso);

/** Above this many points, a level is split by parent (e.g. communes under their district). */
export const SUBGROUP_FROM = 60;

export interface LevelGroup {
  level: Level;
  ids: string[];
  /** Set for large levels: the level's points under each parent, in the same order as `ids`. */
  byParent?: Array<{ parentId: string | null; ids: string[] }>;
}

/**
 * The board's live model: the snapshot plus the deltas, kept outside the component tree so that a delta
 * re-renders only the tiles it changes (each tile subscribes to its own point), never the whole board.
 */
export class BoardStore {
  seq = -1;
  entries = new Map<string, PresenceEntry>();
  groups: LevelGroup[] = [];
  /** Each point's place in the board's order (level, then name), for cheap sorting of lists. */
  rank = new Map<string, number>();
  counts: PresenceCounts | null = null;
  timelines = new Map<string, Transition[]>();
  /** The latest agenda version, to show which points hold it. */
  agendaVersion: number | null = null;
  selected: string | null = null;
  /**
   * The latest roll call; `restored` when rebuilt from the event log after a reload (only who answered is known);
   * `endsAt` its deadline on this page's clock, counted from the time left that the server stated (a PC whose clock
   * is off still counts down right), null when not known.
   */
  rollcall: (RollcallResult & { restored?: boolean; endsAt: number | null }) | null = null;
  answered = new Set<string>();
  now = Date.now();
  /** Points whose state went from online to unstable/offline in a delta (for the board's alert). */
  onDrops: ((dropped: PresenceEntry[]) => void) | null = null;

  private pointSubs = new Map<string, Set<Listener>>();
  private summarySubs = new Set<Listener>();
  private structureSubs = new Set<Listener>();
  private summaryTimer: ReturnType<typeof setTimeout> | null = null;
  private unstable = new Set<string>();
  /** The points of the last snapshot loaded (see load). */
  private loadedPoints: readonly PresenceEntry[] | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private tick = 0;

  // ---- subscriptions ------------------------------------------------------------------------

  subscribePoint(id: string, fn: Listener): () => void {
    let set = this.pointSubs.get(id);
    if (!set) this.pointSubs.set(id, (set = new Set()));
    set.add(fn);
    return () => void set!.delete(fn);
  }
  subscribeSummary(fn: Listener): () => void {
    this.summarySubs.add(fn);
    return () => void this.summarySubs.delete(fn);
  }
  subscribeStructure(fn: Listener): () => void {
    this.structureSubs.add(fn);
    return () => void this.structureSubs.delete(fn);
  }
  private notifyPoint(id: string): void {
    this.pointSubs.get(id)?.forEach((l) => l());
  }
  private notifyAllPoints(): void {
    this.pointSubs.forEach((set) => set.forEach((l) => l()));
  }
  /** Counters and lists refresh at most five times a second, however many deltas arrive. */
  private notifySummary(): void {
    if (this.summaryTimer) return;
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      this.summarySubs.forEach((l) => l());
    }, 200);
  }

  // ---- snapshot and deltas ------------------------------------------------------------------

  /**
   * Replaces everything with a snapshot (first load, re-join after a gap or a reconnect): no stale tile survives.
   * The snapshot already loaded, with no delta since (the board's early view confirmed by its join), changes nothing.
   */
  load(s: PresenceSnapshot): void {
    if (s.points === this.loadedPoints && s.seq === this.seq) return;
    this.loadedPoints = s.points;
    const prevIds = this.entries;
    this.entries = new Map(s.points.map((p) => [p.pointId, p]));
    for (const p of s.points) this.noteState(p, prevIds.get(p.pointId));
    for (const id of this.timelines.keys()) if (!this.entries.has(id)) this.timelines.delete(id);
    this.seq = s.seq;
    this.counts = s.counts;
    this.unstable = new Set(s.points.filter((p) => p.state === 'unstable').map((p) => p.pointId));
    const sameSet = prevIds.size === this.entries.size && [...this.entries.keys()].every((id) => prevIds.has(id));
    if (!sameSet || !this.groups.length) {
      this.rebuildGroups();
      this.structureSubs.forEach((l) => l());
    }
    this.notifyAllPoints();
    this.notifySummary();
  }

  /** Applies a delta; `gap` means a delta was missed and the board must re-join for a fresh snapshot. */
  apply(d: PresenceDelta): 'ok' | 'gap' | 'old' {
    if (d.seq <= this.seq) return 'old';
    if (d.seq !== this.seq + 1) return 'gap';
    const dropped: PresenceEntry[] = [];
    let structure = false;
    for (const e of d.changes) {
      const prev = this.entries.get(e.pointId);
      if (!prev) structure = true;
      this.entries.set(e.pointId, e);
      this.noteState(e, prev);
      if (e.state === 'unstable') this.unstable.add(e.pointId);
      else this.unstable.delete(e.pointId);
      if (prev?.state === 'online' && (e.state === 'unstable' || e.state === 'offline')) dropped.push(e);
    }
    this.seq = d.seq;
    this.counts = d.counts;
    if (structure) {
      this.rebuildGroups();
      this.structureSubs.forEach((l) => l());
    }
    for (const e of d.changes) this.notifyPoint(e.pointId);
    this.notifySummary();
    if (dropped.length) this.onDrops?.(dropped);
    return 'ok';
  }

  private rebuildGroups(): void {
    const by = new Map<Level, PresenceEntry[]>();
    for (const e of this.entries.values()) {
      const list = by.get(e.level) ?? [];
      list.push(e);
      by.set(e.level, list);
    }
    const byName = (a: PresenceEntry, b: PresenceEntry) => collator.compare(a.name, b.name) || collator.compare(a.code, b.code);
    this.groups = LEVELS.filter((l) => by.has(l)).map((level) => {
      const list = by.get(level)!.sort(byName);
      if (list.length <= SUBGROUP_FROM) return { level, ids: list.map((e) => e.pointId) };
      const parents = new Map<string | null, PresenceEntry[]>();
      for (const e of list) {
        const key = e.parentId && this.entries.has(e.parentId) ? e.parentId : null;
        const same = parents.get(key);
        if (same) same.push(e);
        else parents.set(key, [e]);
      }
      const byParent = [...parents.entries()]
        .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : byName(this.entries.get(a)!, this.entries.get(b)!)))
        .map(([parentId, es]) => ({ parentId, ids: es.map((e) => e.pointId) }));
      return { level, ids: byParent.flatMap((g) => g.ids), byParent };
    });
    this.rank = new Map(this.groups.flatMap((g) => g.ids).map((id, i) => [id, i]));
  }

  /** Points online among these ids (the per-parent counters of large levels). */
  onlineAmong(ids: string[]): number {
    let n = 0;
    for (const id of ids) if (this.entries.get(id)?.state === 'online') n++;
    return n;
  }

  // ---- the heartbeat strip ------------------------------------------------------------------

  private noteState(e: PresenceEntry, prev: PresenceEntry | undefined): void {
    if (prev && prev.state === e.state) return;
    const at = instant(e.since);
    this.addTransition(e.pointId, Number.isFinite(at) ? at : Date.now(), e.state);
  }

  private addTransition(id: string, at: number, state: PresenceState): void {
    const list = this.timelines.get(id) ?? [];
    let i = list.length;
    while (i > 0 && list[i - 1].at > at) i--;
    if (i > 0 && list[i - 1].state === state) return;
    list.splice(i, 0, { at, state });
    // keep the window plus the one transition that opens it
    const cut = Date.now() - WINDOW_MS - 60_000;
    let first = 0;
    while (first + 1 < list.length && list[first + 1].at <= cut) first++;
    if (first) list.splice(0, first);
    this.timelines.set(id, list);
  }

  /** Fills the strips' past from the event log (`GET …/presence/events`), then repaints every tile once. */
  seedEvents(events: PresenceLogEvent[]): void {
    const from = Date.now() - WINDOW_MS - 60_000;
    const sorted = events
      .map((ev) => ({ at: instant(ev.at), state: EVENT_STATE[ev.type], id: ev.pointId }))
      .filter((ev): ev is { at: number; state: PresenceState; id: string } => !!ev.state && Number.isFinite(ev.at) && this.entries.has(ev.id))
      .sort((a, b) => a.at - b.at);
    const rebuilt = new Map<string, Transition[]>();
    for (const ev of sorted) {
      const list = rebuilt.get(ev.id) ?? [];
      if (ev.at < from && list.length) list.length = 0;
      if (!list.length || list[list.length - 1].state !== ev.state) list.push({ at: ev.at, state: ev.state });
      rebuilt.set(ev.id, list);
    }
    for (const [id, list] of rebuilt) {
      const live = this.timelines.get(id) ?? [];
      this.timelines.set(id, list);
      for (const t of live) this.addTransition(id, t.at, t.state);
      const e = this.entries.get(id)!;
      this.addTransition(id, Math.max(instant(e.since) || 0, list[list.length - 1].at), e.state);
    }
    this.notifyAllPoints();
  }

  // ---- roll call, selection, agenda version -------------------------------------------------

  /**
   * After a reload: the latest roll call's answers from the event log, unless a live result is already here (a board
   * that joins while one is open is sent its result before the join's ack). A roll call started and not closed in the
   * log is restored as running (its deadline is not in the log); a live one that the log shows closed since (its final
   * result was missed while the board was away) is replaced by the log's.
   */
  restoreRollcall(events: PresenceLogEvent[]): void {
    let latest: string | null = null;
    let started = false;
    let closed = false;
    for (const ev of events) {
      if (ev.type !== 'rollcall') continue;
      const d = ev.detail as { rollcallId?: string; started?: boolean; closed?: boolean } | null;
      if (!d?.rollcallId) continue;
      if (d.rollcallId !== latest) [latest, started, closed] = [d.rollcallId, false, false];
      started ||= !!d.started;
      closed ||= !!d.closed;
    }
    if (!latest) return;
    if (this.rollcall && (this.rollcall.done || this.rollcall.rollcallId !== latest || !closed)) return;
    // Answers are one `rollcall` line per answering point; the conference-level lines of the same roll call (its start
    // and final result, `started`/`closed`, filed under the host point for the report) are not answers.
    const answered = new Set<string>();
    for (const ev of events) {
      if (ev.type !== 'rollcall') continue;
      const d = ev.detail as { rollcallId?: string; started?: boolean; closed?: boolean } | null;
      if (d?.rollcallId === latest && !d.started && !d.closed) answered.add(ev.pointId);
    }
    this.setRollcall({ rollcallId: latest, answered: [...answered], missing: [], done: closed || !started, restored: true });
  }

  /** A roll call result (pushed, or this board's own start); `remainingMs` sets the deadline, else the one known is kept. */
  setRollcall(r: (RollcallResult & { restored?: boolean }) | null, now = Date.now()): void {
    const endsAt = !r
      ? null
      : typeof r.remainingMs === 'number'
        ? now + r.remainingMs
        : r.rollcallId === this.rollcall?.rollcallId
          ? this.rollcall.endsAt
          : null;
    const next = new Set(r?.answered ?? []);
    const changed = new Set<string>();
    for (const id of next) if (!this.answered.has(id)) changed.add(id);
    for (const id of this.answered) if (!next.has(id)) changed.add(id);
    this.rollcall = r && { ...r, endsAt };
    this.answered = next;
    changed.forEach((id) => this.notifyPoint(id));
    this.summarySubs.forEach((l) => l());
  }

  /** Whole seconds left in the roll call by this page's clock, or null when its deadline is not known. */
  rollcallSecondsLeft(now = Date.now()): number | null {
    const endsAt = this.rollcall?.endsAt;
    return endsAt == null ? null : Math.max(0, Math.round((endsAt - now) / 1000));
  }

  select(id: string | null): void {
    const prev = this.selected;
    this.selected = id;
    if (prev) this.notifyPoint(prev);
    if (id) this.notifyPoint(id);
    this.summarySubs.forEach((l) => l());
  }

  setAgendaVersion(v: number | null): void {
    if (v === this.agendaVersion) return;
    this.agendaVersion = v;
    this.notifyAllPoints();
  }

  // ---- time ---------------------------------------------------------------------------------

  /** Every second the unstable tiles recount their seconds; every 30 s all strips move on. */
  start(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => {
      this.now = Date.now();
      this.tick++;
      if (this.tick % 30 === 0) this.notifyAllPoints();
      else this.unstable.forEach((id) => this.notifyPoint(id));
    }, 1000);
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
  }
}
