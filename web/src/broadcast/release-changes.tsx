import type { AgendaReleaseChange } from '../../../src/presence/presence.events';
import type { components } from '../api/schema';
import { useT } from '../i18n';
import { fmtMove } from '../time';

/** A release's changes as a list: a coloured tag per type, the title, and what changed (fields, times, position). */
export function ReleaseChanges({ changes, tz }: { changes: readonly AgendaReleaseChange[]; tz: string }) {
  const T = useT();
  if (!changes.length) return <p class="muted">{T.bc.changeCount(0)}</p>;
  return (
    <ul class="changes" data-testid="release-changes">
      {changes.map((c) => (
        <li key={`${c.type}:${c.itemId}`} data-change={c.type}>
          <span class={`chg chg-${c.type}`}>{T.bc.changeTypes[c.type]}</span>
          <strong>{c.title}</strong>
          {c.type === 'changed' && c.after && (
            <span class="muted">
              {' '}
              —{' '}
              {Object.keys(c.after)
                .map((f) => T.bc.fields[f] ?? f)
                .join(', ')}
            </span>
          )}
          {c.type === 'retimed' && c.before && c.after && <span class="muted"> — {fmtMove(String(c.before.startsAt), String(c.after.startsAt), tz)}</span>}
          {c.type === 'moved' && c.before && c.after && (
            <span class="muted">
              {' '}
              — {Number(c.before.position) + 1} → {Number(c.after.position) + 1}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** `GET …/agenda/releases/:number`, `GET …/agenda/releases`, a conference's readiness checks: generated shapes. */
export type Release = components['schemas']['ReleaseResponse'];
export type ReleaseSummary = components['schemas']['ReleaseSummaryResponse'];
export type ReadinessCheck = components['schemas']['ReadinessCheckDto'];

/** A readiness key in words: its label in the conference's checks (`Kỹ thuật viên có mặt`), the key when unknown. */
export function readinessLabel(checks: readonly ReadinessCheck[], key: string): string {
  return checks.find((c) => c.key === key)?.label ?? key;
}
