import { DateTime, IANAZone } from 'luxon';

/** Conferences are shown in this zone unless they say otherwise. */
export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';

/** ISO-8601 date-time that carries an explicit offset (`Z` or `±hh:mm`). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function hasOffset(value: string): boolean {
  return ISO_WITH_OFFSET.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
}

/** Parses an ISO instant with offset into a UTC `Date`; throws on anything else. */
export function parseInstant(value: string): Date {
  if (!hasOffset(value)) throw new RangeError(`not an ISO-8601 instant with offset: ${value}`);
  return DateTime.fromISO(value, { setZone: true }).toUTC().toJSDate();
}

/** Every zone changes its offset on a quarter-hour boundary: luxon is asked once per zone and quarter hour. */
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED_OFFSETS = 20_000;
const offsets = new Map<string, { ms: number; suffix: string }>();

/** The last offset looked up: a burst renders thousands of instants of one zone and quarter hour in a row. */
let lastOffset = { zone: '', bucket: NaN, offset: { ms: 0, suffix: '' } };

function offsetAt(epochMs: number, zone: string): { ms: number; suffix: string } {
  const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
  if (bucket === lastOffset.bucket && zone === lastOffset.zone) return lastOffset.offset;
  const key = `${zone}|${bucket}`;
  let hit = offsets.get(key);
  if (!hit) {
    const dt = DateTime.fromMillis(bucket * QUARTER_HOUR_MS, { zone });
    hit = { ms: dt.offset * 60_000, suffix: dt.toISO()!.slice(23) };
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offsets.set(key, hit);
  }
  lastOffset = { zone, bucket, offset: hit };
  return hit;
}

/** The last instant rendered (a check-in's `since`, `lastSeenAt` and readiness time are one instant). */
let lastRendered = { zone: '', epochMs: NaN, text: '' };

/**
 * Renders a stored UTC instant in the given zone, e.g. `2021-07-10T08:00:00.000+07:00`: the same text as luxon's
 * `DateTime.setZone(zone).toISO()`, but luxon (an `Intl` lookup, ~25 µs) decides only the zone's offset, once per
 * zone and quarter hour; the digits come from the shifted instant. Lists, agendas and 10,000-point snapshots
 * render many instants.
 */
export function formatInZone(instant: Date, zone: string = DEFAULT_TIMEZONE): string {
  return formatEpochInZone(instant.getTime(), zone);
}

/** The same for epoch milliseconds (the presence records' times). */
export function formatEpochInZone(epochMs: number, zone: string = DEFAULT_TIMEZONE): string {
  if (epochMs === lastRendered.epochMs && zone === lastRendered.zone) return lastRendered.text;
  const offset = offsetAt(epochMs, zone);
  const shifted = new Date(epochMs + offset.ms).toISOString();
  // Years outside 0000–9999 render with a sign and six digits: leave those to luxon.
  const text = shifted.length === 24 ? shifted.slice(0, 23) + offset.suffix : DateTime.fromMillis(epochMs, { zone }).toISO()!;
  lastRendered = { zone, epochMs, text };
  return text;
}

/** The same, allowing null. */
export function formatInZoneOrNull(instant: Date | null | undefined, zone: string = DEFAULT_TIMEZONE): string | null {
  return instant ? formatInZone(instant, zone) : null;
}

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Adds minutes with luxon (never `Date` arithmetic). */
export function addMinutes(instant: Date, minutes: number): Date {
  return DateTime.fromJSDate(instant, { zone: 'utc' }).plus({ minutes }).toJSDate();
}

/** Whole minutes from `a` to `b` (negative when `b` is earlier), rounded up. */
export function minutesBetween(a: Date, b: Date): number {
  return Math.ceil(DateTime.fromJSDate(b).diff(DateTime.fromJSDate(a), 'minutes').minutes);
}

/** Half-open intervals `[start, end)`: touching intervals do not overlap. */
export function intervalsOverlap(aStart: Date, aEnd: Date, bStart: Date, bEnd: Date): boolean {
  return aStart.getTime() < bEnd.getTime() && bStart.getTime() < aEnd.getTime();
}

/** Now, as a UTC instant. */
export function now(): Date {
  return DateTime.utc().toJSDate();
}
