import { useEffect, useRef, useState } from 'preact/hooks';
import type { PresenceEntry } from '../../../src/presence/presence.events';
import { get } from '../api';
import { useStructure, useSummary } from '../board/groups';
import type { BoardStore } from '../board/store';
import { telHref } from '../components/ui';
import { useT } from '../i18n';
import type { LiveSocket } from '../live';
import type { ConferenceStatus } from '../types';
import {
  plannedCheckpoints,
  checkpointId,
  checkpointsToRecover,
  checkpointTime,
  dismissCheckpoint,
  dismissedCheckpoints,
  notReadyNow,
  type CheckpointPlan,
  type ReadinessRow,
  type SentCheckpoint,
} from './checkpoint-recovery';
import { readinessLabel, type ReadinessCheck, type ReleaseSummary } from './release-changes';
import './broadcast.css';

/** Rows of the readiness table shown at most (not-ready points first; a 10,000-point board lists the first ones). */
const MAX_ROWS = 200;

type MissingPoint = { pointId: string; code: string; name: string; contactName: string | null; contactPhone: string | null };

interface DueAlert {
  key: string;
  label: string;
  /** The checkpoint's time (epoch ms): what a dismissal remembers; null while the conference is not read yet. */
  at: number | null;
  /** Shown again to a board that was away (opened late, reloaded, reconnected): worded as a checkpoint already past. */
  recovered: boolean;
  missing: MissingPoint[];
}

/** What the board reads of the conference (without its invited points). */
type ConferenceRead = {
  readiness?: ReadinessCheck[];
  maxConnectedPoints?: number | null;
  startsAt: string;
  timezone: string;
  status: ConferenceStatus;
};

const missingPoint = (r: ReadinessRow): MissingPoint => ({
  pointId: r.pointId,
  code: r.code,
  name: r.name,
  contactName: r.contactName ?? null,
  contactPhone: r.contactPhone ?? null,
});

/**
 * The board's view of the hours before the broadcast (v2): points online out of the cap, who holds the latest agenda
 * release, the readiness counts and table (one column per check), and the checkpoint alerts listing the points not
 * ready with their contact and a `tel:` link.
 *
 * The alerts and the latest release come as pushes, which a board that was away never gets. So, on opening and after
 * every re-join: `rejoins` (the board's re-join count) reads the releases list again, and `checkpointLog` (the checkpoints
 * the server raised, from the event log the board reads on every join) shows the alerts of the checkpoints passed
 * with the points still not ready now (one `GET …/readiness`, none when no checkpoint is to show), unless the operator
 * dismissed them on this tab.
 */
export function BoardBroadcast({
  store,
  socket,
  conferenceId,
  rejoins,
  checkpointLog,
}: {
  store: BoardStore;
  socket: LiveSocket | null;
  conferenceId: string;
  /** How many times the board has joined again (after a gap or a reconnect); the first join is not counted. */
  rejoins: number;
  /** The checkpoints raised, as of the event log read after the latest join: a new object per read. */
  checkpointLog: { lines: SentCheckpoint[] } | null;
}) {
  const T = useT();
  const [plan, setPlan] = useState<CheckpointPlan | null>(null);
  const [cap, setCap] = useState<number | null>(null);
  const [latest, setLatest] = useState(0);
  const [alerts, setAlerts] = useState<DueAlert[]>([]);
  const checks = plan?.checks ?? [];
  const planRef = useRef(plan);
  planRef.current = plan;
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  // redrawn with the counters and when the set of points changes (the board's own subscriptions)
  useSummary(store);
  useStructure(store);

  /** The latest release number; a read never takes it back below a number pushed meanwhile. */
  const readReleases = (live: () => boolean) =>
    get<ReleaseSummary[]>(`/api/conferences/${conferenceId}/agenda/releases`)
      .then((l) => live() && setLatest((n) => Math.max(n, l.length ? l[l.length - 1].number : 0)))
      .catch(() => undefined);

  useEffect(() => {
    let stop = false;
    setLatest(0);
    const load = () =>
      // without the invited points: every minute, on every board (1.8 MB and ~170 ms of server CPU at 10,000 points)
      get<ConferenceRead>(`/api/conferences/${conferenceId}?points=none`)
        .then((c) => {
          if (stop) return;
          setPlan({ startsAt: c.startsAt, timezone: c.timezone, status: c.status, checks: c.readiness ?? [] });
          setCap(c.maxConnectedPoints ?? null);
        })
        .catch(() => undefined);
    void load();
    const t = setInterval(load, 60_000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [conferenceId]);

  // The releases list on opening and after each re-join: a release pushed while the board was away is not pushed twice.
  useEffect(() => {
    let stop = false;
    void readReleases(() => !stop);
    return () => {
      stop = true;
    };
  }, [conferenceId, rejoins]);

  // The checkpoints passed while the board was away, with who is still not ready now: once per event-log read (every
  // join), and again only if the conference's checkpoints change (moved, checks edited: the board reads it every
  // minute, so a move made while it was away may come after the log).
  const recoveredFrom = useRef<{ log: object; plan: string } | null>(null);
  /** Keys pushed live while a recovery read was on its way: the push is newer and stays. */
  const pushedDuring = useRef<Set<string> | null>(null);
  const planned = plan ? plannedCheckpoints(plan).map(checkpointId).join(' ') : '';
  useEffect(() => {
    if (!checkpointLog || !plan) return;
    const from = recoveredFrom.current;
    if (from?.log === checkpointLog && from.plan === planned) return;
    const round = { log: checkpointLog, plan: planned };
    recoveredFrom.current = round;
    const due = checkpointsToRecover(plan, checkpointLog.lines, dismissedCheckpoints(conferenceId));
    if (!due.length) return;
    const pushed = new Set<string>();
    pushedDuring.current = pushed;
    get<ReadinessRow[]>(`/api/conferences/${conferenceId}/readiness`)
      .then((rows) => {
        if (pushedDuring.current === pushed) pushedDuring.current = null;
        if (!mounted.current || recoveredFrom.current !== round) return;
        const redone = due.filter((c) => !pushed.has(c.key));
        const keys = new Set(redone.map((c) => c.key));
        const shown: DueAlert[] = redone
          .map((c) => ({ key: c.key, label: c.label, at: c.at, recovered: true, missing: notReadyNow(rows, c.key).map(missingPoint) }))
          // every point ready by now: nothing to call about
          .filter((a) => a.missing.length > 0)
          .reverse(); // the latest checkpoint first, as pushed ones come
        setAlerts((list) => [...shown, ...list.filter((a) => !keys.has(a.key))]);
      })
      .catch(() => undefined);
  }, [checkpointLog, plan, conferenceId]);

  useEffect(() => {
    if (!socket) return;
    const onDue = async (d: { conferenceId: string; key: string; missing: string[] }) => {
      if (d.conferenceId !== conferenceId) return;
      pushedDuring.current?.add(d.key);
      const p = planRef.current;
      const label = readinessLabel(p?.checks ?? [], d.key);
      const at = (p && plannedCheckpoints(p).find((c) => c.key === d.key)?.at) ?? null;
      let rows: MissingPoint[] = [];
      try {
        const all = await get<ReadinessRow[]>(`/api/conferences/${conferenceId}/readiness`);
        const missing = new Set(d.missing);
        rows = all.filter((r) => missing.has(r.pointId)).map(missingPoint);
      } catch {
        rows = d.missing.map((id) => {
          const e = store.entries.get(id);
          return { pointId: id, code: e?.code ?? id, name: e?.name ?? id, contactName: null, contactPhone: null };
        });
      }
      setAlerts((list) => [{ key: d.key, label, at, recovered: false, missing: rows }, ...list.filter((a) => a.key !== d.key)]);
    };
    const onRelease = (r: { conferenceId: string; number: number }) => r.conferenceId === conferenceId && setLatest((n) => Math.max(n, r.number));
    socket.on('readiness:due', onDue);
    socket.on('agenda:release', onRelease);
    return () => {
      socket.off('readiness:due', onDue);
      socket.off('agenda:release', onRelease);
    };
  }, [socket, conferenceId]);

  const dismiss = (a: DueAlert) => {
    // remembered on this tab, so that a reload or a re-join does not show it again
    if (a.at !== null) dismissCheckpoint(conferenceId, checkpointId(a));
    setAlerts((l) => l.filter((x) => x !== a));
  };

  const counts = store.counts;
  const entries = [...store.entries.values()];
  const holding = latest ? entries.filter((e) => (e.release ?? 0) >= latest).length : 0;
  const notReady = (e: PresenceEntry) => checks.filter((c) => !e.readiness?.[c.key]?.ok).length;
  const rows = checks.length ? entries.filter((e) => notReady(e) > 0).sort((a, b) => notReady(b) - notReady(a)) : [];

  return (
    <section class="panel readiness-board" aria-labelledby="bc-h" data-testid="board-readiness">
      <h2 id="bc-h">{T.bc.readiness}</h2>
      {counts && (
        <p data-testid="online-cap">
          <strong>{T.bc.onlineOfCap(counts.online + counts.unstable, cap)}</strong>
        </p>
      )}
      {latest > 0 && <p data-testid="release-holders">{T.bc.holdsLatest(holding, entries.length, latest)}</p>}
      {alerts.map((a) => (
        <div key={a.key} class="readiness-alert" role="alert" data-due={a.key} data-recovered={a.recovered ? 'true' : undefined}>
          <strong>
            ⚠{' '}
            {a.recovered && a.at !== null
              ? T.bc.checkpointPassed(checkpointTime(a.at, plan?.timezone ?? 'Asia/Ho_Chi_Minh'), a.label, a.missing.length)
              : `${T.bc.readinessDue(a.label)} — ${T.bc.readinessMissing(a.missing.length)}`}
          </strong>
          <ul>
            {a.missing.slice(0, 50).map((m) => (
              <li key={m.pointId}>
                {m.name} — {m.contactName ?? T.bc.noContact}
                {m.contactPhone && (
                  <>
                    {' '}
                    <a href={telHref(m.contactPhone)}>
                      {T.bc.call} {m.contactPhone}
                    </a>
                  </>
                )}
              </li>
            ))}
            {a.missing.length > 50 && <li>… +{a.missing.length - 50}</li>}
          </ul>
          <button type="button" class="btn small" onClick={() => dismiss(a)}>
            {T.bc.dismiss}
          </button>
        </div>
      ))}
      {checks.length > 0 && (
        <div class="table-wrap">
          <table class="table readiness-table">
            <thead>
              <tr>
                <th>{T.bc.readiness}</th>
                {checks.map((c) => (
                  <th key={c.key} title={c.label}>
                    {c.label}
                  </th>
                ))}
              </tr>
              <tr>
                <th>{T.bc.ready}</th>
                {checks.map((c) => (
                  <th key={c.key} data-count={c.key}>
                    {counts?.readiness?.[c.key]?.ok ?? 0}/{counts?.readiness?.[c.key]?.total ?? entries.length}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={checks.length + 1}>{T.bc.allReady}</td>
                </tr>
              )}
              {rows.slice(0, MAX_ROWS).map((e) => (
                <tr key={e.pointId} data-readiness-point={e.code}>
                  <td>{e.name}</td>
                  {checks.map((c) => {
                    const m = e.readiness?.[c.key];
                    return (
                      <td key={c.key} class={m ? (m.ok ? 'ok' : 'bad') : 'none'} title={m?.note ?? ''}>
                        {m ? (m.ok ? '✓' : '✗') : '–'}
                      </td>
                    );
                  })}
                </tr>
              ))}
              {rows.length > MAX_ROWS && (
                <tr>
                  <td colSpan={checks.length + 1}>… +{rows.length - MAX_ROWS}</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
