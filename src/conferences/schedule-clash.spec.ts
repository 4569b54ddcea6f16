import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parseInstant } from '../common/time/time';
import { BridgePointEntity } from '../bridge-points/bridge-point.entity';
import { ConferencePointEntity } from './entities/conference-point.entity';
import { ConferenceEntity, type ConferenceStatus } from './entities/conference.entity';
import { freshDataSource } from '../../test/helpers/fresh-database';
import { Booking, clashes, ConferenceWindow, ScheduleClashFinder, scheduleClashes } from './schedule-clash';

const at = (s: string) => parseInstant(s);
const window: ConferenceWindow = { conferenceId: 'mine', startsAt: at('2021-07-10T08:00:00+07:00'), endsAt: at('2021-07-10T11:30:00+07:00') };
const booking = (startsAt: string, endsAt: string, status: ConferenceStatus = 'scheduled', conferenceId = 'other'): Booking => ({
  pointId: 'p1',
  conferenceId,
  title: 'Hội nghị khác',
  startsAt: at(startsAt),
  endsAt: at(endsAt),
  timezone: 'Asia/Ho_Chi_Minh',
  status,
});

describe('schedule clash rule', () => {
  it('touching intervals do not clash', () => {
    expect(clashes(window, booking('2021-07-10T11:30:00+07:00', '2021-07-10T13:00:00+07:00'))).toBe(false);
    expect(clashes(window, booking('2021-07-10T06:00:00+07:00', '2021-07-10T08:00:00+07:00'))).toBe(false);
    // the same instant written in another offset still only touches
    expect(clashes(window, booking('2021-07-10T04:30:00Z', '2021-07-10T05:00:00Z'))).toBe(false);
  });

  it('any overlap clashes, including containment and a one-minute overlap', () => {
    expect(clashes(window, booking('2021-07-10T11:29:00+07:00', '2021-07-10T13:00:00+07:00'))).toBe(true);
    expect(clashes(window, booking('2021-07-10T09:00:00+07:00', '2021-07-10T10:00:00+07:00'))).toBe(true);
    expect(clashes(window, booking('2021-07-10T07:00:00+07:00', '2021-07-10T12:00:00+07:00'))).toBe(true);
    expect(clashes(window, booking('2021-07-10T02:00:00Z', '2021-07-10T03:00:00Z'))).toBe(true);
  });

  it('ignores cancelled and ended conferences, and the conference itself; drafts, scheduled and live ones count', () => {
    const overlapping = (status: ConferenceStatus) => booking('2021-07-10T09:00:00+07:00', '2021-07-10T10:00:00+07:00', status);
    expect(clashes(window, overlapping('cancelled'))).toBe(false);
    expect(clashes(window, overlapping('ended'))).toBe(false);
    expect(clashes(window, overlapping('draft'))).toBe(true);
    expect(clashes(window, overlapping('live'))).toBe(true);
    expect(clashes(window, booking('2021-07-10T09:00:00+07:00', '2021-07-10T10:00:00+07:00', 'live', 'mine'))).toBe(false);
  });

  it('lists clashes in start order with times in the other conference zone', () => {
    const b1 = { ...booking('2021-07-10T10:00:00+07:00', '2021-07-10T12:00:00+07:00'), conferenceId: 'c1', title: 'Sau' };
    const b2 = { ...booking('2021-07-10T07:00:00+07:00', '2021-07-10T09:00:00+07:00'), conferenceId: 'c2', title: 'Trước', timezone: 'Asia/Tokyo' };
    expect(scheduleClashes(window, [b1, b2])).toEqual([
      { pointId: 'p1', conferenceId: 'c2', title: 'Trước', startsAt: '2021-07-10T09:00:00.000+09:00', endsAt: '2021-07-10T11:00:00.000+09:00' },
      { pointId: 'p1', conferenceId: 'c1', title: 'Sau', startsAt: '2021-07-10T10:00:00.000+07:00', endsAt: '2021-07-10T12:00:00.000+07:00' },
    ]);
  });
});

describe('ScheduleClashFinder (one set query against the real schema)', () => {
  let ds: DataSource;
  let cleanup: () => Promise<void>;
  const finder = new ScheduleClashFinder();
  const points = Array.from({ length: 3000 }, () => randomUUID());

  async function conference(startsAt: string, endsAt: string, status: ConferenceStatus, pointIds: string[], title = 'Hội nghị'): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    await ds
      .createQueryBuilder()
      .insert()
      .into(ConferenceEntity)
      .values({
        id,
        title,
        description: null,
        format: 'hybrid',
        category: null,
        startsAt: at(startsAt),
        endsAt: at(endsAt),
        timezone: 'Asia/Ho_Chi_Minh',
        hostPointId: pointIds[0],
        status,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    for (let i = 0; i < pointIds.length; i += 100) {
      await ds
        .createQueryBuilder()
        .insert()
        .into(ConferencePointEntity)
        .values(
          pointIds
            .slice(i, i + 100)
            .map((p) => ({ conferenceId: id, pointId: p, role: 'participant' as const, mode: 'online' as const, expectedAttendees: null, createdAt: now })),
        )
        .execute();
    }
    return id;
  }

  beforeAll(async () => {
    ({ ds, cleanup } = await freshDataSource());
    const now = new Date();
    for (let i = 0; i < points.length; i += 200) {
      await ds
        .createQueryBuilder()
        .insert()
        .into(BridgePointEntity)
        .values(
          points.slice(i, i + 200).map((id, k) => ({
            id,
            code: `U${i + k}`,
            name: `Điểm ${i + k}`,
            level: 'commune' as const,
            parentId: null,
            active: true,
            searchText: `u${i + k}`,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .execute();
    }
  }, 60000);
  afterAll(async () => {
    await cleanup?.();
  });

  it('finds overlaps, ignores touching, ended, cancelled and the conference itself', async () => {
    const [a, b, c, d] = points;
    const overlapping = await conference('2021-07-10T09:00:00+07:00', '2021-07-10T10:00:00+07:00', 'scheduled', [a], 'Trùng giờ');
    await conference('2021-07-10T11:30:00+07:00', '2021-07-10T13:00:00+07:00', 'live', [b]);
    await conference('2021-07-10T09:00:00+07:00', '2021-07-10T10:00:00+07:00', 'ended', [c]);
    await conference('2021-07-10T09:00:00+07:00', '2021-07-10T10:00:00+07:00', 'cancelled', [c, d]);
    const self = await conference('2021-07-10T08:00:00+07:00', '2021-07-10T11:30:00+07:00', 'draft', [d]);

    const w = { conferenceId: self, startsAt: at('2021-07-10T08:00:00+07:00'), endsAt: at('2021-07-10T11:30:00+07:00') };
    const found = await finder.find(ds.manager, w, [a, b, c, d]);
    expect(found).toEqual([
      { pointId: a, conferenceId: overlapping, title: 'Trùng giờ', startsAt: '2021-07-10T09:00:00.000+07:00', endsAt: '2021-07-10T10:00:00.000+07:00' },
    ]);
    // while being created (no id yet) the draft itself counts as another conference of d
    const creating = await finder.find(ds.manager, { ...w, conferenceId: null }, [d]);
    expect(creating.map((x) => x.conferenceId)).toEqual([self]);
    await expect(finder.assertFree(ds.manager, w, [a], false)).rejects.toMatchObject({ code: 'schedule_clash', status: 409 });
    await expect(finder.assertFree(ds.manager, w, [a], true)).resolves.toBeUndefined();
    await expect(finder.assertFree(ds.manager, w, [b, c], false)).resolves.toBeUndefined();
  });

  it('checks thousands of points with a single query', async () => {
    const busy = points.slice(1000, 3000);
    const other = await conference('2021-08-01T08:00:00+07:00', '2021-08-01T10:00:00+07:00', 'scheduled', busy);
    const queries: string[] = [];
    const started = performance.now();
    const found = await ds.transaction(async (em) => {
      const runner = em.queryRunner!;
      const original = runner.query;
      runner.query = function (this: typeof runner, ...args: Parameters<typeof original>) {
        queries.push(String(args[0]));
        return original.apply(this, args);
      } as typeof original;
      try {
        return await finder.find(em, { conferenceId: null, startsAt: at('2021-08-01T09:00:00+07:00'), endsAt: at('2021-08-01T11:00:00+07:00') }, points);
      } finally {
        delete (runner as { query?: unknown }).query;
      }
    });
    const elapsed = performance.now() - started;
    expect(found).toHaveLength(2000);
    expect(new Set(found.map((f) => f.pointId))).toEqual(new Set(busy));
    expect(found.every((f) => f.conferenceId === other)).toBe(true);
    expect(queries.filter((s) => /select/i.test(s))).toHaveLength(1);
    expect(elapsed).toBeLessThan(2000);
  });
});
