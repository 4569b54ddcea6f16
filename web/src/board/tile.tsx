import { useLayoutEffect } from 'preact/hooks';
import type { PresenceEntry } from '../../../src/presence/presence.events';
import type { Dict } from '../i18n';
import { useForceUpdate } from '../components/hooks';
import { beatGradient, beats } from './heartbeat';
import { attendanceLabel, STATE_ICON, stateLabel } from './labels';
import { shortName } from './short-name';
import type { BoardStore } from './store';

/** Re-renders the caller when this point (only this point) changes in the store (subscribed as in `useSummary`). */
export function usePoint(store: BoardStore, id: string): PresenceEntry | undefined {
  const force = useForceUpdate();
  useLayoutEffect(() => store.subscribePoint(id, force), [store, id]);
  return store.entries.get(id);
}

/**
 * One invited point: the only element carrying its `data-point-code`, with `data-state` in the contract's word,
 * the Vietnamese label as text, an icon so the state is not told by colour alone, and the 30-minute strip. The name is
 * shown without its administrative prefix ("UBND xã Xuân Hòa" as "Xuân Hòa"), the full name in the tooltip and read out.
 */
export function Tile({ store, id, compact, T }: { store: BoardStore; id: string; compact: boolean; T: Dict }) {
  const e = usePoint(store, id);
  if (!e) return null;
  const now = Date.now();
  const label = stateLabel(T, e, now);
  const bs = beats(store.timelines.get(id), now);
  const att = attendanceLabel(T, e);
  // without the "UBND xã " every tile shares; the full name is in the tooltip and read out instead
  const short = shortName(e.name);
  const latest = store.agendaVersion;
  const answered = store.answered.has(id);
  const trouble = [e.audio === 'fail' ? T.audioFail : null, e.video === 'fail' ? T.videoFail : null].filter(Boolean) as string[];
  return (
    <button
      type="button"
      class={`tile s-${e.state}${store.selected === id ? ' selected' : ''}${trouble.length ? ' av-fail' : ''}`}
      data-point-code={e.code}
      data-state={e.state}
      aria-pressed={store.selected === id}
      title={`${e.name} (${e.code}): ${label}`}
      onClick={() => store.select(store.selected === id ? null : id)}
    >
      {short !== e.name && <span class="sr-only">{e.name}</span>}
      <span class="t-name" title={e.name} aria-hidden={short !== e.name ? 'true' : undefined}>
        {short}
      </span>
      <span class="t-state">
        <span class="t-icon" aria-hidden="true">
          {STATE_ICON[e.state]}
        </span>
        <span class="t-label">{label}</span>
      </span>
      {!compact && (
        <span class="t-badges">
          {trouble.map((x) => (
            <span class="chip bad" key={x} title={`${e.name}: ${x}`}>
              {x}
            </span>
          ))}
          {att && (
            <span class={`chip att-${e.attendance}`} title={`${e.name}: ${att}`}>
              {att}
            </span>
          )}
          {answered && (
            <span class="chip ok" title={`${e.name}: ${T.answered}`}>
              ✓ {T.answered}
            </span>
          )}
          {e.agendaVersion != null && latest != null && (
            <span class={`chip ${e.agendaVersion >= latest ? 'ok' : 'warn'}`} title={e.agendaVersion >= latest ? T.latestAgenda : T.oldAgenda(e.agendaVersion)}>
              {T.agendaShort(e.agendaVersion, e.agendaVersion >= latest)}
            </span>
          )}
        </span>
      )}
      {compact && (trouble.length > 0 || att || answered) && (
        <span class="t-dots" title={[...trouble, att, answered ? T.answered : null].filter(Boolean).join(' · ')}>
          {trouble.length > 0 && <span class="dot bad">{trouble.join(', ')}</span>}
          {answered && <span class="dot ok">✓</span>}
        </span>
      )}
      <span class="t-beat" style={{ background: beatGradient(bs) }} title={T.heartbeatShort(e.drops)} aria-hidden="true" />
    </button>
  );
}
