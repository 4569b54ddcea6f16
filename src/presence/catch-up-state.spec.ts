import type { AgendaService } from '../agenda/agenda.service';
import type { ReleasesService } from '../agenda/releases/releases.service';
import type { ConferencesService } from '../conferences/conferences.service';
import { CatchUpState } from './catch-up-state';

/** An agenda and a release list that count their reads; `change` edits them as an organizer would. */
function setup() {
  const db = { version: 3, currentItemId: null as string | null, release: 1, updatedAt: new Date('2021-07-10T01:00:00Z'), reads: 0 };
  const agenda = {
    state: async () => {
      db.reads++;
      return { version: db.version, currentItemId: db.currentItemId };
    },
  } as unknown as AgendaService;
  const releases = { latestNumber: async () => db.release } as unknown as ReleasesService;
  const conferences = { findSchedule: async () => ({ updatedAt: db.updatedAt, timezone: 'Asia/Ho_Chi_Minh' }) } as unknown as ConferencesService;
  return { db, catchUp: new CatchUpState(agenda, releases, conferences) };
}

describe('CatchUpState (agenda:state after an automatic re-check-in)', () => {
  it('answers the agenda version, current item and latest release, one read for the requests of one turn', async () => {
    const { db, catchUp } = setup();
    const answers = await Promise.all(Array.from({ length: 1000 }, () => catchUp.read('c1')));
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify({ version: 3, currentItemId: null, release: 1, conferenceUpdatedAt: '2021-07-10T08:00:00.000+07:00' })]),
    );
    expect(db.reads).toBe(1);
  });

  it('never answers from a read that started before the request: a change made meanwhile is seen', async () => {
    const { db, catchUp } = setup();
    const first = catchUp.read('c1');
    await new Promise((r) => setImmediate(r)); // the first read has started
    db.version = 4;
    db.currentItemId = 'i2';
    db.release = 2;
    db.updatedAt = new Date('2021-07-10T01:05:00Z'); // the conference moved
    const second = catchUp.read('c1');
    expect(await first).toEqual({ version: 3, currentItemId: null, release: 1, conferenceUpdatedAt: '2021-07-10T08:00:00.000+07:00' });
    expect(await second).toEqual({ version: 4, currentItemId: 'i2', release: 2, conferenceUpdatedAt: '2021-07-10T08:05:00.000+07:00' });
    expect(db.reads).toBe(2);
  });

  it('keeps conferences apart', async () => {
    const { db, catchUp } = setup();
    await Promise.all([catchUp.read('c1'), catchUp.read('c2')]);
    expect(db.reads).toBe(2);
  });
});
