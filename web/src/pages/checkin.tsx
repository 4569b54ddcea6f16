import { useEffect, useRef, useState } from 'preact/hooks';
import type { NoticeMessage, PresenceState, RollcallPrompt, SignalQuality } from '../../../src/presence/presence.events';
import { ApiError, errorText, get, localize } from '../api';
import { getSession } from '../session';
import { useT } from '../i18n';
import { connectLive, request, type LiveSocket } from '../live';
import { epoch, fmtRange, fmtTime, fmtTimeSec } from '../time';
import type { Agenda, AgendaItem, Conference, Me } from '../types';
import { LangSwitch } from '../components/lang-switch';
import { Notice } from '../components/ui';

type Phase = 'idle' | 'checking' | 'in' | 'left';

/**
 * The check-in link's token (in the fragment); or, for a signed-in account of role `point`, its own token with the
 * conference from `?conference=<id>` (the link from the conference list).
 */
function credentials(): { token: string; conferenceId?: string } | null {
  const fromLink = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromLink) return { token: fromLink };
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
  const [creds] = useState(credentials);
  const token = creds?.token ?? null;
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

  // who am I: point and conference from the token alone
  useEffect(() => {
    if (!token) return;
    let stop = false;
    void (async () => {
      try {
        const m = { ...(await get<Me>('/api/auth/me', { token })) };
        if (stop) return;
        if (!m.conferenceId && creds?.conferenceId) m.conferenceId = creds.conferenceId;
        if (!m.conferenceId || !m.pointId) throw new ApiError(401, 'unauthorized', [T.badToken]);
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
      } catch (e) {
        if (!stop) setFatal(e instanceof ApiError && (e.status === 401 || e.status === 403) ? T.badToken : errorText(e));
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
      if (auto) setInfo(T.reconnectedCheckin);
      const sig = signalRef.current;
      if (sig.audio || sig.video) void request(s, 'status', { conferenceId: m.conferenceId, audio: sig.audio ?? 'ok', video: sig.video ?? 'ok' });
      const a = agendaRef.current;
      if (a) void request(s, 'agenda:ack', { conferenceId: m.conferenceId, version: a.version });
    } else {
      if (r.error.code !== 'internal_error') wantIn.current = false;
      setPhase(phaseRef.current === 'in' ? 'in' : 'idle');
      setError(localize(r.error.message));
    }
  }

  // the live connection: open at once, so the button answers quickly; re-check-in after every reconnect
  useEffect(() => {
    if (!token) return;
    const s = connectLive(token);
    socketRef.current = s;
    s.on('connect', () => {
      setConn('online');
      if (wantIn.current) void checkin(phaseRef.current === 'in');
    });
    s.on('disconnect', (reason) => {
      setConn('lost');
      if (reason === 'io server disconnect') setTimeout(() => socketRef.current === s && s.connect(), 1000);
    });
    s.on('connect_error', (err) => {
      if (err.message === 'unauthorized') setFatal(T.badToken);
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
      setPhase('left');
      setState('left');
    } else setError(localize(r.error.message));
  }

  async function sendSignal(kind: 'audio' | 'video', value: SignalQuality) {
    const next = { ...signal, [kind]: value };
    setSignal(next);
    const s = socketRef.current;
    if (!s || !me?.conferenceId || phase !== 'in') return;
    const r = await request(s, 'status', { conferenceId: me.conferenceId, audio: next.audio ?? 'ok', video: next.video ?? 'ok' });
    if (r.ok) setInfo(T.signalSent);
    else setError(localize(r.error.message));
  }

  async function answerRollcall() {
    const s = socketRef.current;
    if (!s || !rollcall) return;
    const r = await request(s, 'rollcall:answer', { rollcallId: rollcall.prompt.rollcallId });
    if (r.ok) setRollcall({ ...rollcall, answered: true });
    else setError(localize(r.error.message));
  }

  if (!token || fatal) {
    return (
      <div class="checkin">
        <header class="ck-head">
          <strong>{T.checkinTitle}</strong>
          <LangSwitch />
        </header>
        <main class="ck-main">
          <Notice kind="error">{fatal ?? T.noToken}</Notice>
        </main>
      </div>
    );
  }

  const tz = conf?.timezone ?? 'Asia/Ho_Chi_Minh';
  const items = agenda?.items ?? [];
  const currentIdx = items.findIndex((i) => i.id === agenda?.currentItemId);
  const rcLeft = rollcall ? Math.max(0, Math.round((epoch(rollcall.prompt.deadline) - Date.now()) / 1000)) : 0;
  const checkedIn = phase === 'in';

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
        </section>

        <section class="ck-action">
          {!checkedIn ? (
            <>
              <button type="button" class="btn huge primary" data-action="checkin" onClick={onCheckin} aria-busy={phase === 'checking'}>
                {phase === 'checking' ? T.checkingIn : T.checkin}
              </button>
              <p class="muted center">{phase === 'left' ? T.leftHint : T.checkinHint}</p>
            </>
          ) : (
            <div class="ck-status s-online" role="status" data-checkin-state={state ?? 'online'}>
              <span class="big-icon" aria-hidden="true">
                ✓
              </span>
              <div>
                <strong>{T.checkedIn}</strong>
                <div>{T.states[state ?? 'online']}</div>
              </div>
              <button type="button" class="btn small" onClick={onCheckout}>
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
                <button type="button" class="btn huge primary" data-action="rollcall-answer" onClick={answerRollcall}>
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
            <h2 id="sig-h">{T.signalQuestion}</h2>
            <div class="sig-row" role="group" aria-label={T.audio}>
              <span>{T.audio}</span>
              <button type="button" class={`btn ${signal.audio === 'ok' ? 'on-ok' : ''}`} aria-pressed={signal.audio === 'ok'} data-action="audio-ok" onClick={() => sendSignal('audio', 'ok')}>
                {T.audioOk}
              </button>
              <button type="button" class={`btn ${signal.audio === 'fail' ? 'on-bad' : ''}`} aria-pressed={signal.audio === 'fail'} data-action="audio-fail" onClick={() => sendSignal('audio', 'fail')}>
                {T.audioFail}
              </button>
            </div>
            <div class="sig-row" role="group" aria-label={T.video}>
              <span>{T.video}</span>
              <button type="button" class={`btn ${signal.video === 'ok' ? 'on-ok' : ''}`} aria-pressed={signal.video === 'ok'} data-action="video-ok" onClick={() => sendSignal('video', 'ok')}>
                {T.videoOk}
              </button>
              <button type="button" class={`btn ${signal.video === 'fail' ? 'on-bad' : ''}`} aria-pressed={signal.video === 'fail'} data-action="video-fail" onClick={() => sendSignal('video', 'fail')}>
                {T.videoFail}
              </button>
            </div>
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
                  {fmtTime(it.startsAt, tz)}–{fmtTime(it.endsAt, tz)}
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
