import { useEffect, useState } from 'preact/hooks';
import type { PresenceEntry } from '../../../src/presence/presence.events';
import { get } from '../api';
import { useStructure, useSummary } from '../board/groups';
import type { BoardStore } from '../board/store';
import { useT } from '../i18n';
import type { LiveSocket } from '../live';
import { readinessLabel, type ReadinessCheck, type ReleaseSummary } from './release-changes';
import './broadcast.css';

/** Rows of the readiness table shown at most (not-ready points first; a 10,000-point board lists the first ones). */
const MAX_ROWS = 200;

interface DueAlert {
  key: string;
  label: string;
  missing: Array<{ pointId: string; code: string; name: string; contactName: string | null; contactPhone: string | null }>;
}

/**
 * The board's view of the hours before the broadcast (v2): points online out of the cap, who holds the latest agenda
 * release, the readiness counts and table (one column per check), and the checkpoint alerts listing the points not
 * ready with their contact and a `tel:` link.
 */
export function BoardBroadcast({ store, socket, conferenceId }: { store: BoardStore; socket: LiveSocket | null; conferenceId: string }) {
  const T = useT();
  const [checks, setChecks] = useState<ReadinessCheck[]>([]);
  const [cap, setCap] = useState<number | null>(null);
  const [latest, setLatest] = useState(0);
  const [alerts, setAlerts] = useState<DueAlert[]>([]);

  // redrawn with the counters and when the set of points changes (the board's own subscriptions)
  useSummary(store);
  useStructure(store);

  useEffect(() => {
    let stop = false;
    const load = () =>
      // without the invited points: every minute, on every board (1.8 MB and ~170 ms of server CPU at 10,000 points)
      get<{ readiness?: ReadinessCheck[]; maxConnectedPoints?: number | null }>(`/api/conferences/${conferenceId}?points=none`)
        .then((c) => {
          if (stop) return;
          setChecks(c.readiness ?? []);
          setCap(c.maxConnectedPoints ?? null);
        })
        .catch(() => undefined);
    void load();
    get<ReleaseSummary[]>(`/api/conferences/${conferenceId}/agenda/releases`)
      .then((l) => !stop && setLatest(l.length ? l[l.length - 1].number : 0))
      .catch(() => undefined);
    const t = setInterval(load, 60_000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [conferenceId]);

  useEffect(() => {
    if (!socket) return;
    const onDue = async (d: { conferenceId: string; key: string; missing: string[] }) => {
      if (d.conferenceId !== conferenceId) return;
      const label = readinessLabel(checks, d.key);
      let rows: DueAlert['missing'] = [];
      try {
        const all = await get<DueAlert['missing']>(`/api/conferences/${conferenceId}/readiness`);
        const missing = new Set(d.missing);
        rows = all.filter((r) => missing.has(r.pointId));
      } catch {
        rows = d.missing.map((id) => {
          const e = store.entries.get(id);
          return { pointId: id, code: e?.code ?? id, name: e?.name ?? id, contactName: null, contactPhone: null };
        });
      }
      setAlerts((list) => [{ key: d.key, label, missing: rows }, ...list.filter((a) => a.key !== d.key)]);
    };
    const onRelease = (r: { conferenceId: string; number: number }) => r.conferenceId === conferenceId && setLatest(r.number);
    socket.on('readiness:due', onDue);
    socket.on('agenda:release', onRelease);
    return () => {
      socket.off('readiness:due', onDue);
      socket.off('agenda:release', onRelease);
    };
  }, [socket, conferenceId, checks]);

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
        <div key={a.key} class="readiness-alert" role="alert" data-due={a.key}>
          <strong>
            ⚠ {T.bc.readinessDue(a.label)} — {T.bc.readinessMissing(a.missing.length)}
          </strong>
          <ul>
            {a.missing.slice(0, 50).map((m) => (
              <li key={m.pointId}>
                {m.name} — {m.contactName ?? T.bc.noContact}
                {m.contactPhone && (
                  <>
                    {' '}
                    <a href={`tel:${m.contactPhone.replace(/[^\d+]/g, '')}`}>
                      {T.bc.call} {m.contactPhone}
                    </a>
                  </>
                )}
              </li>
            ))}
            {a.missing.length > 50 && <li>… +{a.missing.length - 50}</li>}
          </ul>
          <button type="button" class="btn small" onClick={() => setAlerts((l) => l.filter((x) => x !== a))}>
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
