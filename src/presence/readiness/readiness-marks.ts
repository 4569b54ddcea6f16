/** A point's readiness report for one key (v2). Instants are epoch ms. */
export interface ReadinessMark {
  ok: boolean;
  at: number;
  note: string | null;
}
export type ReadinessMarks = Readonly<Record<string, ReadinessMark>>;

/** Set by the first check-in. */
export const AUTO_CONNECTED = 'connected';
/** Set by every `status` that changes audio/video: ok when both are ok. */
export const AUTO_AV = 'av';

/** The marks with `key` set (a new object: records are immutable values). */
export function withMark(marks: ReadinessMarks | undefined, key: string, ok: boolean, at: number, note: string | null = null): ReadinessMarks {
  return { ...(marks ?? {}), [key]: { ok, at, note } };
}

/** ok/total per key over these records' marks (every invited point counts, the host included). */
export function readinessCounts(keys: readonly string[], all: ReadonlyArray<ReadinessMarks | undefined>): Record<string, { ok: number; total: number }> {
  const out: Record<string, { ok: number; total: number }> = {};
  for (const k of keys) out[k] = { ok: 0, total: all.length };
  for (const marks of all) {
    if (!marks) continue;
    for (const k of keys) if (marks[k]?.ok) out[k].ok++;
  }
  return out;
}

/**
 * ok/total per key kept up to date one point at a time: a board delta changes a few points, and counting every
 * invited point's marks on each delta (every 50 ms during a burst) cost time in proportion to the conference.
 */
export class ReadinessTally {
  private readonly marks = new Map<string, ReadinessMarks | undefined>();
  private readonly ok = new Map<string, number>();

  constructor(
    readonly keys: readonly string[],
    all: Iterable<readonly [string, ReadinessMarks | undefined]> = [],
  ) {
    for (const k of keys) this.ok.set(k, 0);
    for (const [pointId, marks] of all) this.set(pointId, marks);
  }

  /** A point's current marks (a point not seen before joins the total). */
  set(pointId: string, marks: ReadinessMarks | undefined): void {
    const known = this.marks.has(pointId);
    const before = this.marks.get(pointId);
    if (known && before === marks) return;
    for (const k of this.keys) {
      const delta = (marks?.[k]?.ok ? 1 : 0) - (before?.[k]?.ok ? 1 : 0);
      if (delta) this.ok.set(k, (this.ok.get(k) ?? 0) + delta);
    }
    this.marks.set(pointId, marks);
  }

  counts(): Record<string, { ok: number; total: number }> {
    const out: Record<string, { ok: number; total: number }> = {};
    for (const k of this.keys) out[k] = { ok: this.ok.get(k) ?? 0, total: this.marks.size };
    return out;
  }
}

/** The points (ids) whose `key` is not ok (never reported, or reported not ok). */
export function missingFor(key: string, views: ReadonlyArray<{ pointId: string; marks: ReadinessMarks | undefined }>): string[] {
  return views.filter((v) => !v.marks?.[key]?.ok).map((v) => v.pointId);
}

const keysCache = new WeakMap<object, readonly string[]>();
/** The keys of a conference's checks, one array per schedule object (entries cache their JSON by it). */
export function readinessKeysOf(schedule: { readiness?: ReadonlyArray<{ key: string }> }): readonly string[] {
  let keys = keysCache.get(schedule);
  if (!keys) keysCache.set(schedule, (keys = (schedule.readiness ?? []).map((c) => c.key)));
  return keys;
}
