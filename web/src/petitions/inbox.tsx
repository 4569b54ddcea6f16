import { useEffect, useState } from 'preact/hooks';
import { download, get } from '../api';
import { errorText } from '../i18n';
import { Loading, Notice } from '../components/ui';
import { onLinkClick } from '../router';
import { can, useSession } from '../session';
import type { Page } from '../types';
import { fmtDay, useCalendarFor } from './calendar';
import { departmentName, useConferences, useDepartments } from './data';
import { usePT } from './i18n';
import { ChoiceSelect, ConferenceSelect, DueCell, duesToCount, leadName, PetitionStatusBadge } from './parts';
import { CHANNELS, FIELDS, KINDS, PETITION_STATUSES, type Petition, type PetitionStatus } from './types';
import { query } from './util';
import { ZaloBadge } from './zalo';
import './petitions.css';

const PAGE = 50;

/** `GET /api/petitions`: a page, its total, and the counts per status under the same filters but the status. */
type InboxPage = Page<Petition> & { countsByStatus?: Record<string, number> };

interface Filters {
  status: string;
  field: string;
  departmentId: string;
  conferenceId: string;
  channel: string;
  kind: string;
  overdue: boolean;
  q: string;
}
const EMPTY: Filters = { status: '', field: '', departmentId: '', conferenceId: '', channel: '', kind: '', overdue: false, q: '' };

function fromUrl(): Filters {
  const u = new URLSearchParams(location.search);
  return {
    status: u.get('status') ?? '',
    field: u.get('field') ?? '',
    departmentId: u.get('departmentId') ?? '',
    conferenceId: u.get('conferenceId') ?? '',
    channel: u.get('channel') ?? '',
    kind: u.get('kind') ?? '',
    overdue: u.get('overdue') === 'true',
    q: u.get('q') ?? '',
  };
}

/**
 * `/petitions`: the working group's inbox (and a department user's own petitions, which the API alone decides):
 * filters kept in the address, counts per status, CSV export of the filtered list.
 */
export function InboxPage() {
  const P = usePT();
  const session = useSession()!;
  const isDept = session.user.role === 'department';
  const departments = useDepartments();
  const conferences = useConferences();
  const [filters, setFilters] = useState<Filters>(fromUrl);
  const [draftQ, setDraftQ] = useState(filters.q);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<InboxPage | null>(null);
  const [counts, setCounts] = useState<Partial<Record<PetitionStatus | 'all', number>>>({});
  const [error, setError] = useState<string | null>(null);
  const days = useCalendarFor(duesToCount(page?.items ?? []));

  const params = (f: Filters) => ({ ...f, overdue: f.overdue ? 'true' : '' });

  useEffect(() => {
    document.title = `${P.petitions} · Diemcau`;
  }, [P]);

  useEffect(() => {
    history.replaceState(null, '', `/petitions${query(params(filters))}`);
    let stop = false;
    setError(null);
    // one request: the page of rows, the total, and the counts per status under the other filters
    get<InboxPage>(`/api/petitions${query({ ...params(filters), limit: PAGE, offset })}`)
      .then((p) => {
        if (stop) return;
        setPage(p);
        const c = p.countsByStatus ?? {};
        setCounts({ all: Object.values(c).reduce((a, b) => a + b, 0), ...c });
      })
      .catch((e) => !stop && setError(errorText(e)));
    return () => {
      stop = true;
    };
  }, [JSON.stringify(filters), offset]);

  function set<K extends keyof Filters>(k: K, v: Filters[K]) {
    setOffset(0);
    setFilters((f) => ({ ...f, [k]: v }));
  }

  const myDept = isDept ? departmentName(departments, session.user.departmentId) : '';
  const heading = isDept ? P.departmentInbox(myDept || P.department) : P.inboxTitle;

  return (
    <>
      <div class="page-head pt-head">
        <div>
          <h1>{heading}</h1>
          <p class="muted small">{isDept ? P.departmentHint : P.workingGroup}</p>
        </div>
        <div class="row wrap">
          {/* a point's own account sends its petitions here too (the server sets its channel and point) */}
          {(can(session, 'organizer', 'operator') || session.user.role === 'point') && (
            <a class="btn primary" href="/petitions/new" onClick={onLinkClick}>
              + {session.user.role === 'point' ? P.sendPetition : P.newPetition}
            </a>
          )}
          <button
            type="button"
            class="btn"
            data-action="export-csv"
            onClick={() => download(`/api/petitions${query({ ...params(filters), format: 'csv' })}`, 'kien-nghi.csv').catch((e) => setError(errorText(e)))}
          >
            ⬇ {P.exportCsv}
          </button>
        </div>
      </div>

      <ul class="pt-counts" aria-label={P.status}>
        <li>
          <button type="button" class="btn small" aria-pressed={filters.status === ''} onClick={() => set('status', '')} data-count="all">
            {P.countAll(counts.all ?? 0)}
          </button>
        </li>
        {PETITION_STATUSES.map((s) => (
          <li key={s}>
            <button type="button" class="btn small" aria-pressed={filters.status === s} onClick={() => set('status', s)} data-count={s}>
              {P.statuses[s]} ({counts[s] ?? 0})
            </button>
          </li>
        ))}
      </ul>

      <section class="card pt-filters-card">
        <form
          class="pt-filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            set('q', draftQ.trim());
          }}
        >
          <label class="span2">
            <span>{P.search}</span>
            <input type="search" name="q" placeholder={P.searchPlaceholder} value={draftQ} onInput={(e) => setDraftQ(e.currentTarget.value)} />
          </label>
          <ChoiceSelect label={P.field} name="field" value={filters.field} choices={FIELDS} words={P.fields} empty={P.all} onChange={(v) => set('field', v)} />
          {!isDept ? (
            <label>
              <span>{P.department}</span>
              <select name="departmentId" value={filters.departmentId} onChange={(e) => set('departmentId', e.currentTarget.value)}>
                <option value="">{P.all}</option>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <span />
          )}
          <ConferenceSelect
            label={P.conference}
            name="conferenceId"
            value={filters.conferenceId}
            conferences={conferences}
            empty={P.all}
            onChange={(v) => set('conferenceId', v)}
          />
          <ChoiceSelect
            label={P.channel}
            name="channel"
            value={filters.channel}
            choices={CHANNELS}
            words={P.channels}
            empty={P.all}
            onChange={(v) => set('channel', v)}
          />
          <ChoiceSelect label={P.kind} name="kind" value={filters.kind} choices={KINDS} words={P.kinds} empty={P.all} onChange={(v) => set('kind', v)} />
          <label class="inline">
            <input type="checkbox" name="overdue" checked={filters.overdue} onChange={(e) => set('overdue', e.currentTarget.checked)} />
            {P.overdueOnly}
          </label>
          <div class="row pt-filter-buttons">
            <button type="submit" class="btn primary">
              {P.filter}
            </button>
            <button
              type="button"
              class="btn ghost"
              onClick={() => {
                setDraftQ('');
                setOffset(0);
                setFilters(EMPTY);
              }}
            >
              {P.clearFilters}
            </button>
          </div>
        </form>
      </section>

      {error && <Notice kind="error">{error}</Notice>}
      {!page && !error && <Loading />}
      {page && (
        <section class="card">
          {page.items.length === 0 ? (
            <p class="muted">{P.noPetitions}</p>
          ) : (
            <div class="table-wrap">
              <table class="table pt-table">
                <thead>
                  <tr>
                    <th>{P.code}</th>
                    <th>{P.title}</th>
                    <th>{P.field}</th>
                    <th>{P.department}</th>
                    <th>{P.dueAt}</th>
                    <th>{P.status}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((p) => (
                    <tr key={p.id} class={p.overdue ? 'overdue' : ''} data-petition-code={p.code}>
                      <td class="code">
                        <a href={`/petitions/${p.id}`} onClick={onLinkClick}>
                          {p.code}
                        </a>
                      </td>
                      <td class="pt-title-cell">
                        <a class="pt-title" href={`/petitions/${p.id}`} onClick={onLinkClick}>
                          {p.title}
                        </a>
                        {p.channel === 'zalo' && (
                          <>
                            {' '}
                            <ZaloBadge />
                          </>
                        )}
                        <div class="muted small">
                          {p.anonymous ? P.anonymous : (p.submitter?.organization ?? '')} · {P.channels[p.channel]} · {fmtDay(p.receivedAt)}
                        </div>
                      </td>
                      {/* data-label: the column's name, shown beside the value when a phone stacks the row as a card */}
                      <td data-label={P.field}>{P.fields[p.field] ?? p.field}</td>
                      <td data-label={P.department}>{leadName(p, departments) || <span class="muted">—</span>}</td>
                      <td data-label={P.dueAt} class="pt-due-cell">
                        <DueCell p={p} days={days} />
                      </td>
                      <td class="pt-status-cell">
                        <PetitionStatusBadge status={p.status} />
                        {p.published && <div class="small ok-text">{P.published}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="row between">
            <span class="muted small">{P.totalShown(page.items.length, page.total)}</span>
            <div class="row">
              <button type="button" class="btn small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {P.prev}
              </button>
              <button type="button" class="btn small" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
                {P.next}
              </button>
            </div>
          </div>
        </section>
      )}
    </>
  );
}
