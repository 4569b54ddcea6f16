import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { get } from '../api';
import { useT } from '../i18n';
import type { Level, Page, PointDetail, PointNode } from '../types';

/** The tree as a list in tree order, each point with its depth (for indented pickers). */
export function flattenTree(nodes: readonly PointNode[], keep: (p: PointNode) => boolean = () => true): Array<{ p: PointNode; depth: number }> {
  const out: Array<{ p: PointNode; depth: number }> = [];
  const walk = (ns: readonly PointNode[], depth: number) => {
    for (const p of ns) {
      if (keep(p)) out.push({ p, depth });
      walk(p.children ?? [], depth + 1);
    }
  };
  walk(nodes, 0);
  return out;
}

/** A point chooser: the tree's points indented by depth, "— choose —" first. */
export function PointPicker(props: {
  name: string;
  value: string;
  points: ReadonlyArray<{ p: PointNode; depth: number }>;
  onChange: (pointId: string) => void;
  required?: boolean;
  disabled?: boolean;
}) {
  const T = useT();
  return (
    <select name={props.name} required={props.required} disabled={props.disabled} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
      <option value="">{T.choose}</option>
      {props.points.map(({ p, depth }) => (
        <option key={p.id} value={p.id}>
          {'  '.repeat(depth)}
          {p.name} ({p.code})
        </option>
      ))}
    </select>
  );
}

/**
 * A table of points: code and name first, then the page's own columns. `data-<rowKey>` on each row names the point
 * by its code (the tests and the pages find rows by it).
 */
export function PointTable<R extends { pointId: string; code: string; name: string }>(props: {
  rows: readonly R[];
  rowKey: string;
  head: ComponentChildren[];
  cells: (row: R) => ComponentChildren[];
  class?: string;
}) {
  const T = useT();
  return (
    <div class="table-wrap">
      <table class={`table${props.class ? ` ${props.class}` : ''}`}>
        <thead>
          <tr>
            <th>{T.code}</th>
            <th>{T.pointName}</th>
            {props.head.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.pointId} {...{ [`data-${props.rowKey}`]: r.code }}>
              <td>{r.code}</td>
              <td>{r.name}</td>
              {props.cells(r).map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A point as the search picker holds it. */
export type PickedPoint = Pick<PointDetail, 'id' | 'code' | 'name' | 'level'>;

/**
 * A point chooser for directories of any size: type a code or a name (accent-insensitive, `GET /api/points?q=`), pick
 * one of the first suggestions. `accept` hides the points that may not be chosen (e.g. a parent of the wrong level).
 * Required and empty, the field is refused by the form's own check (worded by field-messages): typed text that was not
 * picked from the list says `pickHint`.
 */
export function PointSearchPicker(props: {
  name: string;
  value: PickedPoint | null;
  onChange: (p: PickedPoint | null) => void;
  accept?: (p: PointDetail) => boolean;
  /** Only points of these levels: one search per level (so 50 points of another level never hide the right one). */
  levels?: readonly Level[];
  placeholder: string;
  pickHint: string;
  clearLabel: string;
  required?: boolean;
  disabled?: boolean;
}) {
  const T = useT();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<PointDetail[]>([]);
  // the latest filter without re-running the search on every render (callers may pass a new function each time)
  const levels = props.levels?.join(',');
  const accept = useRef(props.accept);
  accept.current = props.accept;
  useEffect(() => {
    const text = q.trim();
    if (!text) return setHits([]);
    let live = true;
    const timer = setTimeout(() => {
      const search = (level?: Level) =>
        get<Page<PointDetail>>(`/api/points?${new URLSearchParams({ q: text, limit: '20', ...(level ? { level } : {}) })}`).then((r) => r.items);
      Promise.all(levels ? levels.split(',').map((l) => search(l as Level)) : [search()])
        .then(
          (lists) =>
            live &&
            setHits(
              lists
                .flat()
                .filter((p) => !accept.current || accept.current(p))
                .slice(0, 12),
            ),
        )
        .catch(() => live && setHits([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, levels]);
  if (props.value) {
    return (
      <div class="row wrap picked-point" data-picked={props.value.code}>
        <strong>
          {props.value.name} ({props.value.code})
        </strong>
        <span class="muted small">{T.levels[props.value.level]}</span>
        {!props.disabled && (
          <button type="button" class="btn ghost small" onClick={() => props.onChange(null)}>
            {props.clearLabel}
          </button>
        )}
      </div>
    );
  }
  return (
    <div class="point-search">
      <input
        type="search"
        name={props.name}
        value={q}
        placeholder={props.placeholder}
        autocomplete="off"
        required={props.required}
        // typed text that was not picked from the list never passes
        pattern={q ? '(?!)' : undefined}
        title={props.pickHint}
        disabled={props.disabled}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      {hits.length > 0 && (
        <ul class="point-suggestions" role="listbox">
          {hits.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                class="btn ghost small"
                data-suggest={p.code}
                onClick={() => {
                  setQ('');
                  setHits([]);
                  props.onChange({ id: p.id, code: p.code, name: p.name, level: p.level });
                }}
              >
                {p.name} ({p.code}) · {T.levels[p.level]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
