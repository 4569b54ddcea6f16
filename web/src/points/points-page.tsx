import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { get } from '../api';
import { Loading, Notice } from '../components/ui';
import { errorText } from '../i18n';
import { useSession } from '../session';
import type { Page, PointDetail, PointNode } from '../types';
import { indexTree } from './directory';
import { PointDetails } from './point-details';
import { PointFormCard } from './point-form';
import { PointImport } from './point-import';
import { PointLine, PointTree } from './point-tree';
import { useAW } from './words';
import './points.css';

/** Search results per page (`GET /api/points?q=&limit=&offset=`). */
export const SEARCH_PAGE = 50;

type Panel = { kind: 'none' } | { kind: 'view'; id: string } | { kind: 'edit'; id: string } | { kind: 'add' };

/**
 * `/points` (every signed-in staff user): the directory of bridge points, the operators' phone book. The tree by level
 * (`GET /api/points/tree?active=all`, branches opened on demand), or, while searching, the API's filtered list a page at
 * a time. Admins also add, edit, deactivate and import.
 */
export function PointsPage() {
  const A = useAW();
  const session = useSession();
  const isAdmin = session?.user.role === 'admin';
  const [roots, setRoots] = useState<PointNode[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [results, setResults] = useState<Page<PointDetail> | null>(null);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [said, setSaid] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [searchTick, setSearchTick] = useState(0);
  /** The answer to the last change, shown until the tree read after it arrives. */
  const [lastSaved, setLastSaved] = useState<PointDetail | null>(null);

  useEffect(() => {
    document.title = `${A.pointsTitle} · Diemcau`;
  }, [A]);

  const loadTree = useCallback(() => {
    get<PointNode[]>('/api/points/tree?active=all')
      .then((r) => (setRoots(r), setLastSaved(null), setLoadError(null)))
      .catch((e) => setLoadError(errorText(e)));
  }, []);
  useEffect(loadTree, [loadTree]);
  const index = useMemo(() => indexTree(roots ?? []), [roots]);

  const text = q.trim();
  useEffect(() => {
    if (!text) return setResults(null);
    let live = true;
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ q: text, limit: String(SEARCH_PAGE), offset: String(offset), active: showInactive ? 'all' : 'true' });
      get<Page<PointDetail>>(`/api/points?${params}`)
        .then((r) => live && setResults(r))
        .catch((e) => live && setLoadError(errorText(e)));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, offset, showInactive, searchTick]);

  const selectedId = panel.kind === 'view' || panel.kind === 'edit' ? panel.id : null;
  const selected = !selectedId
    ? null
    : lastSaved?.id === selectedId
      ? lastSaved
      : (index.get(selectedId) ?? results?.items.find((p) => p.id === selectedId) ?? null);
  const select = (id: string) => (setSaid(null), setPanel({ kind: 'view', id }));
  const reread = () => {
    loadTree();
    setSearchTick((n) => n + 1);
  };
  const afterChange = (p: PointDetail, words: string) => {
    setSaid(words);
    setLastSaved(p);
    setPanel({ kind: 'view', id: p.id });
    loadTree();
    setSearchTick((n) => n + 1);
  };

  return (
    <div class="points-page">
      <div class="page-head">
        <div>
          <h1>{A.pointsTitle}</h1>
          <p class="muted small">{A.pointsIntro}</p>
        </div>
        {isAdmin && (
          <div class="row wrap">
            <button type="button" class="btn primary" data-action="add-point" onClick={() => (setSaid(null), setPanel({ kind: 'add' }))}>
              {A.add}
            </button>
            <button type="button" class="btn" data-action="import-points" aria-expanded={importing} onClick={() => setImporting(!importing)}>
              {A.importTitle}
            </button>
          </div>
        )}
      </div>
      {isAdmin && importing && <PointImport onImported={() => (loadTree(), setSearchTick((n) => n + 1))} />}
      {said && <Notice kind="success">{said}</Notice>}
      {panel.kind === 'add' && <PointFormCard key="add" point={null} index={index} onSaved={afterChange} onCancel={() => setPanel({ kind: 'none' })} />}
      {panel.kind === 'edit' && selected && (
        <PointFormCard
          key={`edit-${selected.id}`}
          point={selected}
          index={index}
          onSaved={afterChange}
          onStale={reread}
          onCancel={() => setPanel({ kind: 'view', id: selected.id })}
        />
      )}
      {panel.kind === 'view' && selected && (
        <PointDetails
          key={selected.id}
          point={selected}
          index={index}
          isAdmin={isAdmin}
          onEdit={() => (setSaid(null), setPanel({ kind: 'edit', id: selected.id }))}
          onChanged={afterChange}
          onClose={() => setPanel({ kind: 'none' })}
        />
      )}
      <section class="card" aria-label={A.pointsTitle}>
        <div class="row wrap directory-tools">
          <label class="grow">
            <span>{A.search}</span>
            <input type="search" name="q" value={q} placeholder={A.searchHint} onInput={(e) => (setQ(e.currentTarget.value), setOffset(0))} />
          </label>
          <label class="inline">
            <input type="checkbox" name="inactive" checked={showInactive} onChange={(e) => (setShowInactive(e.currentTarget.checked), setOffset(0))} />
            <span>{A.showInactive}</span>
          </label>
        </div>
        {loadError && <Notice kind="error">{loadError}</Notice>}
        {text ? (
          <SearchResults results={results} offset={offset} onPage={setOffset} index={index} selectedId={selectedId} onSelect={select} />
        ) : roots === null ? (
          !loadError && <Loading />
        ) : roots.length === 0 ? (
          <p class="muted">{A.emptyDirectory}</p>
        ) : (
          <>
            <p class="muted small">{A.total(showInactive ? index.size : [...index.values()].filter((p) => p.active).length)}</p>
            <PointTree roots={roots} showInactive={showInactive} selectedId={selectedId} onSelect={select} />
          </>
        )}
      </section>
    </div>
  );
}

function SearchResults(props: {
  results: Page<PointDetail> | null;
  offset: number;
  onPage: (offset: number) => void;
  index: ReturnType<typeof indexTree>;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const A = useAW();
  const r = props.results;
  if (!r) return <Loading />;
  if (!r.items.length) return <p class="muted">{A.noneFound}</p>;
  const parentName = (p: PointDetail) => (p.parentId ? (props.index.get(p.parentId)?.name ?? null) : null);
  return (
    <div data-search-results>
      <p class="muted small" role="status">
        {A.found(r.total)} · {A.pageOf(props.offset + 1, props.offset + r.items.length, r.total)}
      </p>
      <ul class="point-list">
        {r.items.map((p) => (
          <li key={p.id}>
            <PointLine point={p} selected={props.selectedId === p.id} onSelect={props.onSelect} parentName={parentName(p)} />
          </li>
        ))}
      </ul>
      {r.total > SEARCH_PAGE && (
        <div class="row wrap">
          <button type="button" class="btn small" disabled={props.offset === 0} onClick={() => props.onPage(Math.max(0, props.offset - SEARCH_PAGE))}>
            {A.prevPage}
          </button>
          <button type="button" class="btn small" disabled={props.offset + SEARCH_PAGE >= r.total} onClick={() => props.onPage(props.offset + SEARCH_PAGE)}>
            {A.nextPage}
          </button>
        </div>
      )}
    </div>
  );
}
