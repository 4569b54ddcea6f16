import { BeatStrip } from './beat-strip';
import { L as liveDict } from '../i18n-live';
import { useEffect, useMemo, useReducer, useState } from 'preact/hooks';
import type { AttendanceKind, Level, NoticePayload, PresenceEntry } from '../../../src/presence/presence.events';
import { get } from '../api';
import { ContactBook } from './contact-book';
import { useT, errorText } from '../i18n';
import { useForceUpdate } from '../components/hooks';
import { request, type LiveSocket } from '../live';
import { epoch, fmtDateTime, fmtTime, fmtTimeSec } from '../time';
import type { Agenda, AgendaItem, PointDetail } from '../types';
import { Notice, telHref } from '../components/ui';
import { useSummary } from './groups';
import { attendanceLabel, PHONE_REASON, STATE_ICON, stateLabel } from './labels';
import type { BoardStore } from './store';

// ---- contacts (from the snapshot, or looked up once per point) ----------------------------------

/** One book for the board: a contact is read once per page load. */
const contacts = new ContactBook(async (pointId) => {
  const p = await get<PointDetail>(`/api/points/${pointId}`);
  return { name: p.contactName ?? null, phone: p.contactPhone ?? null };
});

function useContacts(): void {
  const force = useForceUpdate();
  useEffect(() => contacts.subscribe(force), []);
}

function Contact({ e }: { e: PresenceEntry }) {
  const T = useT();
  // the look-up starts after render, never during it
  useEffect(() => contacts.request(e), [e.pointId]);
  const c = contacts.peek(e);
  if (!c) return <span class="muted">…</span>;
  if (!c.name && !c.phone) return <span class="muted">{T.noContact}</span>;
  return (
    <span class="contact">
      {c.name && <span>{c.name}</span>}
      {c.phone && (
        <a class="tel" href={telHref(c.phone)} aria-label={`${T.call} ${c.name ?? ''} ${c.phone}`}>
          ☎ {c.phone}
        </a>
      )}
    </span>
  );
}

// ---- agenda: current and next -------------------------------------------------------------------

export function AgendaPanel(props: {
  store: BoardStore;
  agenda: Agenda | null;
  tz: string;
  canOperate: boolean;
  /** Ended or cancelled: no current or next item, forecast or warning, only what was held. */
  closed?: boolean;
  onSetCurrent: (itemId: string) => Promise<string | null>;
}) {
  const { store, agenda, tz, canOperate, closed = false } = props;
  const T = useT();
  useSummary(store);
  const [pick, setPick] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const items = agenda?.items ?? [];
  // closed: every item is behind (the "held" list shows those with actual times), none current or next
  const currentIdx = closed ? items.length : items.findIndex((i) => i.id === agenda?.currentItemId);
  const current = !closed && currentIdx >= 0 ? items[currentIdx] : null;
  const next = closed ? null : currentIdx >= 0 ? (items[currentIdx + 1] ?? null) : (items[0] ?? null);
  const nextPoint = next?.pointId ? store.entries.get(next.pointId) : undefined;

  async function setCurrent(id: string) {
    setBusy(true);
    setError(await props.onSetCurrent(id));
    setBusy(false);
  }

  const line = (item: AgendaItem) => {
    const p = item.pointId ? store.entries.get(item.pointId) : undefined;
    return (
      <>
        <div class="ag-time">
          {fmtTime(item.actualStartAt ?? item.startsAt, tz)}–{fmtTime(item.endsAt, tz)} · {T.kinds[item.kind] ?? item.kind}
        </div>
        <div class="ag-title">{item.title}</div>
        {(item.presenter || item.responsibleUnit) && <div class="ag-who">{[item.presenter, item.responsibleUnit].filter(Boolean).join(' · ')}</div>}
        {p && (
          <div class={`ag-point s-${p.state}`}>
            {T.presentingPoint}: {p.name} — <span aria-hidden="true">{STATE_ICON[p.state]}</span> {stateLabel(T, p, store.now)}
          </div>
        )}
      </>
    );
  };

  return (
    <section class="panel agenda-panel" aria-labelledby="ag-h">
      <h2 id="ag-h">{T.agenda}</h2>
      {!closed && (
        <>
          <div class="ag-now" data-agenda="current">
            <span class="ag-tag now">{T.current}</span>
            {current ? line(current) : <div class="muted">{T.noCurrentItem}</div>}
          </div>
          <div class="ag-next" data-agenda="next">
            <span class="ag-tag">{T.next}</span>
            {next ? line(next) : <div class="muted">{T.noNextItem}</div>}
          </div>
        </>
      )}
      {!closed && (agenda?.overrunMinutes ?? 0) > 0 && (
        <Notice kind="warning">
          <span data-warning="overrun">{liveDict().overrunBoard(agenda!.overrunMinutes!)}</span>
        </Notice>
      )}
      {currentIdx > 0 && (
        <details class="ag-done" data-agenda="done">
          <summary>
            {liveDict().doneItems} ({items.slice(0, currentIdx).filter((i) => i.actualStartAt).length})
          </summary>
          <ul>
            {items.slice(0, currentIdx).map((i) =>
              i.actualStartAt ? (
                <li key={i.id} data-done-item={i.id}>
                  <span class="ag-time">
                    {fmtTime(i.actualStartAt, tz)}–{fmtTime(i.actualEndAt ?? null, tz)}
                  </span>{' '}
                  {i.title} <small class="muted">({liveDict().lateBy(Math.round((epoch(i.actualStartAt) - epoch(i.startsAt)) / 60000))})</small>
                </li>
              ) : null,
            )}
          </ul>
        </details>
      )}
      {next && nextPoint && nextPoint.state !== 'online' && (
        <Notice kind="warning">
          <span data-warning="presenter-offline">⚠ {T.presentingNotOnline(nextPoint.name, stateLabel(T, nextPoint, store.now))}</span>
        </Notice>
      )}
      {canOperate && items.length > 0 && (
        <div class="ag-actions">
          {next && (
            <button type="button" class="btn primary" disabled={busy} onClick={() => setCurrent(next.id)}>
              {T.goNext} ▸
            </button>
          )}
          <div class="set-current">
            <label>
              <span class="sr-only">{T.setCurrent}</span>
              <select value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
                <option value="">{T.choose}</option>
                {items.map((i) => (
                  <option key={i.id} value={i.id}>
                    {fmtTime(i.startsAt, tz)} {i.title}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" class="btn" disabled={!pick || busy} onClick={() => setCurrent(pick)}>
              {T.setCurrent}
            </button>
          </div>
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}

// ---- alerts -------------------------------------------------------------------------------------

export interface BoardAlert {
  id: number;
  at: number;
  text: string;
  state: PresenceEntry['state'];
  /** Why it dropped, when the event log says (e.g. `link_revoked`). */
  reason?: string;
}

export function AlertsPanel({ alerts, tz, onClear }: { alerts: BoardAlert[]; tz: string; onClear: () => void }) {
  const T = useT();
  if (!alerts.length) return null;
  return (
    <section class="panel alerts-panel" aria-labelledby="al-h">
      <div class="panel-head">
        <h2 id="al-h">⚠ {T.alerts}</h2>
        <button type="button" class="btn small" onClick={onClear}>
          {T.close}
        </button>
      </div>
      <ul class="alerts" role="log" aria-live="assertive">
        {alerts.map((a) => (
          <li key={a.id} class={`alert s-${a.state}`} data-reason={a.reason}>
            <time>{fmtTimeSec(new Date(a.at).toISOString(), tz)}</time> {a.text}
          </li>
        ))}
      </ul>
    </section>
  );
}

// ---- points not online --------------------------------------------------------------------------

const TROUBLE_ORDER: Record<PresenceEntry['state'], number> = { unstable: 0, offline: 1, absent: 2, left: 3, online: 4 };
const PAGE = 40;

/** The points not online, the ones that dropped first, each with its contact (looked up only for the rows shown). */
export function NotOnlinePanel({ store }: { store: BoardStore }) {
  const T = useT();
  useSummary(store);
  useContacts();
  const [shown, setShown] = useState(PAGE);
  const list: PresenceEntry[] = [];
  for (const e of store.entries.values()) if (e.state !== 'online') list.push(e);
  const rank = store.rank;
  list.sort((a, b) => TROUBLE_ORDER[a.state] - TROUBLE_ORDER[b.state] || (rank.get(a.pointId) ?? 0) - (rank.get(b.pointId) ?? 0));
  return (
    <section class="panel not-online" aria-labelledby="no-h">
      <h2 id="no-h">
        {T.notOnline} ({list.length})
      </h2>
      {list.length === 0 && <p class="ok-text">✓ {T.allOnline}</p>}
      <ul class="plist">
        {list.slice(0, shown).map((e) => (
          <li key={e.pointId} class={`s-${e.state}`} data-not-online={e.code}>
            <button type="button" class="linklike" onClick={() => store.select(e.pointId)}>
              {e.name}
            </button>
            <span class="pl-state">
              <span aria-hidden="true">{STATE_ICON[e.state]}</span> {stateLabel(T, e, store.now)}
              {e.attendance && <> · {attendanceLabel(T, e)}</>}
            </span>
            <span class="pl-contact">
              {T.contact}: <Contact e={e} />
            </span>
          </li>
        ))}
      </ul>
      {list.length > shown && (
        <p class="row between">
          <span class="muted">{T.andMore(list.length - shown)}</span>
          <button type="button" class="btn small" onClick={() => setShown(shown + PAGE)}>
            {T.showMore}
          </button>
        </p>
      )}
    </section>
  );
}

// ---- the selected point: details and attendance --------------------------------------------------

export function SelectedPanel(props: {
  store: BoardStore;
  socket: LiveSocket | null;
  conferenceId: string;
  tz: string;
  canOperate: boolean;
  onNoticeTo: (id: string) => void;
}) {
  const { store, socket, conferenceId, tz, canOperate } = props;
  const T = useT();
  useSummary(store);
  useContacts();
  const id = store.selected;
  const e = id ? store.entries.get(id) : undefined;
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  useEffect(() => {
    setMsg(null);
    setReason('');
    if (id) document.querySelector('.selected-panel')?.scrollIntoView({ block: 'nearest' });
  }, [id]);

  if (!e) return null;

  async function mark(attendance: AttendanceKind, why?: string) {
    if (!socket || !e) return;
    if (attendance === 'absent' && !why?.trim()) {
      setMsg({ kind: 'error', text: T.reasonRequired });
      return;
    }
    const r = await request(socket, 'attendance:mark', { conferenceId, pointId: e.pointId, attendance, ...(why ? { reason: why.trim() } : {}) });
    setMsg(r.ok ? { kind: 'success', text: T.saved } : { kind: 'error', text: errorText(r.error) });
  }

  const att = attendanceLabel(T, e);
  return (
    <section class="panel selected-panel" aria-labelledby="sel-h" data-selected={e.code}>
      <div class="panel-head">
        <h2 id="sel-h">
          <small class="muted">{T.selectedPoint}:</small> {e.name}
        </h2>
        <button type="button" class="btn small" onClick={() => store.select(null)}>
          {T.close}
        </button>
      </div>
      <BeatStrip store={store} id={e.pointId} tz={tz} />
      <dl class="facts">
        <dt>{T.code}</dt>
        <dd>{e.code}</dd>
        <dt>{T.level}</dt>
        <dd>{T.levels[e.level]}</dd>
        <dt>{T.state}</dt>
        <dd class={`s-${e.state}`}>
          <span aria-hidden="true">{STATE_ICON[e.state]}</span> {stateLabel(T, e, store.now)}
        </dd>
        <dt>{T.since}</dt>
        <dd>{fmtTimeSec(e.since, tz)}</dd>
        {e.lastSeenAt && (
          <>
            <dt>{T.lastSeen}</dt>
            <dd>{fmtDateTime(e.lastSeenAt, tz)}</dd>
          </>
        )}
        <dt>{T.audio}</dt>
        <dd>{e.audio === 'fail' ? <strong class="bad-text">{T.audioFail}</strong> : e.audio === 'ok' ? T.audioOk : '—'}</dd>
        <dt>{T.video}</dt>
        <dd>{e.video === 'fail' ? <strong class="bad-text">{T.videoFail}</strong> : e.video === 'ok' ? T.videoOk : '—'}</dd>
        {e.note && (
          <>
            <dt>{T.notes}</dt>
            <dd>{e.note}</dd>
          </>
        )}
        <dt>{T.connections}</dt>
        <dd>
          {e.connections} · {T.drops(e.drops)}
        </dd>
        <dt>{T.agenda}</dt>
        <dd>
          {e.agendaVersion == null
            ? '—'
            : store.agendaVersion != null && e.agendaVersion >= store.agendaVersion
              ? T.latestAgenda
              : T.oldAgenda(e.agendaVersion)}
        </dd>
        <dt>{T.markAttendance}</dt>
        <dd>{att ?? '—'}</dd>
        <dt>{T.contact}</dt>
        <dd>
          <Contact e={e} />
        </dd>
      </dl>
      {canOperate && (
        <div class="mark">
          <div class="row wrap">
            <button type="button" class="btn" onClick={() => mark('in_person')}>
              {T.markInPerson}
            </button>
            <button type="button" class="btn" onClick={() => mark('online', PHONE_REASON)}>
              {T.markPhone}
            </button>
          </div>
          <div class="row">
            <label class="grow">
              <span class="sr-only">{T.reason}</span>
              <input placeholder={T.reason} value={reason} maxLength={200} onInput={(ev) => setReason(ev.currentTarget.value)} />
            </label>
            <button type="button" class="btn" onClick={() => mark('absent', reason)}>
              {T.markAbsent}
            </button>
          </div>
          <button type="button" class="btn" onClick={() => props.onNoticeTo(e.pointId)}>
            {T.notice}…
          </button>
        </div>
      )}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </section>
  );
}

// ---- roll call ----------------------------------------------------------------------------------

export function RollcallPanel({ store, socket, conferenceId }: { store: BoardStore; socket: LiveSocket | null; conferenceId: string }) {
  const T = useT();
  useSummary(store);
  const [timeout, setTimeoutS] = useState(60);
  const [error, setError] = useState<string | null>(null);
  const [, tick] = useReducer((n: number) => n + 1, 0);
  const rc = store.rollcall;
  const counting = !!rc && !rc.done && rc.endsAt !== null;
  useEffect(() => {
    if (!counting) return;
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, [counting]);

  async function start(e: Event) {
    e.preventDefault();
    if (!socket) return;
    setError(null);
    const sentAt = Date.now();
    const r = await request(socket, 'rollcall:start', { conferenceId, timeoutSeconds: timeout });
    if (!r.ok) return setError(errorText(r.error));
    // Until the server's first result: the time asked for, from when it was asked (this PC's clock may be off, not its pace).
    if (store.rollcall?.rollcallId !== r.rollcallId)
      store.setRollcall({ rollcallId: r.rollcallId, answered: [], missing: [], done: false, remainingMs: sentAt + timeout * 1000 - Date.now() });
  }

  const total = rc ? rc.answered.length + rc.missing.length : 0;
  const left = store.rollcallSecondsLeft();
  const missingNames = useMemo(() => (rc?.missing ?? []).slice(0, 30).map((id) => store.entries.get(id)?.name ?? id), [rc, store]);
  return (
    <section class="panel rollcall-panel" aria-labelledby="rc-h">
      <h2 id="rc-h">{T.rollcall}</h2>
      <form class="row" onSubmit={start}>
        <label>
          <span>{T.rollcallTimeout}</span>
          <input type="number" min={5} max={600} value={timeout} onInput={(e) => setTimeoutS(Number(e.currentTarget.value))} class="narrow" />
        </label>
        <button type="submit" class="btn primary" data-action="rollcall-start" disabled={!socket}>
          {T.startRollcall}
        </button>
      </form>
      {rc && (
        <div class="rc-result" role="status" data-rollcall={rc.done ? 'done' : 'running'}>
          <div class="row between">
            <strong data-rollcall-count>
              {rc.restored
                ? liveDict().rollcallRestored(rc.answered.length, store.entries.size)
                : liveDict().rollcallOfInvited(rc.answered.length, store.entries.size, Math.max(0, store.entries.size - total))}
            </strong>
            <span data-rollcall-left>{rc.done || left === 0 ? T.rollcallDone : left === null ? T.rollcallOpen : T.rollcallRunning(left)}</span>
          </div>
          <progress max={Math.max(1, total)} value={rc.answered.length} />
          {rc.missing.length > 0 && (
            <p class="muted small">
              {T.rollcallMissing}: {missingNames.join(', ')}
              {rc.missing.length > 30 ? ` ${T.andMore(rc.missing.length - 30)}` : ''}
            </p>
          )}
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </section>
  );
}

// ---- notices ------------------------------------------------------------------------------------

export type NoticeTarget = 'all' | `level:${Level}` | `point:${string}`;

export function NoticePanel(props: {
  store: BoardStore;
  socket: LiveSocket | null;
  conferenceId: string;
  target: NoticeTarget;
  setTarget: (t: NoticeTarget) => void;
  tz: string;
}) {
  const { store, socket, conferenceId, target, setTarget, tz } = props;
  const T = useT();
  useSummary(store);
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const pointId = target.startsWith('point:') ? target.slice(6) : null;
  const point = pointId ? store.entries.get(pointId) : undefined;

  async function send(e: Event) {
    e.preventDefault();
    if (!socket || !text.trim()) return;
    const to: NoticePayload['to'] =
      target === 'all' ? { all: true } : target.startsWith('level:') ? { level: target.slice(6) as Level } : { pointIds: [pointId!] };
    setBusy(true);
    const r = await request(socket, 'notice', { conferenceId, text: text.trim(), to });
    setBusy(false);
    if (r.ok) {
      // with the time it went out, so an old confirmation is never read as today's latest send
      const sent = liveDict().noticeSentAt(r.delivered, fmtTime(new Date().toISOString(), tz));
      // nobody reached: notices are not kept for points that connect later, so the text stays to be sent again
      if (r.delivered === 0) return setMsg({ kind: 'error', text: `${sent} ${liveDict().noticeNoneConnected}` });
      setMsg({ kind: 'success', text: sent });
      setText('');
    } else setMsg({ kind: 'error', text: errorText(r.error) });
  }

  return (
    <section class="panel notice-panel" aria-labelledby="nt-h" id="notice-panel">
      <h2 id="nt-h">{T.notice}</h2>
      <form class="form" onSubmit={send}>
        <label>
          <span>{T.noticeTo}</span>
          <select
            name="notice-to"
            value={target}
            onChange={(e) => {
              setTarget(e.currentTarget.value as NoticeTarget);
              setMsg(null); // the last message was about another notice
            }}
          >
            <option value="all">{T.noticeAll}</option>
            {store.groups.map((g) => (
              <option key={g.level} value={`level:${g.level}`}>
                {T.noticeLevel(T.levels[g.level])}
              </option>
            ))}
            {point && <option value={target}>{T.noticePoint(point.name)}</option>}
          </select>
        </label>
        <label>
          <span>{T.noticeText}</span>
          <textarea
            name="notice-text"
            rows={3}
            maxLength={500}
            required
            value={text}
            onInput={(e) => {
              setText(e.currentTarget.value);
              setMsg(null);
            }}
          />
        </label>
        <button type="submit" class="btn primary" data-action="notice-send" disabled={!socket || busy || !text.trim()}>
          {T.send}
        </button>
      </form>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </section>
  );
}
