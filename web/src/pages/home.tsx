import { useEffect, useState } from 'preact/hooks';
import { DateTime } from 'luxon';
import type { PresenceSnapshot } from '../../../src/presence/presence.events';
import { get } from '../api';
import { useT, errorText } from '../i18n';
import { onLinkClick } from '../router';
import { can, useSession } from '../session';
import { epoch, fmtRange, isToday } from '../time';
import type { Conference, Page } from '../types';
import { Loading, Notice, StatusBadge } from '../components/ui';
import { useL } from '../i18n-live';

type Filter = 'all' | 'active' | 'cancelled';

/** The count's colour follows health: all connected green, some amber, none red (grey before a conference starts). */
export function healthClass(online: number, total: number, status: string): string {
  if (total > 0 && online >= total) return 'health-ok';
  if (status !== 'live') return 'health-idle';
  return online === 0 ? 'health-bad' : 'health-partial';
}

interface Row {
  c: Conference;
  group: 'today' | 'upcoming' | 'past';
}

/** The list reads the last RECENT_DAYS at first; older conferences come a batch at a time, newest first, on request. */
const RECENT_DAYS = 120;
const OLDER_BATCH = 100;
/** Today's "points online" figures are read again this often while the list is open. */
export const ONLINE_REFRESH_MS = 30_000;

/** Which group a conference goes in, `now` being the page's clock. */
function rowOf(c: Conference, now: number): Row {
  return { c, group: c.status === 'live' || isToday(c.startsAt, c.endsAt, c.timezone) ? 'today' : epoch(c.endsAt) > now ? 'upcoming' : 'past' };
}
const ORDER = { today: 0, upcoming: 1, past: 2 };
/** Today's and upcoming ones soonest first, past ones latest first. */
const byGroupThenTime = (a: Row, b: Row) =>
  ORDER[a.group] - ORDER[b.group] || (a.group === 'past' ? epoch(b.c.startsAt) - epoch(a.c.startsAt) : epoch(a.c.startsAt) - epoch(b.c.startsAt));

/** The conferences, today's (and live ones) first, then upcoming, then past; with points online for today's. */
export function HomePage() {
  const T = useT();
  const session = useSession();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [online, setOnline] = useState<Record<string, { online: number; total: number }>>({});
  const [error, setError] = useState<string | null>(null);
  const L = useL();
  const [filter, setFilter] = useState<Filter>('all');
  /** Conferences that started before the recent window and are not loaded yet (the oldest first, by offset). */
  const [older, setOlder] = useState<{ cutoff: string; left: number; busy: boolean } | null>(null);
  const mine = session?.user.role === 'point' && session.user.pointId ? `&pointId=${session.user.pointId}` : '';

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cutoff = DateTime.now().minus({ days: RECENT_DAYS }).toISO()!;
    /** Today's figures, from the counts alone (`?format=counts`: no point list, a few hundred bytes however large). */
    const readOnline = async (list: Row[]) => {
      const watched = list.filter((r) => r.group === 'today' && r.c.status !== 'cancelled').slice(0, 20);
      const counts = await Promise.all(
        watched.map((r) =>
          get<Omit<PresenceSnapshot, 'points'>>(`/api/conferences/${r.c.id}/presence?format=counts`)
            .then((s) => [r.c.id, { online: s.counts.online, total: s.counts.total }] as const)
            .catch(() => null),
        ),
      );
      if (stop) return;
      setOnline((prev) => ({ ...prev, ...Object.fromEntries(counts.filter((x) => x !== null)) }));
      if (watched.length) timer = setTimeout(() => void readOnline(list), ONLINE_REFRESH_MS);
    };
    Promise.all([
      get<Page<Conference>>(`/api/conferences?limit=1000&from=${encodeURIComponent(cutoff)}${mine}`),
      get<Page<Conference>>(`/api/conferences?limit=1&to=${encodeURIComponent(cutoff)}${mine}`).catch(() => null),
    ])
      .then(async ([page, before]) => {
        if (stop) return;
        const now = Date.now();
        const list = page.items.map((c) => rowOf(c, now)).sort(byGroupThenTime);
        setRows(list);
        if (before?.total) setOlder({ cutoff, left: before.total, busy: false });
        await readOnline(list);
      })
      .catch((e) => !stop && setError(errorText(e)));
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, []);

  /** The next batch of older conferences: the latest OLDER_BATCH of those not shown yet (the API lists oldest first). */
  async function showOlder() {
    if (!older || older.busy) return;
    setOlder({ ...older, busy: true });
    const offset = Math.max(0, older.left - OLDER_BATCH);
    try {
      const page = await get<Page<Conference>>(`/api/conferences?limit=${older.left - offset}&offset=${offset}&to=${encodeURIComponent(older.cutoff)}${mine}`);
      const now = Date.now();
      setRows((prev) => {
        const shown = new Set((prev ?? []).map((r) => r.c.id));
        return [...(prev ?? []), ...page.items.filter((c) => !shown.has(c.id)).map((c) => rowOf(c, now))].sort(byGroupThenTime);
      });
      setOlder(offset > 0 ? { cutoff: older.cutoff, left: offset, busy: false } : null);
    } catch (e) {
      setError(errorText(e));
      setOlder({ ...older, busy: false });
    }
  }

  const groups: Array<[Row['group'], string]> = [
    ['today', T.today],
    ['upcoming', T.upcoming],
    ['past', T.past],
  ];
  return (
    <>
      <div class="page-head">
        <h1>{T.conferences}</h1>
        {can(session, 'organizer') && (
          <a class="btn primary" href="/conferences/new" onClick={onLinkClick}>
            + {T.newConference}
          </a>
        )}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {!rows && !error && <Loading />}
      {rows && rows.length === 0 && !older && <p>{T.noConferences}</p>}
      {rows && rows.some((r) => r.c.status === 'cancelled') && (
        <div class="row wrap filters" role="group" aria-label={L.filterLabel}>
          {(['all', 'active', 'cancelled'] as const).map((f) => (
            <button
              key={f}
              type="button"
              class={`btn small${filter === f ? ' primary' : ''}`}
              aria-pressed={filter === f}
              data-filter={f}
              onClick={() => setFilter(f)}
            >
              {f === 'all' ? L.filterAll : f === 'active' ? L.filterActive : L.filterCancelled(rows.filter((r) => r.c.status === 'cancelled').length)}
            </button>
          ))}
        </div>
      )}
      {rows &&
        groups.map(([g, label]) => {
          const list = rows.filter((r) => r.group === g && (filter === 'all' || (filter === 'cancelled') === (r.c.status === 'cancelled')));
          if (!list.length) return null;
          return (
            <section class="conf-group" key={g} aria-label={label}>
              <h2>{label}</h2>
              <ul class="conf-list">
                {list.map(({ c }) => (
                  <li class={`conf-row status-${c.status}`} key={c.id} data-conference-id={c.id}>
                    <div class="conf-main">
                      <a class="conf-title" href={`/board/${c.id}`} onClick={onLinkClick}>
                        {c.title}
                      </a>
                      <div class="conf-meta">
                        <StatusBadge status={c.status} /> <span>{fmtRange(c.startsAt, c.endsAt, c.timezone)}</span> ·{' '}
                        <span>{T.formats[c.format] ?? c.format}</span>
                        {online[c.id] && (
                          <>
                            {' · '}
                            <strong
                              class={`online-count ${healthClass(online[c.id].online, online[c.id].total, c.status)}`}
                              data-health={healthClass(online[c.id].online, online[c.id].total, c.status)}
                            >
                              {T.pointsOnline(online[c.id].online, online[c.id].total)}
                            </strong>
                          </>
                        )}
                      </div>
                    </div>
                    <div class="conf-actions">
                      {session?.user.role === 'point' && (
                        <a class="btn primary" href={`/checkin?conference=${c.id}`} onClick={onLinkClick}>
                          {T.checkinTitle}
                        </a>
                      )}
                      {session?.user.role !== 'point' && (
                        <a class="btn" href={`/board/${c.id}`} onClick={onLinkClick}>
                          {T.board}
                        </a>
                      )}
                      <a class="btn" href={`/conferences/${c.id}/agenda`} onClick={onLinkClick}>
                        {T.agenda}
                      </a>
                      {can(session, 'organizer') && (
                        <a class="btn" href={`/conferences/${c.id}`} onClick={onLinkClick}>
                          {T.edit}
                        </a>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      {rows && older && (
        <p>
          <button type="button" class="btn" data-action="show-older" aria-busy={older.busy} disabled={older.busy} onClick={() => void showOlder()}>
            {L.showOlderConferences(Math.min(OLDER_BATCH, older.left), older.left)}
          </button>
        </p>
      )}
    </>
  );
}
