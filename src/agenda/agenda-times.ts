import type { Message } from '../common/errors/message';
import { minutesBetween } from '../common/time/time';

/** What the time cascade needs of an item. */
export interface TimedItem {
  id: string;
  durationMinutes: number;
  actualStartAt: Date | null;
}

/** Computed (never stored) times of one item. */
export interface ItemTimes {
  startsAt: Date;
  endsAt: Date;
}

const MINUTE_MS = 60_000;

/**
 * An instant plus whole minutes. Instants are UTC and a minute is always 60 s, so this is exactly luxon's
 * `plus({minutes})`, without a DateTime per item (an agenda of 200 items is read on every page load).
 * No calendar arithmetic happens here: days and zones only appear when the times are rendered.
 */
export function plusMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}

/**
 * The planned cascade: item 0 starts at `start`, each next item starts when the previous one ends.
 * Moving the conference start moves every item, because nothing here is stored.
 */
export function cascade(start: Date, durations: readonly number[]): ItemTimes[] {
  const out: ItemTimes[] = [];
  let at = start;
  for (const minutes of durations) {
    const endsAt = plusMinutes(at, minutes);
    out.push({ startsAt: at, endsAt });
    at = endsAt;
  }
  return out;
}

/**
 * Planned times, shifted by what actually happened: the items before the current one keep their planned
 * times, the current item's start is its actual start, and every later item cascades from there, so the
 * delay (or the gain) of the running item moves the rest of the agenda. Without a current item (or when the
 * current item has no recorded start) this is the plain cascade from the conference start.
 */
export function projectTimes(conferenceStart: Date, items: readonly TimedItem[], currentItemId: string | null): ItemTimes[] {
  const planned = cascade(
    conferenceStart,
    items.map((i) => i.durationMinutes),
  );
  const current = currentItemId === null ? -1 : items.findIndex((i) => i.id === currentItemId);
  const actualStart = current >= 0 ? items[current].actualStartAt : null;
  if (current < 0 || !actualStart) return planned;
  const shifted = cascade(
    actualStart,
    items.slice(current).map((i) => i.durationMinutes),
  );
  return [...planned.slice(0, current), ...shifted];
}

/** Where the agenda ends: the end of its last item, or the conference start when it has no items. */
export function agendaEnd(conferenceStart: Date, times: readonly ItemTimes[]): Date {
  return times.length ? times[times.length - 1].endsAt : conferenceStart;
}

/** Whole minutes (rounded up) the agenda runs past the conference end; 0 when it fits. */
export function overrunMinutes(agendaEndsAt: Date, conferenceEndsAt: Date): number {
  return Math.max(0, minutesBetween(conferenceEndsAt, agendaEndsAt));
}

/**
 * Checks that `requested` is a permutation of `current` (every id exactly once, nothing else).
 * Returns the problems in user words (both languages); an empty list means it is valid.
 */
export function permutationProblems(current: readonly string[], requested: readonly string[]): Message[] {
  const problems: Message[] = [];
  const known = new Set(current);
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const unknown: string[] = [];
  for (const id of requested) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
    if (!known.has(id)) unknown.push(id);
  }
  const missing = current.filter((id) => !seen.has(id));
  if (duplicates.size) problems.push({ vi: `itemIds có nội dung lặp lại: ${[...duplicates].join(', ')}`, en: `itemIds repeats items` });
  if (unknown.length)
    problems.push({ vi: `itemIds có nội dung không thuộc chương trình: ${unknown.join(', ')}`, en: `itemIds names items not in this agenda` });
  if (missing.length) problems.push({ vi: `itemIds thiếu nội dung: ${missing.join(', ')}`, en: `itemIds misses items` });
  return problems;
}

/** A copy of `list` with the element at `from` moved to index `to` (the others shift). */
export function moveTo<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved);
  return out;
}
