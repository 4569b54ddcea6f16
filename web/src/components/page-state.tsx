import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useL } from '../i18n-live';
import { useT } from '../i18n';
import { telHref } from './ui';
import { onLinkClick } from '../router';
import { setSession } from '../session';

/** Why a page cannot show its subject: never a raw server message, always a way back. */
export type Failure = 'not_found' | 'forbidden' | 'unreachable';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is treated like an unknown one (no request needed). */
export function isId(id: string): boolean {
  return UUID.test(id);
}

/** The failure behind an error reading a page's subject, or null when it is something else (shown as it is). */
export function failureOf(e: unknown): Failure | null {
  if (!(e instanceof ApiError)) return null;
  if (e.status === 404 || e.status === 400) return 'not_found';
  if (e.status === 403) return 'forbidden';
  if (e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504) return 'unreachable';
  return null;
}

/** A full-width state with a way back: not found, not allowed, or the server cannot be reached (retried by itself). */
export function PageState({ failure, onRetry }: { failure: Failure; onRetry?: () => void | Promise<void> }) {
  const T = useT();
  const L = useL();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (failure !== 'unreachable' || !onRetry) return;
    const t = setInterval(() => void onRetry(), 5000);
    return () => clearInterval(t);
  }, [failure, onRetry]);
  const [title, hint] =
    failure === 'not_found'
      ? [L.confNotFound, L.confNotFoundHint]
      : failure === 'forbidden'
        ? [L.notAllowed, L.notAllowedHint]
        : [L.cannotReach, L.cannotReachHint];
  return (
    <section class={`card page-state state-${failure}`} data-page-state={failure} role="alert">
      <h1>
        <span aria-hidden="true">{failure === 'unreachable' ? '⚠ ' : failure === 'forbidden' ? '⛔ ' : '? '}</span>
        {title}
      </h1>
      <p>{hint}</p>
      <div class="row wrap">
        {failure === 'unreachable' && onRetry && (
          <button
            type="button"
            class="btn primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onRetry();
              } finally {
                setBusy(false);
              }
            }}
          >
            {busy ? L.retrying : L.retry}
          </button>
        )}
        <a class="btn" href="/" onClick={onLinkClick}>
          ← {T.backHome}
        </a>
        {failure === 'forbidden' && (
          <button type="button" class="btn ghost" onClick={() => setSession(null)}>
            {L.signInOther}
          </button>
        )}
      </div>
    </section>
  );
}

/** The organizers' hotline, as a `tel:` link. */
export function Hotline({ name, phone }: { name?: string | null; phone?: string | null }) {
  const L = useL();
  if (!name && !phone) return null;
  return (
    <p class="hotline" data-hotline>
      <span class="muted">{L.hotline}:</span> {name && <strong>{name}</strong>}
      {name && phone && ' · '}
      {phone && (
        <a href={telHref(phone)} class="tel">
          ☎ {phone}
        </a>
      )}
    </p>
  );
}
