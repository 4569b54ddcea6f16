import {
  checkpointAt,
  checkpointId,
  checkpointsToRecover,
  checkpointTime,
  dismissCheckpoint,
  dismissedCheckpoints,
  notReadyNow,
  sentCheckpoints,
  type CheckpointPlan,
} from './checkpoint-recovery';

const CHECKS = [
  { key: 'technician', label: 'Kỹ thuật viên có mặt', minutesBefore: 60 },
  { key: 'connected', label: 'Đã kết nối thử', minutesBefore: 30 },
  { key: 'av', label: 'Âm thanh, hình ảnh tốt', minutesBefore: 15 },
];
/** 08:00 in Vietnam. */
const START = '2021-07-10T08:00:00.000+07:00';
const at = (hhmm: string) => Date.parse(`2021-07-10T${hhmm}:00.000+07:00`);
const plan = (over: Partial<CheckpointPlan> = {}): CheckpointPlan => ({
  startsAt: START,
  timezone: 'Asia/Ho_Chi_Minh',
  status: 'scheduled',
  checks: CHECKS,
  ...over,
});

describe('checkpoint recovery (a board that was away shows the checkpoint alerts it missed)', () => {
  it('a checkpoint is startsAt − minutesBefore, shown as HH:mm in the conference zone whatever the offset written', () => {
    expect(checkpointAt(START, 15)).toBe(at('07:45'));
    expect(checkpointAt('2021-07-10T01:00:00.000Z', 15)).toBe(at('07:45'));
    expect(checkpointTime(at('07:45'), 'Asia/Ho_Chi_Minh')).toBe('07:45');
    expect(checkpointTime(at('07:45'), 'Europe/Paris')).toBe('02:45');
  });

  it('reads the checkpoints the server raised from the event log, and nothing else', () => {
    const events = [
      { type: 'readiness', detail: { checkpoint: 'connected', at: at('07:30'), missing: 3 } },
      { type: 'readiness', detail: { key: 'av', ok: true, note: null } }, // a point's own report
      { type: 'checkin', detail: { via: 'link' } },
      { type: 'readiness', detail: null },
      { type: 'readiness', detail: { checkpoint: 'av', at: String(at('07:45')) } },
    ];
    expect(sentCheckpoints(events)).toEqual([{ key: 'connected', at: at('07:30') }]);
  });

  it.each([
    ['raised checkpoints of the current plan, in time order', plan(), ['av@07:45', 'technician@07:00'], [], ['technician', 'av']],
    ['none raised (all past when the conference was created): no alert', plan(), [], [], []],
    ['a dismissed one stays dismissed', plan(), ['technician@07:00', 'connected@07:30'], ['connected@07:30'], ['technician']],
    ['raised for the old time of a moved conference: not the current checkpoint', plan({ startsAt: '2021-07-10T09:00:00.000+07:00' }), ['av@07:45'], [], []],
    ['raised for a key removed since', plan({ checks: CHECKS.slice(0, 1) }), ['av@07:45'], [], []],
    ['ended conference: none', plan({ status: 'ended' }), ['av@07:45'], [], []],
    ['cancelled conference: none', plan({ status: 'cancelled' }), ['av@07:45'], [], []],
    ['live conference: still shown', plan({ status: 'live' }), ['av@07:45'], [], ['av']],
  ])('%s', (_name, p, raised, dismissed, keys) => {
    const toSent = (s: string) => ({ key: s.split('@')[0], at: at(s.split('@')[1]) });
    const out = checkpointsToRecover(p, raised.map(toSent), new Set(dismissed.map((d) => checkpointId(toSent(d)))));
    expect(out.map((c) => c.key)).toEqual(keys);
    for (const c of out) expect(c.label).toBe(CHECKS.find((x) => x.key === c.key)!.label);
  });

  it('the points not ready now: not ok, or never reported', () => {
    const rows = [
      { pointId: 'a', code: 'A', name: 'A', av: { ok: true, at: '', note: null } },
      { pointId: 'b', code: 'B', name: 'B', av: { ok: false, at: '', note: 'mất tiếng' } },
      { pointId: 'c', code: 'C', name: 'C', av: null },
      { pointId: 'd', code: 'D', name: 'D' },
    ];
    expect(notReadyNow(rows, 'av').map((r) => r.pointId)).toEqual(['b', 'c', 'd']);
  });

  describe('dismissals (sessionStorage, per conference)', () => {
    const store = new Map<string, string>();
    beforeAll(() => {
      (globalThis as { sessionStorage?: unknown }).sessionStorage = {
        getItem: (k: string) => store.get(k) ?? null,
        setItem: (k: string, v: string) => void store.set(k, v),
      };
    });
    afterAll(() => delete (globalThis as { sessionStorage?: unknown }).sessionStorage);

    it('are kept per conference and read back', () => {
      dismissCheckpoint('c1', 'av@1');
      dismissCheckpoint('c1', 'technician@2');
      dismissCheckpoint('c2', 'av@9');
      expect([...dismissedCheckpoints('c1')].sort()).toEqual(['av@1', 'technician@2']);
      expect([...dismissedCheckpoints('c2')]).toEqual(['av@9']);
      expect(dismissedCheckpoints('c3').size).toBe(0);
    });

    it('a damaged entry reads as none', () => {
      store.set('diemcau.board.dismissed-checkpoints.c4', '{not json');
      expect(dismissedCheckpoints('c4').size).toBe(0);
    });
  });
});
