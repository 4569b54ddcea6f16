import { checkpointId, checkpointsOf, dueCheckpoints, nextCheckpointAt } from './readiness-checkpoints';
import { DEFAULT_READINESS } from '../../conferences/readiness-checks';

const M = 60_000;
const START = 1_800_000_000_000;
const cps = checkpointsOf(START, DEFAULT_READINESS); // T-60 technician, T-30 connected, T-15 av
const keys = (list: Array<{ key: string }>) => list.map((c) => c.key);

describe('readiness checkpoints', () => {
  it('are the keys at startsAt − minutesBefore, earliest first', () => {
    expect(cps.map((c) => [c.key, (START - c.at) / M])).toEqual([
      ['technician', 60],
      ['connected', 30],
      ['av', 15],
    ]);
  });

  it.each<[string, number, number, string[], string[]]>([
    ['nothing before the first checkpoint', START - 2 * 3600_000, START - 61 * M, [], []],
    ['the first at its time', START - 2 * 3600_000, START - 60 * M, [], ['technician']],
    ['a sent one is not sent again', START - 2 * 3600_000, START - 59 * M, ['technician'], []],
    ['planned after T-60 (created or moved late): T-60 never goes out, T-30 does', START - 45 * M, START - 30 * M, [], ['connected']],
    ['a restart after two checkpoints fell while down: both once', START - 2 * 3600_000, START - 20 * M, [], ['technician', 'connected']],
    ['the same restart again after they were sent: nothing', START - 2 * 3600_000, START - 20 * M, ['technician', 'connected'], []],
    ['planned exactly at a checkpoint: that one is past when planned', START - 30 * M, START - 10 * M, [], ['av']],
  ])('%s', (_name, plannedAt, now, sentKeys, expected) => {
    const sent = new Set(cps.filter((c) => sentKeys.includes(c.key)).map(checkpointId));
    expect(keys(dueCheckpoints(cps, plannedAt, now, sent))).toEqual(expected);
  });

  it('a restart later than a checkpoint sends it once, never twice (what was sent is persisted and read back)', () => {
    const persisted = new Set<string>(); // stands for the event log's checkpoint lines
    const planned = START - 2 * 3600_000;
    // The server was down from T-70 to T-50: at start-up T-60 is due once.
    const first = dueCheckpoints(cps, planned, START - 50 * M, persisted);
    expect(keys(first)).toEqual(['technician']);
    first.forEach((c) => persisted.add(checkpointId(c)));
    // Restarted again at T-40: the log has the line, nothing is sent.
    expect(dueCheckpoints(cps, planned, START - 40 * M, new Set(persisted))).toEqual([]);
  });

  it('moving the conference re-plans: a checkpoint at a new time is a new checkpoint, sent once at that time', () => {
    const sent = new Set([checkpointId(cps[0])]); // T-60 of the old start was sent
    const moved = checkpointsOf(START + 3600_000, DEFAULT_READINESS); // one hour later, moved at START - 50 min
    const plannedAt = START - 50 * M;
    expect(keys(dueCheckpoints(moved, plannedAt, START - 40 * M, sent))).toEqual([]);
    expect(keys(dueCheckpoints(moved, plannedAt, START, sent))).toEqual(['technician']);
    expect(nextCheckpointAt(moved, plannedAt, START - 40 * M)).toBe(START);
  });

  it('editing the list: a new key ahead is planned, one already past is not sent', () => {
    const list = [
      ...DEFAULT_READINESS,
      { key: 'slides', label: 'Đã gửi tài liệu trình chiếu', minutesBefore: 45 },
      { key: 'early', label: 'Sớm', minutesBefore: 120 },
    ];
    const edited = checkpointsOf(START, list);
    expect(keys(dueCheckpoints(edited, START - 50 * M, START - 44 * M, new Set()))).toEqual(['slides']);
  });

  it('nothing ahead: no next time', () => {
    expect(nextCheckpointAt(cps, START, START + M)).toBeNull();
  });
});
