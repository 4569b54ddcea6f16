import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { useL } from '../i18n-live';
import { fmtTimeSec } from '../time';
import type { PresenceLogEvent } from '../types';
import { incidents, operatorActions, type Incident, type OperatorAction } from './incidents';
import type { BoardStore } from './store';

/**
 * The conference's incident log, per point: each drop with its recovery, how long it lasted and why (from the event
 * log, so it survives a reload and the language switch). Refreshed when an alert comes in, and every 30 s (5 min above
 * 1,000 points).
 */
export function IncidentsPanel({ store, conferenceId, tz, alertCount }: { store: BoardStore; conferenceId: string; tz: string; alertCount: number }) {
  const L = useL();
  const [byPoint, setByPoint] = useState<Map<string, Incident[]> | null>(null);
  const [actions, setActions] = useState<OperatorAction[]>([]);
  useEffect(() => {
    let stop = false;
    const load = () =>
      get<PresenceLogEvent[]>(`/api/conferences/${conferenceId}/presence/events`)
        .then((evs) => {
          if (stop || !Array.isArray(evs)) return;
          setByPoint(incidents(evs));
          setActions(operatorActions(evs));
        })
        .catch(() => undefined);
    const first = setTimeout(load, alertCount ? 800 : 0); // after an alert, once its line is in the log
    // recoveries raise no alert: re-read now and then, rarely for a large conference (its log is megabytes)
    const t = setInterval(load, store.entries.size > 1000 ? 300_000 : 30_000);
    return () => {
      stop = true;
      clearTimeout(first);
      clearInterval(t);
    };
  }, [conferenceId, alertCount]);
  if (!byPoint) return null;
  const rows = [...byPoint.entries()]
    .map(([pointId, list]) => ({ pointId, list, name: store.entries.get(pointId)?.name ?? pointId, last: list[list.length - 1].from }))
    .sort((a, b) => b.last - a.last);
  const total = rows.reduce((n, r) => n + r.list.length, 0);
  const reasonText = (i: Incident) =>
    i.reason === 'link_revoked'
      ? L.reasonLinkRevoked
      : i.reason === 'server_restart'
        ? L.reasonServerRestart
        : i.reason === 'state_lost'
          ? L.reasonStateLost
          : L.reasonNetwork;
  const dropBy = (i: Incident) =>
    i.dropBy === 'revocation' ? L.byRevocation(i.dropAccount) : i.dropBy === 'restart' ? L.byRestart : i.dropBy === 'server' ? L.byServer : L.byPoint;
  /** Who acted at each step of one incident: the drop, the move to offline, the end. */
  const who = (i: Incident) =>
    [
      `${L.stepDrop}: ${dropBy(i)}`,
      i.wentOffline ? `${L.stepOffline}: ${L.byGrace(i.graceMs === null ? null : Math.round(i.graceMs / 100) / 10)}` : null,
      i.end === 'connect' ? `${L.stepBack}: ${L.backByPoint}` : i.end === 'checkout' ? `${L.stepBack}: ${L.leftByItself}` : null,
    ]
      .filter(Boolean)
      .join(' → ');
  const span = (i: Incident) => {
    const secs = Math.max(0, Math.round(((i.to ?? Date.now()) - i.from) / 1000));
    return secs >= 60 ? L.durationMinSec(Math.floor(secs / 60), secs % 60) : L.durationSec(secs);
  };
  return (
    <section class="panel incidents-panel" aria-labelledby="inc-h" data-panel="incidents">
      <h2 id="inc-h">
        {L.incidentsTitle} ({total})
      </h2>
      {!rows.length && <p class="muted small">{L.noIncidents}</p>}
      {rows.slice(0, 30).map((r) => (
        <details key={r.pointId} data-incidents-point={store.entries.get(r.pointId)?.code}>
          <summary>
            <strong>{r.name}</strong> · {L.dropsCount(r.list.length)}
            {r.list[r.list.length - 1].to === null && <span class="bad-text"> · {L.stillAway}</span>}
          </summary>
          <ul class="incidents">
            {r.list
              .slice()
              .reverse()
              .map((i) => (
                <li key={i.from} data-incident-reason={i.reason ?? 'network'}>
                  <time>{fmtTimeSec(new Date(i.from).toISOString(), tz)}</time> →{' '}
                  {i.to ? <time>{fmtTimeSec(new Date(i.to).toISOString(), tz)}</time> : L.notBack} ({span(i)}) · {reasonText(i)}
                  {i.wentOffline && ` · ${L.wentOffline}`}
                  {i.end === 'checkout' && ` · ${L.leftByItself}`}
                  <br />
                  <span class="muted small" data-who={i.dropBy}>
                    {L.whoActed}: {who(i)}
                  </span>
                </li>
              ))}
          </ul>
        </details>
      ))}
      {actions.length > 0 && (
        <details data-operator-actions>
          <summary>
            <strong>{L.operatorActions}</strong> ({actions.length})
          </summary>
          <ul class="incidents">
            {actions
              .slice()
              .reverse()
              .slice(0, 50)
              .map((a) => (
                <li key={`${a.kind}-${a.at}`} data-action-kind={a.kind}>
                  <time>{fmtTimeSec(new Date(a.at).toISOString(), tz)}</time> {a.kind === 'rollcall' ? L.actionRollcall(a.count) : L.actionNotice(a.count)} ·{' '}
                  {L.whoActed}: {L.actionBy(a.by)}
                </li>
              ))}
          </ul>
        </details>
      )}
    </section>
  );
}
