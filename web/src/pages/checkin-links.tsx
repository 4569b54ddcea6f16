import { useState } from 'preact/hooks';
import QRCode from 'qrcode';
import { errorText, post } from '../api';
import { useT } from '../i18n';
import { fmtDateTime } from '../time';
import type { CheckinLink, Conference } from '../types';
import { Notice } from '../components/ui';
import { PointTable } from '../components/points';

/** The link as a full address, whether the server returned it absolute or relative. */
export function absoluteUrl(url: string): string {
  return new URL(url, location.origin).toString();
}

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}

/** Issue check-in links; copy one, or show its QR code big enough for a meeting-room screen or a print-out. */
export function CheckinLinksPanel({ conference }: { conference: Conference }) {
  const T = useT();
  const [links, setLinks] = useState<CheckinLink[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [qr, setQr] = useState<{ link: CheckinLink; src: string } | null>(null);

  async function issue() {
    if (links && !confirm(T.reissueWarning)) return;
    setBusy(true);
    setMsg(null);
    try {
      const list = await post<CheckinLink[]>(`/api/conferences/${conference.id}/checkin-links`, {});
      setLinks(list);
      setMsg({ kind: 'success', text: T.linksIssued(list.length) });
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  async function showQr(link: CheckinLink) {
    const src = await QRCode.toDataURL(absoluteUrl(link.url), { width: 360, margin: 2, errorCorrectionLevel: 'M' });
    setQr({ link, src });
  }

  return (
    <section class="card" aria-labelledby="lk-h">
      <h2 id="lk-h">{T.checkinLinks}</h2>
      <p class="muted">{T.reissueWarning.split('.')[0]}.</p>
      <button type="button" class="btn primary" onClick={issue} disabled={busy}>
        {T.issueLinks}
      </button>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {links && (
        <PointTable
          class="links"
          rows={links}
          rowKey="link"
          head={[T.checkinLinks, T.validUntil, '']}
          cells={(l) => [
            <input class="link-input" readOnly value={absoluteUrl(l.url)} aria-label={`${T.checkinLinks}: ${l.name}`} onFocus={(e) => e.currentTarget.select()} />,
            fmtDateTime(l.expiresAt, conference.timezone),
            <span class="nowrap">
              <button
                type="button"
                class="btn small"
                onClick={async () => {
                  await copyText(absoluteUrl(l.url));
                  setCopied(l.pointId);
                }}
              >
                {copied === l.pointId ? `✓ ${T.copied}` : T.copy}
              </button>{' '}
              <button type="button" class="btn small" onClick={() => showQr(l)}>
                {T.qr}
              </button>
            </span>,
          ]}
        />
      )}
      {qr && (
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="qr-h" onKeyDown={(e) => e.key === 'Escape' && setQr(null)}>
          <div class="qr-card">
            <h2 id="qr-h">{T.qrFor(qr.link.name)}</h2>
            <p class="muted">{conference.title}</p>
            <img src={qr.src} width={360} height={360} alt={T.qrFor(qr.link.name)} />
            <p class="small break">{absoluteUrl(qr.link.url)}</p>
            <div class="row">
              <button type="button" class="btn" onClick={() => window.print()}>
                {T.print}
              </button>
              <button type="button" class="btn primary" autoFocus onClick={() => setQr(null)}>
                {T.close}
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
