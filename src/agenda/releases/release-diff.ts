/**
 * The changes between two releases of an agenda, as a pure function (no I/O, no clock).
 *
 * - `added` / `removed`: the item (by id) is only in the new / only in the previous release. An item deleted and
 *   then created again is a new item (a new id): `removed` + `added`, never matched by title.
 * - `moved`: its order relative to the items present in both releases changed. Of the items present in both, the
 *   largest set that kept its relative order (a longest increasing subsequence of the old positions, taken in the
 *   new order) stays put; every other one is `moved`. Items merely shifted by an insertion or a removal are not
 *   moved (their order relative to the others did not change); a swap of two neighbours moves one of them.
 * - `retimed`: its planned start or end instant changed, for any reason (its own duration, an earlier item, a move,
 *   the conference moving). Compared as instants, so a change of the display zone alone is not a change.
 * - `changed`: one of the content fields changed; `before`/`after` hold only those fields.
 * An item may be both `moved` and `retimed` (one entry per item and type). Order: the new release's items in order
 * (per item: added, moved, retimed, changed), then the removed ones in their old order.
 */

/** An item as a release holds it (times as ISO-8601 with offset). */
export interface ReleasedItem {
  id: string;
  position: number;
  title: string;
  kind: string;
  durationMinutes: number;
  presenter: string | null;
  responsibleUnit: string | null;
  pointId: string | null;
  /** The presenting point's name as it was at release time (for the print view and the pages). */
  pointName: string | null;
  notes: string | null;
  startsAt: string;
  endsAt: string;
}

export const CHANGE_TYPES = ['added', 'removed', 'moved', 'retimed', 'changed'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** The fields whose change makes an item `changed`. */
export const CONTENT_FIELDS = ['title', 'kind', 'presenter', 'responsibleUnit', 'pointId', 'notes'] as const;
type ContentField = (typeof CONTENT_FIELDS)[number];

export interface ReleaseChange {
  type: ChangeType;
  itemId: string;
  /** The new title (the old one for `removed`). */
  title: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

const instant = (iso: string): number => Date.parse(iso);

/** Indexes (into `seq`) of one longest strictly increasing subsequence; ties resolved towards the earliest items. */
export function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k] = index in seq of the smallest tail of an increasing run of length k+1
  const prev: number[] = new Array(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

/** The changes from `previous` (null for the first release: everything `added`) to `next`. */
export function releaseDiff(previous: readonly ReleasedItem[] | null, next: readonly ReleasedItem[]): ReleaseChange[] {
  const before = new Map((previous ?? []).map((item, index) => [item.id, { item, index }]));
  const nextIds = new Set(next.map((i) => i.id));

  // Relative order of the items present in both: old indexes, taken in the new order.
  const common = next.filter((i) => before.has(i.id));
  const kept = longestIncreasing(common.map((i) => before.get(i.id)!.index));
  const moved = new Set(common.filter((_, k) => !kept.has(k)).map((i) => i.id));

  const changes: ReleaseChange[] = [];
  for (const item of next) {
    const old = before.get(item.id)?.item;
    if (!old) {
      changes.push({ type: 'added', itemId: item.id, title: item.title, after: { position: item.position, startsAt: item.startsAt, endsAt: item.endsAt } });
      continue;
    }
    if (moved.has(item.id)) {
      changes.push({ type: 'moved', itemId: item.id, title: item.title, before: { position: old.position }, after: { position: item.position } });
    }
    if (instant(old.startsAt) !== instant(item.startsAt) || instant(old.endsAt) !== instant(item.endsAt)) {
      changes.push({
        type: 'retimed',
        itemId: item.id,
        title: item.title,
        before: { startsAt: old.startsAt, endsAt: old.endsAt },
        after: { startsAt: item.startsAt, endsAt: item.endsAt },
      });
    }
    const fields = CONTENT_FIELDS.filter((f: ContentField) => (old[f] ?? null) !== (item[f] ?? null));
    if (fields.length) {
      changes.push({
        type: 'changed',
        itemId: item.id,
        title: item.title,
        before: Object.fromEntries(fields.map((f) => [f, old[f] ?? null])),
        after: Object.fromEntries(fields.map((f) => [f, item[f] ?? null])),
      });
    }
  }
  for (const old of previous ?? []) {
    if (!nextIds.has(old.id)) {
      changes.push({ type: 'removed', itemId: old.id, title: old.title, before: { position: old.position, startsAt: old.startsAt, endsAt: old.endsAt } });
    }
  }
  return changes;
}
