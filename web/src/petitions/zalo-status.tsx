import { DateTime } from 'luxon';
import { useEffect, useState } from 'preact/hooks';
import { get, put } from '../api';
import { errorText, useT } from '../i18n';
import type { components } from '../api/schema';
import { Loading, Notice } from '../components/ui';
import { onLinkClick } from '../router';
import { fmtDayTime } from './calendar';
import { usePT } from './i18n';
import './petitions.css';

type ZaloStatus = components['schemas']['ZaloStatusResponse'];
type ZaloRefreshToken = components['schemas']['ZaloRefreshTokenDto'];

/**
 * `/admin/zalo` (admins): the Zalo OA connection from `GET /api/zalo/status`, or a clear "not configured" state; a
 * refresh token Zalo refused shows in red (when, Zalo's code) instead of "configured", with the form that reconnects
 * it (`PUT /api/zalo/refresh-token`: the server stores the new refresh token and tries it with Zalo at once).
 */
export function ZaloStatusPage() {
  const P = usePT();
  const C = useT().zaloConnection;
  const [s, setS] = useState<ZaloStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Set after a reconnection Zalo accepted: "✓ Đã kết nối lại" above the (now green) status. */
  const [reconnected, setReconnected] = useState(false);
  useEffect(() => {
    document.title = `${P.zalo.statusTitle} · Diemcau`;
  }, [P]);
  useEffect(() => {
    get<ZaloStatus>('/api/zalo/status')
      .then(setS)
      .catch((e) => setError(errorText(e)));
  }, []);
  const expired = !!s?.tokenExpiresAt && DateTime.fromISO(s.tokenExpiresAt) <= DateTime.now();
  const broken = s?.connection === 'reauthorize_needed';
  return (
    <>
      <div class="page-head">
        <div>
          <h1>{P.zalo.statusTitle}</h1>
          <p class="muted small">{P.zalo.statusIntro}</p>
        </div>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {!s && !error && <Loading />}
      {s && !s.configured && (
        <section class="card" data-zalo-status="not-configured">
          <Notice kind="warning">
            <strong>{P.zalo.notConfigured}</strong>
            <div class="small">{P.zalo.notConfiguredHint}</div>
          </Notice>
        </section>
      )}
      {s && s.configured && (
        <section class="card" data-zalo-status={broken ? 'reauthorize' : 'configured'}>
          {broken ? (
            <Notice kind="error">
              <strong data-field="connection">✕ {C.reauthorize}</strong>
              <div class="small" data-field="lastRefreshError">
                {s.lastRefreshError ? C.refusedAt(fmtDayTime(s.lastRefreshError.at), s.lastRefreshError.code, s.lastRefreshError.message) : C.noToken}{' '}
                {C.blocked}
              </div>
            </Notice>
          ) : (
            <p>
              <span class="chip ok">✓ {P.zalo.configured}</span>
              {reconnected && (
                <>
                  {' '}
                  <span class="ok-text" data-field="reconnected" role="status">
                    {C.reconnected}
                  </span>
                </>
              )}
            </p>
          )}
          {broken && (
            <ReconnectForm
              onDone={(next) => {
                setS(next);
                setReconnected(next.connection === 'ok');
              }}
            />
          )}
          <dl class="pt-facts zalo-facts">
            <dt>{P.zalo.tokenExpiresAt}</dt>
            <dd data-field="tokenExpiresAt">
              {s.tokenExpiresAt ? fmtDayTime(s.tokenExpiresAt) : <span class="muted">{P.zalo.tokenNone}</span>}
              {expired && <span class="warn-text"> ({P.zalo.tokenExpired})</span>}
            </dd>
            <dt>{P.zalo.lastWebhookAt}</dt>
            <dd data-field="lastWebhookAt">{s.lastWebhookAt ? fmtDayTime(s.lastWebhookAt) : <span class="muted">{P.zalo.never}</span>}</dd>
            <dt>{P.zalo.followers}</dt>
            <dd data-field="followers">{s.followers}</dd>
            <dt>{P.zalo.openFeedback}</dt>
            <dd data-field="openFeedback">
              {s.openFeedback}{' '}
              <a href="/petitions?channel=zalo" onClick={onLinkClick} class="small">
                {P.zalo.openFeedbackLink}
              </a>
            </dd>
          </dl>
        </section>
      )}
    </>
  );
}

/**
 * "Kết nối lại Zalo OA": a new refresh token (password-type field, so it is not shown on a shared screen) sent to
 * `PUT /api/zalo/refresh-token`; the answer is the status after the server tried it with Zalo. A token Zalo refuses
 * keeps the red box (with Zalo's new refusal) and says so here; any other failure is worded by `errorText`.
 */
function ReconnectForm({ onDone }: { onDone: (s: ZaloStatus) => void }) {
  const C = useT().zaloConnection;
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: ZaloRefreshToken = { refreshToken: token };
      const next = await put<ZaloStatus>('/api/zalo/refresh-token', body);
      setToken('');
      if (next.connection !== 'ok') setError(C.refused);
      onDone(next);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="form" onSubmit={submit} data-form="zalo-reconnect" aria-labelledby="zalo-reconnect-h">
      <h2 id="zalo-reconnect-h">{C.formTitle}</h2>
      <label>
        <span>{C.tokenLabel}</span>
        <input
          name="refresh-token"
          type="password"
          required
          autocomplete="off"
          spellcheck={false}
          maxLength={2048}
          value={token}
          onInput={(ev) => setToken(ev.currentTarget.value)}
          aria-describedby="zalo-reconnect-hint"
        />
        <small id="zalo-reconnect-hint" class="muted small">
          {C.tokenHint}
        </small>
      </label>
      {error && <Notice kind="error">{error}</Notice>}
      <div class="row wrap">
        <button type="submit" class="btn primary" data-action="zalo-reconnect" disabled={busy || !token.trim()}>
          {busy ? C.saving : C.submit}
        </button>
      </div>
    </form>
  );
}
