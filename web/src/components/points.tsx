import type { ComponentChildren } from 'preact';
import { useT } from '../i18n';
import type { PointNode } from '../types';

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
