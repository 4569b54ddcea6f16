import type { ComponentChildren } from 'preact';
import { useT } from '../i18n';
import { webAddressParts } from './web-addresses';
import type { ConferenceStatus } from '../types';

/** A phone number as a `tel:` address (digits and a leading +), for every call link of the pages. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** Free text with its web addresses as links that open in a new tab (the rest stays text: nothing is parsed as markup). */
export function withLinks(text: string): ComponentChildren[] {
  return webAddressParts(text).map((p) =>
    'href' in p ? (
      <a href={p.href} target="_blank" rel="noopener noreferrer">
        {p.href}
      </a>
    ) : (
      p.text
    ),
  );
}

export function StatusBadge({ status }: { status: ConferenceStatus }) {
  const T = useT();
  return (
    <span class={`badge status-${status}`} data-status={status}>
      {T.statuses[status]}
    </span>
  );
}

/** A message box: `error` and `warning` are announced to screen readers at once. */
export function Notice({
  kind,
  children,
  action,
}: {
  kind: 'error' | 'warning' | 'info' | 'success';
  children: ComponentChildren;
  action?: ComponentChildren;
}) {
  return (
    <div class={`msg ${kind}`} role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}>
      <div>{children}</div>
      {action && <div class="msg-action">{action}</div>}
    </div>
  );
}

export function Loading() {
  const T = useT();
  return (
    <p class="loading" role="status">
      {T.loading}
    </p>
  );
}
