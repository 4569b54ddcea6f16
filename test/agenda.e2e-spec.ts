import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AGENDA_CHANGED, AgendaChangedEvent } from '../src/agenda/agenda.events';
import type { AgendaItemResponse as Item, AgendaResponse as Agenda } from '../src/agenda/dto/agenda.response';
import { makeConference, newPoint, organizerAuth } from './helpers/conferences.factory';
import { createTestApp, login, TestApp, userWithRole } from './helpers/test-app';

/** A far-future day, so nothing here depends on today's date. */
const START = '2031-07-10T08:00:00.000+07:00';
const END = '2031-07-10T11:30:00.000+07:00';

const plus = (iso: string, minutes: number) => DateTime.fromISO(iso, { setZone: true }).plus({ minutes }).toISO()!;
const ms = (iso: string) => DateTime.fromISO(iso).toMillis();

const PCI = {
  title: 'Báo cáo kết quả chỉ số PCI tỉnh Bắc Ninh năm 2020',
  kind: 'report',
  durationMinutes: 20,
  presenter: 'Đồng chí Viện trưởng',
  responsibleUnit: 'Viện Nghiên cứu phát triển kinh tế - xã hội tỉnh',
  notes: 'Trình chiếu 15 trang',
};

describe('agenda (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let organizer: string;
  let operator: string;
  let pointUser: string;
  let pointId: string;
  const events: AgendaChangedEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    organizer = await organizerAuth(t);
    operator = await userWithRole(t, 'operator');
    pointId = (await newPoint(t, 'district')).id;
    pointUser = await userWithRole(t, 'point', pointId);
    t.app.get(EventEmitter2).on(AGENDA_CHANGED, (e: AgendaChangedEvent) => events.push(e));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function conference(startsAt = START, endsAt = END, timezone?: string): Promise<{ id: string; version: number }> {
    const c = await makeConference(t, { startsAt, endsAt, ...(timezone ? { timezone } : {}) });
    return { id: c.id, version: c.version };
  }

  async function getAgenda(cid: string, auth = organizer): Promise<Agenda> {
    const res = await t.http().get(`/api/conferences/${cid}/agenda`).set('Authorization', auth).expect(200);
    return res.body as Agenda;
  }

  /** `POST …/agenda/items` as the organizer, with this If-Match header when one is given. */
  function postItem(cid: string, body: Record<string, unknown>, ifMatch?: string) {
    const req = t.http().post(`/api/conferences/${cid}/agenda/items`).set('Authorization', organizer);
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
  }

  async function add(cid: string, body: Record<string, unknown>): Promise<Agenda> {
    const version = (await getAgenda(cid)).version;
    const res = await postItem(cid, { version, ...body });
    if (res.status !== 201) throw new Error(`add failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Agenda;
  }

  /** A conference whose agenda holds items of these durations (titles A, B, C, …). */
  async function withItems(durations: number[], startsAt = START, endsAt = END): Promise<{ id: string; agenda: Agenda }> {
    const { id } = await conference(startsAt, endsAt);
    let agenda = await getAgenda(id);
    for (const [i, durationMinutes] of durations.entries()) {
      agenda = await add(id, { title: String.fromCharCode(65 + i), kind: 'speech', durationMinutes });
    }
    return { id, agenda };
  }

  /** Runs a request that must be refused and checks the agenda did not change. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function refused(cid: string, send: () => Promise<{ status: number; body: any }>, status: number, code?: string) {
    const before = await getAgenda(cid);
    const res = await send();
    expect({ status: res.status, body: res.body }).toMatchObject({ status, ...(code ? { body: { code } } : {}) });
    expect(await getAgenda(cid)).toEqual(before);
    return res;
  }

  describe('reading', () => {
    it('answers a never-edited agenda with version 1, no items, ending at the conference start', async () => {
      const { id } = await conference();
      const res = await t.http().get(`/api/conferences/${id}/agenda`).set('Authorization', organizer).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ conferenceId: id, version: 1, items: [], endsAt: START, overrunMinutes: 0, currentItemId: null });
    });

    it('lets any signed-in user read it (operator, a point user), not an anonymous one', async () => {
      const { id } = await withItems([10]);
      const byOrganizer = await getAgenda(id);
      expect(await getAgenda(id, operator)).toEqual(byOrganizer);
      expect(await getAgenda(id, pointUser)).toEqual(byOrganizer);
      const anon = await t.http().get(`/api/conferences/${id}/agenda`).expect(401);
      expect(anon.body.code).toBe('unauthorized');
    });

    it("lets a check-in link read its own conference's agenda, not another's, and not edit it", async () => {
      const { id } = await withItems([10]);
      const other = await withItems([10]);
      const links = await t.http().post(`/api/conferences/${id}/checkin-links`).set('Authorization', organizer).send({}).expect(201);
      const link = `Bearer ${links.body[0].token}`;
      expect(await getAgenda(id, link)).toEqual(await getAgenda(id));
      await t.http().get(`/api/conferences/${other.id}/agenda`).set('Authorization', link).expect(403);
      await refused(
        id,
        () => t.http().post(`/api/conferences/${id}/agenda/items`).set('Authorization', link).send({ version: 2, title: 'X', kind: 'qa', durationMinutes: 5 }),
        403,
        'forbidden',
      );
      await refused(id, () => t.http().post(`/api/conferences/${id}/agenda/current`).set('Authorization', link).send({ itemId: null }), 403, 'forbidden');
    });

    it('answers 404 for an unknown conference and 400 for an id that is not a UUID', async () => {
      const res = await t.http().get(`/api/conferences/${randomUUID()}/agenda`).set('Authorization', organizer).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'not_found' });
      const bad = await t.http().get('/api/conferences/not-a-uuid/agenda').set('Authorization', organizer).expect(400);
      expect(bad.body.code).toBe('validation_failed');
    });
  });

  describe('adding items', () => {
    it('appends items, cascades their times and increments the version', async () => {
      const { id } = await conference();
      const first = await postItem(id, { version: 1, title: 'Khai mạc hội nghị', kind: 'opening', durationMinutes: 10 }).expect(201);
      expect(first.body).toMatchObject({ conferenceId: id, version: 2, currentItemId: null, overrunMinutes: 0, endsAt: '2031-07-10T08:10:00.000+07:00' });
      expect(first.body.items).toEqual([
        {
          id: expect.any(String),
          position: 0,
          title: 'Khai mạc hội nghị',
          kind: 'opening',
          durationMinutes: 10,
          presenter: null,
          responsibleUnit: null,
          pointId: null,
          notes: null,
          startsAt: START,
          endsAt: '2031-07-10T08:10:00.000+07:00',
          actualStartAt: null,
          actualEndAt: null,
        },
      ]);
      const second = await postItem(id, { version: 2, ...PCI, pointId: pointId.toUpperCase() }).expect(201);
      expect(second.body.version).toBe(3);
      expect(second.body.items[1]).toMatchObject({
        ...PCI,
        pointId,
        position: 1,
        startsAt: '2031-07-10T08:10:00.000+07:00',
        endsAt: '2031-07-10T08:30:00.000+07:00',
      });
      expect(await getAgenda(id)).toEqual(second.body);
    });

    it('inserts at a position and shifts the others down', async () => {
      const { id, agenda } = await withItems([10, 20, 30]);
      const res = await postItem(id, { version: agenda.version, title: 'Chiếu phóng sự', kind: 'video', durationMinutes: 5, position: 1 }).expect(201);
      const items: Item[] = res.body.items;
      expect(items.map((i) => [i.title, i.position])).toEqual([
        ['A', 0],
        ['Chiếu phóng sự', 1],
        ['B', 2],
        ['C', 3],
      ]);
      expect(items.map((i) => i.startsAt)).toEqual([START, plus(START, 10), plus(START, 15), plus(START, 35)]);
      const atStart = await postItem(id, { version: res.body.version, title: 'Ổn định tổ chức', kind: 'opening', durationMinutes: 5, position: 0 }).expect(201);
      expect(atStart.body.items.map((i: Item) => i.title)).toEqual(['Ổn định tổ chức', 'A', 'Chiếu phóng sự', 'B', 'C']);
      const atEnd = await postItem(id, { version: atStart.body.version, title: 'Bế mạc', kind: 'closing', durationMinutes: 5, position: 5 }).expect(201);
      expect(atEnd.body.items.map((i: Item) => i.position)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(atEnd.body.items[5].title).toBe('Bế mạc');
    });

    it('takes the version from the If-Match header too', async () => {
      const { id } = await conference();
      const res = await postItem(id, { title: 'Khai mạc', kind: 'opening', durationMinutes: 10 }, '1').expect(201);
      expect(res.body.version).toBe(2);
      await postItem(id, { title: 'Bế mạc', kind: 'closing', durationMinutes: 10 }, '"2"').expect(201);
    });

    it.each([
      ['an unknown field', { title: 'X', kind: 'report', durationMinutes: 10, speaker: 'Ông A' }],
      ['a duration of 0', { title: 'X', kind: 'report', durationMinutes: 0 }],
      ['a duration over 600', { title: 'X', kind: 'report', durationMinutes: 601 }],
      ['a fractional duration', { title: 'X', kind: 'report', durationMinutes: 1.5 }],
      ['a duration given as text', { title: 'X', kind: 'report', durationMinutes: '10' }],
      ['a bad kind', { title: 'X', kind: 'lunch', durationMinutes: 10 }],
      ['no title', { kind: 'report', durationMinutes: 10 }],
      ['a blank title', { title: '   ', kind: 'report', durationMinutes: 10 }],
      ['a title over 500 characters', { title: 'x'.repeat(501), kind: 'report', durationMinutes: 10 }],
      ['a pointId that is not a UUID', { title: 'X', kind: 'report', durationMinutes: 10, pointId: 'abc' }],
      ['a negative position', { title: 'X', kind: 'report', durationMinutes: 10, position: -1 }],
    ])('refuses %s with 400 and changes nothing', async (_name, body) => {
      const { id, agenda } = await withItems([10]);
      const res = await refused(id, () => postItem(id, { version: agenda.version, ...body }), 400, 'validation_failed');
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('refuses a point that does not exist, a position past the end, and a missing or malformed version (400), changing nothing', async () => {
      const { id, agenda } = await withItems([10, 10]);
      const item = { title: 'X', kind: 'report', durationMinutes: 10 };
      const point = await refused(id, () => postItem(id, { version: agenda.version, ...item, pointId: randomUUID() }), 400, 'validation_failed');
      expect(JSON.stringify(point.body.message)).toContain('pointId');
      await refused(id, () => postItem(id, { version: agenda.version, ...item, position: 3 }), 400, 'validation_failed');
      const missing = await refused(id, () => postItem(id, item), 400, 'validation_failed');
      expect(JSON.stringify(missing.body.message)).toContain('If-Match');
      await refused(id, () => postItem(id, item, 'latest'), 400, 'validation_failed');
      await refused(id, () => postItem(id, { ...item, version: 'x' }), 400, 'validation_failed');
      await refused(id, () => postItem(id, { ...item, version: 99_999_999_999 }), 400, 'validation_failed');
      await refused(id, () => postItem(id, { ...item, version: 0 }), 400, 'validation_failed');
      await refused(id, () => postItem(id, { ...item, version: agenda.version }, String(agenda.version + 1)), 400, 'validation_failed');
    });

    it('answers a stale version with 409 and the current version, writing nothing', async () => {
      const { id, agenda } = await withItems([10, 10]);
      const res = await refused(id, () => postItem(id, { version: agenda.version - 1, title: 'X', kind: 'report', durationMinutes: 10 }), 409, 'stale_version');
      expect(res.body.details).toEqual({ currentVersion: agenda.version });
      const ahead = await refused(
        id,
        () => postItem(id, { title: 'X', kind: 'report', durationMinutes: 10 }, String(agenda.version + 5)),
        409,
        'stale_version',
      );
      expect(ahead.body.details).toEqual({ currentVersion: agenda.version });
    });

    it('answers a stale version for a never-edited agenda with 409 (its version is 1)', async () => {
      const { id } = await conference();
      const res = await refused(id, () => postItem(id, { version: 2, title: 'X', kind: 'report', durationMinutes: 10 }), 409, 'stale_version');
      expect(res.body.details).toEqual({ currentVersion: 1 });
    });

    it('answers 404 for an unknown conference', async () => {
      const res = await postItem(randomUUID(), { version: 1, title: 'X', kind: 'report', durationMinutes: 10 }).expect(404);
      expect(res.body.code).toBe('not_found');
    });
  });

  describe('roles on the organizer routes', () => {
    it('refuses operators and point users (403) and anonymous callers (401) on every edit, changing nothing; admin may edit', async () => {
      const { id, agenda } = await withItems([10, 20]);
      const [a, b] = agenda.items;
      const v = agenda.version;
      const calls: Array<[string, (auth?: string) => Promise<{ status: number; body: { code: string } }>]> = [
        [
          'add',
          (auth) => withAuth(t.http().post(`/api/conferences/${id}/agenda/items`), auth).send({ version: v, title: 'X', kind: 'qa', durationMinutes: 5 }),
        ],
        ['patch', (auth) => withAuth(t.http().patch(`/api/conferences/${id}/agenda/items/${a.id}`), auth).send({ version: v, title: 'Y' })],
        ['delete', (auth) => withAuth(t.http().delete(`/api/conferences/${id}/agenda/items/${a.id}`), auth).send({ version: v })],
        ['order', (auth) => withAuth(t.http().put(`/api/conferences/${id}/agenda/order`), auth).send({ version: v, itemIds: [b.id, a.id] })],
      ];
      for (const [, call] of calls) {
        await refused(id, () => call(operator), 403, 'forbidden');
        await refused(id, () => call(pointUser), 403, 'forbidden');
        await refused(id, () => call(undefined), 401, 'unauthorized');
      }
      const res = await calls[3][1](admin);
      expect(res.status).toBe(200);
    });
  });

  describe('changing items', () => {
    it('changes fields, clears optional ones with null, and cascades a new duration into later items', async () => {
      const { id, agenda } = await withItems([10, 20, 30]);
      const b = agenda.items[1];
      const res = await t
        .http()
        .patch(`/api/conferences/${id}/agenda/items/${b.id}`)
        .set('Authorization', organizer)
        .send({ version: agenda.version, ...PCI, pointId })
        .expect(200);
      expect(res.body.version).toBe(agenda.version + 1);
      expect(res.body.items[1]).toMatchObject({ id: b.id, ...PCI, pointId, startsAt: plus(START, 10) });
      const changed = await t
        .http()
        .patch(`/api/conferences/${id}/agenda/items/${b.id}`)
        .set('Authorization', organizer)
        .set('If-Match', String(res.body.version))
        .send({ durationMinutes: 45, presenter: null, notes: null, pointId: null })
        .expect(200);
      expect(changed.body.items[1]).toMatchObject({
        durationMinutes: 45,
        presenter: null,
        notes: null,
        pointId: null,
        responsibleUnit: PCI.responsibleUnit,
        endsAt: plus(START, 55),
      });
      expect(changed.body.items[2].startsAt).toBe(plus(START, 55));
      expect(changed.body.endsAt).toBe(plus(START, 85));
      expect(await getAgenda(id)).toEqual(changed.body);
    });

    it('moves an item with position', async () => {
      const { id, agenda } = await withItems([10, 20, 30]);
      const c = agenda.items[2];
      const res = await t
        .http()
        .patch(`/api/conferences/${id}/agenda/items/${c.id}`)
        .set('Authorization', organizer)
        .send({ version: agenda.version, position: 0 })
        .expect(200);
      expect(res.body.items.map((i: Item) => [i.title, i.position, i.startsAt])).toEqual([
        ['C', 0, START],
        ['A', 1, plus(START, 30)],
        ['B', 2, plus(START, 40)],
      ]);
    });

    it('refuses bad changes with 400 (null title, bad kind, duration out of range, unknown field, unknown point, position past the end), changing nothing', async () => {
      const { id, agenda } = await withItems([10, 20]);
      const url = `/api/conferences/${id}/agenda/items/${agenda.items[0].id}`;
      for (const body of [
        { title: null },
        { kind: 'lunch' },
        { durationMinutes: 601 },
        { durationMinutes: 0 },
        { durationMinutes: null },
        { colour: 'đỏ' },
        { pointId: randomUUID() },
        { position: 2 },
        { position: null },
      ]) {
        await refused(
          id,
          () =>
            t
              .http()
              .patch(url)
              .set('Authorization', organizer)
              .send({ version: agenda.version, ...body }),
          400,
          'validation_failed',
        );
      }
      await refused(id, () => t.http().patch(url).set('Authorization', organizer).send({ title: 'Không có phiên bản' }), 400, 'validation_failed');
    });

    it('answers 404 for an unknown item, an item of another conference, or an unknown conference; 409 when stale', async () => {
      const { id, agenda } = await withItems([10]);
      const other = await withItems([10]);
      const v = agenda.version;
      const missing = await refused(
        id,
        () => t.http().patch(`/api/conferences/${id}/agenda/items/${randomUUID()}`).set('Authorization', organizer).send({ version: v, title: 'X' }),
        404,
        'not_found',
      );
      expect(missing.body.statusCode).toBe(404);
      await refused(
        id,
        () =>
          t.http().patch(`/api/conferences/${id}/agenda/items/${other.agenda.items[0].id}`).set('Authorization', organizer).send({ version: v, title: 'X' }),
        404,
        'not_found',
      );
      await refused(
        id,
        () => t.http().patch(`/api/conferences/${id}/agenda/items/zzz`).set('Authorization', organizer).send({ version: v, title: 'X' }),
        400,
        'validation_failed',
      );
      await t
        .http()
        .patch(`/api/conferences/${randomUUID()}/agenda/items/${agenda.items[0].id}`)
        .set('Authorization', organizer)
        .send({ version: v, title: 'X' })
        .expect(404);
      const stale = await refused(
        id,
        () =>
          t
            .http()
            .patch(`/api/conferences/${id}/agenda/items/${agenda.items[0].id}`)
            .set('Authorization', organizer)
            .send({ version: v - 1, title: 'X' }),
        409,
        'stale_version',
      );
      expect(stale.body.details).toEqual({ currentVersion: v });
      expect((await getAgenda(other.id)).items[0].title).toBe('A');
    });
  });

  describe('removing items', () => {
    it('removes an item, keeps positions dense and recomputes times (version in the body or If-Match)', async () => {
      const { id, agenda } = await withItems([10, 20, 30, 40]);
      const [, b, c] = agenda.items;
      const res = await t
        .http()
        .delete(`/api/conferences/${id}/agenda/items/${b.id}`)
        .set('Authorization', organizer)
        .send({ version: agenda.version })
        .expect(200);
      expect(res.body.version).toBe(agenda.version + 1);
      expect(res.body.items.map((i: Item) => [i.title, i.position, i.startsAt])).toEqual([
        ['A', 0, START],
        ['C', 1, plus(START, 10)],
        ['D', 2, plus(START, 40)],
      ]);
      const again = await t
        .http()
        .delete(`/api/conferences/${id}/agenda/items/${c.id}`)
        .set('Authorization', organizer)
        .set('If-Match', String(res.body.version))
        .expect(200);
      expect(again.body.items.map((i: Item) => [i.title, i.position])).toEqual([
        ['A', 0],
        ['D', 1],
      ]);
      expect(await getAgenda(id)).toEqual(again.body);
    });

    it('refuses a missing version (400), a stale one (409), an unknown item (404), changing nothing', async () => {
      const { id, agenda } = await withItems([10, 20]);
      const url = `/api/conferences/${id}/agenda/items/${agenda.items[0].id}`;
      await refused(id, () => t.http().delete(url).set('Authorization', organizer), 400, 'validation_failed');
      await refused(id, () => t.http().delete(url).set('Authorization', organizer).send({ version: agenda.version, force: true }), 400, 'validation_failed');
      const stale = await refused(id, () => t.http().delete(url).set('Authorization', organizer).send({ version: 1 }), 409, 'stale_version');
      expect(stale.body.details).toEqual({ currentVersion: agenda.version });
      await refused(
        id,
        () => t.http().delete(`/api/conferences/${id}/agenda/items/${randomUUID()}`).set('Authorization', organizer).send({ version: agenda.version }),
        404,
        'not_found',
      );
      await t
        .http()
        .delete(`/api/conferences/${randomUUID()}/agenda/items/${agenda.items[0].id}`)
        .set('Authorization', organizer)
        .send({ version: 1 })
        .expect(404);
    });
  });

  describe('reordering', () => {
    it('puts the items in the given order and recomputes times', async () => {
      const { id, agenda } = await withItems([10, 20, 30]);
      const [a, b, c] = agenda.items;
      const res = await t
        .http()
        .put(`/api/conferences/${id}/agenda/order`)
        .set('Authorization', organizer)
        .send({ version: agenda.version, itemIds: [c.id, a.id, b.id] })
        .expect(200);
      expect(res.body.version).toBe(agenda.version + 1);
      expect(res.body.items.map((i: Item) => [i.id, i.position, i.startsAt, i.endsAt])).toEqual([
        [c.id, 0, START, plus(START, 30)],
        [a.id, 1, plus(START, 30), plus(START, 40)],
        [b.id, 2, plus(START, 40), plus(START, 60)],
      ]);
      expect(await getAgenda(id)).toEqual(res.body);
    });

    it('refuses anything but a permutation of all items with 400, changing nothing', async () => {
      const { id, agenda } = await withItems([10, 20, 30]);
      const [a, b, c] = agenda.items.map((i) => i.id);
      const url = `/api/conferences/${id}/agenda/order`;
      for (const itemIds of [[a, b], [a, b, c, randomUUID()], [a, a, b], [a, b, b, c], [], [a, b, 'zzz'], 'abc']) {
        await refused(id, () => t.http().put(url).set('Authorization', organizer).send({ version: agenda.version, itemIds }), 400, 'validation_failed');
      }
      await refused(id, () => t.http().put(url).set('Authorization', organizer).send({ version: agenda.version }), 400, 'validation_failed');
      await refused(
        id,
        () =>
          t
            .http()
            .put(url)
            .set('Authorization', organizer)
            .send({ itemIds: [c, b, a] }),
        400,
        'validation_failed',
      );
      const stale = await refused(
        id,
        () =>
          t
            .http()
            .put(url)
            .set('Authorization', organizer)
            .send({ version: agenda.version - 1, itemIds: [c, b, a] }),
        409,
        'stale_version',
      );
      expect(stale.body.details).toEqual({ currentVersion: agenda.version });
      await t.http().put(`/api/conferences/${randomUUID()}/agenda/order`).set('Authorization', organizer).send({ version: 1, itemIds: [] }).expect(404);
    });
  });

  describe('times follow the conference', () => {
    it('moves every item when the conference is moved, and pushes the recomputed agenda', async () => {
      const { id } = await conference();
      await add(id, { title: 'Khai mạc', kind: 'opening', durationMinutes: 15 });
      const agenda = await add(id, { ...PCI });
      const conf = await t.http().get(`/api/conferences/${id}`).set('Authorization', organizer).expect(200);
      events.length = 0;
      await t
        .http()
        .patch(`/api/conferences/${id}`)
        .set('Authorization', organizer)
        .send({ version: conf.body.version, startsAt: '2031-07-11T14:00:00+07:00', endsAt: '2031-07-11T17:00:00+07:00' })
        .expect(200);
      const moved = await getAgenda(id);
      expect(moved.version).toBe(agenda.version);
      expect(moved.items.map((i) => [i.startsAt, i.endsAt])).toEqual([
        ['2031-07-11T14:00:00.000+07:00', '2031-07-11T14:15:00.000+07:00'],
        ['2031-07-11T14:15:00.000+07:00', '2031-07-11T14:35:00.000+07:00'],
      ]);
      await waitFor(() => events.some((e) => e.conferenceId === id));
      expect(events.filter((e) => e.conferenceId === id).at(-1)!.agenda).toEqual(moved);
    });

    it('renders times in the conference timezone', async () => {
      const c = await conference('2031-07-10T08:00:00+07:00', '2031-07-10T10:00:00+07:00', 'Asia/Tokyo');
      const agenda = await add(c.id, { title: 'Khai mạc', kind: 'opening', durationMinutes: 15 });
      expect(agenda.items[0]).toMatchObject({ startsAt: '2031-07-10T10:00:00.000+09:00', endsAt: '2031-07-10T10:15:00.000+09:00' });
    });

    it('reports the minutes the items run past the conference end', async () => {
      const { id, agenda } = await withItems([60, 90], START, '2031-07-10T10:30:00+07:00');
      expect(agenda.overrunMinutes).toBe(0);
      expect(agenda.endsAt).toBe('2031-07-10T10:30:00.000+07:00');
      const over = await add(id, { title: 'Thảo luận', kind: 'discussion', durationMinutes: 25 });
      expect(over.overrunMinutes).toBe(25);
      expect(over.endsAt).toBe('2031-07-10T10:55:00.000+07:00');
    });
  });

  describe('the current item', () => {
    it('records actual starts and ends, projects the rest from the actual start, and does not change the version', async () => {
      const { id, agenda } = await withItems([10, 20, 30, 40]);
      const [a, b, c, d] = agenda.items;
      const url = `/api/conferences/${id}/agenda/current`;
      const before = Date.now();
      const first = await t.http().post(url).set('Authorization', operator).send({ itemId: b.id }).expect(200);
      const after = Date.now();
      expect(first.body).toMatchObject({ version: agenda.version, currentItemId: b.id });
      const bStart = first.body.items[1].actualStartAt as string;
      expect(ms(bStart)).toBeGreaterThanOrEqual(before - 1000);
      expect(ms(bStart)).toBeLessThanOrEqual(after + 1000);
      expect(bStart).toMatch(/\+07:00$/);
      expect(first.body.items[0]).toMatchObject({ id: a.id, startsAt: START, actualStartAt: null, actualEndAt: null });
      expect(first.body.items[1]).toMatchObject({ startsAt: bStart, endsAt: plus(bStart, 20), actualEndAt: null });
      expect(first.body.items[2]).toMatchObject({ startsAt: plus(bStart, 20), endsAt: plus(bStart, 50), actualStartAt: null });
      expect(first.body.items[3]).toMatchObject({ startsAt: plus(bStart, 50), endsAt: plus(bStart, 90) });
      expect(await getAgenda(id, pointUser)).toEqual(first.body);

      const second = await t.http().post(url).set('Authorization', admin).send({ itemId: c.id }).expect(200);
      const cStart = second.body.items[2].actualStartAt as string;
      expect(second.body.currentItemId).toBe(c.id);
      expect(second.body.items[1]).toMatchObject({ actualStartAt: bStart, actualEndAt: cStart, startsAt: plus(START, 10) });
      expect(second.body.items[2]).toMatchObject({ startsAt: cStart, endsAt: plus(cStart, 30) });
      expect(second.body.items[3]).toMatchObject({ id: d.id, startsAt: plus(cStart, 30) });
      expect(second.body.version).toBe(agenda.version);

      // The same item again changes nothing (a double click does not move its start).
      const same = await t.http().post(url).set('Authorization', operator).send({ itemId: c.id }).expect(200);
      expect(same.body).toEqual(second.body);

      // An organizer holding the version from before the run is not stale.
      await t
        .http()
        .patch(`/api/conferences/${id}/agenda/items/${d.id}`)
        .set('Authorization', organizer)
        .send({ version: agenda.version, notes: 'Tăng thời gian' })
        .expect(200);

      // null ends the run: the current item gets its end.
      const ended = await t.http().post(url).set('Authorization', operator).send({ itemId: null }).expect(200);
      expect(ended.body.currentItemId).toBeNull();
      expect(ended.body.items[2].actualEndAt).not.toBeNull();
      expect(ended.body.items.map((i: Item) => i.startsAt)).toEqual([START, plus(START, 10), plus(START, 30), plus(START, 60)]);
    });

    it('is for operators: organizers and point users get 403, anonymous 401, changing nothing', async () => {
      const { id, agenda } = await withItems([10]);
      const url = `/api/conferences/${id}/agenda/current`;
      await refused(id, () => t.http().post(url).set('Authorization', pointUser).send({ itemId: agenda.items[0].id }), 403, 'forbidden');
      await refused(id, () => t.http().post(url).set('Authorization', organizer).send({ itemId: agenda.items[0].id }), 403, 'forbidden');
      await refused(id, () => t.http().post(url).send({ itemId: agenda.items[0].id }), 401, 'unauthorized');
    });

    it('refuses an unknown item (404), a missing or malformed itemId and unknown fields (400), changing nothing', async () => {
      const { id, agenda } = await withItems([10]);
      const other = await withItems([10]);
      const url = `/api/conferences/${id}/agenda/current`;
      await refused(id, () => t.http().post(url).set('Authorization', operator).send({ itemId: randomUUID() }), 404, 'not_found');
      await refused(id, () => t.http().post(url).set('Authorization', operator).send({ itemId: other.agenda.items[0].id }), 404, 'not_found');
      await refused(id, () => t.http().post(url).set('Authorization', operator).send({}), 400, 'validation_failed');
      await refused(id, () => t.http().post(url).set('Authorization', operator).send({ itemId: 'b' }), 400, 'validation_failed');
      await refused(id, () => t.http().post(url).set('Authorization', operator).send({ itemId: agenda.items[0].id, version: 2 }), 400, 'validation_failed');
      await t.http().post(`/api/conferences/${randomUUID()}/agenda/current`).set('Authorization', operator).send({ itemId: agenda.items[0].id }).expect(404);
    });

    it('forgets the current item when it is removed', async () => {
      const { id, agenda } = await withItems([10, 20]);
      await t.http().post(`/api/conferences/${id}/agenda/current`).set('Authorization', operator).send({ itemId: agenda.items[1].id }).expect(200);
      const res = await t
        .http()
        .delete(`/api/conferences/${id}/agenda/items/${agenda.items[1].id}`)
        .set('Authorization', organizer)
        .send({ version: agenda.version })
        .expect(200);
      expect(res.body.currentItemId).toBeNull();
      expect(res.body.items).toHaveLength(1);
    });
  });

  describe('events and concurrency', () => {
    it('emits agenda.changed with exactly the GET body after every change', async () => {
      const { id } = await conference();
      events.length = 0;
      const added = await add(id, { title: 'Khai mạc', kind: 'opening', durationMinutes: 10 });
      const second = await add(id, { title: 'Bế mạc', kind: 'closing', durationMinutes: 10 });
      const reordered = await t
        .http()
        .put(`/api/conferences/${id}/agenda/order`)
        .set('Authorization', organizer)
        .send({ version: second.version, itemIds: [second.items[1].id, second.items[0].id] })
        .expect(200);
      const current = await t
        .http()
        .post(`/api/conferences/${id}/agenda/current`)
        .set('Authorization', operator)
        .send({ itemId: second.items[0].id })
        .expect(200);
      const mine = events.filter((e) => e.conferenceId === id).map((e) => e.agenda);
      expect(mine).toEqual([added, second, reordered.body, current.body]);
      expect(mine.at(-1)).toEqual(await getAgenda(id));
    });

    it('lets exactly one of several edits holding the same version win', async () => {
      const { id, agenda } = await withItems([10]);
      const results = await Promise.all(
        [1, 2, 3, 4].map((n) => postItem(id, { version: agenda.version, title: `Ý kiến ${n}`, kind: 'speech', durationMinutes: 5 })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      const after = await getAgenda(id);
      expect(after.version).toBe(agenda.version + 1);
      expect(after.items).toHaveLength(2);
      expect(after.items.map((i) => i.position)).toEqual([0, 1]);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.details).toEqual({ currentVersion: agenda.version + 1 });
    });

    it('lets exactly one of a reorder and a delete on the same version win', async () => {
      const { id, agenda } = await withItems([10, 20, 30]);
      const [a, b, c] = agenda.items.map((i) => i.id);
      const [order, del] = await Promise.all([
        t
          .http()
          .put(`/api/conferences/${id}/agenda/order`)
          .set('Authorization', organizer)
          .send({ version: agenda.version, itemIds: [c, b, a] }),
        t.http().delete(`/api/conferences/${id}/agenda/items/${b}`).set('Authorization', admin).send({ version: agenda.version }),
      ]);
      expect([order.status, del.status].sort()).toEqual([200, 409]);
      const after = await getAgenda(id);
      expect(after.version).toBe(agenda.version + 1);
      expect(after.items.map((i) => i.position)).toEqual(after.items.map((_, i) => i));
    });

    it('creates the agenda of a never-edited conference once when two first edits race', async () => {
      const { id } = await conference();
      const results = await Promise.all([1, 2].map((n) => postItem(id, { version: 1, title: `Nội dung ${n}`, kind: 'report', durationMinutes: 5 })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect((await getAgenda(id)).items).toHaveLength(1);
    });
  });

  it('never answers from memory what the database no longer holds (a change made by another instance)', async () => {
    const { id, agenda } = await withItems([10, 20]);
    expect((await getAgenda(id)).items[0].title).toBe('A');
    // What another instance's edit leaves behind: new content, a new version.
    const ds = t.app.get(DataSource);
    await ds.createQueryBuilder().update('agenda_items').set({ title: 'Sửa ở máy chủ khác' }).where('id = :id', { id: agenda.items[0].id }).execute();
    await ds
      .createQueryBuilder()
      .update('agendas')
      .set({ version: agenda.version + 1 })
      .where('conference_id = :id', { id })
      .execute();
    const after = await getAgenda(id);
    expect(after.version).toBe(agenda.version + 1);
    expect(after.items[0].title).toBe('Sửa ở máy chủ khác');
  });

  it('documents every agenda route in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/conferences/{id}/agenda'])).toContain('get');
    expect(Object.keys(paths['/api/conferences/{id}/agenda/items'])).toContain('post');
    expect(Object.keys(paths['/api/conferences/{id}/agenda/items/{itemId}']).sort()).toEqual(['delete', 'patch']);
    expect(Object.keys(paths['/api/conferences/{id}/agenda/order'])).toContain('put');
    expect(Object.keys(paths['/api/conferences/{id}/agenda/current'])).toContain('post');
    expect(doc.body.components.schemas.AgendaResponse.required).toEqual(['conferenceId', 'version', 'items', 'endsAt', 'overrunMinutes', 'currentItemId']);
    expect(JSON.stringify(doc.body.components.schemas.CreateAgendaItemDto)).toContain('Báo cáo kết quả chỉ số PCI');
  });
});

function withAuth<T extends { set: (k: string, v: string) => T }>(req: T, auth?: string): T {
  return auth ? req.set('Authorization', auth) : req;
}

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
