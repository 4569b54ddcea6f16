import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, del, download, errorText, get, patch, post } from '../api';
import { useT } from '../i18n';
import { navigate, onLinkClick } from '../router';
import { can, useSession } from '../session';
import { epoch, fmtDateTime, fromLocalInput, toLocalInput, zoneIsValid } from '../time';
import { allowedTransitions, FORMATS, type Conference, type ConferenceFormat, type ConferenceStatus, type PointNode } from '../types';
import { Loading, Notice, StatusBadge } from '../components/ui';
import { flattenTree, PointPicker, PointTable } from '../components/points';
import { ClashBox, clashesOf } from './clash';
import { InviteTree } from './invite-tree';
import { CheckinLinksPanel } from './checkin-links';
import type { Clash } from '../types';

const ZONES = ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'Asia/Jakarta', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/Paris', 'UTC'];
const CATEGORIES = ['Hội nghị đối thoại doanh nghiệp', 'Hội nghị xúc tiến đầu tư', 'Hội nghị giao ban', 'Hội nghị tập huấn', 'Hội thảo'];

interface Form {
  title: string;
  description: string;
  format: ConferenceFormat;
  category: string;
  timezone: string;
  start: string;
  end: string;
  hostPointId: string;
}

/** Create or edit a conference; then its invited points, check-in links and downloads. */
export function ConferencePage({ conferenceId }: { conferenceId: string | null }) {
  const T = useT();
  const session = useSession();
  const isOrganizer = can(session, 'organizer');
  const [conf, setConf] = useState<Conference | null>(null);
  const [form, setForm] = useState<Form | null>(conferenceId ? null : emptyForm());
  const [tree, setTree] = useState<PointNode[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success' | 'warning'; text: string; stale?: boolean } | null>(null);
  const [clash, setClash] = useState<Clash[] | null>(null);

  function emptyForm(): Form {
    return { title: '', description: '', format: 'hybrid', category: '', timezone: 'Asia/Ho_Chi_Minh', start: '', end: '', hostPointId: '' };
  }
  function formOf(c: Conference): Form {
    return {
      title: c.title,
      description: c.description ?? '',
      format: c.format,
      category: c.category ?? '',
      timezone: c.timezone,
      start: toLocalInput(c.startsAt, c.timezone),
      end: toLocalInput(c.endsAt, c.timezone),
      hostPointId: c.hostPointId,
    };
  }

  const load = (keepForm: boolean) =>
    conferenceId
      ? get<Conference>(`/api/conferences/${conferenceId}`)
          .then((c) => {
            setConf(c);
            if (!keepForm) setForm(formOf(c));
            document.title = c.title;
          })
          .catch((e) => setMsg({ kind: 'error', text: errorText(e) }))
      : Promise.resolve();

  useEffect(() => {
    void load(false);
    get<PointNode[]>('/api/points/tree')
      .then(setTree)
      .catch((e) => setMsg({ kind: 'error', text: errorText(e) }));
  }, [conferenceId]);

  const flat = useMemo(() => (tree ? flattenTree(tree) : []), [tree]);
  /** A host is a room that broadcasts: not a commune or an enterprise. */
  const hosts = useMemo(() => flat.filter(({ p }) => p.level !== 'commune' && p.level !== 'enterprise'), [flat]);
  const names = useMemo(() => new Map(flat.map(({ p }) => [p.id, `${p.name} (${p.code})`])), [flat]);

  async function save(e: Event | null, force = false) {
    e?.preventDefault();
    if (!form) return;
    setMsg(null);
    if (!zoneIsValid(form.timezone)) return setMsg({ kind: 'error', text: `${T.timezone}: ${T.invalidTime}` });
    const startsAt = fromLocalInput(form.start, form.timezone);
    const endsAt = fromLocalInput(form.end, form.timezone);
    if (!startsAt || !endsAt) return setMsg({ kind: 'error', text: T.invalidTime });
    if (epoch(endsAt) <= epoch(startsAt)) return setMsg({ kind: 'error', text: T.endBeforeStart });
    const body: Record<string, unknown> = {
      title: form.title.trim(),
      format: form.format,
      timezone: form.timezone,
      startsAt,
      endsAt,
      hostPointId: form.hostPointId,
    };
    if (form.description.trim() || conf?.description) body.description = form.description.trim();
    if (form.category.trim() || conf?.category) body.category = form.category.trim();
    if (force) body.force = true;
    setBusy(true);
    try {
      if (!conf) {
        const c = await post<Conference>('/api/conferences', body);
        setClash(null);
        navigate(`/conferences/${c.id}`, true);
        return;
      }
      // send only what changed, with the version we edited
      const changed: Record<string, unknown> = { version: conf.version };
      for (const [k, v] of Object.entries(body)) {
        const before = (conf as unknown as Record<string, unknown>)[k];
        if (k === 'force' || (k === 'startsAt' || k === 'endsAt' ? epoch(String(before)) !== epoch(String(v)) : (before ?? '') !== v)) changed[k] = v;
      }
      const c = await patch<Conference>(`/api/conferences/${conf.id}`, changed);
      setConf((prev) => ({ ...prev, ...c, points: c.points ?? prev?.points }));
      setForm(formOf(c));
      setClash(null);
      setMsg({ kind: 'success', text: T.saved });
    } catch (err) {
      const clashes = clashesOf(err);
      if (clashes) setClash(clashes);
      else if (err instanceof ApiError && err.code === 'stale_version') setMsg({ kind: 'warning', text: T.conferenceStale, stale: true });
      else setMsg({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  async function changeStatus(status: ConferenceStatus) {
    if (!conf || !confirm(T.confirmStatus(T.statusActions[status]))) return;
    try {
      const c = await post<Conference>(`/api/conferences/${conf.id}/status`, { status, version: conf.version });
      setConf((prev) => ({ ...prev, ...c, points: c.points ?? prev?.points }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_version') setMsg({ kind: 'warning', text: T.conferenceStale, stale: true });
      else setMsg({ kind: 'error', text: errorText(err) });
    }
  }

  async function uninvite(pointId: string) {
    if (!conf) return;
    try {
      const c = await del<Conference | undefined>(`/api/conferences/${conf.id}/points/${pointId}`);
      if (c && Array.isArray(c.points)) setConf((prev) => ({ ...prev!, ...c }));
      else await load(true);
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  }

  if (!form) {
    // An unknown or malformed id: say so instead of loading forever.
    if (msg) {
      return (
        <div class="page" data-page="conference-missing">
          <Notice kind="error">{msg.text}</Notice>
          <a class="btn" href="/" onClick={onLinkClick}>
            {T.backHome}
          </a>
        </div>
      );
    }
    return <Loading />;
  }
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  const tz = form.timezone || 'Asia/Ho_Chi_Minh';

  return (
    <>
      <div class="page-head">
        <div>
          <a href="/" onClick={onLinkClick} class="muted">
            ← {T.conferences}
          </a>
          <h1>{conf ? conf.title : T.newConference}</h1>
          {conf && (
            <div class="row wrap">
              <StatusBadge status={conf.status} /> <span class="muted">{T.version(conf.version)}</span>
            </div>
          )}
        </div>
        {conf && (
          <div class="row wrap">
            <a class="btn" href={`/board/${conf.id}`} onClick={onLinkClick}>
              {T.board}
            </a>
            <a class="btn" href={`/conferences/${conf.id}/agenda`} onClick={onLinkClick}>
              {T.agenda}
            </a>
          </div>
        )}
      </div>

      <section class="card" aria-labelledby="cf-h">
        <h2 id="cf-h">{conf ? T.editConference : T.newConference}</h2>
        <form class="form grid2" onSubmit={(e) => save(e)}>
          <label class="span2">
            <span>{T.title}</span>
            <input name="title" required maxLength={500} value={form.title} onInput={(e) => set('title', e.currentTarget.value)} disabled={!isOrganizer} />
          </label>
          <label class="span2">
            <span>{T.description}</span>
            <textarea name="description" rows={2} value={form.description} onInput={(e) => set('description', e.currentTarget.value)} disabled={!isOrganizer} />
          </label>
          <label>
            <span>{T.format}</span>
            <select name="format" value={form.format} onChange={(e) => set('format', e.currentTarget.value as ConferenceFormat)} disabled={!isOrganizer}>
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {T.formats[f]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{T.category}</span>
            <input name="category" list="categories" value={form.category} onInput={(e) => set('category', e.currentTarget.value)} disabled={!isOrganizer} />
            <datalist id="categories">
              {CATEGORIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </label>
          <label>
            <span>{T.timezone}</span>
            <input name="timezone" list="zones" required value={form.timezone} onInput={(e) => set('timezone', e.currentTarget.value)} disabled={!isOrganizer} />
            <datalist id="zones">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </label>
          <label>
            <span>{T.hostPoint}</span>
            <PointPicker name="hostPointId" required value={form.hostPointId} points={hosts} onChange={(v) => set('hostPointId', v)} disabled={!isOrganizer} />
          </label>
          <label>
            <span>
              {T.startsAt} ({T.inZone(tz)})
            </span>
            <input name="startsAt" type="datetime-local" required value={form.start} onInput={(e) => set('start', e.currentTarget.value)} disabled={!isOrganizer} />
            <ZonedHint value={form.start} tz={tz} />
          </label>
          <label>
            <span>
              {T.endsAt} ({T.inZone(tz)})
            </span>
            <input name="endsAt" type="datetime-local" required value={form.end} onInput={(e) => set('end', e.currentTarget.value)} disabled={!isOrganizer} />
            <ZonedHint value={form.end} tz={tz} />
          </label>
          {clash && <ClashBox clashes={clash} names={names} tz={tz} onForce={() => save(null, true)} onCancel={() => setClash(null)} />}
          {msg && (
            <div class="span2">
              <Notice
                kind={msg.kind}
                action={
                  msg.stale ? (
                    <button type="button" class="btn" onClick={() => load(true).then(() => setMsg(null))}>
                      {T.reload}
                    </button>
                  ) : undefined
                }
              >
                {msg.text}
              </Notice>
            </div>
          )}
          {isOrganizer && (
            <div class="span2 row">
              <button type="submit" class="btn primary" disabled={busy}>
                {busy ? T.saving : conf ? T.save : T.create}
              </button>
            </div>
          )}
        </form>
        {conf && isOrganizer && allowedTransitions(conf.status).length > 0 && (
          <div class="row wrap status-actions">
            <span>{T.status}:</span>
            {allowedTransitions(conf.status).map((s) => (
              <button key={s} type="button" class={`btn ${s === 'cancelled' ? 'danger' : ''}`} onClick={() => changeStatus(s)}>
                {T.statusActions[s]}
              </button>
            ))}
          </div>
        )}
      </section>

      {conf && (
        <>
          <section class="card" aria-labelledby="inv-h">
            <h2 id="inv-h">
              {T.invitedPoints} ({conf.points?.length ?? 0})
            </h2>
            {!conf.points?.length && <p class="muted">{T.noPointsInvited}</p>}
            {!!conf.points?.length && (
              <PointTable
                rows={conf.points}
                rowKey="invited"
                head={[T.level, T.role, '']}
                cells={(p) => [
                  T.levels[p.level],
                  `${p.role === 'host' ? T.host : T.participant} · ${T.modes[p.mode] ?? p.mode}`,
                  isOrganizer && p.role !== 'host' && (
                    <button type="button" class="btn small ghost" onClick={() => uninvite(p.pointId)} aria-label={`${T.remove}: ${p.name}`}>
                      {T.remove}
                    </button>
                  ),
                ]}
              />
            )}
            {isOrganizer && tree && (
              <InviteTree
                conference={conf}
                tree={tree}
                names={names}
                onInvited={(c) => setConf((prev) => ({ ...prev!, ...c }))}
              />
            )}
          </section>

          {isOrganizer && <CheckinLinksPanel conference={conf} />}

          <section class="card" aria-labelledby="dl-h">
            <h2 id="dl-h">{T.downloads}</h2>
            <div class="row wrap">
              <button type="button" class="btn" onClick={() => download(`/api/conferences/${conf.id}/calendar.ics`, 'hoi-nghi.ics').catch((e) => setMsg({ kind: 'error', text: errorText(e) }))}>
                ⬇ {T.downloadIcs}
              </button>
              <button
                type="button"
                class="btn"
                onClick={() => download(`/api/conferences/${conf.id}/attendance?format=csv`, 'bao-cao-tham-du.csv').catch((e) => setMsg({ kind: 'error', text: errorText(e) }))}
              >
                ⬇ {T.downloadCsv}
              </button>
            </div>
          </section>
        </>
      )}
    </>
  );
}

/** The typed time read back as 24-hour day/month/year in the conference's zone, whatever the browser's locale shows. */
function ZonedHint({ value, tz }: { value: string; tz: string }) {
  const iso = value && zoneIsValid(tz) ? fromLocalInput(value, tz) : null;
  if (!iso) return null;
  return <small class="muted zoned">{fmtDateTime(iso, tz)} ({iso.slice(-6)})</small>;
}
