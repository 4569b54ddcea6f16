import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, errorText, get } from '../api';
import { CheckinSession, type CheckinView } from '../checkin/checkin-session';
import { getSession } from '../session';
import { useT } from '../i18n';
import { connectLive, request } from '../live';
import { epoch, fmtRange, fmtTime, fmtTimeSec } from '../time';
import { LangSwitch } from '../components/lang-switch';
import { Notice } from '../components/ui';
import { PointBroadcast } from '../broadcast/point-broadcast';

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
  const session = useMemo(
    () =>
      token
        ? new CheckinSession({
            token,
            conferenceId: creds?.conferenceId,
            get: (path, t) => get(path, { token: t }),
            connect: connectLive,
            request,
            statusOf: (e) => (e instanceof ApiError ? e.status : undefined),
            alert: () => navigator.vibrate?.(200),
          })
        : null,
    [token],
  );
  const [view, setView] = useState<CheckinView | null>(session?.view ?? null);
  const [, setTick] = useState(0);

  useEffect(() => {
    document.title = T.checkinTitle;
  }, [T]);

  useEffect(() => {
    if (!session) return;
    const off = session.subscribe(() => setView(session.view));
    void session.start();
    return () => {
      off();
      session.dispose();
    };
  }, [session]);

  const rollcall = view?.rollcall ?? null;
  // roll-call countdown
  useEffect(() => {
    if (!rollcall || rollcall.answered) return;
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [rollcall]);

  function onCheckout() {
    if (session && confirm(T.checkoutConfirm)) void session.checkOut();
  }

  const fatal = view?.fatal ? (view.fatal.kind === 'badToken' ? T.badToken : errorText(view.fatal.error)) : null;
  if (!session || !view || fatal) {
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

  const { me, conf, agenda, phase, state, conn, notices, signal } = view;
  const capacity = (view.error as { details?: { reason?: string } } | null)?.details?.reason === 'capacity';
  const error = view.error ? (capacity ? T.bc.capacityRefused : errorText(view.error)) : null;
  const info = view.info === 'reconnected' ? T.reconnectedCheckin : view.info === 'signalSent' ? T.signalSent : null;
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
              <button type="button" class="btn huge primary" data-action="checkin" onClick={() => void session.checkIn()} aria-busy={phase === 'checking'}>
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

        <PointBroadcast
          socket={session.liveSocket}
          conferenceId={me?.conferenceId}
          pointId={me?.pointId ?? undefined}
          token={token ?? ''}
          checkedIn={checkedIn}
          conference={conf}
        />

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
                <button type="button" class="btn huge primary" data-action="rollcall-answer" onClick={() => void session.answerRollcall()}>
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
              <button type="button" class={`btn ${signal.audio === 'ok' ? 'on-ok' : ''}`} aria-pressed={signal.audio === 'ok'} data-action="audio-ok" onClick={() => void session.sendSignal('audio', 'ok')}>
                {T.audioOk}
              </button>
              <button type="button" class={`btn ${signal.audio === 'fail' ? 'on-bad' : ''}`} aria-pressed={signal.audio === 'fail'} data-action="audio-fail" onClick={() => void session.sendSignal('audio', 'fail')}>
                {T.audioFail}
              </button>
            </div>
            <div class="sig-row" role="group" aria-label={T.video}>
              <span>{T.video}</span>
              <button type="button" class={`btn ${signal.video === 'ok' ? 'on-ok' : ''}`} aria-pressed={signal.video === 'ok'} data-action="video-ok" onClick={() => void session.sendSignal('video', 'ok')}>
                {T.videoOk}
              </button>
              <button type="button" class={`btn ${signal.video === 'fail' ? 'on-bad' : ''}`} aria-pressed={signal.video === 'fail'} data-action="video-fail" onClick={() => void session.sendSignal('video', 'fail')}>
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
