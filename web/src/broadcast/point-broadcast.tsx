import { useEffect, useState } from 'preact/hooks';
import { DateTime } from 'luxon';
import type { AgendaReleasePush, ReadinessEntry } from '../../../src/presence/presence.events';
import { isClosed, type ConferenceStatus } from '../types';
import { get } from '../api';
import { useT, errorText } from '../i18n';
import { request, type LiveSocket } from '../live';
import { ReleaseChanges, type ReadinessCheck, type Release, type ReleaseSummary } from './release-changes';
import './broadcast.css';

const AUTO = new Set(['connected', 'av']);

/** What the banner shows of a release: as read over REST when the page opens, or as pushed (`agenda:release`). */
type ShownRelease = Pick<AgendaReleasePush, 'number' | 'note' | 'changes'>;

/**
 * The point's own readiness row changes with what this page does (its check-in, its signal reports, its own
 * confirmations, whose acks carry the row), and is read again after each. Besides, it is read now and then (another
 * phone of the same point may report), spread over 45–75 s so that pages opened together do not ask together: every
 * point page of a 10,000-point broadcast asks (README, "Stop 29").
 */
const READINESS_REFRESH_MS = 60_000;

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
  /** Successful check-ins so far (each reconnection's too): releases pushed while the phone was away are read after each. */
  checkins?: number;
  /** The session's catch-up reads after check-ins (see CATCH_UP_SPREAD_MS): the release list is read with each. */
  catchUps?: number;
  /** The latest release number the server stated at that catch-up (null: not asked, read the list). */
  latestRelease?: number | null;
  /** Changes (a new object) each time the server acknowledges a signal report of this page. */
  signalSent?: unknown;
  conference: { startsAt: string; timezone: string; status?: ConferenceStatus; readiness?: ReadinessCheck[] } | null;
}) {
  const T = useT();
  const { socket, conferenceId, pointId, token, checkedIn, checkins = 0, catchUps = 0, latestRelease = null, signalSent, conference } = props;
  const tz = conference?.timezone ?? 'Asia/Ho_Chi_Minh';
  const [mine, setMine] = useState<Record<string, ReadinessEntry | null>>({});
  const [release, setRelease] = useState<ShownRelease | null>(null);
  const ackKey = `diemcau.release.${conferenceId}.${pointId}`;
  // The release this phone acknowledged, kept per conference and point: read from storage on every render, since the
  // page renders before it knows its point (read once at the first render, a reloaded page forgot its acknowledgement).
  const [, setAcked] = useState(0);
  const acked = conferenceId && pointId ? Number(localStorage.getItem(ackKey) ?? 0) : 0;
  const [error, setError] = useState<string | null>(null);

  // own readiness row: now, after the check-in and each acknowledged signal report (the automatic checks change with
  // them), and now and then while the page is shown (READINESS_REFRESH_MS)
  useEffect(() => {
    if (!conferenceId) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      get<Array<Record<string, unknown>>>(`/api/conferences/${conferenceId}/readiness`, { token })
        .then((rows) => !stop && rows[0] && setMine(rows[0] as Record<string, ReadinessEntry | null>))
        .catch(() => undefined);
    const later = () => {
      timer = setTimeout(
        () => {
          if (document.visibilityState !== 'hidden') void load();
          later();
        },
        READINESS_REFRESH_MS * (0.75 + Math.random() * 0.5),
      );
    };
    const shown = () => document.visibilityState === 'visible' && void load();
    void load();
    later();
    document.addEventListener('visibilitychange', shown);
    return () => {
      stop = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', shown);
    };
  }, [conferenceId, token, checkedIn, signalSent]);

  const show = (r: ShownRelease) => setRelease((prev) => (prev && prev.number >= r.number ? prev : r));
  // the latest release when the page opens and with the session's catch-up read after every check-in (pushes reach
  // only checked-in sockets: one made while the phone was away is read here; after a reconnection that read is spread
  // over CATCH_UP_SPREAD_MS); the release itself only when it is newer than the one shown and not acknowledged here
  useEffect(() => {
    if (!conferenceId) return;
    // after a reconnection the server said which release is the latest: nothing to read when none is newer than shown
    if (catchUps > 0 && latestRelease !== null && (latestRelease === 0 || (release && release.number >= latestRelease))) return;
    let stop = false;
    get<ReleaseSummary[]>(`/api/conferences/${conferenceId}/agenda/releases`, { token })
      .then((list) => {
        const latest = list[list.length - 1];
        if (!latest || stop || (release && release.number >= latest.number)) return;
        // acknowledged on this phone already: only its number is shown, the release need not be read
        if (latest.number <= acked) return show({ ...latest, changes: [] });
        return get<Release>(`/api/conferences/${conferenceId}/agenda/releases/${latest.number}`, { token }).then((r) => !stop && show(r));
      })
      .catch(() => undefined);
    return () => void (stop = true);
  }, [conferenceId, pointId, token, catchUps]);

  // then every new one as pushed: the push carries what the banner shows (number, note, changes), so 10,000 pages do
  // not all ask for the release at once
  useEffect(() => {
    if (!conferenceId || !socket) return;
    const on = (r: AgendaReleasePush) => {
      if (r.conferenceId !== conferenceId) return;
      show(r);
      navigator.vibrate?.(200);
    };
    socket.on('agenda:release', on);
    return () => void socket.off('agenda:release', on);
  }, [conferenceId, socket]);

  // after every (re-)check-in the server hears again which release this point holds
  useEffect(() => {
    if (checkedIn && socket && conferenceId && acked > 0) void request(socket, 'agenda:ack', { conferenceId, release: acked });
  }, [checkedIn, checkins, socket, conferenceId]);

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

  // an ended or cancelled conference: nothing left to get ready for, and no check-in to point to
  const over = !!conference?.status && isClosed(conference.status);
  const checks = over ? [] : (conference?.readiness ?? []);
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
            !over && <p class="muted">{T.checkinHint}</p>
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
                  <span class="ck-label">
                    <strong>{c.label}</strong>{' '}
                    <small class="muted">
                      ({due}
                      {AUTO.has(c.key) ? `, ${T.bc.automatic}` : ''})
                    </small>
                  </span>
                  <span class="sr-only">{m ? (m.ok ? T.bc.ready : T.bc.notReady) : T.bc.notReported}</span>
                  {!AUTO.has(c.key) && (
                    <span class="ck-actions">
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
