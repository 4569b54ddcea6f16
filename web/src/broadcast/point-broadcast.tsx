import { useEffect, useState } from 'preact/hooks';
import { DateTime } from 'luxon';
import type { ReadinessEntry } from '../../../src/presence/presence.events';
import { get } from '../api';
import { useT, errorText } from '../i18n';
import { request, type LiveSocket } from '../live';
import { ReleaseChanges, type ReadinessCheck, type Release, type ReleaseSummary } from './release-changes';
import './broadcast.css';

const AUTO = new Set(['connected', 'av']);

/**
 * The point page's part of the broadcast (v2): its readiness checklist (the automatic checks tick themselves, the
 * others are confirmed with a button), and the latest agenda release with its changes highlighted until the point
 * acknowledges it (`agenda:ack {release}`).
 */
export function PointBroadcast(props: {
  socket: LiveSocket | null;
  conferenceId: string | undefined;
  pointId: string | undefined;
  token: string;
  checkedIn: boolean;
  conference: { startsAt: string; timezone: string; readiness?: ReadinessCheck[] } | null;
}) {
  const T = useT();
  const { socket, conferenceId, pointId, token, checkedIn, conference } = props;
  const tz = conference?.timezone ?? 'Asia/Ho_Chi_Minh';
  const [mine, setMine] = useState<Record<string, ReadinessEntry | null>>({});
  const [release, setRelease] = useState<Release | null>(null);
  const ackKey = `diemcau.release.${conferenceId}.${pointId}`;
  const [acked, setAcked] = useState<number>(() => Number(localStorage.getItem(ackKey) ?? 0));
  const [error, setError] = useState<string | null>(null);

  // own readiness row, now and every few seconds (the automatic checks change with check-in and status)
  useEffect(() => {
    if (!conferenceId) return;
    let stop = false;
    const load = () =>
      get<Array<Record<string, unknown>>>(`/api/conferences/${conferenceId}/readiness`, { token })
        .then((rows) => !stop && rows[0] && setMine(rows[0] as Record<string, ReadinessEntry | null>))
        .catch(() => undefined);
    void load();
    const t = setInterval(load, 5000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [conferenceId, token, checkedIn]);

  // the latest release, and every new one pushed
  useEffect(() => {
    if (!conferenceId) return;
    const open = (n: number) =>
      get<Release>(`/api/conferences/${conferenceId}/agenda/releases/${n}`, { token })
        .then(setRelease)
        .catch(() => undefined);
    get<ReleaseSummary[]>(`/api/conferences/${conferenceId}/agenda/releases`, { token })
      .then((list) => (list.length ? open(list[list.length - 1].number) : undefined))
      .catch(() => undefined);
    if (!socket) return;
    const on = (r: { conferenceId: string; number: number }) => {
      if (r.conferenceId !== conferenceId) return;
      void open(r.number);
      navigator.vibrate?.(200);
    };
    socket.on('agenda:release', on);
    return () => void socket.off('agenda:release', on);
  }, [conferenceId, socket, token]);

  // after every (re-)check-in the server hears again which release this point holds
  useEffect(() => {
    if (checkedIn && socket && conferenceId && acked > 0) void request(socket, 'agenda:ack', { conferenceId, release: acked });
  }, [checkedIn, socket, conferenceId]);

  async function report(key: string, ok: boolean) {
    if (!socket || !conferenceId) return;
    const r = await request(socket, 'readiness', { conferenceId, key, ok });
    if (r.ok) {
      setMine(r.readiness);
      setError(null);
    } else setError(errorText(r.error));
  }

  async function acknowledge() {
    if (!socket || !conferenceId || !release) return;
    const r = await request(socket, 'agenda:ack', { conferenceId, release: release.number });
    if (!r.ok) return setError(errorText(r.error));
    localStorage.setItem(ackKey, String(release.number));
    setAcked(release.number);
  }

  const checks = conference?.readiness ?? [];
  const fresh = release && release.number > acked;
  return (
    <>
      {release && fresh && (
        <section class="release-banner" role="alert" data-release={release.number} data-testid="release-banner">
          <h2>{T.bc.newRelease(release.number)}</h2>
          {release.note && <p>{release.note}</p>}
          <ReleaseChanges changes={release.changes} tz={tz} />
          {checkedIn ? (
            <button type="button" class="btn big primary" data-action="release-ack" onClick={acknowledge}>
              {T.bc.acknowledge}
            </button>
          ) : (
            <p class="muted">{T.checkinHint}</p>
          )}
        </section>
      )}
      {release && !fresh && (
        <p class="muted" data-testid="release-acked">
          ✓ {T.bc.acknowledged(release.number)}
        </p>
      )}
      {checks.length > 0 && (
        <section class="ck-readiness" aria-labelledby="rd-h" data-testid="checklist">
          <h2 id="rd-h">{T.bc.checklist}</h2>
          <ul class="checklist">
            {checks.map((c) => {
              const m = mine[c.key];
              const due = conference
                ? DateTime.fromISO(conference.startsAt, { setZone: true }).setZone(tz).minus({ minutes: c.minutesBefore }).toFormat('HH:mm')
                : '';
              return (
                <li key={c.key} data-check={c.key} data-ok={m ? String(m.ok) : 'none'}>
                  <span class={`tick ${m ? (m.ok ? 'ok' : 'bad') : 'none'}`} aria-hidden="true">
                    {m ? (m.ok ? '✓' : '✗') : '○'}
                  </span>
                  <span>
                    <strong>{c.label}</strong>{' '}
                    <small class="muted">
                      ({due}
                      {AUTO.has(c.key) ? `, ${T.bc.automatic}` : ''})
                    </small>
                  </span>
                  <span class="sr-only">{m ? (m.ok ? T.bc.ready : T.bc.notReady) : T.bc.notReported}</span>
                  {!AUTO.has(c.key) && (
                    <span>
                      <button type="button" class={`btn small ${m?.ok ? 'on-ok' : ''}`} onClick={() => report(c.key, true)} data-action={`ready-${c.key}`}>
                        {T.bc.markOk}
                      </button>{' '}
                      <button type="button" class={`btn small ${m && !m.ok ? 'on-bad' : ''}`} onClick={() => report(c.key, false)}>
                        {T.bc.markFail}
                      </button>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </section>
      )}
    </>
  );
}
