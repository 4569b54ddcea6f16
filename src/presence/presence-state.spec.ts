import { AppError } from '../common/errors';
import { connectedSeconds, LiveRecord, LoggedEvent, newRecord, PresenceInput, replay, transition } from './presence-state';

const T0 = Date.UTC(2021, 6, 10, 1, 0, 0);
const at = (seconds: number) => T0 + seconds * 1000;

/** Runs inputs from an absent record, collecting what would be logged. */
function run(inputs: Array<[number, PresenceInput]>, start = newRecord(T0)) {
  let r = start;
  const log: LoggedEvent[] = [];
  const graces: Array<string | null> = [];
  for (const [s, input] of inputs) {
    const t = transition(r, input, at(s));
    r = t.record;
    graces.push(t.grace);
    if (t.log) log.push({ type: t.log.type, at: at(s), detail: t.log.detail });
  }
  return { r, log, graces };
}

const checkin = (socketId: string): PresenceInput => ({ kind: 'checkin', socketId, via: 'link' });
const closed = (socketId: string): PresenceInput => ({ kind: 'socketClosed', socketId });

describe('presence state machine', () => {
  it('a first check-in makes an absent point online and is logged as checkin', () => {
    const { r, log } = run([[0, checkin('a')]]);
    expect(r).toMatchObject({ state: 'online', sockets: ['a'], since: at(0), lastSeenAt: at(0), firstCheckinAt: at(0), drops: 0 });
    expect(log.map((l) => l.type)).toEqual(['checkin']);
  });

  it('a second socket of the same point is one more connection, not a second entry or a second check-in', () => {
    const { r, log } = run([
      [0, checkin('a')],
      [5, checkin('b')],
      [6, checkin('b')],
    ]);
    expect(r.sockets).toEqual(['a', 'b']);
    expect(r.since).toBe(at(0));
    expect(log.map((l) => l.type)).toEqual(['checkin']);
  });

  it('closing one of two sockets keeps the point online; closing the last makes it unstable and counts a drop', () => {
    const one = run([
      [0, checkin('a')],
      [1, checkin('b')],
      [10, closed('a')],
    ]);
    expect(one.r).toMatchObject({ state: 'online', sockets: ['b'], drops: 0 });
    expect(one.log.map((l) => l.type)).toEqual(['checkin']);

    const both = run([
      [0, checkin('a')],
      [1, checkin('b')],
      [10, closed('a')],
      [20, closed('b')],
    ]);
    expect(both.r).toMatchObject({ state: 'unstable', sockets: [], drops: 1, since: at(20), lastSeenAt: at(20) });
    expect(both.log.map((l) => l.type)).toEqual(['checkin', 'disconnect']);
    expect(both.graces.at(-1)).toBe('start');
  });

  it('a reconnect is the same record: back online, its drop kept, logged as connect, the grace timer cancelled', () => {
    const { r, log, graces } = run([
      [0, checkin('a')],
      [10, closed('a')],
      [12, checkin('a2')],
    ]);
    expect(r).toMatchObject({ state: 'online', sockets: ['a2'], drops: 1, firstCheckinAt: at(0), since: at(12) });
    expect(log.map((l) => l.type)).toEqual(['checkin', 'disconnect', 'connect']);
    expect(log[2].detail).toMatchObject({ drops: 1, downSeconds: 2 });
    expect(graces.at(-1)).toBe('cancel');
  });

  it('the late cleanup of an old socket never removes the new one', () => {
    // The new socket checks in before the server notices the old one is gone.
    const { r, log } = run([
      [0, checkin('old')],
      [30, checkin('new')],
      [31, closed('old')],
    ]);
    expect(r).toMatchObject({ state: 'online', sockets: ['new'], drops: 0 });
    expect(log.map((l) => l.type)).toEqual(['checkin']);
  });

  it('a socket that is not checked in changes nothing when it closes', () => {
    const start = run([[0, checkin('a')]]).r;
    const t = transition(start, closed('zzz'), at(5));
    expect(t.record).toBe(start);
    expect(t.changed).toBe(false);
  });

  it('the grace expiry makes an unstable point offline, unless it is stale (the point came back or dropped again since)', () => {
    const dropped = run([
      [0, checkin('a')],
      [10, closed('a')],
    ]).r;
    const expired = transition(dropped, { kind: 'graceExpired', unstableSince: at(10), graceMs: 15000 }, at(25));
    expect(expired.record).toMatchObject({ state: 'offline', since: at(25), drops: 1 });
    expect(expired.log).toEqual({ type: 'lost', detail: { graceMs: 15000 } });

    const stale = transition(dropped, { kind: 'graceExpired', unstableSince: at(3), graceMs: 15000 }, at(25));
    expect(stale.record).toBe(dropped);

    const back = run([[12, checkin('b')]], dropped).r;
    expect(transition(back, { kind: 'graceExpired', unstableSince: at(10), graceMs: 15000 }, at(25)).record).toBe(back);
  });

  it('an offline point that checks in again is online with its drops, logged as connect', () => {
    const { r, log } = run([
      [0, checkin('a')],
      [10, closed('a')],
      [25, { kind: 'graceExpired', unstableSince: at(10), graceMs: 15000 }],
      [60, checkin('b')],
    ]);
    expect(r).toMatchObject({ state: 'online', drops: 1 });
    expect(log.map((l) => l.type)).toEqual(['checkin', 'disconnect', 'lost', 'connect']);
  });

  it('checkout: refused before any check-in, then left with every socket released, idempotent, and a new check-in is logged as checkin', () => {
    expect(() => transition(newRecord(T0), { kind: 'checkout' }, at(1))).toThrow(AppError);
    const { r, log } = run([
      [0, checkin('a')],
      [1, checkin('b')],
      [100, { kind: 'checkout' }],
    ]);
    expect(r).toMatchObject({ state: 'left', sockets: [], since: at(100) });
    expect(log.map((l) => l.type)).toEqual(['checkin', 'checkout']);
    expect(transition(r, { kind: 'checkout' }, at(101)).record).toBe(r);
    // The released sockets closing later change nothing.
    expect(transition(r, closed('a'), at(102)).record).toBe(r);
    const again = run([[200, checkin('c')]], r);
    expect(again.r.state).toBe('online');
    expect(again.log.map((l) => l.type)).toEqual(['checkin']);
    expect(again.r.firstCheckinAt).toBe(at(0));
  });

  it('status and agenda acks need this socket to be checked in; they are logged', () => {
    const start = run([[0, checkin('a')]]).r;
    expect(() => transition(start, { kind: 'status', socketId: 'x', audio: 'ok', video: 'fail', note: null }, at(1))).toThrow(/Check in/);
    expect(() => transition(start, { kind: 'agendaAck', socketId: 'x', version: 3 }, at(1))).toThrow(/Check in/);
    const { r, log } = run(
      [
        [1, { kind: 'status', socketId: 'a', audio: 'ok', video: 'fail', note: 'Mất hình' }],
        [2, { kind: 'agendaAck', socketId: 'a', version: 3 }],
      ],
      start,
    );
    expect(r).toMatchObject({ audio: 'ok', video: 'fail', note: 'Mất hình', agendaVersion: 3, lastSeenAt: at(2) });
    expect(log).toEqual([
      { type: 'status', at: at(1), detail: { audio: 'ok', video: 'fail', note: 'Mất hình' } },
      { type: 'status', at: at(2), detail: { agendaVersion: 3 } },
    ]);
  });

  it('a status report that repeats the last one writes no log line (only lastSeenAt moves)', () => {
    const start = run([[0, checkin('a')]]).r;
    const report: PresenceInput = { kind: 'status', socketId: 'a', audio: 'ok', video: 'fail', note: null };
    const { r, log } = run(
      [
        [1, report],
        [2, report],
        [3, { ...report, note: 'Ồn' }],
        [4, { ...report, note: 'Ồn' }],
      ],
      start,
    );
    expect(log.map((l) => [l.at, l.detail])).toEqual([
      [at(1), { audio: 'ok', video: 'fail', note: null }],
      [at(3), { audio: 'ok', video: 'fail', note: 'Ồn' }],
    ]);
    expect(r).toMatchObject({ lastSeenAt: at(4), note: 'Ồn' });
  });

  it('a socket the server closed (a revoked link) logs its reason with the drop', () => {
    const { log } = run([
      [0, checkin('a')],
      [5, { kind: 'socketClosed', socketId: 'a', reason: 'link_revoked' }],
    ]);
    expect(log.map((l) => [l.type, l.detail])).toEqual([
      ['checkin', { via: 'link' }],
      ['disconnect', { drops: 1, reason: 'link_revoked' }],
    ]);
  });

  it('an attendance mark changes the entry whatever the socket says, without a log line (it has its own table)', () => {
    const t = transition(newRecord(T0), { kind: 'attendance', attendance: 'absent', reason: 'Ốm' }, at(1));
    expect(t.record).toMatchObject({ state: 'absent', attendance: 'absent', attendanceReason: 'Ốm' });
    expect(t.changed).toBe(true);
    expect(t.log).toBeNull();
  });

  it('counts connected time over the online intervals only', () => {
    const { r } = run([
      [0, checkin('a')],
      [100, closed('a')],
      [130, checkin('b')],
      [150, { kind: 'checkout' }],
    ]);
    expect(connectedSeconds(r, at(1000))).toBe(120);
    const open = run([[0, checkin('a')]]).r;
    expect(connectedSeconds(open, at(42))).toBe(42);
  });

  it('after a restart an online point is unstable (one more drop), an unstable one keeps waiting, others stay', () => {
    const online = run([[0, checkin('a')]]).r;
    const t = transition({ ...online, sockets: [] }, { kind: 'restart' }, at(50));
    expect(t.record).toMatchObject({ state: 'unstable', drops: 1, since: at(50), sockets: [] });
    expect(t.log).toEqual({ type: 'disconnect', detail: { drops: 1, reason: 'server_restart' } });
    expect(t.grace).toBe('start');

    const unstable = run([
      [0, checkin('a')],
      [10, closed('a')],
    ]).r;
    const u = transition(unstable, { kind: 'restart' }, at(50));
    expect(u.record).toMatchObject({ state: 'unstable', since: at(10), drops: 1 });
    expect(u.log).toBeNull();
    expect(u.grace).toBe('start');

    for (const state of ['absent', 'offline', 'left'] as const) {
      const r: LiveRecord = { ...newRecord(T0), state };
      expect(transition(r, { kind: 'restart' }, at(50)).record).toBe(r);
    }
  });

  it('replaying the log gives back the state, drops, times and reports of the live record', () => {
    const { r, log } = run([
      [0, checkin('a')],
      [5, { kind: 'status', socketId: 'a', audio: 'fail', video: 'ok', note: null }],
      [6, { kind: 'agendaAck', socketId: 'a', version: 7 }],
      [100, closed('a')],
      [115, { kind: 'graceExpired', unstableSince: at(100), graceMs: 15000 }],
      [130, checkin('b')],
      [140, closed('b')],
    ]);
    const rebuilt = replay(log, newRecord(T0));
    for (const key of [
      'state',
      'since',
      'lastSeenAt',
      'drops',
      'audio',
      'video',
      'note',
      'agendaVersion',
      'firstCheckinAt',
      'connectedMs',
      'onlineSince',
    ] as const) {
      expect([key, rebuilt[key]]).toEqual([key, r[key]]);
    }
    // An online point replays as online (no sockets): the restart transition then makes it unstable.
    const stillOnline = replay(run([[0, checkin('a')]]).log, newRecord(T0));
    expect(stillOnline).toMatchObject({ state: 'online', sockets: [], onlineSince: at(0) });
  });
});
