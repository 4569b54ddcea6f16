import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { useT, errorText } from '../i18n';
import { epoch, fmtDateTime } from '../time';
import { ReleaseChanges, type Release, type ReleaseSummary } from './release-changes';
import './broadcast.css';

/**
 * The agenda editor's "Phát hành" (v2): release the current agenda version with an optional note, and the list of
 * releases, newest first, each with its changes against the previous one and a link to its print view.
 */
export function ReleasesPanel({
  conferenceId,
  agendaVersion,
  items,
  tz,
  canRelease,
}: {
  conferenceId: string;
  agendaVersion: number;
  /** The agenda's items as shown now: a conference moved since the last release keeps its version, not its times. */
  items: ReadonlyArray<{ id: string; startsAt: string }>;
  tz: string;
  canRelease: boolean;
}) {
  const T = useT();
  const [list, setList] = useState<ReleaseSummary[]>([]);
  const [open, setOpen] = useState<Record<number, Release>>({});
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const l = await get<ReleaseSummary[]>(`/api/conferences/${conferenceId}/agenda/releases`);
    setList(l);
    // the latest one is shown with its changes
    if (l.length) {
      const n = l[l.length - 1].number;
      const r = await get<Release>(`/api/conferences/${conferenceId}/agenda/releases/${n}`);
      setOpen((o) => ({ ...o, [n]: r }));
    }
  };
  useEffect(() => {
    load().catch((e) => setError(errorText(e)));
  }, [conferenceId]);

  async function release(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await post<Release>(`/api/conferences/${conferenceId}/agenda/releases`, {
        version: agendaVersion,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setOpen((o) => ({ ...o, [r.number]: r }));
      setNote('');
      await load();
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'conflict' ? T.bc.alreadyReleased : errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function toggle(n: number) {
    if (open[n]) {
      const rest = { ...open };
      delete rest[n];
      setOpen(rest);
      return;
    }
    const r = await get<Release>(`/api/conferences/${conferenceId}/agenda/releases/${n}`);
    setOpen((o) => ({ ...o, [n]: r }));
  }

  const latest = list.length > 0 ? open[list[list.length - 1].number] : undefined;
  // released already: the same version at the same times (the server refuses only that; a moved conference can go again)
  const released =
    !!latest &&
    latest.agendaVersion === agendaVersion &&
    latest.items.length === items.length &&
    latest.items.every((it, k) => it.id === items[k].id && epoch(it.startsAt) === epoch(items[k].startsAt));
  return (
    <section class="card" aria-labelledby="rel-h" data-testid="releases">
      <h2 id="rel-h">{T.bc.releases}</h2>
      {canRelease && (
        <form class="form" onSubmit={release} data-form="release">
          <label>
            {T.bc.releaseNote}
            <input type="text" name="note" maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="btn primary" disabled={busy || released} data-action="release">
            {busy ? T.bc.releasing : T.bc.release}
          </button>
          {released && <span class="muted"> {T.bc.alreadyReleased}</span>}
        </form>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {list.length === 0 && <p class="muted">{T.bc.noReleases}</p>}
      <ul class="release-list">
        {[...list].reverse().map((r) => (
          <li key={r.number} data-release-number={r.number}>
            <button type="button" class="btn ghost small" aria-expanded={!!open[r.number]} onClick={() => void toggle(r.number)}>
              {open[r.number] ? '▾' : '▸'} <strong>{T.bc.releaseNo(r.number)}</strong>
            </button>{' '}
            <span class="muted">
              {T.bc.releasedAt(fmtDateTime(r.at, tz), r.by)} · {T.bc.changeCount(r.changeCount)}
            </span>{' '}
            <a href={`/conferences/${conferenceId}/releases/${r.number}/print`} target="_blank" rel="noopener">
              {T.bc.printView}
            </a>
            {r.note && <div>{r.note}</div>}
            {open[r.number] && <ReleaseChanges changes={open[r.number].changes} tz={tz} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
