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

/** The keys a point reported ok (what the stores count, whatever the conference's current list of checks). */
export function okKeys(marks: ReadinessMarks | undefined): string[] {
  if (!marks) return [];
  const out: string[] = [];
  for (const k in marks) if (marks[k].ok) out.push(k);
  return out;
}

/**
 * ok/total per key of the conference's checks, from the store's counts of ok marks by key (kept with the records,
 * atomically with every write: a delta's counts are those of its own `seq`, whichever instance sent it).
 */
export function readinessCounts(
  keys: readonly string[],
  snap: { readonly readinessOk: Readonly<Record<string, number>>; readonly counts: { readonly total: number } },
): Record<string, { ok: number; total: number }> {
  const out: Record<string, { ok: number; total: number }> = {};
  for (const k of keys) out[k] = { ok: snap.readinessOk[k] ?? 0, total: snap.counts.total };
  return out;
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
