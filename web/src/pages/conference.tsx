import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, del, download, get, patch, post } from '../api';
import { useT, errorText } from '../i18n';
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
import { failureOf, isId, PageState, type Failure } from '../components/page-state';
import { useL } from '../i18n-live';
import { CopyDialog, takeFlash } from './conference-copy';
import { DateTimeField } from '../components/date-time-field';
import { editedKeys, rebase } from '../components/form-rebase';

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
  contactName: string;
  contactPhone: string;
}

/** Create or edit a conference; then its invited points, check-in links and downloads. */
export function ConferencePage({ conferenceId }: { conferenceId: string | null }) {
  const T = useT();
  const session = useSession();
  const isOrganizer = can(session, 'organizer');
  const [conf, setConf] = useState<Conference | null>(null);
  const [form, setForm] = useState<Form | null>(conferenceId ? null : emptyForm());
  /** The conference's values the form was loaded from: a save sends what differs from them (see form-rebase). */
  const base = useRef<Form | null>(null);
  /** The form as last drawn, for answers that arrive after the user typed on. */
  const typed = useRef(form);
  typed.current = form;
  const [tree, setTree] = useState<PointNode[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success' | 'warning'; text: string; stale?: boolean } | null>(null);
  const [clash, setClash] = useState<Clash[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(conferenceId && !isId(conferenceId) ? 'not_found' : null);
  const [copying, setCopying] = useState(false);
  const [undo, setUndo] = useState<{ pointId: string; name: string; mode: string; expectedAttendees: number | null } | null>(null);
  const L = useL();

  function emptyForm(): Form {
    return {
      title: '',
      description: '',
      format: 'hybrid',
      category: '',
      timezone: 'Asia/Ho_Chi_Minh',
      start: '',
      end: '',
      hostPointId: '',
      contactName: '',
      contactPhone: '',
    };
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
      contactName: c.contactName ?? '',
      contactPhone: c.contactPhone ?? '',
    };
  }

  /**
   * A newer conference (a reload, or the answer to another action): the fields the user has not touched follow it,
   * those they changed keep what they typed; a field someone else changed too is named in a notice.
   */
  function adopt(c: Conference, keepForm = true): boolean {
    setConf((prev) => ({ ...prev, ...c, points: c.points ?? prev?.points }));
    const fresh = formOf(c);
    const [mine, from] = [typed.current, base.current];
    base.current = fresh;
    if (!keepForm || !mine || !from) {
      setForm(fresh);
      return false;
    }
    const { form: next, clashes } = rebase(mine, from, fresh);
    setForm(next);
    if (clashes.length)
      setMsg({ kind: 'warning', text: T.conferenceAlsoChanged(clashes.map((k) => `${fieldLabel(k)}: “${fieldValue(k, fresh)}”`).join('; ')) });
    return clashes.length > 0;
  }

  const fieldLabel = (k: keyof Form): string =>
    ({
      title: T.title,
      description: T.description,
      format: T.format,
      category: T.category,
      timezone: T.timezone,
      start: T.startsAt,
      end: T.endsAt,
      hostPointId: T.hostPoint,
      contactName: L.hotlineName,
      contactPhone: L.hotlinePhone,
    })[k];
  const fieldValue = (k: keyof Form, f: Form): string =>
    k === 'format'
      ? T.formats[f.format]
      : k === 'hostPointId'
        ? (names.get(f.hostPointId) ?? f.hostPointId)
        : k === 'start' || k === 'end'
          ? fmtDateTime(fromLocalInput(f[k], f.timezone), f.timezone)
          : f[k];

  const load = (keepForm: boolean) =>
    conferenceId
      ? get<Conference>(`/api/conferences/${conferenceId}`)
          .then((c) => {
            adopt(c, keepForm);
            setFailure(null);
            document.title = c.title;
          })
          .catch((e) => {
            const f = failureOf(e);
            if (f && !conf) setFailure(f);
            else setMsg({ kind: 'error', text: errorText(e) });
          })
      : Promise.resolve();

  useEffect(() => {
    if (conferenceId && !isId(conferenceId)) return;
    const flash = takeFlash();
    if (flash) setMsg(flash);
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
    if (form.contactName.trim() || conf?.contactName) body.contactName = form.contactName.trim() || null;
    if (form.contactPhone.trim() || conf?.contactPhone) body.contactPhone = form.contactPhone.trim() || null;
    if (force) body.force = true;
    setBusy(true);
    try {
      if (!conf) {
        const c = await post<Conference>('/api/conferences', body);
        setClash(null);
        navigate(`/conferences/${c.id}`, true);
        return;
      }
      // Only what the user changed since the form was loaded (or rebased), with the version it holds: a field someone
      // else changed meanwhile is never sent back with its old value.
      const edited = new Set<string>(base.current ? editedKeys(form, base.current) : Object.keys(form));
      const moved = (k: 'start' | 'end') => edited.has(k) || edited.has('timezone');
      const sent: Record<string, string> = { startsAt: 'start', endsAt: 'end' };
      const changed: Record<string, unknown> = { version: conf.version };
      for (const [k, v] of Object.entries(body)) {
        const field = sent[k];
        if (k === 'force' || (field ? moved(field as 'start' | 'end') : edited.has(k))) changed[k] = v;
      }
      if (Object.keys(changed).length === 1) {
        setClash(null);
        return setMsg({ kind: 'success', text: T.nothingToSave });
      }
      adopt(await patch<Conference>(`/api/conferences/${conf.id}`, changed), false);
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
    const question = status === 'ended' || status === 'cancelled' ? L.statusIrreversible(T.statusActions[status]) : T.confirmStatus(T.statusActions[status]);
    if (!conf || !confirm(question)) return;
    try {
      adopt(await post<Conference>(`/api/conferences/${conf.id}/status`, { status, version: conf.version }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'stale_version') setMsg({ kind: 'warning', text: T.conferenceStale, stale: true });
      else setMsg({ kind: 'error', text: errorText(err) });
    }
  }

  /** Asks first (strongly while live, saying whether the point is connected), then offers to undo. */
  async function uninvite(pointId: string) {
    if (!conf) return;
    const p = conf.points?.find((x) => x.pointId === pointId);
    const name = p?.name ?? pointId;
    let question = L.uninviteConfirm(name);
    if (conf.status === 'live') {
      const snap = await get<{ points: Array<{ pointId: string; state: string }> }>(`/api/conferences/${conf.id}/presence`).catch(() => null);
      const state = snap?.points.find((x) => x.pointId === pointId)?.state;
      question = L.uninviteConfirmLive(name, state === 'online' || state === 'unstable');
    }
    if (!confirm(question)) return;
    try {
      const c = await del<Conference | undefined>(`/api/conferences/${conf.id}/points/${pointId}`);
      setMsg(null);
      if (c && Array.isArray(c.points)) adopt(c);
      else await load(true);
      setUndo({ pointId, name, mode: p?.mode ?? 'online', expectedAttendees: p?.expectedAttendees ?? null });
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  }

  /** Invites the point again as it was (its mode and expected attendees); it was invited, so a clash is not re-asked. */
  async function undoUninvite() {
    if (!conf || !undo) return;
    try {
      const body: Record<string, unknown> = { pointIds: [undo.pointId], mode: undo.mode, force: true };
      if (undo.expectedAttendees !== null) body.expectedAttendees = undo.expectedAttendees;
      if (!adopt(await post<Conference>(`/api/conferences/${conf.id}/points`, body))) setMsg({ kind: 'success', text: L.reinvited(undo.name) });
      setUndo(null);
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  }

  if (failure) return <PageState failure={failure} onRetry={() => load(false)} />;
  if (!form) return <Loading />;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v });
  const closedStatus = conf?.status === 'ended' || conf?.status === 'cancelled';
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
              <StatusBadge status={conf.status} />{' '}
              <span class="muted" title={T.versionHint} data-conference-version={conf.version}>
                {T.version(conf.version)}
              </span>
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
            <a class="btn" href={`/conferences/${conf.id}/qa`} onClick={onLinkClick} data-tab="qa">
              {T.kinds.qa}
            </a>
          </div>
        )}
      </div>

      {conf && closedStatus && (
        <Notice
          kind="info"
          action={
            isOrganizer ? (
              <button type="button" class="btn primary" data-action="copy-conference" onClick={() => setCopying(true)}>
                {L.copyConference}
              </button>
            ) : undefined
          }
        >
          <span data-closed-reason={conf.status}>{conf.status === 'cancelled' ? L.closedCancelled : L.closedEnded}</span>
        </Notice>
      )}
      {copying && conf && <CopyDialog conf={conf} onClose={() => setCopying(false)} />}
      <section class="card" aria-labelledby="cf-h">
        <h2 id="cf-h">{conf ? T.editConference : T.newConference}</h2>
        <form class="form grid2" onSubmit={(e) => save(e)}>
          <label class="span2">
            <span>{T.title}</span>
            <input
              name="title"
              required
              maxLength={500}
              value={form.title}
              onInput={(e) => set('title', e.currentTarget.value)}
              disabled={!isOrganizer || closedStatus}
            />
          </label>
          <label class="span2">
            <span>{T.description}</span>
            <textarea
              name="description"
              rows={2}
              value={form.description}
              onInput={(e) => set('description', e.currentTarget.value)}
              disabled={!isOrganizer || closedStatus}
            />
          </label>
          <label>
            <span>{T.format}</span>
            <select
              name="format"
              value={form.format}
              onChange={(e) => set('format', e.currentTarget.value as ConferenceFormat)}
              disabled={!isOrganizer || closedStatus}
            >
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {T.formats[f]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{T.category}</span>
            <input
              name="category"
              list="categories"
              value={form.category}
              onInput={(e) => set('category', e.currentTarget.value)}
              disabled={!isOrganizer || closedStatus}
            />
            <datalist id="categories">
              {CATEGORIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </label>
          <label>
            <span>{T.timezone}</span>
            {/* the zone as people say it ("Giờ Việt Nam (GMT+7)"); the IANA name stays the value sent */}
            <select
              name="timezone"
              required
              value={form.timezone}
              onChange={(e) => set('timezone', e.currentTarget.value)}
              disabled={!isOrganizer || closedStatus}
            >
              {(ZONES.includes(form.timezone) ? ZONES : [form.timezone, ...ZONES]).map((z) => (
                <option key={z} value={z}>
                  {T.zoneOption(z)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{T.hostPoint}</span>
            <PointPicker
              name="hostPointId"
              required
              value={form.hostPointId}
              points={hosts}
              onChange={(v) => set('hostPointId', v)}
              disabled={!isOrganizer || closedStatus}
            />
          </label>
          <label>
            <span>{L.hotlineName}</span>
            <input
              name="contactName"
              maxLength={255}
              value={form.contactName}
              onInput={(e) => set('contactName', e.currentTarget.value)}
              disabled={!isOrganizer || closedStatus}
            />
          </label>
          <label>
            <span>{L.hotlinePhone}</span>
            <input
              name="contactPhone"
              type="tel"
              maxLength={32}
              value={form.contactPhone}
              onInput={(e) => set('contactPhone', e.currentTarget.value)}
              disabled={!isOrganizer || closedStatus}
            />
          </label>
          <div>
            <DateTimeField
              name="startsAt"
              label={`${T.startsAt} (${T.inZone(tz)})`}
              value={form.start}
              onChange={(v) => set('start', v)}
              disabled={!isOrganizer || closedStatus}
            />
            <ZonedHint value={form.start} tz={tz} />
          </div>
          <div>
            <DateTimeField
              name="endsAt"
              label={`${T.endsAt} (${T.inZone(tz)})`}
              value={form.end}
              onChange={(v) => set('end', v)}
              disabled={!isOrganizer || closedStatus}
            />
            <ZonedHint value={form.end} tz={tz} />
          </div>
          {clash && <ClashBox clashes={clash} names={names} tz={tz} onForce={() => save(null, true)} onCancel={() => setClash(null)} />}
          {msg && (
            <div class="span2">
              <Notice
                kind={msg.kind}
                action={
                  msg.stale ? (
                    <button
                      type="button"
                      class="btn"
                      onClick={() => {
                        setMsg(null); // a field someone else changed too is named by the reload
                        void load(true);
                      }}
                    >
                      {T.reload}
                    </button>
                  ) : undefined
                }
              >
                {msg.text}
              </Notice>
            </div>
          )}
          {isOrganizer && !closedStatus && (
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
            {undo && (
              <Notice
                kind="success"
                action={
                  <button type="button" class="btn" data-action="undo-uninvite" onClick={undoUninvite}>
                    {L.undo}
                  </button>
                }
              >
                <span data-uninvited={undo.pointId}>{L.uninvited(undo.name)}</span>
              </Notice>
            )}
            {!conf.points?.length && <p class="muted">{T.noPointsInvited}</p>}
            {!!conf.points?.length && (
              <PointTable
                rows={conf.points}
                rowKey="invited"
                head={[T.level, T.role, '']}
                cells={(p) => [
                  T.levels[p.level],
                  `${p.role === 'host' ? T.host : T.participant} · ${T.modes[p.mode] ?? p.mode}`,
                  isOrganizer && p.role !== 'host' && !closedStatus && (
                    <button type="button" class="btn small ghost" onClick={() => uninvite(p.pointId)} aria-label={`${T.remove}: ${p.name}`}>
                      {T.remove}
                    </button>
                  ),
                ]}
              />
            )}
            {isOrganizer && tree && !closedStatus && <InviteTree conference={conf} tree={tree} names={names} onInvited={(c) => adopt(c)} />}
          </section>

          {can(session, 'organizer', 'operator') && <CheckinLinksPanel conference={conf} canIssue={isOrganizer} />}

          <section class="card" aria-labelledby="dl-h">
            <h2 id="dl-h">{T.downloads}</h2>
            <div class="row wrap">
              <button
                type="button"
                class="btn"
                onClick={() => download(`/api/conferences/${conf.id}/calendar.ics`, 'hoi-nghi.ics').catch((e) => setMsg({ kind: 'error', text: errorText(e) }))}
              >
                ⬇ {T.downloadIcs}
              </button>
              <button
                type="button"
                class="btn"
                onClick={() =>
                  download(`/api/conferences/${conf.id}/attendance?format=csv`, 'bao-cao-tham-du.csv').catch((e) =>
                    setMsg({ kind: 'error', text: errorText(e) }),
                  )
                }
              >
                ⬇ {T.downloadCsv}
              </button>
              <button
                type="button"
                class="btn"
                data-action="attendance-xlsx"
                onClick={() =>
                  download(`/api/conferences/${conf.id}/attendance?format=xlsx`, 'tham-du.xlsx').catch((e) => setMsg({ kind: 'error', text: errorText(e) }))
                }
              >
                ⬇ {L.attendanceReport}
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
  return (
    <small class="muted zoned">
      {fmtDateTime(iso, tz)} ({iso.slice(-6)})
    </small>
  );
}
