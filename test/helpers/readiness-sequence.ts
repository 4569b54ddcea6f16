import { LiveRecord, newRecord, RosterPoint } from '../../src/presence/presence-state';
import { okKeys, withMark } from '../../src/presence/readiness/readiness-marks';
import type { PointRecords } from '../../src/presence/store/presence-store';

const KEYS = ['connected', 'av', 'technician'];

/** Counts the readiness keys ok over every record of a snapshot (what the stores keep up to date, read with `counts`). */
async function recount(store: PointRecords, conferenceId: string): Promise<{ kept: Record<string, number>; counted: Record<string, number> }> {
  const snap = await store.snapshot(conferenceId);
  const counted: Record<string, number> = {};
  for (const v of snap.views) for (const k of okKeys(v.record.readiness)) counted[k] = (counted[k] ?? 0) + 1;
  return { kept: (await store.counts(conferenceId)).readinessOk, counted };
}

/**
 * Drives a store through a deterministic pseudo-random sequence of readiness reports (ok, not ok, cleared), points
 * invited and uninvited, each write a read and compare-and-set through one of `stores` in turn (two Redis stores stand
 * for two instances). Resolves with the readiness counts the store kept and the same counted again over every record,
 * read every 50 steps and at the end.
 */
export async function readinessSequence(
  stores: PointRecords[],
  conferenceId: string,
  steps = 300,
): Promise<Array<{ kept: Record<string, number>; counted: Record<string, number> }>> {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor(seed / 65536) % n; // the high bits: the low ones of this generator repeat quickly
  };
  const point = (pointId: string): RosterPoint => ({ pointId, code: pointId.toUpperCase(), name: `Điểm ${pointId}`, level: 'commune', parentId: null });
  const marked = (i: number): LiveRecord => ({ ...newRecord(0), readiness: withMark(withMark(undefined, 'connected', true, i), 'av', next(2) === 0, i) });
  const ids = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
  await stores[0].load(conferenceId, ids.map(point), new Map(ids.map((id, i) => [id, i % 2 ? marked(i) : newRecord(0)])));
  const reads = [];
  for (let i = 0; i < steps; i++) {
    const store = stores[i % stores.length];
    const r = next(20);
    if (r === 0 && ids.length > 2) {
      await store.changeRoster(conferenceId, [], new Map(), ids.splice(next(ids.length), 1));
    } else if (r === 1) {
      const id = `n${i}`;
      ids.push(id);
      await store.changeRoster(conferenceId, [point(id)], new Map([[id, marked(i)]]), []);
    } else {
      const id = ids[next(ids.length)];
      const clear = next(8) === 0;
      const key = KEYS[next(KEYS.length)];
      const ok = next(2) === 0;
      for (;;) {
        const before = (await store.read(conferenceId, id))!;
        const after = { ...before, readiness: clear ? undefined : withMark(before.readiness, key, ok, i) };
        if (await store.replace(conferenceId, id, before, after)) break;
      }
    }
    if (i % 50 === 49) reads.push(await recount(stores[(i + 1) % stores.length], conferenceId));
  }
  reads.push(await recount(stores[0], conferenceId));
  return reads;
}
