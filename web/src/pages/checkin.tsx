import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, get, post } from '../api';
import { useL } from '../i18n-live';
import { Hotline } from '../components/page-state';
import { CheckinSession, MAX_NOTICES, type CheckinView } from '../checkin/checkin-session';
import { getSession, setSession } from '../session';
import { useT, errorText } from '../i18n';
import { connectLive, request } from '../live';
import { serverClockKnown, serverNow } from '../server-clock';
import { epoch, fmtDateTime, fmtRange, fmtTime, fmtTimeSec } from '../time';
import { LangSwitch } from '../components/lang-switch';
import { Notice, telHref, withLinks } from '../components/ui';
import { PointBroadcast } from '../broadcast/point-broadcast';
import type { NoticeMessage, SignalQuality } from '../../../src/presence/presence.events';
import { bindPetitionEvents, CurrentPetitionBanner, seedCurrentPetition } from '../petitions/live-petition';
import { normalizeShortCode } from '../../../src/common/text/short-code';
import { isClosed } from '../types';

/** What became of a link that no longer opens (POST /api/conferences/checkin-link-status). */
interface LinkStatus {
  state: 'valid' | 'revoked' | 'expired' | 'invalid';
  conference?: { title: string; endsAt: string; timezone: string; contactName: string | null; contactPhone: string | null };
}

/** This browser checked in at this conference (kept until it checks out): a reopened page checks in again by itself. */
const CHECKED_IN = (conferenceId: string, pointId: string) => `diemcau.checkedIn.${conferenceId}.${pointId}`;
const memory = {
  has(conferenceId: string, pointId: string): boolean {
    try {
      return localStorage.getItem(CHECKED_IN(conferenceId, pointId)) !== null;
    } catch {
      return false;
    }
  },
  set(conferenceId: string, pointId: string, on: boolean): void {
    try {
      if (on) localStorage.setItem(CHECKED_IN(conferenceId, pointId), new Date().toISOString());
      else localStorage.removeItem(CHECKED_IN(conferenceId, pointId));
    } catch {
      /* private mode: nothing remembered */
    }
  },
};
/** The notices this browser received as this point at this conference, so a reloaded page shows them again. */
const NOTICES = (conferenceId: string, pointId: string) => `diemcau.notices.${conferenceId}.${pointId}`;
const isNotice = (n: unknown): n is NoticeMessage =>
  !!n && typeof n === 'object' && ['id', 'conferenceId', 'text', 'at'].every((k) => typeof (n as Record<string, unknown>)[k] === 'string');
const noticeBook = {
  load(conferenceId: string, pointId: string): NoticeMessage[] {
    try {
      const v: unknown = JSON.parse(localStorage.getItem(NOTICES(conferenceId, pointId)) ?? '[]');
      return Array.isArray(v) ? v.filter(isNotice).slice(0, MAX_NOTICES) : [];
    } catch {
      return [];
    }
  },
  save(conferenceId: string, pointId: string, notices: NoticeMessage[]): void {
    try {
      localStorage.setItem(NOTICES(conferenceId, pointId), JSON.stringify(notices));
    } catch {
      /* private mode or storage full: the notices stay on this page only */
    }
  },
};

/** `request`, and a check-in's ack also seeds the petition being answered on stage (`currentPetition`). */
const requestSeedingPetition: typeof request = (socket, event, payload, timeoutMs) =>
  request(socket, event, payload, timeoutMs).then((r) => {
    if (event === 'checkin' && r.ok) seedCurrentPetition((payload as { conferenceId: string }).conferenceId, r);
    return r;
  });

/** One signal question (audio or video): "ok" / "fail" buttons and the server's confirmation beside them. */
function SignalRow(props: { kind: 'audio' | 'video'; value: SignalQuality | null; sent: boolean; onSend: (v: SignalQuality) => void }) {
  const T = useT();
  const L = useL();
  const { kind, value } = props;
  const [label, okLabel, failLabel] = kind === 'audio' ? [T.audio, T.audioOk, T.audioFail] : [T.video, T.videoOk, T.videoFail];
  return (
    <div class="sig-row" role="group" aria-label={label}>
      <span>{label}</span>
      <button
        type="button"
        class={`btn ${value === 'ok' ? 'on-ok' : ''}`}
        aria-pressed={value === 'ok'}
        data-action={`${kind}-ok`}
        onClick={() => props.onSend('ok')}
      >
        {okLabel}
      </button>
      <button
        type="button"
        class={`btn ${value === 'fail' ? 'on-bad' : ''}`}
        aria-pressed={value === 'fail'}
        data-action={`${kind}-fail`}
        onClick={() => props.onSend('fail')}
      >
        {failLabel}
      </button>
      <span class="sig-sent" aria-live="polite" data-sent={kind}>
        {props.sent ? L.signalSentInline : ''}
      </span>
    </div>
  );
}

/**
 * The check-in link's token (in the fragment), or a printed short code (`#code=`, exchanged for the token); or, for a
 * signed-in account of role `point`, its own token with the conference from `?conference=<id>`.
 */
function credentials(): { token: string; conferenceId?: string; fromLink?: boolean } | { code: string } | null {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromLink = hash.get('token');
  if (fromLink) return { token: fromLink, fromLink: true };
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
  // `/checkin` as the QR sheet prints it, to type the short code in: no link was opened, so none is "wrong"
  const [bareCheckin] = useState(() => !location.hash.replace(/^#/, '') && !creds);

  // a printed short code, from the address or typed into the page's form (`attempt`: the same code sent again)
  const [{ code, attempt }, setCode] = useState({ code: creds && 'code' in creds ? creds.code : null, attempt: 0 });
  const [token, setToken] = useState<string | null>(creds && 'token' in creds ? creds.token : null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [linkStatus, setLinkStatus] = useState<LinkStatus | null>(null);
  // another link (or code) pasted into this tab's address bar: the page starts again on it (a revoked link's page
  // says to open the new one, and people do that in the same tab)
  useEffect(() => {
    const opened = () => {
      const next = credentials();
      const held = next && 'token' in next ? next.token : next && 'code' in next ? next.code : null;
      if (held !== (token ?? code)) location.reload();
    };
    addEventListener('hashchange', opened);
    return () => removeEventListener('hashchange', opened);
  });
  const isLink = !!code || !!(creds && 'fromLink' in creds && creds.fromLink);
  const session = useMemo(
    () =>
      token
        ? new CheckinSession({
            token,
            conferenceId: creds && 'conferenceId' in creds ? creds.conferenceId : undefined,
            memory,
            noticeBook,
            get: (path, t) => get(path, { token: t }),
            connect: (t: string) => {
              const socket = connectLive(t);
              bindPetitionEvents(socket); // the petition being answered on stage, pushed live
              return socket;
            },
            request: requestSeedingPetition,
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

  // a printed short code: exchanged for the link's token, which then replaces it in the address
  useEffect(() => {
    if (!code) return;
    post<{ token: string }>('/api/auth/checkin-code', { code })
      .then((r) => {
        history.replaceState(null, '', `/checkin#token=${r.token}`);
        setToken(r.token);
      })
      .catch((e) =>
        setCodeError(e instanceof ApiError && e.status === 429 ? L.codeRateLimited : e instanceof ApiError && e.status === 404 ? L.codeUnknown : errorText(e)),
      );
  }, [code, attempt]);
  const typeCode = (typed: string) => {
    setCodeError(null);
    setCode({ code: typed, attempt: attempt + 1 });
  };

  // a link that no longer works: ask the server what became of it (replaced, expired, cut short) and say so
  const fatalKind = view?.fatal?.kind;
  useEffect(() => {
    if (!token || !isLink || (fatalKind !== 'badToken' && fatalKind !== 'revoked')) return;
    post<LinkStatus>('/api/conferences/checkin-link-status', { token })
      .then((st) => st.state !== 'valid' && setLinkStatus(st))
      .catch(() => undefined);
  }, [token, fatalKind]);

  // the point's own account signed out: its stored sign-in is no longer good, the sign-in button below starts afresh
  useEffect(() => {
    if (fatalKind === 'signedOut' && !isLink && getSession()?.token === token) setSession(null);
  }, [fatalKind]);

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
  // roll-call countdown, until the roll call is answered or a second past its deadline (then it reads "expired")
  useEffect(() => {
    if (!rollcall || rollcall.answered) return;
    const t = setInterval(() => {
      setTick((n) => n + 1);
      if (serverClockKnown() && epoch(rollcall.prompt.deadline) - serverNow() <= -1000) clearInterval(t);
    }, 1000);
    return () => clearInterval(t);
  }, [rollcall]);

  function onCheckout() {
    if (session && confirm(T.checkoutConfirm)) void session.checkOut();
  }

  const fatal =
    codeError ??
    (view?.fatal
      ? view.fatal.kind === 'badToken'
        ? T.badToken
        : view.fatal.kind === 'revoked'
          ? L.linkRevoked
          : view.fatal.kind === 'signedOut'
            ? L.signedOutElsewhere
            : errorText(view.fatal.error)
      : null);
  if (code && !token && !codeError) {
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
  if (!session || !view || fatal) {
    const conf = view?.conf;
    return (
      <div class="checkin">
        <header class="ck-head">
          <strong>{T.checkinTitle}</strong>
          <LangSwitch />
        </header>
        <main class="ck-main">
          {bareCheckin && !token && !code && !linkStatus ? (
            <section class="ck-enter-code" data-enter-code>
              <h2>{L.enterCodeTitle}</h2>
              <p class="muted">{L.enterCodeHint}</p>
              <ShortCodeForm onCode={typeCode} />
            </section>
          ) : linkStatus || (!token && !code) ? (
            <>
              <LinkProblem status={linkStatus ?? { state: 'invalid' }} />
              {linkStatus?.state !== 'expired' && <ShortCodeForm onCode={typeCode} />}
            </>
          ) : (
            <div data-checkin-error>
              <Notice kind="error">{fatal ?? T.noToken}</Notice>
              {codeError && <ShortCodeForm initial={code ?? ''} onCode={typeCode} />}
              {view?.fatal?.kind === 'error' && view.fatal.retrying && (
                <>
                  <p class="muted">{L.cannotReachHint}</p>
                  <p>
                    <button type="button" class="btn primary" data-action="retry" onClick={() => void session?.retryNow()}>
                      {L.retry}
                    </button>
                  </p>
                </>
              )}
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

  const { me, conf, agenda, phase, state, conn, notices, signal } = view;
  const capacity = (view.error as { details?: { reason?: string } } | null)?.details?.reason === 'capacity';
  const refusal = view.error ? (capacity ? T.bc.capacityRefused : errorText(view.error)) : null;
  // a reconnection's check-in refused: the point is no longer checked in, and the page says so before the reason
  const error = refusal && view.refusedAgain ? `${L.recheckinRefused} ${refusal}${view.refusedAgain.retrying ? ` ${L.recheckinRetrying}` : ''}` : refusal;
  // signal reports are confirmed beside their buttons (view.sent), not above them: nothing moves under the finger
  const info = view.info === 'reconnected' ? T.reconnectedCheckin : view.info === 'autoReconfirmed' ? L.autoReconfirmed : null;
  const sent = view.sent;
  const tz = conf?.timezone ?? 'Asia/Ho_Chi_Minh';
  const items = agenda?.items ?? [];
  // an ended or cancelled conference has no current or next item any more
  const over = !!conf && isClosed(conf.status);
  const currentIdx = over ? -2 : items.findIndex((i) => i.id === agenda?.currentItemId);
  // counted on the server's clock (from its answers' Date header), not the phone's: a phone a minute fast must not
  // close a roll call the server still accepts; the button stays a second past the deadline (the header's precision)
  const rcMs = rollcall ? epoch(rollcall.prompt.deadline) - serverNow() : 0;
  const rcOpen = rollcall ? !serverClockKnown() || rcMs > -1000 : false;
  const rcLeft = Math.max(1, Math.ceil(rcMs / 1000));
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
        {checkedIn && <CurrentPetitionBanner conferenceId={me?.conferenceId} />}

        {closedStatus && (
          <section class={`ck-closed status-${closedStatus}`} role="status" data-closed={closedStatus}>
            <h2>
              {closedStatus === 'cancelled'
                ? L.confCancelled
                : closedStatus === 'ended'
                  ? L.confEndedAt(fmtDateTime(conf!.updatedAt ?? conf!.endsAt, tz))
                  : L.confDraft}
            </h2>
            <p>{closedStatus === 'cancelled' ? L.confCancelledHint : closedStatus === 'ended' ? L.confEndedHint : L.confDraftHint}</p>
          </section>
        )}

        <section class="ck-action" hidden={!!closedStatus && !checkedIn}>
          {!checkedIn ? (
            <>
              <button type="button" class="btn huge primary" data-action="checkin" onClick={() => void session.checkIn()} aria-busy={phase === 'checking'}>
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

        {/* The roll call right under the check-in status: on a phone it is in the first screen, above the checklist. */}
        {rollcall && (
          <section
            class={`ck-rollcall${rollcall.answered ? ' answered' : ''}`}
            aria-labelledby="rc-title"
            role="alert"
            data-rollcall={rollcall.prompt.rollcallId}
          >
            <h2 id="rc-title">{T.rollcall}</h2>
            {rollcall.answered ? (
              <p>✓ {T.rollcallAnswered}</p>
            ) : rcOpen ? (
              <>
                <p>
                  {T.rollcallPrompt} ({T.rollcallRunning(rcLeft)}, {fmtTimeSec(rollcall.prompt.deadline, tz)})
                </p>
                <button
                  type="button"
                  class="btn huge primary"
                  data-action="rollcall-answer"
                  onClick={() => void session.answerRollcall()}
                  disabled={conn !== 'online'}
                >
                  {T.answered}
                </button>
              </>
            ) : (
              <p>{T.rollcallExpired}</p>
            )}
          </section>
        )}

        <PointBroadcast
          socket={session.liveSocket}
          conferenceId={me?.conferenceId}
          pointId={me?.pointId ?? undefined}
          token={token ?? ''}
          checkedIn={checkedIn}
          checkins={view.checkins}
          catchUps={view.catchUps}
          latestRelease={view.latestRelease}
          signalSent={sent}
          conference={conf}
        />

        {checkedIn && (
          <section class="ck-signal" aria-labelledby="sig-h">
            <fieldset class="plain" disabled={conn !== 'online'}>
              <h2 id="sig-h">{T.signalQuestion}</h2>
              <SignalRow kind="audio" value={signal.audio} sent={sent.audio} onSend={(v) => void session.sendSignal('audio', v)} />
              <SignalRow kind="video" value={signal.video} sent={sent.video} onSend={(v) => void session.sendSignal('video', v)} />
              {!signal.audio !== !signal.video && (
                <p class="sig-pending" data-signal-pending>
                  {L.signalAnswerBoth(signal.audio ? T.video : T.audio)}
                </p>
              )}
              {((signal.audio === 'fail' && sent.audio) || (signal.video === 'fail' && sent.video)) && (
                <p class="sig-trouble" data-signal-trouble>
                  {L.signalTroubleHint}
                  {conf?.contactPhone && (
                    <>
                      {' '}
                      {L.technicalHotline}{' '}
                      <a class="tel" href={telHref(conf.contactPhone)}>
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
                <time>{fmtTime(n.at, tz)}</time> <span class="notice-text">{withLinks(n.text)}</span>
              </li>
            ))}
          </ul>
        </section>

        <section class="ck-agenda" aria-labelledby="ag-h">
          <h2 id="ag-h">{T.agenda}</h2>
          {items.length === 0 && <p class="muted">{agenda ? T.noItems : T.loading}</p>}
          <ol class="ck-items">
            {items.map((it, i) => (
              <li
                key={it.id}
                class={i === currentIdx ? 'current' : i === currentIdx + 1 ? 'next' : ''}
                data-item-id={it.id}
                aria-current={i === currentIdx ? 'step' : undefined}
              >
                <span class="ag-time">
                  {it.actualStartAt && it.actualEndAt
                    ? L.doneAt(fmtTime(it.actualStartAt, tz), fmtTime(it.actualEndAt, tz))
                    : `${fmtTime(it.startsAt, tz)}–${fmtTime(it.endsAt, tz)}`}
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

/**
 * The short code printed under a link's QR code, typed by hand (what the invalid-link hint and the QR sheet tell a
 * point's staff to do): checked for its shape here, so a mistyped code costs none of the address's 10 tries a minute.
 */
function ShortCodeForm({ initial = '', onCode }: { initial?: string; onCode: (code: string) => void }) {
  const L = useL();
  const [value, setValue] = useState(initial);
  const [malformed, setMalformed] = useState(false);
  function submit(e: Event) {
    e.preventDefault();
    const code = normalizeShortCode(value);
    setMalformed(!code);
    if (code) onCode(code);
  }
  return (
    <form class="form short-code-form" data-form="short-code" onSubmit={submit}>
      <label>
        <span>{L.shortCodeLabel}</span>
        <input
          name="code"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={32}
          value={value}
          aria-invalid={malformed}
          aria-describedby={malformed ? 'short-code-format' : undefined}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
      {malformed && (
        <p id="short-code-format" class="bad-text small" role="alert">
          {L.shortCodeFormat}
        </p>
      )}
      <button type="submit" class="btn primary big">
        {L.shortCodeGo}
      </button>
    </form>
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
