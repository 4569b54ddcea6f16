import { DateTime } from 'luxon';
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { errorText } from '../i18n';
import type { components } from '../api/schema';
import { Loading, Notice } from '../components/ui';
import { onLinkClick } from '../router';
import { fmtDayTime } from './calendar';
import { usePT } from './i18n';
import './petitions.css';

type ZaloStatus = components['schemas']['ZaloStatusResponse'];

/** `/admin/zalo` (admins): the Zalo OA connection from `GET /api/zalo/status`, or a clear "not configured" state. */
export function ZaloStatusPage() {
  const P = usePT();
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
        <section class="card" data-zalo-status="configured">
          <p>
            <span class="chip ok">✓ {P.zalo.configured}</span>
          </p>
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
