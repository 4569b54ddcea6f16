import { DateTime } from 'luxon';

/**
 * Renders instants exactly as `formatInZone` does (`2021-07-10T08:00:00.000+07:00`), fast enough for an agenda of
 * hundreds of items: luxon costs ~25 µs per instant. Luxon still decides the zone's offset, once per zone and
 * quarter hour (every zone changes its offset on a quarter-hour boundary); the digits come from the shifted
 * instant. Offsets of a zone never change for a given instant, so the cache is never stale.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED = 20_000;
const offsets = new Map<string, { ms: number; suffix: string }>();

function offsetAt(epochMs: number, zone: string): { ms: number; suffix: string } {
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
  const key = `${zone}|${bucket}`;
  let hit = offsets.get(key);
  if (!hit) {
    const dt = DateTime.fromMillis(bucket * QUARTER_HOUR_MS, { zone });
    const iso = dt.toISO()!;
    hit = { ms: dt.offset * 60_000, suffix: iso.slice(23) };
    if (offsets.size >= MAX_CACHED) offsets.clear();
    offsets.set(key, hit);
  }
  return hit;
}

export function formatInstant(instant: Date, zone: string): string {
  const epochMs = instant.getTime();
  const offset = offsetAt(epochMs, zone);
  return new Date(epochMs + offset.ms).toISOString().slice(0, 23) + offset.suffix;
}

export function formatInstantOrNull(instant: Date | null | undefined, zone: string): string | null {
  return instant ? formatInstant(instant, zone) : null;
}
