import type { PresenceState } from '../../../src/presence/presence.events';
import type { Transition } from './store';
import { WINDOW_MS } from './store';

/** Thirty one-minute beats, like Uptime Kuma's heartbeat bar: each shows the worst state seen in its minute. */
export const BEATS = 30;
const BEAT_MS = WINDOW_MS / BEATS;

/** 0 grey (not connected / no data), 1 green, 2 amber, 3 red. */
export type Beat = 0 | 1 | 2 | 3;
const SEVERITY: Record<PresenceState, Beat> = { absent: 0, left: 0, online: 1, unstable: 2, offline: 3 };
export const BEAT_COLOURS = ['#b0b7bf', '#2e7d32', '#f2a900', '#c62828'];

export function beats(timeline: Transition[] | undefined, now: number): Beat[] {
  const out: Beat[] = new Array(BEATS).fill(0);
  if (!timeline?.length) return out;
  const start = now - WINDOW_MS;
  // a server clock slightly ahead of this one must not hide the latest state: clamp every time to [start, now]
  const at = (t: number) => Math.min(Math.max(t, start), now);
  const bucket = (t: number) => Math.min(BEATS - 1, Math.floor((t - start) / BEAT_MS));
  for (let i = 0; i < timeline.length; i++) {
    const last = i + 1 === timeline.length;
    const from = at(timeline[i].at);
    const to = last ? now : at(timeline[i + 1].at);
    // a state that ended before the window is not shown; a brief one inside it (a quick flap) is
    if (to === from && !last && timeline[i].at < start) continue;
    const sev = SEVERITY[timeline[i].state];
    for (let b = bucket(from); b <= bucket(Math.max(from, to - 1)); b++) if (sev > out[b]) out[b] = sev;
  }
  return out;
}

const gradients = new Map<string, string>();

/**
 * One CSS background for the whole strip (hard colour stops), so a tile stays a handful of DOM nodes. Most strips
 * look alike (all grey, all green): each distinct one is built once.
 */
export function beatGradient(bs: Beat[]): string {
  const key = bs.join('');
  let hit = gradients.get(key);
  if (hit === undefined) {
    if (gradients.size > 5000) gradients.clear();
    gradients.set(key, (hit = buildGradient(bs)));
  }
  return hit;
}

function buildGradient(bs: Beat[]): string {
  const stops: string[] = [];
  let runStart = 0;
  for (let i = 1; i <= bs.length; i++) {
    if (i === bs.length || bs[i] !== bs[runStart]) {
      const a = ((runStart * 100) / bs.length).toFixed(2);
      const b = ((i * 100) / bs.length).toFixed(2);
      stops.push(`${BEAT_COLOURS[bs[runStart]]} ${a}% ${b}%`);
      runStart = i;
    }
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** How many beats are not green after the point first came online: a flapping site scores high. */
export function troubleBeats(bs: Beat[]): number {
  return bs.filter((b) => b >= 2).length;
}
