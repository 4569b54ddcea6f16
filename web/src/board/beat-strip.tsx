import { inZone } from '../time';
import { useT } from '../i18n';
import { useL } from '../i18n-live';
import { BEAT_COLOURS, BEATS, beats, type Beat } from './heartbeat';
import type { BoardStore } from './store';
import { WINDOW_MS } from './store';

const STATE_OF: Record<Beat, 'absent' | 'online' | 'unstable' | 'offline'> = { 0: 'absent', 1: 'online', 2: 'unstable', 3: 'offline' };

/**
 * The selected point's last 30 minutes as discrete, hoverable beats (each says its minute and its worst state), with a
 * labelled axis — Uptime Kuma's bar. The tiles keep the one-element strip (10,000 tiles × 30 beats would be 300,000 nodes).
 */
export function BeatStrip({ store, id, tz }: { store: BoardStore; id: string; tz: string }) {
  const T = useT();
  const L = useL();
  const now = Date.now();
  const bs = beats(store.timelines.get(id), now);
  const start = now - WINDOW_MS;
  const minute = (i: number) => inZone(new Date(start + (i * WINDOW_MS) / BEATS).toISOString(), tz).toFormat('HH:mm');
  return (
    <figure class="beat-strip" data-beat-strip>
      <figcaption class="small muted">{L.last30}</figcaption>
      <div class="beats-row" role="list">
        {bs.map((b, i) => {
          const label = `${minute(i)}–${minute(i + 1)}: ${b === 0 ? L.noData : T.states[STATE_OF[b]]}`;
          return (
            <span
              key={i}
              role="listitem"
              class={`beat b${b}`}
              style={{ background: BEAT_COLOURS[b] }}
              title={label}
              aria-label={label}
              data-beat={STATE_OF[b]}
            />
          );
        })}
      </div>
      <div class="beats-axis small muted" aria-hidden="true">
        <span>{L.minutesAgo(30)}</span>
        <span>{L.minutesAgo(15)}</span>
        <span>{L.now}</span>
      </div>
    </figure>
  );
}
