import { useMemo, useState } from 'preact/hooks';
import { post } from '../api';
import { useT, errorText } from '../i18n';
import { flattenTree, PointPicker } from '../components/points';
import { LEVEL_RANK, LEVELS, type Clash, type Conference, type Level, type PointNode } from '../types';
import { Notice } from '../components/ui';
import { ClashBox, clashesOf } from './clash';

/** Invite points from the tree: tick single points, or a whole subtree at chosen levels in one request. */
export function InviteTree({
  conference,
  tree,
  names,
  onInvited,
}: {
  conference: Conference;
  tree: PointNode[];
  names: Map<string, string>;
  onInvited: (c: Conference) => void;
}) {
  const T = useT();
  const [open, setOpen] = useState<Set<string>>(() => new Set(tree.map((n) => n.id)));
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [root, setRoot] = useState('');
  const [levels, setLevels] = useState<Set<Level>>(new Set(['district', 'commune']));
  const [busy, setBusy] = useState(false);
  const [clash, setClash] = useState<{ clashes: Clash[]; body: Record<string, unknown> } | null>(null);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const invited = useMemo(() => new Set((conference.points ?? []).map((p) => p.pointId)), [conference.points]);
  // a subtree's root is a point with children
  const branches = useMemo(() => flattenTree(tree, (n) => !!n.children?.length), [tree]);

  async function invite(body: Record<string, unknown>) {
    setBusy(true);
    setMsg(null);
    try {
      const c = await post<Conference>(`/api/conferences/${conference.id}/points`, body);
      onInvited(c);
      setClash(null);
      setPicked(new Set());
      setMsg({ kind: 'success', text: T.invited(c.points?.length ?? 0) });
    } catch (e) {
      const clashes = clashesOf(e);
      if (clashes) setClash({ clashes, body });
      else setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };

  const rootNode = branches.find((b) => b.p.id === root)?.p;
  const levelChoices = LEVELS.filter((l) => !rootNode || LEVEL_RANK[l] > LEVEL_RANK[rootNode.level]);

  function renderNode(n: PointNode, depth: number) {
    const has = (n.children?.length ?? 0) > 0;
    const isOpen = open.has(n.id);
    const isInvited = invited.has(n.id);
    return (
      <li key={n.id} role="treeitem" aria-expanded={has ? isOpen : undefined} aria-level={depth + 1}>
        <div class="tree-row" style={{ paddingLeft: `${depth * 1.2}rem` }}>
          {has ? (
            <button
              type="button"
              class="btn small ghost twisty"
              aria-label={`${isOpen ? T.collapse : T.expand}: ${n.name}`}
              onClick={() => setOpen(toggle(open, n.id))}
            >
              {isOpen ? '▾' : '▸'}
            </button>
          ) : (
            <span class="twisty" />
          )}
          <label class="inline">
            <input
              type="checkbox"
              checked={isInvited || picked.has(n.id)}
              disabled={isInvited}
              data-pick={n.code}
              onChange={() => setPicked(toggle(picked, n.id))}
            />
            <span>
              {n.name}{' '}
              <small class="muted">
                ({n.code} · {T.levels[n.level]})
              </small>
              {isInvited && <small class="chip ok">✓</small>}
            </span>
          </label>
          {has && (
            <button type="button" class="btn small ghost" onClick={() => setRoot(n.id)}>
              {T.inviteSubtree}…
            </button>
          )}
        </div>
        {has && isOpen && <ul role="group">{n.children.map((c) => renderNode(c, depth + 1))}</ul>}
      </li>
    );
  }

  /** The levels ticked among those this branch has (a hidden level still ticked from another branch does not count). */
  const chosen = [...levels].filter((l) => levelChoices.includes(l));

  return (
    <div class="invite">
      <h3>{T.invitePoints}</h3>
      <form
        class="subtree row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          if (root && chosen.length) void invite({ subtreeOf: root, levels: chosen });
        }}
      >
        <label>
          <span>{T.subtreeOf}</span>
          <PointPicker name="subtreeOf" value={root} points={branches} onChange={setRoot} />
        </label>
        <fieldset class="levels">
          <legend>{T.subtreeLevels}</legend>
          {levelChoices.map((l) => (
            <label key={l} class="inline">
              <input
                type="checkbox"
                name="levels"
                value={l}
                checked={levels.has(l)}
                onChange={() => setLevels(toggle(levels as Set<string>, l) as Set<Level>)}
              />
              {T.levels[l]}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="btn primary" disabled={busy || !root || !chosen.length}>
          {T.inviteSubtree}
        </button>
      </form>
      <ul class="tree" role="tree" aria-label={T.invitePoints}>
        {tree.map((n) => renderNode(n, 0))}
      </ul>
      <div class="row">
        <button type="button" class="btn primary" disabled={busy || !picked.size} onClick={() => invite({ pointIds: [...picked] })}>
          {T.inviteSelected(picked.size)}
        </button>
      </div>
      {clash && (
        <ClashBox
          clashes={clash.clashes}
          names={names}
          tz={conference.timezone}
          onForce={() => invite({ ...clash.body, force: true })}
          onCancel={() => setClash(null)}
        />
      )}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </div>
  );
}
