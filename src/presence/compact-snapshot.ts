/**
 * The board snapshot in columns (`GET /api/conferences/:id/presence?format=compact`), shared by the server (encode)
 * and the pages (decode); no runtime imports. A 10,000-point snapshot repeats every key 10,000 times and most values
 * (level, state, parent, the zone's offset) come from a handful: one array per field, the repeated ones as a table of
 * distinct values plus an index per point, times as milliseconds after the earliest one plus the offset text of the
 * conference's zone. `decodeCompactSnapshot(encodeCompactSnapshot(s))` equals `s` (same fields, same strings).
 */
import type { PresenceEntry, PresenceSnapshot, ReadinessEntry } from './presence.events';

/** A column: the values themselves, or a table of distinct values and each row's index into it. */
export type Column<T> = { v: T[] } | { t: T[]; i: number[] };

/**
 * Instants as `2021-07-10T08:00:00.000+07:00` (the shifted UTC digits, then the zone's offset text, as the server
 * formats them): `d` = epoch ms of the instant minus `base` (null for a null time), `z` = the offset text.
 */
export interface TimeColumn {
  base: number;
  d: Array<number | null>;
  z: Column<string | null>;
}

export interface CompactReadiness {
  /** null = the point never reported this key. */
  ok: Column<boolean | null>;
  at: TimeColumn;
  note: Column<string | null>;
}

export interface CompactColumns {
  pointId: string[];
  code: string[];
  name: Column<string>;
  level: Column<PresenceEntry['level']>;
  parentId: Column<string | null>;
  state: Column<PresenceEntry['state']>;
  since: TimeColumn;
  lastSeenAt: TimeColumn;
  audio: Column<PresenceEntry['audio']>;
  video: Column<PresenceEntry['video']>;
  note: Column<string | null>;
  connections: Column<number>;
  drops: Column<number>;
  attendance: Column<PresenceEntry['attendance']>;
  attendanceReason: Column<string | null>;
  agendaVersion: Column<number | null>;
  release: Column<number | null>;
  /** One entry per readiness key of the conference, in the entries' key order. */
  readiness: Record<string, CompactReadiness>;
}

export interface CompactSnapshot extends Omit<PresenceSnapshot, 'points'> {
  format: 'compact';
  /** Number of points (the length of every column). */
  n: number;
  columns: CompactColumns;
}

// ---- encode ------------------------------------------------------------------------------------

/** A table pays when the values repeat: at most one distinct value per four rows (and always for ≤ 4 rows). */
function column<T>(values: T[]): Column<T> {
  const index = new Map<T, number>();
  const t: T[] = [];
  const i = new Array<number>(values.length);
  const limit = Math.max(4, values.length >> 2);
  for (let r = 0; r < values.length; r++) {
    let k = index.get(values[r]);
    if (k === undefined) {
      if (t.length >= limit) return { v: values };
      k = t.length;
      t.push(values[r]);
      index.set(values[r], k);
    }
    i[r] = k;
  }
  return { t, i };
}

/** The offset text after the 23 characters of `YYYY-MM-DDTHH:mm:ss.SSS`. */
const OFFSET_AT = 23;

function timeColumn(values: Array<string | null>): TimeColumn {
  const ms = values.map((v) => (v === null ? null : Date.parse(v)));
  let base = Infinity;
  for (const m of ms) if (m !== null && m < base) base = m;
  if (!Number.isFinite(base)) base = 0;
  return { base, d: ms.map((m) => (m === null ? null : m - base)), z: column(values.map((v) => (v === null ? null : v.slice(OFFSET_AT)))) };
}

export function encodeCompactSnapshot(s: PresenceSnapshot): CompactSnapshot {
  const p = s.points;
  const pick = <K extends keyof PresenceEntry>(k: K) => column(p.map((e) => e[k]));
  const keys = p.length ? Object.keys(p[0].readiness ?? {}) : [];
  const readiness: Record<string, CompactReadiness> = {};
  for (const k of keys) {
    const marks = p.map((e) => e.readiness?.[k] ?? null);
    readiness[k] = {
      ok: column(marks.map((m) => (m ? m.ok : null))),
      at: timeColumn(marks.map((m) => (m ? m.at : null))),
      note: column(marks.map((m) => (m ? m.note : null))),
    };
  }
  const { points: _points, ...head } = s;
  return {
    ...head,
    format: 'compact',
    n: p.length,
    columns: {
      pointId: p.map((e) => e.pointId),
      code: p.map((e) => e.code),
      name: pick('name'),
      level: pick('level'),
      parentId: pick('parentId'),
      state: pick('state'),
      since: timeColumn(p.map((e) => e.since)),
      lastSeenAt: timeColumn(p.map((e) => e.lastSeenAt)),
      audio: pick('audio'),
      video: pick('video'),
      note: pick('note'),
      connections: pick('connections'),
      drops: pick('drops'),
      attendance: pick('attendance'),
      attendanceReason: pick('attendanceReason'),
      agendaVersion: pick('agendaVersion'),
      release: pick('release'),
      readiness,
    },
  };
}

// ---- decode ------------------------------------------------------------------------------------

function reader<T>(c: Column<T>): (row: number) => T {
  if ('v' in c) return (r) => c.v[r];
  return (r) => c.t[c.i[r]];
}

/** `+07:00` / `-03:30` / `Z` → offset in ms. */
function offsetMs(suffix: string): number {
  if (suffix === 'Z' || suffix === '') return 0;
  const sign = suffix[0] === '-' ? -1 : 1;
  return sign * (Number(suffix.slice(1, 3)) * 60 + Number(suffix.slice(4, 6))) * 60_000;
}

function timeReader(c: TimeColumn): (row: number) => string | null {
  const zone = reader(c.z);
  const offsets = new Map<string, number>();
  return (r) => {
    const d = c.d[r];
    const suffix = zone(r);
    if (d === null || d === undefined || suffix === null) return null;
    let off = offsets.get(suffix);
    if (off === undefined) offsets.set(suffix, (off = offsetMs(suffix)));
    return new Date(c.base + d + off).toISOString().slice(0, OFFSET_AT) + suffix;
  };
}

/** Whether a parsed body is the compact form (pages that accept both). */
export function isCompactSnapshot(body: unknown): body is CompactSnapshot {
  return !!body && typeof body === 'object' && (body as { format?: unknown }).format === 'compact';
}

export function decodeCompactSnapshot(c: CompactSnapshot): PresenceSnapshot {
  const col = c.columns;
  const name = reader(col.name);
  const level = reader(col.level);
  const parentId = reader(col.parentId);
  const state = reader(col.state);
  const since = timeReader(col.since);
  const lastSeenAt = timeReader(col.lastSeenAt);
  const audio = reader(col.audio);
  const video = reader(col.video);
  const note = reader(col.note);
  const connections = reader(col.connections);
  const drops = reader(col.drops);
  const attendance = reader(col.attendance);
  const attendanceReason = reader(col.attendanceReason);
  const agendaVersion = reader(col.agendaVersion);
  const release = reader(col.release);
  const ready = Object.entries(col.readiness).map(([key, r]) => ({ key, ok: reader(r.ok), at: timeReader(r.at), note: reader(r.note) }));
  const points = new Array<PresenceEntry>(c.n);
  for (let r = 0; r < c.n; r++) {
    const readiness: Record<string, ReadinessEntry | null> = {};
    for (const k of ready) {
      const ok = k.ok(r);
      readiness[k.key] = ok === null ? null : { ok, at: k.at(r)!, note: k.note(r) };
    }
    points[r] = {
      pointId: col.pointId[r],
      code: col.code[r],
      name: name(r),
      level: level(r),
      parentId: parentId(r),
      state: state(r),
      since: since(r)!,
      lastSeenAt: lastSeenAt(r),
      audio: audio(r),
      video: video(r),
      note: note(r),
      connections: connections(r),
      drops: drops(r),
      attendance: attendance(r),
      attendanceReason: attendanceReason(r),
      agendaVersion: agendaVersion(r),
      release: release(r),
      readiness,
    };
  }
  const { format: _format, n: _n, columns: _columns, ...head } = c;
  return { ...head, points };
}
