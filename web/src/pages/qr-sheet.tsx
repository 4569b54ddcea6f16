import { useEffect, useState } from 'preact/hooks';
import QRCode from 'qrcode';
import { get } from '../api';
import { useT } from '../i18n';
import { useL } from '../i18n-live';
import { onLinkClick } from '../router';
import { fmtDateTime, fmtRange } from '../time';
import type { CheckinLink, Conference } from '../types';
import { LangSwitch } from '../components/lang-switch';
import { failureOf, Hotline, isId, PageState, type Failure } from '../components/page-state';
import { Loading } from '../components/ui';
import { shortCodeUrl } from './checkin-links';

/**
 * One printable sheet (A4, four QR codes a row) with every point's QR code and short code for one conference,
 * to hand out or pin up before a broadcast. The QR codes carry the short code (`/checkin#code=…`).
 */
export function QrSheetPage({ conferenceId }: { conferenceId: string }) {
  const T = useT();
  const L = useL();
  const [conf, setConf] = useState<Conference | null>(null);
  const [cells, setCells] = useState<Array<{ link: CheckinLink; src: string }> | null>(null);
  const [failure, setFailure] = useState<Failure | null>(isId(conferenceId) ? null : 'not_found');

  const load = async () => {
    try {
      const [c, links] = await Promise.all([
        get<Conference>(`/api/conferences/${conferenceId}`),
        get<CheckinLink[]>(`/api/conferences/${conferenceId}/checkin-links`),
      ]);
      const srcs = await Promise.all(links.map((l) => QRCode.toDataURL(shortCodeUrl(l), { width: 300, margin: 1, errorCorrectionLevel: 'M' })));
      setConf(c);
      setCells(links.map((link, i) => ({ link, src: srcs[i] })));
      setFailure(null);
      document.title = `${L.sheetTitle} · ${c.title}`;
    } catch (e) {
      setFailure(failureOf(e) ?? 'unreachable');
    }
  };
  useEffect(() => {
    if (isId(conferenceId)) void load();
  }, [conferenceId]);

  if (failure) return <PageState failure={failure} onRetry={load} />;
  if (!conf || !cells) return <Loading />;
  const host = conf.points?.find((p) => p.role === 'host');
  const origin = cells[0] ? new URL(shortCodeUrl(cells[0].link)).origin : location.origin;
  return (
    <div class="qr-sheet" data-page="qr-sheet">
      <div class="sheet-head">
        <div>
          <h1>
            {L.sheetTitle}: {conf.title}
          </h1>
          <p>
            {fmtRange(conf.startsAt, conf.endsAt, conf.timezone)}
            {host && ` · ${T.hostPoint}: ${host.name}`}
          </p>
          <p>{L.sheetHint(origin)}</p>
          {cells[0] && <p>{L.validUntil(fmtDateTime(cells[0].link.expiresAt, conf.timezone))}</p>}
          <Hotline name={conf.contactName} phone={conf.contactPhone} />
        </div>
        <div class="sheet-tools">
          <button type="button" class="btn primary" onClick={() => window.print()}>
            {T.print}
          </button>
          <a class="btn" href={`/conferences/${conf.id}`} onClick={onLinkClick}>
            {L.backToConference}
          </a>
          <LangSwitch />
        </div>
      </div>
      {!cells.length && <p>{L.noLinksYet}</p>}
      <div class="qr-grid">
        {cells.map(({ link, src }) => (
          <div class="qr-cell" key={link.pointId} data-sheet-point={link.code}>
            <div class="nm">{link.name}</div>
            <img src={src} alt={T.qrFor(link.name)} />
            <div class="cd">{link.shortCode}</div>
          </div>
        ))}
      </div>
    </div>
  );
}
