import { useEffect, useRef, useState } from 'preact/hooks';
import QRCode from 'qrcode';
import type { PresenceSnapshot } from '../../../src/presence/presence.events';
import { get, post } from '../api';
import { useT, errorText } from '../i18n';
import { useL } from '../i18n-live';
import { onLinkClick } from '../router';
import { fmtDateTime } from '../time';
import type { CheckinLink, Conference } from '../types';
import { Notice } from '../components/ui';

/** The link as a full address, whether the server returned it absolute or relative. */
export function absoluteUrl(url: string): string {
  return new URL(url, location.origin).toString();
}

/** The address a QR code carries: the short code, so the code stays small and readable from paper. */
export function shortCodeUrl(link: CheckinLink): string {
  return `${new URL(absoluteUrl(link.url)).origin}/checkin#code=${link.shortCode}`;
}

/** The links' host when it only works on the server itself (PUBLIC_URL unset and the page opened as localhost). */
export function loopbackHost(links: CheckinLink[]): string | null {
  const first = links[0];
  if (!first) return isLoopback(location.hostname) ? location.host : null;
  const u = new URL(absoluteUrl(first.url));
  return isLoopback(u.hostname) ? u.host : null;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]' || host === '::1' || host === '0.0.0.0';
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

const CONNECTED = new Set(['online', 'unstable']);

/**
 * The conference's check-in links: the current ones, listed whenever the page opens (listing never revokes);
 * per-point reissue; reissuing all behind a strong warning that counts the points connected now; a QR code per point
 * (carrying the short code) and a printable sheet of them all; a warning when the links point at localhost.
 */
export function CheckinLinksPanel({ conference, canIssue = true }: { conference: Conference; canIssue?: boolean }) {
  const T = useT();
  const L = useL();
  const [links, setLinks] = useState<CheckinLink[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [qr, setQr] = useState<{ link: CheckinLink; src: string } | null>(null);
  const [askAll, setAskAll] = useState<{ connected: number; total: number } | null>(null);
  // ended and cancelled conferences keep their links listed; issuing is closed (409), as for operators
  const closed = conference.status === 'ended' || conference.status === 'cancelled' || !canIssue;
  const base = `/api/conferences/${conference.id}/checkin-links`;

  const load = () =>
    get<CheckinLink[]>(base)
      .then(setLinks)
      .catch((e) => setMsg({ kind: 'error', text: errorText(e) }));
  useEffect(() => void load(), [conference.id]);

  const invited = conference.points ?? [];
  const byPoint = new Map((links ?? []).map((l) => [l.pointId, l]));
  const missing = invited.filter((p) => !byPoint.has(p.pointId));

  /** Points connected now (online or unstable), from the live snapshot. */
  async function connectedNow(): Promise<{ ids: Set<string>; total: number }> {
    try {
      const snap = await get<PresenceSnapshot>(`/api/conferences/${conference.id}/presence`);
      return { ids: new Set(snap.points.filter((p) => CONNECTED.has(p.state)).map((p) => p.pointId)), total: snap.counts.total };
    } catch {
      return { ids: new Set(), total: invited.length };
    }
  }

  async function issue(pointIds: string[] | null, doneText: string) {
    setBusy(true);
    setMsg(null);
    try {
      const issued = await post<CheckinLink[]>(base, pointIds ? { pointIds } : {});
      if (pointIds) setLinks((prev) => [...(prev ?? []).filter((l) => !pointIds.includes(l.pointId)), ...issued]);
      else setLinks(issued);
      await load();
      setMsg({ kind: 'success', text: doneText });
    } catch (e) {
      setMsg({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  async function reissueOne(pointId: string, name: string) {
    const { ids } = await connectedNow();
    if (!confirm(L.reissueOneConfirm(name, ids.has(pointId)))) return;
    await issue([pointId], L.reissuedOne(name));
  }

  async function askReissueAll() {
    const { ids, total } = await connectedNow();
    setAskAll({ connected: ids.size, total });
  }

  async function showQr(link: CheckinLink) {
    const src = await QRCode.toDataURL(shortCodeUrl(link), { width: 360, margin: 2, errorCorrectionLevel: 'M' });
    setQr({ link, src });
  }

  const loop = links ? loopbackHost(links) : null;
  const ordered = invited.map((p) => ({ p, link: byPoint.get(p.pointId) ?? null }));

  return (
    <section class="card" aria-labelledby="lk-h" data-panel="checkin-links">
      <div class="row between wrap">
        <h2 id="lk-h">{L.linksTitle}</h2>
        {!!links?.length && (
          <a class="btn" href={`/conferences/${conference.id}/links/print`} onClick={onLinkClick} data-action="print-sheet">
            {L.printSheet}
          </a>
        )}
      </div>
      <p class="muted">{L.linksIntro}</p>
      {loop && (
        <div class="links-warning">
          <Notice kind="warning">
            <span data-warning="loopback">{L.loopbackWarning(loop)}</span>
          </Notice>
        </div>
      )}
      {links && !links.length && <p>{L.noLinksYet}</p>}
      {!closed && (
        <div class="row wrap">
          {links && !links.length && (
            <button type="button" class="btn primary" onClick={() => issue(null, T.linksIssued(invited.length))} disabled={busy} data-action="issue-all">
              {L.issueAll}
            </button>
          )}
          {!!links?.length && missing.length > 0 && (
            <button
              type="button"
              class="btn primary"
              onClick={() =>
                issue(
                  missing.map((p) => p.pointId),
                  T.linksIssued(missing.length),
                )
              }
              disabled={busy}
            >
              {L.issueMissing(missing.length)}
            </button>
          )}
          {!!links?.length && (
            <button type="button" class="btn danger-outline" onClick={askReissueAll} disabled={busy} data-action="reissue-all">
              {L.reissueAll}
            </button>
          )}
        </div>
      )}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {!!links?.length && (
        <div class="table-wrap">
          <table class="table links">
            <thead>
              <tr>
                <th>{T.code}</th>
                <th>{T.pointName}</th>
                <th>{L.shortCode}</th>
                <th>{T.checkinLinks}</th>
                <th>{T.validUntil}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {ordered.map(({ p, link: l }) =>
                l ? (
                  <tr key={p.pointId} data-link={p.code}>
                    <td>{p.code}</td>
                    <td>{p.name}</td>
                    <td class="short" data-short-code>
                      {l.shortCode}
                    </td>
                    <td>
                      <input
                        class="link-input"
                        readOnly
                        value={absoluteUrl(l.url)}
                        aria-label={`${T.checkinLinks}: ${p.name}`}
                        onFocus={(e) => e.currentTarget.select()}
                      />
                    </td>
                    <td>{fmtDateTime(l.expiresAt, conference.timezone)}</td>
                    <td class="nowrap">
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
                      </button>{' '}
                      {!closed && (
                        <button type="button" class="btn small ghost" disabled={busy} data-action="reissue-one" onClick={() => reissueOne(p.pointId, p.name)}>
                          {L.reissueOne}
                        </button>
                      )}
                    </td>
                  </tr>
                ) : (
                  <tr key={p.pointId} data-link={p.code} class="no-link">
                    <td>{p.code}</td>
                    <td>{p.name}</td>
                    <td colSpan={3}>{L.noLink}</td>
                    <td>
                      {!closed && (
                        <button type="button" class="btn small" disabled={busy} onClick={() => issue([p.pointId], L.reissuedOne(p.name))}>
                          {L.issueOne}
                        </button>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {askAll && (
        <ReissueAllDialog
          conference={conference}
          connected={askAll.connected}
          total={askAll.total}
          busy={busy}
          onCancel={() => setAskAll(null)}
          onGo={async () => {
            await issue(null, T.linksIssued(invited.length));
            setAskAll(null);
          }}
        />
      )}
      {qr && <QrDialog qr={qr} conference={conference} onClose={() => setQr(null)} />}
    </section>
  );
}

/** A link's QR code, large, to show or print; Close has the focus, so Escape closes it too. */
function QrDialog({ qr, conference, onClose }: { qr: { link: CheckinLink; src: string }; conference: Conference; onClose: () => void }) {
  const L = useL();
  const T = useT();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="qr-h" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div class="qr-card">
        <h2 id="qr-h">{T.qrFor(qr.link.name)}</h2>
        <p class="muted">{conference.title}</p>
        <img src={qr.src} width={360} height={360} alt={T.qrFor(qr.link.name)} data-qr={qr.link.shortCode} />
        <p class="short-code">{qr.link.shortCode}</p>
        <p class="small">{L.qrScanHint}</p>
        <p class="small break">{shortCodeUrl(qr.link)}</p>
        <div class="row">
          <button type="button" class="btn" onClick={() => window.print()}>
            {T.print}
          </button>
          <button type="button" class="btn primary" ref={close} onClick={onClose}>
            {T.close}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Reissuing every link of a conference: says how many points are connected now; needs a tick before it goes. */
function ReissueAllDialog(props: { conference: Conference; connected: number; total: number; busy: boolean; onCancel: () => void; onGo: () => void }) {
  const L = useL();
  const T = useT();
  const [ack, setAck] = useState(false);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  const live = props.conference.status === 'live';
  return (
    <div class="overlay" role="alertdialog" aria-modal="true" aria-labelledby="ra-h" onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <div class="dialog danger-dialog" data-dialog="reissue-all">
        <h2 id="ra-h">{L.reissueAllTitle}</h2>
        <p class="big" data-connected-count={props.connected}>
          {props.connected > 0 ? L.reissueAllConnected(props.connected, props.total) : L.reissueAllNoneConnected}
        </p>
        {live && (
          <p>
            <strong>{T.statuses.live}</strong>
          </p>
        )}
        <p>{L.reissueAllEffect}</p>
        <label class="row">
          <input type="checkbox" checked={ack} onChange={(e) => setAck(e.currentTarget.checked)} data-action="reissue-all-ack" />
          <span>{L.reissueAllAck(props.connected)}</span>
        </label>
        <div class="row wrap end">
          <button type="button" class="btn primary" ref={back} onClick={props.onCancel}>
            {T.cancel}
          </button>
          <button type="button" class="btn danger" disabled={!ack || props.busy} onClick={props.onGo} data-action="reissue-all-go">
            {L.reissueAllGo}
          </button>
        </div>
      </div>
    </div>
  );
}
