import { decodeCompactSnapshot, encodeCompactSnapshot, isCompactSnapshot } from './compact-snapshot';
import type { PresenceEntry, PresenceSnapshot } from './presence.events';

const entry = (i: number, over: Partial<PresenceEntry> = {}): PresenceEntry => ({
  pointId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  code: `X-${i}`,
  name: `UBND xã Số ${i}`,
  level: i === 0 ? 'province' : 'commune',
  parentId: i === 0 ? null : '00000000-0000-4000-8000-000000000000',
  state: i % 3 === 0 ? 'online' : 'absent',
  since: '2021-07-10T08:00:00.000+07:00',
  lastSeenAt: i % 3 === 0 ? `2021-07-10T08:0${i % 10}:0${i % 6}.${String(i).padStart(3, '0')}+07:00` : null,
  audio: i % 3 === 0 ? 'ok' : null,
  video: null,
  note: null,
  connections: i % 3 === 0 ? 1 : 0,
  drops: i % 7,
  attendance: null,
  attendanceReason: null,
  agendaVersion: null,
  release: null,
  readiness: { technician: i % 2 ? { ok: true, at: '2021-07-10T07:00:00.000+07:00', note: `ghi chú ${i}` } : null },
  ...over,
});

const snapshot = (points: PresenceEntry[]): PresenceSnapshot => ({
  conferenceId: '11111111-1111-4111-8111-111111111111',
  seq: 42,
  counts: { total: points.length, online: 0, unstable: 0, offline: 0, absent: 0, left: 0, byLevel: {} },
  points,
});

describe('compact snapshot codec', () => {
  it('decodes to exactly what was encoded, repeated values as tables, distinct ones as they are', () => {
    const s = snapshot(Array.from({ length: 200 }, (_, i) => entry(i)));
    const c = encodeCompactSnapshot(s);
    expect(isCompactSnapshot(c)).toBe(true);
    expect('t' in c.columns.state && [...c.columns.state.t].sort()).toEqual(['absent', 'online']);
    expect('v' in c.columns.name).toBe(true);
    expect(decodeCompactSnapshot(JSON.parse(JSON.stringify(c)))).toEqual(s);
    expect(JSON.stringify(c).length).toBeLessThan(JSON.stringify(s).length / 2);
  });

  it('keeps other zones’ offsets (UTC as Z, negative and half-hour offsets) and nulls', () => {
    const s = snapshot([
      entry(1, { since: '2021-07-10T01:00:00.000Z', lastSeenAt: '2021-07-09T21:30:00.123-03:30' }),
      entry(2, { since: '2021-07-10T06:45:00.000+05:45', lastSeenAt: null, note: 'Mất hình', attendance: 'absent', attendanceReason: 'Bão' }),
      entry(3, { readiness: { technician: { ok: false, at: '2021-07-10T07:00:00.999+07:00', note: null } } }),
    ]);
    expect(decodeCompactSnapshot(JSON.parse(JSON.stringify(encodeCompactSnapshot(s))))).toEqual(s);
  });

  it('handles a conference without points or readiness keys', () => {
    const empty = snapshot([]);
    expect(decodeCompactSnapshot(encodeCompactSnapshot(empty))).toEqual(empty);
    const noKeys = snapshot([entry(1, { readiness: {} })]);
    expect(decodeCompactSnapshot(encodeCompactSnapshot(noKeys))).toEqual(noKeys);
    expect(isCompactSnapshot(empty)).toBe(false);
  });
});
