import { useEffect, useRef, useState } from 'preact/hooks';
import { DateTime } from 'luxon';
import { download } from '../api';
import { errorText } from '../i18n';
import { useL, type LiveDict } from '../i18n-live';
import { inZone } from '../time';
import type { Conference, ConferenceStatus } from '../types';
import { Notice } from '../components/ui';

/** `2 giờ 21 phút` from a number of minutes. */
export function durationText(L: LiveDict, minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  return L.duration(Math.floor(m / 60), m % 60);
}

/**
 * Starting and ending the conference, at the foot of the side panel (out of reach of the header). Ending takes a
 * deliberate second step: a dialog with the time left by the plan and "không thể hoàn tác", "go back" focused.
 */
export function OperatePanel({ conf, onChange }: { conf: Conference; onChange: (status: ConferenceStatus) => Promise<string | null> }) {
  const L = useL();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (conf.status !== 'scheduled' && conf.status !== 'live') return null;

  async function go(status: ConferenceStatus) {
    setBusy(true);
    setError(await onChange(status));
    setBusy(false);
    setAsking(false);
  }

  return (
    <section class="panel operate" aria-labelledby="op-h">
      <h2 id="op-h">{L.operateTitle}</h2>
      {conf.status === 'scheduled' && (
        <button type="button" class="btn primary" disabled={busy} data-action="start-conference" onClick={() => confirm(L.startConfirm) && void go('live')}>
          {L.startConference}
        </button>
      )}
      {conf.status === 'live' && (
        <button type="button" class="btn danger-outline" data-action="end-conference" onClick={() => setAsking(true)}>
          {L.endConference}
        </button>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {asking && <EndDialog conf={conf} busy={busy} onCancel={() => setAsking(false)} onEnd={() => go('ended')} />}
    </section>
  );
}

function EndDialog({ conf, busy, onCancel, onEnd }: { conf: Conference; busy: boolean; onCancel: () => void; onEnd: () => void }) {
  const L = useL();
  const back = useRef<HTMLButtonElement>(null);
  const [, tick] = useState(0);
  useEffect(() => {
    back.current?.focus();
    const t = setInterval(() => tick((n) => n + 1), 15_000);
    return () => clearInterval(t);
  }, []);
  const end = inZone(conf.endsAt, conf.timezone);
  const left = end.diff(DateTime.now(), 'minutes').minutes;
  const at = end.toFormat('HH:mm');
  return (
    <div
      class="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="end-h"
      aria-describedby="end-d"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <div class="dialog danger-dialog" data-dialog="end-conference">
        <h2 id="end-h">{L.endTitle}</h2>
        <div id="end-d">
          <p class="big" data-remaining>
            {left >= 1 ? L.endRemaining(durationText(L, left), at) : L.endOverrun(durationText(L, -left), at)}
          </p>
          <p>{L.endEffect}</p>
          <p class="bad-text">
            <strong>{L.irreversible}</strong>
          </p>
        </div>
        <div class="row wrap end">
          <button type="button" class="btn primary" ref={back} onClick={onCancel}>
            {L.keepRunning}
          </button>
          <button type="button" class="btn danger" disabled={busy} data-action="confirm-end" onClick={onEnd}>
            {L.endGo}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Above the board of an ended or cancelled conference: when it ended, and the way to the attendance report. */
export function ClosedBanner({ conf }: { conf: Conference }) {
  const L = useL();
  const [error, setError] = useState<string | null>(null);
  if (conf.status !== 'ended' && conf.status !== 'cancelled') return null;
  const endedAt = conf.updatedAt ? inZone(conf.updatedAt, conf.timezone).toFormat('HH:mm dd/MM/yyyy') : '';
  const get = (format: 'xlsx' | 'csv') =>
    download(`/api/conferences/${conf.id}/attendance?format=${format}`, `tham-du.${format}`).catch((e) => setError(errorText(e)));
  return (
    <div class={`banner closed status-${conf.status}`} role="status" data-banner="closed">
      <span>{conf.status === 'ended' ? L.endedBanner(endedAt) : L.cancelledBanner}</span>
      {conf.status === 'ended' && (
        <span class="row wrap">
          <button type="button" class="btn primary small" data-action="attendance-xlsx" onClick={() => void get('xlsx')}>
            ⬇ {L.attendanceReport}
          </button>
          <button type="button" class="btn small" onClick={() => void get('csv')}>
            {L.attendanceCsv}
          </button>
        </span>
      )}
      {error && <span class="bad-text">{error}</span>}
    </div>
  );
}
