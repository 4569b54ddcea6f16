import { DateTime } from 'luxon';
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { errorText, useT } from '../i18n';
import type { components } from '../api/schema';
import { Loading, Notice } from '../components/ui';
import { onLinkClick } from '../router';
import { fmtDayTime } from './calendar';
import { usePT } from './i18n';
import './petitions.css';

type ZaloStatus = components['schemas']['ZaloStatusResponse'];

/**
 * `/admin/zalo` (admins): the Zalo OA connection from `GET /api/zalo/status`, or a clear "not configured" state; a
 * refresh token Zalo refused shows in red (when, Zalo's code) instead of "configured", with how to reconnect.
 */
export function ZaloStatusPage() {
  const P = usePT();
  const C = useT().zaloConnection;
  const [s, setS] = useState<ZaloStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
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
              <div class="small">{C.howTo}</div>
            </Notice>
          ) : (
            <p>
              <span class="chip ok">✓ {P.zalo.configured}</span>
            </p>
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
