import { useEffect, useRef, useState } from 'preact/hooks';
import type { NoticeMessage, PresenceState, RollcallPrompt, SignalQuality } from '../../../src/presence/presence.events';
import { ApiError, errorText, get, post } from '../api';
import { useL } from '../i18n-live';
import { Hotline } from '../components/page-state';
import { getSession } from '../session';
import { useT } from '../i18n';
import { connectLive, request, type LiveSocket } from '../live';
import { epoch, fmtDateTime, fmtRange, fmtTime, fmtTimeSec } from '../time';
import type { Agenda, AgendaItem, Conference, Me } from '../types';
import { LangSwitch } from '../components/lang-switch';
import { Notice } from '../components/ui';

type Phase = 'idle' | 'checking' | 'in' | 'left';

/** What became of a link that no longer opens (POST /api/conferences/checkin-link-status). */
interface LinkStatus {
  state: 'valid' | 'revoked' | 'expired' | 'invalid';
  conference?: { title: string; endsAt: string; timezone: string; contactName: string | null; contactPhone: string | null };
}

/** This browser confirmed attendance of this point at this conference (kept until it checks out). */
const CHECKED_IN_KEY = (conferenceId: string, pointId: string | null) => `diemcau.checkedIn.${conferenceId}.${pointId ?? ''}`;
function rememberCheckin(conferenceId: string, pointId: string | null, on: boolean): void {
  try {
    if (on) localStorage.setItem(CHECKED_IN_KEY(conferenceId, pointId), new Date().toISOString());
    else localStorage.removeItem(CHECKED_IN_KEY(conferenceId, pointId));
  } catch {
    /* private mode: nothing remembered */
  }
}
function checkedInBefore(conferenceId: string, pointId: string | null): boolean {
  try {
    return localStorage.getItem(CHECKED_IN_KEY(conferenceId, pointId)) !== null;
  } catch {
    return false;
  }
}

/**
 * The check-in link's token (in the fragment); or, for a signed-in account of role `point`, its own token with the
 * conference from `?conference=<id>` (the link from the conference list).
 */
function credentials(): { token: string; conferenceId?: string } | { code: string } | null {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromLink = hash.get('token');
  if (fromLink) return { token: fromLink };
  const code = hash.get('code');
  if (code) return { code };
  const session = getSession();
  const conferenceId = new URLSearchParams(location.search).get('conference');
  if (session?.user.role === 'point' && session.user.pointId && conferenceId) return { token: session.token, conferenceId };
  return null;
}

/**
 * The point's page, opened from its check-in link (`/checkin#token=…`; the token never leaves the fragment).
 * It learns its point and conference from the token (`GET /api/auth/me`). The first check-in waits for the
 * big button; after a lost connection it reconnects and checks in again by itself.
 */
export function CheckinPage() {
  const T = useT();
  const L = useL();
  const [creds] = useState(credentials);
  const [token, setToken] = useState<string | null>(creds && 'token' in creds ? creds.token : null);
  const code = creds && 'code' in creds ? creds.code : null;
  const revokedRef = useRef(false);
  const autoRef = useRef(false);
  const [me, setMe] = useState<Me | null>(null);
  const [conf, setConf] = useState<Conference | null>(null);
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [state, setState] = useState<PresenceState | null>(null);
  const [conn, setConn] = useState<'connecting' | 'online' | 'lost'>('connecting');
  const [notices, setNotices] = useState<NoticeMessage[]>([]);
  const [rollcall, setRollcall] = useState<{ prompt: RollcallPrompt; answered: boolean } | null>(null);
  const [signal, setSignal] = useState<{ audio: SignalQuality | null; video: SignalQuality | null }>({ audio: null, video: null });
  const [fatal, setFatal] = useState<string | null>(null);
  const [linkStatus, setLinkStatus] = useState<LinkStatus | null>(null);
  const [sent, setSent] = useState<{ audio: boolean; video: boolean }>({ audio: false, video: false });
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const socketRef = useRef<LiveSocket | null>(null);
  const wantIn = useRef(false);
  const meRef = useRef<Me | null>(null);
  const agendaRef = useRef<Agenda | null>(null);
  const phaseRef = useRef<Phase>('idle');
  const signalRef = useRef(signal);
  meRef.current = me;
  agendaRef.current = agenda;
  phaseRef.current = phase;
  signalRef.current = signal;

  useEffect(() => {
    document.title = T.checkinTitle;
  }, [T]);

  /** Asks the server what became of this link (replaced, expired, cut short), to say it and show the hotline. */
  function explain(t: string | null) {
    if (!t || !(creds && 'token' in creds) && !code) return; // a point account's own sign-in is not a link
    post<LinkStatus>('/api/conferences/checkin-link-status', { token: t })
      .then((st) => st.state !== 'valid' && setLinkStatus(st))
      .catch(() => undefined);
  }

  // a printed short code (`#code=`): exchanged for the link's token, which then replaces it in the address
  useEffect(() => {
    if (!code) return;
    post<{ token: string }>('/api/auth/checkin-code', { code })
      .then((r) => {
        history.replaceState(null, '', `/checkin#token=${r.token}`);
        setToken(r.token);
      })
      .catch((e) => setFatal(e instanceof ApiError && e.status === 429 ? L.codeRateLimited : e instanceof ApiError && e.status === 404 ? L.codeUnknown : errorText(e)));
  }, [code]);

  // who am I: point and conference from the token alone
  useEffect(() => {
    if (!token) return;
    let stop = false;
    (async () => {
      try {
        const m = { ...(await get<Me>('/api/auth/me', { token })) };
        if (stop) return;
        if (!m.conferenceId && creds && 'conferenceId' in creds && creds.conferenceId) m.conferenceId = creds.conferenceId;
        if (!m.conferenceId || !m.pointId) throw new ApiError(401, 'unauthorized');
        setMe(m);
        meRef.current = m;
        if (wantIn.current) void checkin();
        const [c, a] = await Promise.all([
          get<Conference>(`/api/conferences/${m.conferenceId}`, { token }),
          get<Agenda>(`/api/conferences/${m.conferenceId}/agenda`, { token }).catch(() => null),
        ]);
        if (stop) return;
        setConf(c);
        if (a) setAgenda((prev) => (prev && prev.version > a.version ? prev : a));
        // Phones discard background tabs: a browser that already checked in here checks in again by itself.
        if (!wantIn.current && (c.status === 'live' || c.status === 'scheduled') && checkedInBefore(m.conferenceId, m.pointId)) {
          wantIn.current = true;
          autoRef.current = true;
          void checkin(true);
        }
      } catch (e) {
        if (stop) return;
        const refused = e instanceof ApiError && (e.status === 401 || e.status === 403);
        setFatal(refused ? T.badToken : errorText(e));
        if (refused) explain(token);
      }
    })();
    return () => {
      stop = true;
    };
  }, [token]);

  async function checkin(auto = false): Promise<void> {
    const s = socketRef.current;
    const m = meRef.current;
    if (!s || !m?.conferenceId) {
      setPhase('checking');
      return; // done when the socket connects / the token is known
    }
    if (!s.connected) {
      setPhase((p) => (p === 'in' ? p : 'checking'));
      return;
    }
    if (!auto) setPhase('checking');
    const r = await request(s, 'checkin', { conferenceId: m.conferenceId });
    if (r.ok) {
      setError(null);
      setPhase('in');
      setState(r.state ?? 'online');
      rememberCheckin(m.conferenceId, m.pointId, true);
      if (auto) setInfo(autoRef.current ? L.autoReconfirmed : T.reconnectedCheckin);
      autoRef.current = false;
      const sig = signalRef.current;
      if (sig.audio || sig.video) void request(s, 'status', { conferenceId: m.conferenceId, audio: sig.audio ?? 'ok', video: sig.video ?? 'ok' });
      const a = agendaRef.current;
      if (a) void request(s, 'agenda:ack', { conferenceId: m.conferenceId, version: a.version });
    } else {
      if (r.error.code !== 'internal_error') wantIn.current = false;
      setPhase(phaseRef.current === 'in' ? 'in' : 'idle');
      setError(errorText(r.error));
    }
  }

  // the live connection: open at once, so the button answers quickly; re-check-in after every reconnect
  useEffect(() => {
    if (!token) return;
    const s = connectLive(token);
    socketRef.current = s;
    s.on('connect', () => {
      setConn('online');
      if (wantIn.current) void checkin(phaseRef.current === 'in' || autoRef.current);
    });
    s.on('disconnect', (reason) => {
      setConn('lost');
      if (reason === 'io server disconnect' && !revokedRef.current) setTimeout(() => socketRef.current === s && s.connect(), 1000);
    });
    s.on('revoked', () => {
      revokedRef.current = true;
      wantIn.current = false;
      setFatal(L.linkRevoked);
      explain(token);
    });
    s.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        setFatal((f) => f ?? T.badToken);
        explain(token);
      }
      setConn('lost');
    });
    s.on('notice', (n) => {
      setNotices((list) => (list.some((x) => x.id === n.id) ? list : [n, ...list]));
      navigator.vibrate?.(200);
    });
    s.on('rollcall', (prompt) => setRollcall({ prompt, answered: false }));
    s.on('agenda', (a) => {
      setAgenda((prev) => ({ ...(prev ?? {}), conferenceId: a.conferenceId, version: a.version, items: a.items as AgendaItem[], currentItemId: a.currentItemId }));
      if (phaseRef.current === 'in') void request(s, 'agenda:ack', { conferenceId: a.conferenceId, version: a.version });
    });
    return () => {
      s.removeAllListeners();
      s.disconnect();
      socketRef.current = null;
    };
  }, [token]);

  // roll-call countdown
  useEffect(() => {
    if (!rollcall || rollcall.answered) return;
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [rollcall]);

  function onCheckin() {
    wantIn.current = true;
    setInfo(null);
    void checkin();
  }

  async function onCheckout() {
    const s = socketRef.current;
    if (!s || !me?.conferenceId || !confirm(T.checkoutConfirm)) return;
    wantIn.current = false;
    const r = await request(s, 'checkout', { conferenceId: me.conferenceId });
    if (r.ok) {
      rememberCheckin(me.conferenceId, me.pointId, false);
      setPhase('left');
      setState('left');
    } else setError(errorText(r.error));
  }

  async function sendSignal(kind: 'audio' | 'video', value: SignalQuality) {
    const next = { ...signal, [kind]: value };
    setSignal(next);
    const s = socketRef.current;
    if (!s || !me?.conferenceId || phase !== 'in') return;
    const r = await request(s, 'status', { conferenceId: me.conferenceId, audio: next.audio ?? 'ok', video: next.video ?? 'ok' });
    // confirmed in place, beside the buttons: nothing above them moves under the finger
    if (r.ok) setSent((x) => ({ ...x, [kind]: true }));
    else setError(errorText(r.error));
  }

  async function answerRollcall() {
    const s = socketRef.current;
    if (!s || !rollcall) return;
    const r = await request(s, 'rollcall:answer', { rollcallId: rollcall.prompt.rollcallId });
    if (r.ok) setRollcall({ ...rollcall, answered: true });
    else setError(errorText(r.error));
  }

  if ((!token && !code) || fatal) {
    return (
      <div class="checkin">
        <header class="ck-head">
          <strong>{T.checkinTitle}</strong>
          <LangSwitch />
        </header>
        <main class="ck-main">
          {linkStatus || (!token && !code) ? (
            <LinkProblem status={linkStatus ?? { state: 'invalid' }} />
          ) : (
            <div data-checkin-error>
              <Notice kind="error">{fatal ?? T.noToken}</Notice>
            </div>
          )}
          {conf && !linkStatus && <p class="muted">{conf.title}</p>}
          {!linkStatus && <Hotline name={conf?.contactName} phone={conf?.contactPhone} />}
          <p>
            <a class="btn" href="/" data-action="point-sign-in">
              {L.pointAccountSignIn}
            </a>
          </p>
        </main>
      </div>
    );
  }
  if (!token) {
    return (
      <div class="checkin">
        <header class="ck-head">
          <strong>{T.checkinTitle}</strong>
          <LangSwitch />
        </header>
        <main class="ck-main">
          <p class="loading" role="status">
            {L.exchangingCode}
          </p>
        </main>
      </div>
    );
  }

  const tz = conf?.timezone ?? 'Asia/Ho_Chi_Minh';
  const items = agenda?.items ?? [];
  const currentIdx = items.findIndex((i) => i.id === agenda?.currentItemId);
  const rcLeft = rollcall ? Math.max(0, Math.round((epoch(rollcall.prompt.deadline) - Date.now()) / 1000)) : 0;
  const checkedIn = phase === 'in';
  const closedStatus = conf && (conf.status === 'cancelled' || conf.status === 'ended' || conf.status === 'draft') ? conf.status : null;

  return (
    <div class={`checkin phase-${phase}`}>
      <header class="ck-head">
        <div>
          <small>{T.yourPoint}</small>
          <strong data-point={me?.point?.code}>{me?.point?.name ?? T.loading}</strong>
        </div>
        <LangSwitch />
      </header>
      {conn === 'lost' && (
        <div class="banner lost" role="alert" data-banner="connection-lost">
          ⚠ {T.connectionLost}
        </div>
      )}
      <main class="ck-main">
        <section class="ck-conf">
          <h1>{conf?.title ?? T.loading}</h1>
          {conf && <p class="muted">{fmtRange(conf.startsAt, conf.endsAt, tz)}</p>}
          <Hotline name={conf?.contactName} phone={conf?.contactPhone} />
        </section>

        {closedStatus && (
          <section class={`ck-closed status-${closedStatus}`} role="status" data-closed={closedStatus}>
            <h2>{closedStatus === 'cancelled' ? L.confCancelled : closedStatus === 'ended' ? L.confEndedAt(fmtDateTime(conf!.updatedAt ?? conf!.endsAt, tz)) : L.confDraft}</h2>
            <p>{closedStatus === 'cancelled' ? L.confCancelledHint : closedStatus === 'ended' ? L.confEndedHint : L.confDraftHint}</p>
          </section>
        )}

        <section class="ck-action" hidden={!!closedStatus && !checkedIn}>
          {!checkedIn ? (
            <>
              <button type="button" class="btn huge primary" data-action="checkin" onClick={onCheckin} aria-busy={phase === 'checking'}>
                {phase === 'checking' ? T.checkingIn : T.checkin}
              </button>
              <p class="muted center">{phase === 'left' ? T.leftHint : T.checkinHint}</p>
            </>
          ) : (
            <div class={`ck-status ${conn === 'lost' ? 's-unstable' : 's-online'}`} role="status" data-checkin-state={state ?? 'online'} data-conn={conn}>
              <span class="big-icon" aria-hidden="true">
                {conn === 'lost' ? '◐' : '✓'}
              </span>
              <div>
                <strong>{conn === 'lost' ? L.checkedInOffline : T.checkedIn}</strong>
                <div>{conn === 'lost' ? L.reconnecting : T.states[state ?? 'online']}</div>
              </div>
              <button type="button" class="btn small" onClick={onCheckout} disabled={conn !== 'online'}>
                {T.checkout}
              </button>
            </div>
          )}
          {error && <Notice kind="error">{error}</Notice>}
          {info && !error && <Notice kind="success">{info}</Notice>}
        </section>

        {rollcall && (
          <section class={`ck-rollcall${rollcall.answered ? ' answered' : ''}`} aria-labelledby="rc-title" role="alert" data-rollcall={rollcall.prompt.rollcallId}>
            <h2 id="rc-title">{T.rollcall}</h2>
            {rollcall.answered ? (
              <p>✓ {T.rollcallAnswered}</p>
            ) : rcLeft > 0 ? (
              <>
                <p>
                  {T.rollcallPrompt} ({T.rollcallRunning(rcLeft)}, {fmtTimeSec(rollcall.prompt.deadline, tz)})
                </p>
                <button type="button" class="btn huge primary" data-action="rollcall-answer" onClick={answerRollcall} disabled={conn !== 'online'}>
                  {T.answered}
                </button>
              </>
            ) : (
              <p>{T.rollcallExpired}</p>
            )}
          </section>
        )}

        {checkedIn && (
          <section class="ck-signal" aria-labelledby="sig-h">
            <fieldset class="plain" disabled={conn !== 'online'}>
            <h2 id="sig-h">{T.signalQuestion}</h2>
            <div class="sig-row" role="group" aria-label={T.audio}>
              <span>{T.audio}</span>
              <button type="button" class={`btn ${signal.audio === 'ok' ? 'on-ok' : ''}`} aria-pressed={signal.audio === 'ok'} data-action="audio-ok" onClick={() => sendSignal('audio', 'ok')}>
                {T.audioOk}
              </button>
              <button type="button" class={`btn ${signal.audio === 'fail' ? 'on-bad' : ''}`} aria-pressed={signal.audio === 'fail'} data-action="audio-fail" onClick={() => sendSignal('audio', 'fail')}>
                {T.audioFail}
              </button>
              <span class="sig-sent" aria-live="polite" data-sent="audio">
                {sent.audio ? L.signalSentInline : ''}
              </span>
            </div>
            <div class="sig-row" role="group" aria-label={T.video}>
              <span>{T.video}</span>
              <button type="button" class={`btn ${signal.video === 'ok' ? 'on-ok' : ''}`} aria-pressed={signal.video === 'ok'} data-action="video-ok" onClick={() => sendSignal('video', 'ok')}>
                {T.videoOk}
              </button>
              <button type="button" class={`btn ${signal.video === 'fail' ? 'on-bad' : ''}`} aria-pressed={signal.video === 'fail'} data-action="video-fail" onClick={() => sendSignal('video', 'fail')}>
                {T.videoFail}
              </button>
              <span class="sig-sent" aria-live="polite" data-sent="video">
                {sent.video ? L.signalSentInline : ''}
              </span>
            </div>
            {(signal.audio === 'fail' || signal.video === 'fail') && (
              <p class="sig-trouble" data-signal-trouble>
                {L.signalTroubleHint}
                {conf?.contactPhone && (
                  <>
                    {' '}
                    {L.technicalHotline}{' '}
                    <a class="tel" href={`tel:${conf.contactPhone.replace(/[^0-9+]/g, '')}`}>
                      ☎ {conf.contactPhone}
                    </a>
                  </>
                )}
              </p>
            )}
            </fieldset>
          </section>
        )}

        <section class="ck-notices" aria-labelledby="nt-h">
          <h2 id="nt-h">{T.noticesReceived}</h2>
          <ul role="log" aria-live="polite" class="notices">
            {notices.length === 0 && <li class="muted">{T.noNotices}</li>}
            {notices.map((n, i) => (
              <li key={n.id} class={i === 0 ? 'notice fresh' : 'notice'} data-notice-id={n.id}>
                <time>{fmtTime(n.at, tz)}</time> <span class="notice-text">{n.text}</span>
              </li>
            ))}
          </ul>
        </section>

        <section class="ck-agenda" aria-labelledby="ag-h">
          <h2 id="ag-h">
            {T.agenda} {agenda && <small class="muted">({T.version(agenda.version)})</small>}
          </h2>
          {items.length === 0 && <p class="muted">{agenda ? T.noItems : T.loading}</p>}
          <ol class="ck-items">
            {items.map((it, i) => (
              <li key={it.id} class={i === currentIdx ? 'current' : i === currentIdx + 1 ? 'next' : ''} data-item-id={it.id} aria-current={i === currentIdx ? 'step' : undefined}>
                <span class="ag-time">
                  {it.actualStartAt && it.actualEndAt ? L.doneAt(fmtTime(it.actualStartAt, tz), fmtTime(it.actualEndAt, tz)) : `${fmtTime(it.startsAt, tz)}–${fmtTime(it.endsAt, tz)}`}
                </span>
                {i === currentIdx && <span class="ag-tag now">{T.current}</span>}
                {i === currentIdx + 1 && <span class="ag-tag">{T.next}</span>}
                <span class="ag-title">{it.title}</span>
                {(it.presenter || it.responsibleUnit) && <span class="ag-who">{[it.presenter, it.responsibleUnit].filter(Boolean).join(' · ')}</span>}
              </li>
            ))}
          </ol>
        </section>
      </main>
    </div>
  );
}

/** A link that no longer opens: what happened, in words, with the conference's hotline when the link is genuine. */
function LinkProblem({ status }: { status: LinkStatus }) {
  const L = useL();
  const c = status.conference;
  const [title, hint] =
    status.state === 'revoked'
      ? [L.linkReplacedTitle, L.linkReplacedHint]
      : status.state === 'expired'
        ? [L.linkExpiredTitle, L.linkExpiredHint(c ? fmtDateTime(c.endsAt, c.timezone) : '')]
        : [L.linkInvalidTitle, L.linkInvalidHint];
  return (
    <section class="ck-closed status-cancelled" role="alert" data-link-problem={status.state}>
      <h2>{title}</h2>
      {c && <p class="muted">{c.title}</p>}
      <p>{hint}</p>
      {c && <Hotline name={c.contactName} phone={c.contactPhone} />}
    </section>
  );
}
