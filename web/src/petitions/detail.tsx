import { DateTime } from 'luxon';
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, patch, post } from '../api';
import { errorText } from '../i18n';
import { Loading, Notice } from '../components/ui';
import { onLinkClick } from '../router';
import { can, useSession } from '../session';
import { fmtDay, fmtDayTime, loadWorkingDays, nthWorkingDayEnd, today, useCalendarFor, ZONE } from './calendar';
import { dayEnd, earliestDueDay } from './working-days';
import { departmentName, useConferences, useDepartments } from './data';
import { PT, usePT } from './i18n';
import { CopyButton } from './public';
import { ChoiceSelect, ConferenceSelect, DueCell, duesToCount, leadName, PetitionStatusBadge } from './parts';
import type { Page } from '../types';
import { FIELDS, KINDS, type AnswerMode, type Department, type Field, type HistoryEntry, type Petition, type PetitionKind, type ThreadMessage } from './types';
import { useThreadLive } from './thread-live';
import { rebase } from '../components/form-rebase';
import { actorName } from './util';
import { Attachments, DeliveryTicks, RetryButton, useZaloWindow, ZaloBadge, ZaloReplyBox } from './zalo';
import './petitions.css';

/** The most thread messages one live refresh reads (the API's page limit). */
const THREAD_READ = 1000;

type Msg = { kind: 'error' | 'success' | 'warning'; text: string } | null;

/**
 * The petition went out of this user's sight while the page was open (an action answered 404 and so did reading it
 * again: a department's petition reassigned to another one): what they had typed for that action, kept to copy.
 */
type Lost = { typed: string };

/** The texts a user typed for an action (an answer, a note, a reason, an edit), to keep when it could not be saved. */
function typedIn(body: Record<string, unknown>): string {
  const commitment = body.commitment as { text?: unknown } | undefined;
  return [body.title, body.text, body.content, body.reason, commitment?.text].filter((v): v is string => typeof v === 'string' && !!v.trim()).join('\n\n');
}

/** Runs one versioned action (`PATCH` when `method` says so); a stale version reloads the petition and says so, the forms keep what was typed. */
type Act = (path: string, body: Record<string, unknown>, confirmText: string | null, versioned?: boolean, method?: 'POST' | 'PATCH') => Promise<boolean>;

/** `/petitions/:id`: the petition, its submitter (as the API shows it to this user), thread, history and actions. */
export function PetitionPage({ petitionId }: { petitionId: string }) {
  const P = usePT();
  const session = useSession()!;
  const departments = useDepartments();
  const [p, setP] = useState<Petition | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [missing, setMissing] = useState(false);
  const [lost, setLost] = useState<Lost | null>(null);
  const days = useCalendarFor(duesToCount(p ? [p] : []));

  async function load(): Promise<Petition | null> {
    try {
      const x = await get<Petition>(`/api/petitions/${encodeURIComponent(petitionId)}`);
      setP(x);
      document.title = `${x.code} · ${PT().petitions}`;
      return x;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setMissing(true);
      else setMsg({ kind: 'error', text: errorText(e) });
      return null;
    }
  }
  useEffect(() => {
    setLost(null);
    void load();
  }, [petitionId]);

  /**
   * A `/live` push (a worker's message, a reply's tick): the shown part of the thread is read again over REST, from
   * its first shown message on, without the petition (a read of the submitter is an access-log row).
   */
  async function refreshThread(): Promise<void> {
    const cur = current.current;
    if (!cur) return;
    const shown = cur.thread ?? [];
    const offset = Math.max(0, (cur.threadTotal ?? shown.length) - shown.length);
    const read = (from: number) => get<Page<ThreadMessage>>(`/api/petitions/${encodeURIComponent(cur.id)}/thread?limit=${THREAD_READ}&offset=${from}`);
    let page = await read(offset);
    // More new messages than one read holds: the newest THREAD_READ (earlier ones stay behind "older messages").
    if (page.total - offset > page.items.length) page = await read(Math.max(0, page.total - THREAD_READ));
    setP((prev) => (prev && prev.id === cur.id ? { ...prev, thread: page.items, threadTotal: page.total } : prev));
  }
  const current = useRef<Petition | null>(null);
  current.current = p;
  useThreadLive(petitionId, session.token, refreshThread);

  // One action at a time: a double click must not post a note twice, nor send a second PATCH with the version the
  // first one just used (a false "someone else updated it").
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const act: Act = async (path, body, confirmText, versioned = true, method = 'POST') => {
    if (!p || inFlight.current) return false;
    if (confirmText && !confirm(confirmText)) return false;
    inFlight.current = true;
    setBusy(true);
    setMsg(null);
    try {
      const payload = versioned ? { ...body, version: p.version } : body;
      if (method === 'PATCH') await patch(`/api/petitions/${p.id}${path}`, payload);
      else await post(`/api/petitions/${p.id}${path}`, payload);
      await load();
      setMsg({ kind: 'success', text: PT().saved });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_version') {
        await load();
        setMsg({ kind: 'warning', text: PT().stale });
      } else if (e instanceof ApiError && e.status === 404 && (await goneFromSight())) {
        // Nothing of the petition stays on the page (its submitter least of all); what was typed does.
        setP(null);
        setLost({ typed: typedIn(body) });
      } else setMsg({ kind: 'error', text: errorText(e) });
      return false;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  /**
   * After an action's 404: is the petition itself out of sight (read again, 404 too), rather than something the
   * action named (the petition to merge into)? A petition still readable is shown as it now is.
   */
  async function goneFromSight(): Promise<boolean> {
    try {
      setP(await get<Petition>(`/api/petitions/${encodeURIComponent(petitionId)}`));
      return false;
    } catch (x) {
      return x instanceof ApiError && x.status === 404;
    }
  }

  if (lost) return <LostPetition lost={lost} department={session.user.role === 'department'} />;
  if (missing)
    return (
      <section class="card">
        <Notice kind="error">{P.notFoundPetition}</Notice>
        <a href="/petitions" onClick={onLinkClick}>
          {P.backToInbox}
        </a>
      </section>
    );
  if (!p) return msg ? <Notice kind={msg.kind}>{msg.text}</Notice> : <Loading />;

  const role = session.user.role;
  const isOrganizer = can(session, 'organizer');
  const isLeadDept = role === 'department' && !!session.user.departmentId && session.user.departmentId === p.leadDepartmentId;
  const open = p.status === 'received' || p.status === 'assigned';
  const done = p.status === 'answered' || p.status === 'closed';
  const canAnswer = p.status === 'assigned' && (isOrganizer || isLeadDept);
  const canNote = can(session, 'organizer', 'operator') || role === 'department';
  const lead = leadName(p, departments);
  const anyAction = isOrganizer && (open || done);

  return (
    <div data-petition-id={p.id} data-petition-code={p.code} data-status={p.status}>
      <div class="page-head">
        <div>
          <a href="/petitions" onClick={onLinkClick} class="muted">
            {P.backToInbox}
          </a>
          <h1>
            <span class="muted">{p.code}</span> {p.title}
          </h1>
          <div class="row wrap">
            <PetitionStatusBadge status={p.status} />
            {p.channel === 'zalo' && <ZaloBadge />}
            {p.overdue && <span class="chip bad">⚠ {P.overdue}</span>}
            {p.published && <span class="chip ok">{P.published}</span>}
            <span class="muted small">
              {P.kinds[p.kind]} · {P.channels[p.channel]} · {P.fields[p.field] ?? p.field} · {P.received}: {fmtDayTime(p.receivedAt)}
            </span>
          </div>
        </div>
      </div>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}

      <div class="pt-grid">
        <div>
          <section class="card" aria-labelledby="pc-h">
            <h2 id="pc-h">{P.content}</h2>
            <p class="pt-content" data-field="content">
              {p.content}
            </p>
            {p.mergedIntoId && <MergedInto id={p.mergedIntoId} history={p.history ?? []} />}
          </section>

          {p.answer && (
            <section class="card" aria-labelledby="pa-h">
              <h2 id="pa-h">
                {P.answer} · <span class="muted">{P.modes[p.answer.mode]}</span>
              </h2>
              <div class="pt-answer" data-answer>
                {p.answer.text}
              </div>
              <dl class="pt-facts">
                {p.answeredAt && (
                  <>
                    <dt>{P.answeredAt}</dt>
                    <dd>{fmtDayTime(p.answeredAt)}</dd>
                  </>
                )}
                {p.answer.documentNo && (
                  <>
                    <dt>{P.documentNo}</dt>
                    <dd>{p.answer.documentNo}</dd>
                  </>
                )}
                {p.answer.signedBy && (
                  <>
                    <dt>{P.signedBy}</dt>
                    <dd>{p.answer.signedBy}</dd>
                  </>
                )}
              </dl>
              {p.commitment && (
                <div class="pt-action" data-commitment={p.commitment.done ? 'done' : 'open'}>
                  <strong>{P.commitmentDue(fmtDay(p.commitment.dueAt))}:</strong> {p.commitment.text}{' '}
                  {p.commitment.done ? <span class="chip ok">{P.commitmentDone}</span> : <span class="chip warn">{P.commitmentOpen}</span>}
                  {!p.commitment.done && (isOrganizer || isLeadDept) && (
                    <div>
                      <button type="button" class="btn small" onClick={() => act('/commitment/done', {}, P.confirmCommitmentDone, false)}>
                        {P.markCommitmentDone}
                      </button>
                    </div>
                  )}
                </div>
              )}
            </section>
          )}

          {canAnswer && <AnswerForm p={p} act={act} />}

          <Thread p={p} canNote={canNote} canReply={isOrganizer} act={act} busy={busy} reload={load} />
          <History p={p} />
        </div>

        <div>
          <section class="card" aria-labelledby="ps-h">
            <h2 id="ps-h">{P.submitter}</h2>
            <Submitter p={p} />
            {isOrganizer && <AnonymitySwitch p={p} act={act} />}
          </section>
          <section class="card" aria-labelledby="ph-h">
            <h2 id="ph-h">{P.handling}</h2>
            <dl class="pt-facts">
              <dt>{P.leadDepartment}</dt>
              <dd data-field="lead">{lead || '—'}</dd>
              {p.supportDepartmentIds.length > 0 && (
                <>
                  <dt>{P.supportDepartments}</dt>
                  <dd>{p.supportDepartmentIds.map((id) => departmentName(departments, id)).join('; ')}</dd>
                </>
              )}
              {p.assignedAt && (
                <>
                  <dt>{P.assignedAt}</dt>
                  <dd>{fmtDayTime(p.assignedAt)}</dd>
                </>
              )}
              <dt>{P.dueAt}</dt>
              <dd data-field="due">
                <DueCell p={p} days={days} />
              </dd>
              {p.conferenceId && (
                <>
                  <dt>{P.conference}</dt>
                  <dd>
                    <a href={`/conferences/${p.conferenceId}/qa`} onClick={onLinkClick}>
                      {P.qaTab}
                    </a>
                  </dd>
                </>
              )}
            </dl>
          </section>
          {anyAction && (
            <section class="card" aria-labelledby="pact-h">
              <h2 id="pact-h">{P.actions}</h2>
              {open && <AssignForm p={p} departments={departments} act={act} />}
              {p.status === 'assigned' && <ExtendForm p={p} act={act} />}
              {done && !p.published && (
                <div class="pt-action">
                  <button type="button" class="btn primary" data-action="publish" onClick={() => act('/publish', {}, P.confirmPublish(p.code))}>
                    {P.publish}
                  </button>
                </div>
              )}
              {p.status === 'answered' && (
                <div class="pt-action">
                  <button type="button" class="btn" data-action="close" onClick={() => act('/close', {}, P.confirmClose(p.code))}>
                    {P.closeAction}
                  </button>
                </div>
              )}
              {done && <ReasonForm label={P.reopen} action="reopen" confirmText={P.confirmReopen(p.code)} act={act} />}
              {open && <ReasonForm label={P.reject} action="reject" confirmText={P.confirmReject(p.code)} act={act} danger />}
              {open && <MergeForm p={p} act={act} />}
              <EditForm p={p} act={act} busy={busy} />
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

/** The page once the petition went out of the user's sight during an action: why, and what they typed, to copy. */
function LostPetition({ lost, department }: { lost: Lost; department: boolean }) {
  const P = usePT();
  return (
    <section class="card" data-petition-lost>
      <Notice kind="error">{department ? P.goneDepartment : P.goneOther}</Notice>
      {lost.typed && (
        <div class="form pt-action">
          <label>
            <span>{P.typedKept}</span>
            <textarea name="typedKept" rows={6} readOnly value={lost.typed} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <div>
            <CopyButton text={lost.typed} />
          </div>
        </div>
      )}
      <a href="/petitions" onClick={onLinkClick}>
        {P.backToInbox}
      </a>
    </section>
  );
}

/**
 * Where a merged petition went. The other petition's code is read from this one's merge history entry: reading the
 * other petition itself would carry its submitter (an access-log row nobody asked for) and is 404 for a department
 * that does not see it.
 */
function MergedInto({ id, history }: { id: string; history: HistoryEntry[] }) {
  const P = usePT();
  const code = history
    .filter((e) => e.action === 'merge' && typeof e.details?.intoCode === 'string')
    .map((e) => e.details!.intoCode as string)
    .pop();
  return (
    <p>
      <a href={`/petitions/${id}`} onClick={onLinkClick} data-merged-into={id}>
        {code ? P.mergedInto(code) : P.mergedIntoOther}
      </a>
    </p>
  );
}

function Submitter({ p }: { p: Petition }) {
  const P = usePT();
  const s = p.submitter ?? {};
  const rows: Array<[string, string | null | undefined]> = [
    [p.channel === 'zalo' ? P.zalo.displayName : P.name, s.name],
    [P.zalo.zaloId, s.zaloUserId],
    [P.organization, s.organization],
    [P.taxCode, s.taxCode],
    [P.phone, s.phone],
    [P.email, s.email],
  ];
  const shown = rows.filter(([, v]) => v);
  return (
    <div data-submitter>
      {p.anonymous && <p class="chip warn">{P.anonymous}</p>}
      {p.submitterErased && <p class="muted">{P.submitterErased}</p>}
      {shown.length === 0 && !p.submitterErased && <p class="muted">{p.anonymous ? P.anonymousHidden : P.submitterNone}</p>}
      {shown.length > 0 && (
        <dl class="pt-facts">
          {shown.map(([k, v]) => (
            <Fragment key={k}>
              <dt>{k}</dt>
              <dd>{k === P.phone ? <a href={`tel:${v}`}>{v}</a> : v}</dd>
            </Fragment>
          ))}
        </dl>
      )}
    </div>
  );
}

/** Anonymity to the departments (organizers and admins): `PATCH /api/petitions/:id {anonymous}`, versioned. */
function AnonymitySwitch({ p, act }: { p: Petition; act: Act }) {
  const P = usePT();
  return (
    <div class="pt-action">
      <label class="inline">
        <input
          type="checkbox"
          role="switch"
          name="anonymous"
          checked={p.anonymous}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            e.currentTarget.checked = p.anonymous; // the petition, once reloaded, says what holds
            void act('', { anonymous: next }, next ? P.zalo.confirmAnonymityOn : P.zalo.confirmAnonymityOff, true, 'PATCH');
          }}
        />
        {P.zalo.anonymity}
      </label>
      <p class="muted small">{p.anonymous ? P.zalo.anonymityOn : P.zalo.anonymityOff}</p>
    </div>
  );
}

function Thread({
  p,
  canNote,
  canReply,
  act,
  busy,
  reload,
}: {
  p: Petition;
  canNote: boolean;
  canReply: boolean;
  act: Act;
  busy: boolean;
  reload: () => Promise<unknown>;
}) {
  const P = usePT();
  const [note, setNote] = useState('');
  const [reply, setReply] = useState('');
  // The petition carries the newest messages of a long thread; earlier ones are read a page at a time (GET …/thread).
  const [earlier, setEarlier] = useState<ThreadMessage[]>([]);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  useEffect(() => setEarlier([]), [p.id, p.threadTotal]);
  const thread = [...earlier, ...(p.thread ?? [])];
  const missing = Math.max(0, (p.threadTotal ?? thread.length) - thread.length);
  async function loadEarlier() {
    setLoadingEarlier(true);
    try {
      const limit = Math.min(100, missing);
      const page = await get<Page<ThreadMessage>>(`/api/petitions/${p.id}/thread?limit=${limit}&offset=${missing - limit}`);
      setEarlier((e) => [...page.items, ...e]);
    } finally {
      setLoadingEarlier(false);
    }
  }
  const zalo = p.channel === 'zalo';
  const zaloWindow = useZaloWindow(p, zalo && canReply);
  return (
    <section class="card" aria-labelledby="pt-h">
      <div class="row between">
        <h2 id="pt-h">{P.thread}</h2>
        {zalo && (
          <button type="button" class="btn small ghost" data-action="refresh-thread" onClick={() => void reload()}>
            ↻ {P.zalo.refresh}
          </button>
        )}
      </div>
      {thread.length === 0 && <p class="muted">{P.threadEmpty}</p>}
      {missing > 0 && (
        <button type="button" class="btn small" disabled={loadingEarlier} onClick={() => void loadEarlier()} data-action="thread-earlier">
          {P.threadEarlier(missing)}
        </button>
      )}
      <ol class="pt-thread">
        {thread.map((m) => (
          <li key={m.id} class={`dir-${m.direction}`} data-direction={m.direction} data-message-id={m.id} data-message-status={m.status}>
            <div class="meta">
              <strong>{zalo && m.direction === 'in' ? P.zalo.worker : P.directions[m.direction]}</strong> · {fmtDayTime(m.at)}
              {m.by ? ` · ${actorName(m.by)}` : ''}
              {zalo && m.direction === 'out' ? (
                <>
                  {' · '}
                  <DeliveryTicks status={m.status} />
                </>
              ) : (
                m.status === 'failed' && <span class="bad-text"> · ✕</span>
              )}
            </div>
            <div class="pt-content">{m.text}</div>
            <Attachments list={m.attachments} />
            {zalo && canReply && m.direction === 'out' && m.status === 'failed' && <RetryButton p={p} m={m} changed={reload} win={zaloWindow} />}
          </li>
        ))}
      </ol>
      {canNote && (
        <form
          class="form pt-action"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!note.trim()) return;
            if (await act('/notes', { text: note.trim() }, null, false)) setNote('');
          }}
        >
          <label>
            <span>{P.internalNote}</span>
            <textarea name="note" rows={2} maxLength={10000} placeholder={P.notePlaceholder} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <div>
            <button type="submit" class="btn" disabled={busy || !note.trim()}>
              {P.addNote}
            </button>
          </div>
        </form>
      )}
      {canReply && zalo && <ZaloReplyBox p={p} changed={reload} win={zaloWindow} />}
      {canReply && !zalo && (
        <form
          class="form pt-action"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!reply.trim()) return;
            if (await act('/replies', { text: reply.trim() }, P.confirmReply, false)) setReply('');
          }}
        >
          <label>
            <span>{P.reply}</span>
            <textarea name="reply" rows={2} maxLength={2000} placeholder={P.replyPlaceholder} value={reply} onInput={(e) => setReply(e.currentTarget.value)} />
          </label>
          <div>
            <button type="submit" class="btn" disabled={busy || !reply.trim()}>
              {P.sendReply}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function History({ p }: { p: Petition }) {
  const P = usePT();
  const h = p.history ?? [];
  return (
    <section class="card" aria-labelledby="phi-h">
      <h2 id="phi-h">{P.history}</h2>
      {h.length === 0 && <p class="muted">{P.historyEmpty}</p>}
      <ol class="pt-history">
        {h.map((e, i) => (
          <li key={i} data-history-to={e.to} data-history-action={e.action}>
            <span class="muted small">{fmtDayTime(e.at)}</span> · {e.action && <strong>{P.historyActions[e.action] ?? e.action}</strong>}
            {e.from !== e.to && (
              <>
                {' '}
                {e.action ? '· ' : ''}
                {P.historyLine(e.from ? P.statuses[e.from] : '—', P.statuses[e.to] ?? e.to)}
              </>
            )}
            {e.action === 'extend' && typeof e.details?.dueAt === 'string' && (
              <>
                {' '}
                · {P.dueAt}: {fmtDay(e.details.dueAt)}
              </>
            )}
            {e.action === 'merge' && typeof e.details?.intoCode === 'string' && <> · {P.mergedInto(e.details.intoCode)}</>}
            {e.by ? <span class="muted small"> · {P.byLabel(actorName(e.by))}</span> : null}
            {e.reason && <div class="small">{P.reasonLabel(e.reason)}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function AssignForm({ p, departments, act }: { p: Petition; departments: Department[]; act: Act }) {
  const P = usePT();
  const [lead, setLead] = useState(p.leadDepartmentId ?? '');
  const [support, setSupport] = useState<string[]>(p.supportDepartmentIds ?? []);
  const [mode, setMode] = useState<'default' | 'days' | 'date'>('default');
  const [n, setN] = useState(7);
  const [date, setDate] = useState('');
  const [cal, setCal] = useState<Map<string, boolean> | null | undefined>(undefined);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    const t = today();
    void loadWorkingDays(t.toISODate()!, t.plus({ days: 180 }).toISODate()!).then(setCal);
  }, []);
  const active = departments.filter((d) => d.active || d.id === p.leadDepartmentId);
  // A supporting department deactivated since has no checkbox here and the server refuses it: it is left out of what
  // is sent, and the form says so.
  const gone = support.filter((id) => departments.some((d) => d.id === id && !d.active));
  const supports = support.filter((id) => id !== lead && !gone.includes(id));
  const wd = mode === 'default' ? (supports.length ? 20 : 7) : mode === 'days' ? n : null;
  let due: DateTime | null = null;
  if (wd !== null && cal) due = nthWorkingDayEnd(cal, DateTime.now().setZone(ZONE), wd);
  if (mode === 'date') due = dayEnd(date);
  // The first day whose 17:00 is still ahead (after 17:00 today is gone): the server refuses a deadline in the past.
  const firstDay = earliestDueDay(DateTime.now());
  const pastDue =
    mode === 'date' && !!due && date < firstDay
      ? P.dueNotFuture(due.toFormat('dd/MM/yyyy'), DateTime.fromISO(firstDay, { zone: ZONE }).toFormat('dd/MM/yyyy'))
      : null;

  async function submit(e: Event) {
    e.preventDefault();
    setErr(null);
    if (!lead) return setErr(P.departmentRequired);
    const body: Record<string, unknown> = { leadDepartmentId: lead, supportDepartmentIds: supports };
    if (mode === 'days') body.workingDays = n;
    if (mode === 'date') {
      if (!due) return setErr(P.deadline);
      if (pastDue) return setErr(pastDue);
      body.dueAt = due.toISO();
    }
    const dueText = due ? `17:00 ${due.toFormat('dd/MM/yyyy')}` : `${wd} ${P.deadlineDays.toLowerCase()}`;
    await act('/assign', body, P.confirmAssign(p.code, departmentName(departments, lead), dueText));
  }

  return (
    <details class="pt-action" open={p.status === 'received'}>
      <summary>{p.status === 'assigned' ? P.reassign : P.assign}</summary>
      <form class="form" onSubmit={submit} data-form="assign">
        <label>
          <span>{P.leadDepartment}</span>
          <select name="leadDepartmentId" value={lead} onChange={(e) => setLead(e.currentTarget.value)} required>
            <option value="">{P.chooseDepartment}</option>
            {active.map((d) => (
              <option key={d.id} value={d.id}>
                {d.active ? d.name : `${d.name} (${P.inactiveDepartment})`}
              </option>
            ))}
          </select>
        </label>
        {gone.length > 0 && (
          <div data-support-dropped>
            <Notice kind="warning">{P.supportDropped(gone.map((id) => departmentName(departments, id)).join('; '))}</Notice>
          </div>
        )}
        <details>
          <summary class="small">
            {P.supportDepartments} ({supports.length})
          </summary>
          <div class="form">
            {active
              .filter((d) => d.id !== lead)
              .map((d) => (
                <label key={d.id} class="inline small">
                  <input
                    type="checkbox"
                    checked={support.includes(d.id)}
                    onChange={(e) => setSupport((s) => (e.currentTarget.checked ? [...s, d.id] : s.filter((x) => x !== d.id)))}
                  />
                  {d.name}
                </label>
              ))}
          </div>
        </details>
        <fieldset>
          <legend>{P.deadline}</legend>
          <label class="inline">
            <input type="radio" name="deadline" checked={mode === 'default'} onChange={() => setMode('default')} />
            {P.deadlineDefault(supports.length ? 20 : 7)}
          </label>
          <label class="inline">
            <input type="radio" name="deadline" checked={mode === 'days'} onChange={() => setMode('days')} />
            {P.deadlineDays}
          </label>
          <label class="inline">
            <input type="radio" name="deadline" checked={mode === 'date'} onChange={() => setMode('date')} />
            {P.deadlineDate}
          </label>
          {mode === 'days' && (
            <input
              class="narrow"
              type="number"
              name="workingDays"
              min={1}
              max={120}
              value={n}
              onInput={(e) => setN(Math.max(1, Number(e.currentTarget.value) || 1))}
              aria-label={P.deadlineDays}
            />
          )}
          {mode === 'date' && (
            <input type="date" name="dueDate" value={date} min={firstDay} onInput={(e) => setDate(e.currentTarget.value)} aria-label={P.deadlineDate} />
          )}
        </fieldset>
        <p class="pt-due-preview" data-due-preview={due && !pastDue ? due.toISODate() : ''} aria-live="polite">
          {wd !== null && cal === undefined && P.computingDue}
          {wd !== null && cal === null && P.dueUnknown}
          {due && !pastDue && (wd !== null ? P.computedDue(due.toFormat('dd/MM/yyyy'), wd) : `${P.dueAt}: 17:00 ${due.toFormat('dd/MM/yyyy')}`)}
        </p>
        {pastDue && !err && (
          <div data-due-past>
            <Notice kind="warning">{pastDue}</Notice>
          </div>
        )}
        {err && <Notice kind="error">{err}</Notice>}
        <div>
          <button type="submit" class="btn primary" data-action="assign">
            {p.status === 'assigned' ? P.reassign : P.assign}
          </button>
        </div>
      </form>
    </details>
  );
}

function ExtendForm({ p, act }: { p: Petition; act: Act }) {
  const P = usePT();
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setErr(null);
    const due = dayEnd(date);
    if (!due) return;
    if (p.dueAt && due.toMillis() <= DateTime.fromISO(p.dueAt).toMillis()) return setErr(P.extendLater);
    if (!reason.trim()) return setErr(P.reasonRequired);
    if (await act('/extend', { dueAt: due.toISO(), reason: reason.trim() }, P.confirmExtend(p.code, `17:00 ${due.toFormat('dd/MM/yyyy')}`))) {
      setReason('');
      setDate('');
    }
  }
  return (
    <details class="pt-action">
      <summary>{P.extend}</summary>
      <form class="form" onSubmit={submit}>
        <label>
          <span>{P.newDueAt}</span>
          <input type="date" name="extendDate" required value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </label>
        <label>
          <span>{P.reason}</span>
          <textarea name="extendReason" rows={2} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        {err && <Notice kind="error">{err}</Notice>}
        <div>
          <button type="submit" class="btn">
            {P.extend}
          </button>
        </div>
      </form>
    </details>
  );
}

function AnswerForm({ p, act }: { p: Petition; act: Act }) {
  const P = usePT();
  const [mode, setMode] = useState<AnswerMode>('written');
  const [text, setText] = useState('');
  const [documentNo, setDocumentNo] = useState('');
  const [signedBy, setSignedBy] = useState('');
  const [withCommitment, setWithCommitment] = useState(false);
  const [cText, setCText] = useState('');
  const [cDate, setCDate] = useState('');
  const [err, setErr] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setErr(null);
    if (!text.trim()) return setErr(P.textRequired);
    const body: Record<string, unknown> = { mode, text: text.trim() };
    if (documentNo.trim()) body.documentNo = documentNo.trim();
    if (signedBy.trim()) body.signedBy = signedBy.trim();
    if (withCommitment) {
      const due = dayEnd(cDate);
      if (!cText.trim() || !due) return setErr(P.textRequired);
      body.commitment = { text: cText.trim(), dueAt: due.toISO() };
    }
    await act('/answer', body, P.confirmAnswer(p.code));
  }
  return (
    <section class="card" aria-labelledby="paf-h">
      <h2 id="paf-h">{P.answerForm}</h2>
      <form class="form" onSubmit={submit} data-form="answer">
        <fieldset>
          <legend>{P.answerMode}</legend>
          {(['written', 'on_spot'] as const).map((m) => (
            <label key={m} class="inline">
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
              {P.modes[m]}
            </label>
          ))}
        </fieldset>
        <label>
          <span>{P.answerText}</span>
          <textarea name="answerText" rows={6} maxLength={10000} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <div class="grid2">
          <label>
            <span>{P.documentNo}</span>
            <input name="documentNo" maxLength={100} value={documentNo} onInput={(e) => setDocumentNo(e.currentTarget.value)} />
          </label>
          <label>
            <span>{P.signedBy}</span>
            <input name="signedBy" maxLength={200} value={signedBy} onInput={(e) => setSignedBy(e.currentTarget.value)} />
          </label>
        </div>
        <label class="inline">
          <input type="checkbox" checked={withCommitment} onChange={(e) => setWithCommitment(e.currentTarget.checked)} />
          {P.addCommitment}
        </label>
        {withCommitment && (
          <div class="grid2">
            <label>
              <span>{P.commitmentText}</span>
              <input name="commitmentText" value={cText} onInput={(e) => setCText(e.currentTarget.value)} />
            </label>
            <label>
              <span>{P.commitmentDueAt}</span>
              <input type="date" name="commitmentDue" value={cDate} onInput={(e) => setCDate(e.currentTarget.value)} />
            </label>
          </div>
        )}
        {err && <Notice kind="error">{err}</Notice>}
        <div>
          <button type="submit" class="btn primary" data-action="answer">
            {P.sendAnswer}
          </button>
        </div>
      </form>
    </section>
  );
}

function ReasonForm({ label, action, confirmText, act, danger }: { label: string; action: string; confirmText: string; act: Act; danger?: boolean }) {
  const P = usePT();
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);
  return (
    <details class="pt-action">
      <summary>{label}</summary>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setErr(null);
          if (!reason.trim()) return setErr(P.reasonRequired);
          if (await act(`/${action}`, { reason: reason.trim() }, confirmText)) setReason('');
        }}
      >
        <label>
          <span>{P.reason}</span>
          <textarea name={`${action}Reason`} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        {err && <Notice kind="error">{err}</Notice>}
        <div>
          <button type="submit" class={`btn ${danger ? 'danger' : ''}`} data-action={action}>
            {label}
          </button>
        </div>
      </form>
    </details>
  );
}

function MergeForm({ p, act }: { p: Petition; act: Act }) {
  const P = usePT();
  const [code, setCode] = useState('');
  const [err, setErr] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setErr(null);
    const c = code.trim().toUpperCase();
    if (!c) return;
    try {
      const found = await get<Page<Petition>>(`/api/petitions?q=${encodeURIComponent(c)}&limit=5`);
      const into = found.items.find((x) => x.code.toUpperCase() === c && x.id !== p.id);
      if (!into) return setErr(P.mergeNotFound(c));
      await act('/merge', { intoId: into.id }, P.confirmMerge(p.code, into.code));
    } catch (x) {
      setErr(errorText(x));
    }
  }
  return (
    <details class="pt-action">
      <summary>{P.merge}</summary>
      <form class="form" onSubmit={submit}>
        <label>
          <span>{P.mergeInto}</span>
          <input name="mergeInto" placeholder="KN-2026-000001" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </label>
        {err && <Notice kind="error">{err}</Notice>}
        <div>
          <button type="submit" class="btn">
            {P.merge}
          </button>
        </div>
      </form>
    </details>
  );
}

/** What the edit form edits (anonymity has its own switch beside the submitter, with its confirmation). */
const EDIT_KEYS = ['title', 'content', 'field', 'kind', 'conferenceId'] as const;
type EditKey = (typeof EDIT_KEYS)[number];
type EditValues = { title: string; content: string; field: Field; kind: PetitionKind; conferenceId: string };

function editValues(p: Petition): EditValues {
  return { title: p.title, content: p.content, field: p.field, kind: p.kind, conferenceId: p.conferenceId ?? '' };
}

/** The value as it would be sent (titles and contents trimmed). */
function sendable(k: EditKey, v: string): string {
  return k === 'title' || k === 'content' ? v.trim() : v;
}

/**
 * `PATCH /api/petitions/:id` (organizer): title, content, field, kind, the conference it is linked to. Only the fields
 * the user changed are sent, measured against the values the form was loaded from; when the petition is reloaded
 * (after any action, or a stale-version refusal) the untouched fields follow it, the typed ones are kept, and a field
 * someone else changed meanwhile that the user also changed is named with the other person's value.
 */
function EditForm({ p, act, busy }: { p: Petition; act: Act; busy: boolean }) {
  const P = usePT();
  const conferences = useConferences();
  const [base, setBase] = useState<EditValues>(() => editValues(p));
  const [f, setF] = useState<EditValues>(base);
  const [clashes, setClashes] = useState<Array<{ key: EditKey; theirs: string }>>([]);
  const [err, setErr] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const set = <K extends EditKey>(k: K, v: EditValues[K]) => setF((x) => ({ ...x, [k]: v }));
  useEffect(() => {
    const next = editValues(p);
    if (EDIT_KEYS.every((k) => next[k] === base[k])) return;
    const { form, clashes: both } = rebase(f, base, next);
    setBase(next);
    setF(form);
    setClashes(both.map((key) => ({ key, theirs: next[key] })));
  }, [p.id, p.version]);

  const label = (k: EditKey) => ({ title: P.title, content: P.content, field: P.field, kind: P.kind, conferenceId: P.conference })[k];
  const shown = (k: EditKey, v: string): string => {
    if (k === 'field') return P.fields[v as Field] ?? v;
    if (k === 'kind') return P.kinds[v as PetitionKind] ?? v;
    if (k === 'conferenceId') return v ? (conferences.find((c) => c.id === v)?.title ?? v) : '—';
    return v.length > 200 ? `${v.slice(0, 200)}…` : v;
  };

  async function submit(e: Event) {
    e.preventDefault();
    setErr(null);
    setInfo(null);
    if (busy) return;
    const body: Record<string, unknown> = {};
    for (const k of EDIT_KEYS) {
      const v = sendable(k, f[k]);
      if (v !== base[k]) body[k] = k === 'conferenceId' ? v || null : v;
    }
    if (body.title === '' || body.content === '') return setErr(P.textRequired);
    if (Object.keys(body).length === 0) return setInfo(P.noChanges);
    if (await act('', body, null, true, 'PATCH')) setClashes([]);
  }
  return (
    <details class="pt-action">
      <summary>{P.edit}</summary>
      <form class="form" onSubmit={submit} data-form="edit">
        {clashes.length > 0 && (
          <div data-edit-clashes>
            <Notice kind="warning">
              {clashes.map((c) => (
                <div key={c.key} data-clash={c.key}>
                  {P.editClash(label(c.key), shown(c.key, c.theirs))}
                </div>
              ))}
            </Notice>
          </div>
        )}
        <label>
          <span>{P.title}</span>
          <input name="editTitle" maxLength={200} value={f.title} onInput={(e) => set('title', e.currentTarget.value)} />
        </label>
        <label>
          <span>{P.content}</span>
          <textarea name="editContent" rows={4} maxLength={10000} value={f.content} onInput={(e) => set('content', e.currentTarget.value)} />
        </label>
        <ChoiceSelect label={P.field} name="editField" value={f.field} choices={FIELDS} words={P.fields} onChange={(v) => set('field', v as Field)} />
        <ChoiceSelect label={P.kind} name="editKind" value={f.kind} choices={KINDS} words={P.kinds} onChange={(v) => set('kind', v as PetitionKind)} />
        <ConferenceSelect
          label={P.conference}
          name="editConference"
          value={f.conferenceId}
          conferences={conferences}
          empty="—"
          onChange={(v) => set('conferenceId', v)}
        />
        {err && <Notice kind="error">{err}</Notice>}
        {info && <Notice kind="info">{info}</Notice>}
        <div>
          <button type="submit" class="btn" data-action="edit" disabled={busy}>
            {P.save}
          </button>
        </div>
      </form>
    </details>
  );
}
