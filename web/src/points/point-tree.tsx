import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import type { PointDetail, PointNode } from '../types';
import { telHref } from '../components/ui';
import { useAW } from './words';

/** Children shown per node before "show more": a district with 500 communes never puts 500 rows on the page at once. */
export const CHILDREN_PAGE = 50;

/**
 * The directory as a tree: roots open, every other node closed until opened, children shown `CHILDREN_PAGE` at a
 * time. Only opened branches are in the DOM, so 10,000 points cost what is shown.
 */
export function PointTree(props: { roots: readonly PointNode[]; showInactive: boolean; selectedId: string | null; onSelect: (id: string) => void }) {
  const keep = (ns: readonly PointNode[]) => (props.showInactive ? ns : ns.filter((n) => n.active));
  return (
    <ul class="point-tree" role="tree">
      <Branch nodes={keep(props.roots)} depth={0} keep={keep} {...props} />
    </ul>
  );
}

function Branch(props: {
  nodes: readonly PointNode[];
  depth: number;
  keep: (ns: readonly PointNode[]) => readonly PointNode[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const A = useAW();
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const rest = props.nodes.length - shown;
  return (
    <>
      {props.nodes.slice(0, shown).map((n) => (
        <TreeNode key={n.id} node={n} {...props} />
      ))}
      {rest > 0 && (
        <li class="tree-more">
          <button type="button" class="btn ghost small" onClick={() => setShown((s) => s + CHILDREN_PAGE)}>
            {A.moreChildren(rest)}
          </button>
        </li>
      )}
    </>
  );
}

function TreeNode(props: {
  node: PointNode;
  depth: number;
  keep: (ns: readonly PointNode[]) => readonly PointNode[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const A = useAW();
  const [open, setOpen] = useState(props.depth === 0);
  const children = props.keep(props.node.children ?? []);
  return (
    <li role="treeitem" aria-expanded={children.length ? open : undefined}>
      <div class="row tree-row" style={{ paddingLeft: `${props.depth * 1.25}rem` }}>
        {children.length > 0 ? (
          <button
            type="button"
            class="btn ghost small tree-toggle"
            aria-label={`${open ? A.collapse : A.expand} ${props.node.name}`}
            data-toggle={props.node.code}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span class="tree-toggle" aria-hidden="true" />
        )}
        <PointLine point={props.node} selected={props.selectedId === props.node.id} onSelect={props.onSelect} />
        {children.length > 0 && <span class="muted small">{A.childrenCount(children.length)}</span>}
      </div>
      {open && children.length > 0 && (
        <ul role="group">
          <Branch nodes={children} depth={props.depth + 1} keep={props.keep} selectedId={props.selectedId} onSelect={props.onSelect} />
        </ul>
      )}
    </li>
  );
}

/** One point on a line: name and code (opens its details), level, contact with a `tel:` link, deactivated. */
export function PointLine(props: { point: PointDetail; selected: boolean; onSelect: (id: string) => void; parentName?: string | null }) {
  const T = useT();
  const A = useAW();
  const p = props.point;
  return (
    <span class={`point-line${p.active ? '' : ' inactive'}`} data-point-row={p.code}>
      <button type="button" class={`linkish${props.selected ? ' selected' : ''}`} aria-pressed={props.selected} onClick={() => props.onSelect(p.id)}>
        <strong>{p.name}</strong> <span class="muted">({p.code})</span>
      </button>
      <span class="chip">{T.levels[p.level]}</span>
      {props.parentName !== undefined && props.parentName && (
        <span class="small muted">
          {A.parent}: {props.parentName}
        </span>
      )}
      {p.contactName && <span class="small">{p.contactName}</span>}
      {p.contactPhone && (
        <a class="tel small" href={telHref(p.contactPhone)} aria-label={`${A.call} ${p.contactName ?? p.name} ${p.contactPhone}`}>
          ☎ {p.contactPhone}
        </a>
      )}
      {!p.active && (
        <span class="chip bad" data-inactive>
          {A.inactive}
        </span>
      )}
    </span>
  );
}
