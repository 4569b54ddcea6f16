import { useLayoutEffect } from 'preact/hooks';
import { afterPaint, markOnce } from './paint-marks';
import type { Level } from '../../../src/presence/presence.events';
import { useT } from '../i18n';
import { useForceUpdate } from '../components/hooks';
import type { BoardStore } from './store';
import { Tile } from './tile';

/** Above this many points on the board, tiles turn compact (smaller, CSS containment, off-screen ones skipped by the renderer). */
export const COMPACT_FROM = 300;

/**
 * The store's subscriptions are layout effects: taken as the component is rendered, so a change that comes before
 * the next frame (a delta right after the join) is not missed; Preact runs plain effects only after a paint.
 */
export function useSummary(store: BoardStore): void {
  const force = useForceUpdate();
  useLayoutEffect(() => store.subscribeSummary(force), [store]);
}

export function useStructure(store: BoardStore): void {
  const force = useForceUpdate();
  useLayoutEffect(() => store.subscribeStructure(force), [store]);
}

function LevelHeading({ store, level, id }: { store: BoardStore; level: Level; id: string }) {
  useSummary(store);
  const c = store.counts?.byLevel?.[level];
  const total = c?.total ?? store.groups.find((g) => g.level === level)?.ids.length ?? 0;
  return (
    <h2 id={id} class="level-title">
      <LevelCount level={level} online={c?.online ?? 0} total={total} />
    </h2>
  );
}

/** "Cấp huyện: 3/8 đã kết nối". The counters on a phone leave out the last words (`lc-word`): the total before them says them. */
function LevelCount({ level, online, total }: { level: Level; online: number; total: number }) {
  const T = useT();
  return (
    <>
      {T.levelRatio(T.levels[level], online, total)}
      <span class="lc-word"> {T.connectedWord}</span>
    </>
  );
}

/**
 * The tiles of one level; re-rendered only when the set of points or the language changes (a delta re-renders single
 * tiles). The list follows the language for its tiles: one subscription, not one per tile (10,000 on a large board).
 */
function TileList({ store, ids, compact }: { store: BoardStore; ids: string[]; compact: boolean }) {
  const T = useT();
  return (
    <div class={compact ? 'tiles compact' : 'tiles'}>
      {ids.map((id) => (
        <Tile key={id} store={store} id={id} compact={compact} T={T} />
      ))}
    </div>
  );
}

function ParentHeading({ store, parentId, ids }: { store: BoardStore; parentId: string | null; ids: string[] }) {
  const T = useT();
  useSummary(store);
  const name = parentId ? (store.entries.get(parentId)?.name ?? parentId) : T.otherParent;
  return <h3 class="parent-title">{T.underParent(name, store.onlineAmong(ids), ids.length)}</h3>;
}

export function LevelGroups({ store }: { store: BoardStore }) {
  useStructure(store);
  const compact = store.entries.size > COMPACT_FROM;
  // a loaded snapshot's tiles are in this render (none for a conference without points: painted all the same)
  const drawn = store.seq >= 0;
  // counted from this render: the mark falls in the task after the frame that paints it (a plain effect would only
  // start counting after that frame, and mark a frame late)
  useLayoutEffect(() => {
    if (drawn) afterPaint(() => markOnce('board:painted'));
  }, [drawn]);
  return (
    <>
      {store.groups.map((g) => (
        <section class="level-group" key={g.level} aria-labelledby={`lv-${g.level}`} data-level={g.level}>
          <LevelHeading store={store} level={g.level} id={`lv-${g.level}`} />
          {g.byParent ? (
            g.byParent.map((sub) => (
              <div class="parent-group" key={sub.parentId ?? '-'}>
                <ParentHeading store={store} parentId={sub.parentId} ids={sub.ids} />
                <TileList store={store} ids={sub.ids} compact={compact} />
              </div>
            ))
          ) : (
            <TileList store={store} ids={g.ids} compact={compact} />
          )}
        </section>
      ))}
    </>
  );
}

/** "Cấp huyện: 7/8 đã kết nối" for every level, always on screen above the tiles. */
export function LevelCounters({ store }: { store: BoardStore }) {
  const T = useT();
  useSummary(store);
  const c = store.counts;
  if (!c) return null;
  return (
    <div class="counters" role="status" aria-live="off">
      <strong class="counter total">{T.totals(c.online, c.total, c.unstable, c.offline, c.absent)}</strong>
      {store.groups.map((g) => {
        const bl = c.byLevel?.[g.level];
        const full = bl && bl.total > 0 && bl.online === bl.total;
        return (
          <span key={g.level} class={`counter${full ? ' full' : ''}`} data-level={g.level}>
            <LevelCount level={g.level} online={bl?.online ?? 0} total={bl?.total ?? g.ids.length} />
          </span>
        );
      })}
    </div>
  );
}
