import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { POINT_DEACTIVATING, type PointDeactivatingEvent } from '../src/bridge-points/bridge-points.events';
import { AppError, ErrorCode } from '../src/common/errors';
import { makeConference, tomorrowAt } from './helpers/conferences.factory';
import { makePoint, uniquePointCode, type TestPoint } from './helpers/points.factory';
import { createTestApp, login, TestApp, userWithRole } from './helpers/test-app';

const HEADER = 'code,name,level,parentCode,address,contactName,contactPhone,capacity';
// The e2e project's `testTimeout` is not applied to hooks; booting and signing users in can take > 5 s on a busy machine.
jest.setTimeout(60_000);

const FIELDS = ['id', 'code', 'name', 'level', 'parentId', 'address', 'contactName', 'contactPhone', 'capacity', 'active'].sort();

describe('bridge points (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let organizer: string;
  let operator: string;
  let pointUser: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t);
    organizer = await userWithRole(t, 'organizer');
    operator = await userWithRole(t, 'operator');
    const own = await makePoint(t, { level: 'commune' });
    pointUser = await userWithRole(t, 'point', own.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, auth = admin) => t.http().get(path).set('Authorization', auth);
  const post = (path: string, body: object, auth = admin) => t.http().post(path).set('Authorization', auth).send(body);
  const patch = (path: string, body: object, auth = admin) => t.http().patch(path).set('Authorization', auth).send(body);
  const del = (path: string, auth = admin) => t.http().delete(path).set('Authorization', auth);
  const importCsv = (csv: string, auth = admin, type = 'text/csv; charset=utf-8') =>
    t.http().post('/api/points/import').set('Authorization', auth).set('Content-Type', type).send(csv);
  const totalAll = async () => (await get('/api/points?active=all&limit=1').expect(200)).body.total as number;
  const search = async (q: string, extra = '') =>
    (await get(`/api/points?q=${encodeURIComponent(q)}${extra}`).expect(200)).body as { items: TestPoint[]; total: number };

  /** The contract's body, with the message in each language apart and `message` = "vi / en" (one per line of a list). */
  function expectError(res: { body: Record<string, unknown> }, statusCode: number, code: string) {
    expect(res.body).toMatchObject({ statusCode, code });
    expect(typeof res.body.error).toBe('string');
    const { vi, en } = res.body.messages as { vi: string | string[]; en: string | string[] };
    const vis = ([] as string[]).concat(vi);
    const ens = ([] as string[]).concat(en);
    expect(vis.length).toBeGreaterThan(0);
    expect(vis.map((v, i) => `${v} / ${ens[i]}`)).toEqual(([] as string[]).concat(res.body.message as string | string[]));
    for (const [i, v] of vis.entries()) {
      expect(v).not.toBe(ens[i]);
      expect(v).not.toContain(' / ');
    }
  }

  describe('create and read', () => {
    it('creates a point (201) with exactly the contract fields, and reads it back', async () => {
      const code = uniquePointCode('T-');
      const res = await post('/api/points', {
        code,
        name: '  UBND tỉnh Bắc Ninh ',
        level: 'province',
        address: 'Số 10 Phù Đổng Thiên Vương, TP Bắc Ninh',
        contactName: 'Nguyễn Văn An',
        contactPhone: '0222 3822 456',
        capacity: 120,
      }).expect(201);
      expect(Object.keys(res.body).sort()).toEqual(FIELDS);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code,
        name: 'UBND tỉnh Bắc Ninh',
        level: 'province',
        parentId: null,
        address: 'Số 10 Phù Đổng Thiên Vương, TP Bắc Ninh',
        contactName: 'Nguyễn Văn An',
        contactPhone: '0222 3822 456',
        capacity: 120,
        active: true,
      });
      const read = await get(`/api/points/${res.body.id}`).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('creates a child under a higher level, with absent optional fields as null', async () => {
      const province = await makePoint(t, { level: 'province' });
      const res = await post('/api/points', { code: uniquePointCode(), name: 'UBND huyện Lương Tài', level: 'district', parentId: province.id }).expect(201);
      expect(res.body).toMatchObject({ parentId: province.id, address: null, contactName: null, contactPhone: null, capacity: null, active: true });
    });

    it('lets any signed-in role read points, but not without a token (401)', async () => {
      const p = await makePoint(t);
      for (const auth of [organizer, operator, pointUser]) {
        await get('/api/points', auth).expect(200);
        await get('/api/points/tree', auth).expect(200);
        await get(`/api/points/${p.id}`, auth).expect(200);
      }
      for (const path of ['/api/points', '/api/points/tree', `/api/points/${p.id}`]) {
        expectError(await t.http().get(path).expect(401), 401, 'unauthorized');
      }
      expectError(await t.http().get('/api/points').set('Authorization', 'Bearer not-a-token').expect(401), 401, 'unauthorized');
    });

    it('answers 404 for an unknown id and 400 for an id that is not a UUID', async () => {
      expectError(await get(`/api/points/${randomUUID()}`).expect(404), 404, 'not_found');
      const bad = await get('/api/points/not-a-uuid').expect(400);
      expectError(bad, 400, 'validation_failed');
      expect(bad.body.messages.vi).toEqual(['id: mã định danh phải là UUID']);
      expectError(await patch('/api/points/123', { name: 'x' }).expect(400), 400, 'validation_failed');
      expectError(await del('/api/points/123').expect(400), 400, 'validation_failed');
    });
  });

  describe('validation (400) changes nothing', () => {
    const valid = () => ({ code: uniquePointCode(), name: 'Điểm cầu hợp lệ', level: 'district' });
    const cases: [string, (b: Record<string, unknown>) => Record<string, unknown>, RegExp][] = [
      ['missing name', ({ name: _n, ...b }) => b, /name/],
      ['blank name', (b) => ({ ...b, name: '   ' }), /name không được để trống/],
      ['too long name', (b) => ({ ...b, name: 'x'.repeat(256) }), /name tối đa 255/],
      ['one-character code', (b) => ({ ...b, code: 'A' }), /code phải gồm 2–32 ký tự/],
      ['33-character code', (b) => ({ ...b, code: 'A'.repeat(33) }), /code phải gồm/],
      ['code with a space', (b) => ({ ...b, code: 'H THUAN' }), /code phải gồm/],
      ['code with a diacritic', (b) => ({ ...b, code: 'HUYỆN' }), /code phải gồm/],
      ['unknown level', (b) => ({ ...b, level: 'village' }), /level phải là một trong/],
      ['missing level', ({ level: _l, ...b }) => b, /level/],
      ['parentId not a uuid', (b) => ({ ...b, parentId: '42' }), /parentId phải là UUID/],
      ['capacity zero', (b) => ({ ...b, capacity: 0 }), /capacity phải từ 1/],
      ['capacity as text', (b) => ({ ...b, capacity: '40' }), /capacity phải là số nguyên/],
      ['phone with letters', (b) => ({ ...b, contactPhone: 'gọi anh An' }), /contactPhone không hợp lệ/],
      ['unknown field', (b) => ({ ...b, email: 'a@b.vn' }), /email should not exist/],
    ];
    it.each(cases)('refuses %s', async (_name, change, message) => {
      const before = await totalAll();
      const res = await post('/api/points', change(valid())).expect(400);
      expectError(res, 400, 'validation_failed');
      expect(JSON.stringify(res.body.message)).toMatch(message);
      expect(await totalAll()).toBe(before);
    });

    it('refuses an unknown parentId (400) and a parent that breaks the level rule (400), with a clear message', async () => {
      const before = await totalAll();
      const unknown = await post('/api/points', { ...valid(), parentId: randomUUID() }).expect(400);
      expect(unknown.body.messages.vi).toEqual([expect.stringMatching(/^Không có điểm cầu cấp trên [0-9a-f-]{36}$/)]);
      expect(unknown.body.messages.en).toEqual([expect.stringMatching(/^parentId [0-9a-f-]{36} refers to no point$/)]);

      const commune = await makePoint(t, { level: 'commune' });
      const enterprise = await makePoint(t, { level: 'enterprise' });
      const province = await makePoint(t, { level: 'province' });
      const afterParents = before + 3;
      const under = async (level: string, parentId: string, re: RegExp) => {
        const res = await post('/api/points', { ...valid(), level, parentId }).expect(400);
        expectError(res, 400, 'validation_failed');
        expect(JSON.stringify(res.body.message)).toMatch(re);
      };
      await under('district', commune.id, /Điểm cầu cấp huyện không thể trực thuộc điểm cầu cấp xã.*A district point cannot hang under a commune point/);
      await under('commune', commune.id, /cấp xã không thể trực thuộc điểm cầu cấp xã/);
      await under('enterprise', enterprise.id, /Doanh nghiệp không thể là điểm cầu cấp trên/);
      await under('central', province.id, /Điểm cầu Trung ương không có điểm cầu cấp trên/);
      expect(await totalAll()).toBe(afterParents);

      // An enterprise may hang under any non-enterprise level.
      for (const parent of [province, commune, await makePoint(t, { level: 'central' }), await makePoint(t, { level: 'district' })]) {
        await post('/api/points', { ...valid(), level: 'enterprise', parentId: parent.id }).expect(201);
      }
    });
  });

  describe('codes are unique (409)', () => {
    it('refuses a duplicate code, also when only the case differs, and creates nothing', async () => {
      const p = await makePoint(t, { code: uniquePointCode('DUP-') });
      const before = await totalAll();
      const same = await post('/api/points', { code: p.code, name: 'Khác', level: 'district' }).expect(409);
      expectError(same, 409, 'conflict');
      expect(same.body.message).toMatch(/đã được dùng/);
      expect(same.body.details).toEqual({ pointId: p.id });
      expectError(await post('/api/points', { code: p.code.toLowerCase(), name: 'Khác', level: 'district' }).expect(409), 409, 'conflict');
      expect(await totalAll()).toBe(before);
    });
  });

  describe('admin-only routes', () => {
    it('answers 403 to organizer, operator and point staff on every write, 401 without a token, and changes nothing', async () => {
      const p = await makePoint(t);
      const csv = `${HEADER}\n${uniquePointCode()},Điểm cầu,district,,,,,\n`;
      for (const auth of [organizer, operator, pointUser]) {
        expectError(await post('/api/points', { code: uniquePointCode(), name: 'X', level: 'district' }, auth).expect(403), 403, 'forbidden');
        expectError(await patch(`/api/points/${p.id}`, { name: 'Đổi tên' }, auth).expect(403), 403, 'forbidden');
        expectError(await del(`/api/points/${p.id}`, auth).expect(403), 403, 'forbidden');
        expectError(await importCsv(csv, auth).expect(403), 403, 'forbidden');
      }
      await t.http().post('/api/points').send({ code: uniquePointCode(), name: 'X', level: 'district' }).expect(401);
      await t.http().patch(`/api/points/${p.id}`).send({ name: 'Đổi tên' }).expect(401);
      await t.http().delete(`/api/points/${p.id}`).expect(401);
      await t.http().post('/api/points/import').set('Content-Type', 'text/csv').send(csv).expect(401);
      expect((await get(`/api/points/${p.id}`).expect(200)).body).toEqual(p);
      expect((await search(csv.split('\n')[1].split(',')[0], '&active=all')).total).toBe(0);
    });
  });

  describe('list and search', () => {
    let province: TestPoint;
    let thuanThanh: TestPoint;
    let dongBinh: TestPoint;
    let percent: TestPoint;

    beforeAll(async () => {
      province = await makePoint(t, { level: 'province', code: uniquePointCode('SRCH-'), name: 'Tỉnh Tìm Kiếm' });
      thuanThanh = await makePoint(t, { code: uniquePointCode('H-TT'), name: 'UBND huyện Thuận Thành', level: 'district', parentId: province.id });
      dongBinh = await makePoint(t, { code: uniquePointCode('X-DB'), name: 'Xã Đông  Bình', level: 'commune', parentId: thuanThanh.id });
      percent = await makePoint(t, { code: uniquePointCode('DN-'), name: 'Công ty 100% vốn FDI', level: 'enterprise', parentId: thuanThanh.id });
    });

    it('finds "Thuận Thành" whether typed with or without accents, in any case', async () => {
      for (const q of ['thuan thanh', 'Thuan Thanh', 'Thuận Thành', 'THUẬN THÀNH', '  thuận   thành ', 'huyen thuan']) {
        const res = await search(q);
        expect(res.items.map((p) => p.id)).toEqual([thuanThanh.id]);
      }
    });

    it('folds đ to d and matches codes too', async () => {
      expect((await search('dong binh')).items.map((p) => p.id)).toEqual([dongBinh.id]);
      expect((await search('ĐÔNG BÌNH')).items.map((p) => p.id)).toEqual([dongBinh.id]);
      expect((await search(thuanThanh.code.toLowerCase())).items.map((p) => p.id)).toEqual([thuanThanh.id]);
    });

    it('treats % and _ in the query literally', async () => {
      expect((await search('100%')).items.map((p) => p.id)).toEqual([percent.id]);
      expect((await search('1_0')).total).toBe(0);
      expect((await search('%')).items.map((p) => p.id)).toEqual([percent.id]);
    });

    it('filters by level and by parent (direct children), ordered by code, with paging', async () => {
      const children = await get(`/api/points?parentId=${thuanThanh.id}`).expect(200);
      expect(children.body.items.map((p: TestPoint) => p.id)).toEqual([percent, dongBinh].sort((a, b) => (a.code < b.code ? -1 : 1)).map((p) => p.id));
      expect(children.body.total).toBe(2);
      const enterprises = await get(`/api/points?level=enterprise&parentId=${thuanThanh.id}`).expect(200);
      expect(enterprises.body).toEqual({ items: [percent], total: 1 });

      const page1 = await get('/api/points?limit=2&offset=0').expect(200);
      const page2 = await get('/api/points?limit=2&offset=2').expect(200);
      expect(page1.body.items).toHaveLength(2);
      expect(page1.body.total).toBe(page2.body.total);
      expect(page1.body.total).toBeGreaterThan(4);
      const codes = [...page1.body.items, ...page2.body.items].map((p: TestPoint) => p.code);
      expect(codes).toEqual([...codes].sort());
    });

    it('validates the query', async () => {
      for (const q of ['limit=0', 'limit=1001', 'offset=-1', 'level=huyen', 'parentId=abc', 'active=maybe', 'unknown=1', `q=${'a'.repeat(101)}`]) {
        expectError(await get(`/api/points?${q}`).expect(400), 400, 'validation_failed');
      }
    });
  });

  describe('tree', () => {
    it('nests points under their parents from the roots (plain array, children ordered by code)', async () => {
      const root = await makePoint(t, { level: 'central', code: uniquePointCode('TREE-') });
      const prov = await makePoint(t, { level: 'province', parentId: root.id, code: uniquePointCode('TREE-P') });
      const d2 = await makePoint(t, { level: 'district', parentId: prov.id, code: `${prov.code}-B` });
      const d1 = await makePoint(t, { level: 'district', parentId: prov.id, code: `${prov.code}-A` });
      const c1 = await makePoint(t, { level: 'commune', parentId: d1.id });
      const res = await get('/api/points/tree').expect(200);
      expect(Array.isArray(res.body)).toBe(true);
      const node = res.body.find((n: TestPoint) => n.id === root.id);
      expect(node).toEqual({
        ...root,
        children: [
          {
            ...prov,
            children: [
              { ...d1, children: [{ ...c1, children: [] }] },
              { ...d2, children: [] },
            ],
          },
        ],
      });
      expect(res.body.every((n: TestPoint) => n.parentId === null)).toBe(true);
    });

    it('leaves inactive points out by default; their active children appear as roots; ?active=all shows everything', async () => {
      const prov = await makePoint(t, { level: 'province' });
      const child = await makePoint(t, { level: 'district', parentId: prov.id });
      await del(`/api/points/${prov.id}`).expect(200);
      const tree = (await get('/api/points/tree').expect(200)).body as (TestPoint & { children: TestPoint[] })[];
      expect(tree.find((n) => n.id === prov.id)).toBeUndefined();
      expect(tree.find((n) => n.id === child.id)).toMatchObject({ parentId: prov.id, children: [] });
      const all = (await get('/api/points/tree?active=all').expect(200)).body as (TestPoint & { children: TestPoint[] })[];
      expect(all.find((n) => n.id === prov.id)?.children.map((c) => c.id)).toEqual([child.id]);
      expect(all.find((n) => n.id === child.id)).toBeUndefined();
      expectError(await get('/api/points/tree?active=yes').expect(400), 400, 'validation_failed');
    });
  });

  describe('update', () => {
    it('changes the fields sent, clears optional ones with null, and keeps search in step with the new name', async () => {
      const p = await makePoint(t, { name: 'Huyện Lương Tài', address: 'Thị trấn Thứa', capacity: 30 });
      const res = await patch(`/api/points/${p.id}`, { name: 'Huyện Gia Bình', address: null, contactName: 'Trần Thị Bích', capacity: null }).expect(200);
      expect(res.body).toEqual({ ...p, name: 'Huyện Gia Bình', address: null, contactName: 'Trần Thị Bích', capacity: null });
      expect((await get(`/api/points/${p.id}`).expect(200)).body).toEqual(res.body);
      expect((await search('gia binh')).items.map((x) => x.id)).toContain(p.id);
      expect((await search('luong tai')).items.map((x) => x.id)).not.toContain(p.id);
      expect((await patch(`/api/points/${p.id}`, {}).expect(200)).body).toEqual(res.body);
    });

    it('changes the code (409 when taken, even in another case) and moves a point to another parent or to the root', async () => {
      const prov = await makePoint(t, { level: 'province' });
      const other = await makePoint(t);
      const p = await makePoint(t);
      const newCode = uniquePointCode('NEW-');
      expect((await patch(`/api/points/${p.id}`, { code: newCode, parentId: prov.id }).expect(200)).body).toMatchObject({ code: newCode, parentId: prov.id });
      expect((await patch(`/api/points/${p.id}`, { code: newCode.toLowerCase() }).expect(200)).body.code).toBe(newCode.toLowerCase());
      expectError(await patch(`/api/points/${p.id}`, { code: other.code.toLowerCase() }).expect(409), 409, 'conflict');
      expect((await patch(`/api/points/${p.id}`, { parentId: null }).expect(200)).body.parentId).toBeNull();
      expect((await get(`/api/points/${p.id}`).expect(200)).body.code).toBe(newCode.toLowerCase());
    });

    it('refuses invalid bodies (400): null for a required field, unknown fields, bad values', async () => {
      const p = await makePoint(t);
      for (const body of [
        { name: null },
        { code: null },
        { level: null },
        { active: null },
        { name: '' },
        { level: 'xa' },
        { active: 'no' },
        { id: randomUUID() },
        { searchText: 'x' },
        { parentId: 'abc' },
      ]) {
        expectError(await patch(`/api/points/${p.id}`, body).expect(400), 400, 'validation_failed');
      }
      expect((await get(`/api/points/${p.id}`).expect(200)).body).toEqual(p);
      expectError(await patch(`/api/points/${randomUUID()}`, { name: 'Không có' }).expect(404), 404, 'not_found');
    });

    it('keeps the hierarchy valid: no own parent, no cycle, no level change that strands a child, no unknown parent', async () => {
      const central = await makePoint(t, { level: 'central' });
      const prov = await makePoint(t, { level: 'province', parentId: central.id });
      const district = await makePoint(t, { level: 'district', parentId: prov.id });
      const commune = await makePoint(t, { level: 'commune', parentId: district.id });
      const enterprise = await makePoint(t, { level: 'enterprise', parentId: commune.id });

      const self = await patch(`/api/points/${district.id}`, { parentId: district.id }).expect(400);
      expect(JSON.stringify(self.body.message)).toMatch(/không thể là cấp trên của chính nó/);

      // Moving the province under its own commune (and raising nothing) would close a cycle.
      const cycle = await patch(`/api/points/${prov.id}`, { parentId: commune.id }).expect(400);
      expect(JSON.stringify(cycle.body.message)).toMatch(/vòng lặp.*cycle/);
      const cycle2 = await patch(`/api/points/${central.id}`, { parentId: enterprise.id, level: 'enterprise' }).expect(400);
      expect(JSON.stringify(cycle2.body.message)).toMatch(/vòng lặp/);

      // Lowering the district to commune would leave its commune child under a commune.
      const strand = await patch(`/api/points/${district.id}`, { level: 'commune' }).expect(400);
      expect(JSON.stringify(strand.body.message)).toMatch(new RegExp(`${commune.code} \\(cấp xã\\)`));
      const enterpriseWithChild = await patch(`/api/points/${commune.id}`, { level: 'enterprise' }).expect(400);
      expect(JSON.stringify(enterpriseWithChild.body.message)).toMatch(/Child point/);
      // Raising the commune above its district parent breaks the parent edge.
      await patch(`/api/points/${commune.id}`, { level: 'province' }).expect(400);
      await patch(`/api/points/${commune.id}`, { parentId: randomUUID() }).expect(400);

      for (const p of [central, prov, district, commune, enterprise]) expect((await get(`/api/points/${p.id}`).expect(200)).body).toEqual(p);

      // Valid moves: the enterprise straight under the province; the district raised to province level, directly under the central point.
      expect((await patch(`/api/points/${enterprise.id}`, { parentId: prov.id }).expect(200)).body.parentId).toBe(prov.id);
      expect((await patch(`/api/points/${district.id}`, { level: 'province', parentId: central.id }).expect(200)).body).toMatchObject({
        level: 'province',
        parentId: central.id,
      });
    });
  });

  describe('versions (ETag and If-Match: an edit never silently overwrites another)', () => {
    const etag = (res: { headers: Record<string, string> }) => res.headers.etag;

    it('reads, edits and deactivates with the version as ETag; the body keeps exactly the contract fields', async () => {
      const p = await makePoint(t, { name: 'Xã Đông Cứu' });
      const read = await get(`/api/points/${p.id}`).expect(200);
      expect(etag(read)).toBe('"1"');
      expect(Object.keys(read.body).sort()).toEqual(FIELDS);
      const edited = await patch(`/api/points/${p.id}`, { contactPhone: '0912 345 678' }).set('If-Match', '"1"').expect(200);
      expect(etag(edited)).toBe('"2"');
      expect(Object.keys(edited.body).sort()).toEqual(FIELDS);
      // without If-Match an edit still applies (the contract does not ask points for a version) and raises it
      expect(etag(await patch(`/api/points/${p.id}`, { contactName: 'Lê Văn Cường' }).expect(200))).toBe('"3"');
      expect(etag(await del(`/api/points/${p.id}`).set('If-Match', '3').expect(200))).toBe('"4"');
      expect(etag(await get(`/api/points/${p.id}`).expect(200))).toBe('"4"');
    });

    it('refuses an edit made on an older version (409 stale_version with the current one) and changes nothing', async () => {
      const p = await makePoint(t, { contactPhone: '0222 1111 111' });
      // two admins opened the point at version 1; the first saves a new phone
      await patch(`/api/points/${p.id}`, { contactPhone: '0222 2222 222' }).set('If-Match', '"1"').expect(200);
      // the second, still on version 1, changes the phone too: refused, the first one's phone stays
      const stale = await patch(`/api/points/${p.id}`, { contactPhone: '0222 3333 333', name: 'Tên khác' }).set('If-Match', '"1"').expect(409);
      expectError(stale, 409, 'stale_version');
      expect(stale.body.details).toEqual({ currentVersion: 2 });
      const now = await get(`/api/points/${p.id}`).expect(200);
      expect(now.body).toMatchObject({ contactPhone: '0222 2222 222', name: p.name });
      expect(etag(now)).toBe('"2"');
      // a deactivation on the stale version is refused as well, and the point stays active
      expectError(await del(`/api/points/${p.id}`).set('If-Match', '1').expect(409), 409, 'stale_version');
      expect((await get(`/api/points/${p.id}`).expect(200)).body.active).toBe(true);
      // a malformed If-Match is a 400, not an edit
      expectError(await patch(`/api/points/${p.id}`, { name: 'X' }).set('If-Match', 'abc').expect(400), 400, 'validation_failed');
      expect((await get(`/api/points/${p.id}`).expect(200)).body.name).toBe(p.name);
    });

    it('a CSV import that updates a point raises its version, so a form opened before the import gets 409', async () => {
      const p = await makePoint(t, { level: 'province' });
      const before = etag(await get(`/api/points/${p.id}`).expect(200));
      expect((await importCsv([HEADER, `${p.code},Tên từ tệp,province,,,,,`].join('\n')).expect(200)).body).toMatchObject({ updated: 1 });
      const after = etag(await get(`/api/points/${p.id}`).expect(200));
      expect(after).not.toBe(before);
      expectError(await patch(`/api/points/${p.id}`, { name: 'Tên trên biểu mẫu' }).set('If-Match', before).expect(409), 409, 'stale_version');
      expect((await get(`/api/points/${p.id}`).expect(200)).body.name).toBe('Tên từ tệp');
    });
  });

  describe('deactivate', () => {
    it('DELETE deactivates (200, active false): the point stays readable, leaves the default list, and a second DELETE is harmless', async () => {
      const p = await makePoint(t, { name: 'Xã Ngừng Hoạt Động' });
      const res = await del(`/api/points/${p.id}`).expect(200);
      expect(res.body).toEqual({ ...p, active: false });
      expect((await get(`/api/points/${p.id}`).expect(200)).body.active).toBe(false);
      expect((await search('ngung hoat dong')).total).toBe(0);
      expect((await search('ngung hoat dong', '&active=all')).items.map((x) => x.id)).toEqual([p.id]);
      expect((await search('ngung hoat dong', '&active=false')).items.map((x) => x.id)).toEqual([p.id]);
      expect((await del(`/api/points/${p.id}`).expect(200)).body.active).toBe(false);
      expect((await patch(`/api/points/${p.id}`, { active: true }).expect(200)).body.active).toBe(true);
      expectError(await del(`/api/points/${randomUUID()}`).expect(404), 404, 'not_found');
    });

    it('asks point.deactivating listeners first: a refusal (409) reaches the client and nothing changes', async () => {
      const invited = await makePoint(t);
      const free = await makePoint(t);
      const emitter = t.app.get(EventEmitter2);
      const seen: string[] = [];
      const listener = async (e: PointDeactivatingEvent) => {
        seen.push(e.pointId);
        if (e.pointId === invited.id)
          throw new AppError(ErrorCode.PointInUse, {
            vi: 'Điểm cầu đang được mời vào hội nghị chưa kết thúc',
            en: 'Point is invited to a conference that has not ended',
          });
      };
      emitter.on(POINT_DEACTIVATING, listener);
      try {
        const refused = await del(`/api/points/${invited.id}`).expect(409);
        expectError(refused, 409, 'point_in_use');
        expect(refused.body.message).toMatch(/chưa kết thúc/);
        expectError(await patch(`/api/points/${invited.id}`, { active: false, name: 'Đổi tên' }).expect(409), 409, 'point_in_use');
        expect((await get(`/api/points/${invited.id}`).expect(200)).body).toEqual(invited);

        expect((await del(`/api/points/${free.id}`).expect(200)).body.active).toBe(false);
        expect(seen).toEqual([invited.id, invited.id, free.id]);
        // Already inactive: nothing to ask.
        await del(`/api/points/${free.id}`).expect(200);
        expect(seen).toHaveLength(3);
      } finally {
        emitter.off(POINT_DEACTIVATING, listener);
      }
    });

    it('is refused (409) for a point invited to a conference that has not ended, allowed once it has ended', async () => {
      const busy = await makePoint(t);
      const done = await makePoint(t);
      await makeConference(t, { invite: [busy.id], status: 'scheduled' });
      await makeConference(t, { invite: [done.id], status: 'ended', startsAt: tomorrowAt(13), endsAt: tomorrowAt(15) });
      const refused = await del(`/api/points/${busy.id}`).expect(409);
      expectError(refused, 409, 'point_in_use');
      expect((await get(`/api/points/${busy.id}`).expect(200)).body.active).toBe(true);
      expect((await del(`/api/points/${done.id}`).expect(200)).body.active).toBe(false);
    });
  });

  describe('import', () => {
    it('creates points from a spreadsheet export (BOM, CRLF, quoted commas and line breaks, Vietnamese), parents from the file or the database', async () => {
      const stored = await makePoint(t, { level: 'province', code: uniquePointCode('IMP-T') });
      const h = uniquePointCode('IMP-H');
      const csv =
        '\uFEFF' +
        [
          HEADER,
          `${h},UBND huyện Quế Võ,district,${stored.code},"Thị trấn Phố Mới, huyện Quế Võ",Lê Văn Đạt,0222 3863 001,45`,
          `${h}-X1,"Xã Phương Liễu ""mới""",commune,${h},"Thôn Phương Liễu,\r\nxã Phương Liễu",,,`,
          `${h}-DN,Công ty TNHH Đồng Tiến,enterprise,${stored.code},,,,`,
        ].join('\r\n') +
        '\r\n';
      const res = await importCsv(csv).expect(200);
      expect(res.body).toEqual({ created: 3, updated: 0, errors: [] });
      const district = (await search(h)).items.find((p) => p.code === h)!;
      expect(district).toMatchObject({
        name: 'UBND huyện Quế Võ',
        level: 'district',
        parentId: stored.id,
        address: 'Thị trấn Phố Mới, huyện Quế Võ',
        contactName: 'Lê Văn Đạt',
        contactPhone: '0222 3863 001',
        capacity: 45,
        active: true,
      });
      const commune = (await search(`${h}-X1`)).items[0];
      expect(commune).toMatchObject({
        name: 'Xã Phương Liễu "mới"',
        parentId: district.id,
        address: 'Thôn Phương Liễu,\nxã Phương Liễu',
        contactName: null,
        capacity: null,
      });
      expect((await search('XA PHUONG LIEU')).items.map((p) => p.id)).toEqual([commune.id]);
    });

    it('upserts by code (regardless of case): existing points are updated, new ones created, inactive ones stay inactive', async () => {
      const prov = await makePoint(t, { level: 'province' });
      const a = await makePoint(t, { parentId: prov.id, name: 'Tên cũ', capacity: 10, contactName: 'Người cũ' });
      const b = await makePoint(t);
      await del(`/api/points/${b.id}`).expect(200);
      const fresh = uniquePointCode('IMP-N');
      const csv = [
        HEADER,
        `${a.code.toLowerCase()},Tên mới,district,,,,,99`,
        `${b.code},Điểm B,district,${prov.code},,,,`,
        `${fresh},Điểm mới,commune,${a.code},,,,`,
      ].join('\n');
      expect((await importCsv(csv).expect(200)).body).toEqual({ created: 1, updated: 2, errors: [] });
      expect((await get(`/api/points/${a.id}`).expect(200)).body).toEqual({
        ...a,
        code: a.code.toLowerCase(),
        name: 'Tên mới',
        parentId: null,
        capacity: 99,
        contactName: null,
      });
      expect((await get(`/api/points/${b.id}`).expect(200)).body).toMatchObject({ name: 'Điểm B', parentId: prov.id, active: false });
      expect((await search(fresh)).items[0]).toMatchObject({ parentId: a.id, level: 'commune' });
    });

    it('refuses a file with bad lines (422): lists every bad line with its number and writes nothing', async () => {
      const existing = await makePoint(t, { name: 'Không được đổi' });
      const child = await makePoint(t, { level: 'commune', parentId: existing.id });
      const before = await totalAll();
      const ok = uniquePointCode('IMP-OK');
      const csv = [
        HEADER, // 1
        `${ok},Dòng tốt,district,,,,,`, // 2
        `${existing.code},Tên mới,commune,,,,,`, // 3: now commune, strands its commune child
        `x,Mã quá ngắn,district,,,,,`, // 4
        `${ok}-2,"Tên nhiều`, // 5 (record spans 5-6)
        `dòng",huyen,,,,,`, // 6
        `${ok}-3,Cha ở dưới,commune,${ok}-4,,,,`, // 7
        `${ok}-4,Cha,district,,,,,`, // 8
        `${ok},Trùng mã,district,,,,,`, // 9
        `${ok}-5,Không có cha,commune,KHONG-CO,,,,`, // 10
        `${ok}-6,Sức chứa sai,district,,,,,nhiều`, // 11
        `${ok}-7,Thiếu cột,district`, // 12
      ].join('\n');
      const res = await importCsv(csv).expect(422);
      expectError(res, 422, 'import_failed');
      expect(res.body.error).toBe('Unprocessable Entity');
      expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5, 7, 9, 10, 11, 12]);
      for (const e of res.body.errors) {
        expect(e).toEqual({ line: expect.any(Number), message: expect.any(String), messages: { vi: expect.any(String), en: expect.any(String) } });
        expect(e.message).toBe(`${e.messages.vi} / ${e.messages.en}`);
      }
      expect(res.body.errors[0].message).toMatch(new RegExp(child.code));
      expect(res.body.errors[3].message).toMatch(/phải được khai báo ở một dòng phía trên/);
      expect(res.body.message).toMatch(/8 dòng lỗi/);
      expect(await totalAll()).toBe(before);
      expect((await get(`/api/points/${existing.id}`).expect(200)).body).toEqual(existing);
      expect((await search(ok, '&active=all')).total).toBe(0);
    });

    it('reports a broken header on line 1 and a syntax error where its record starts', async () => {
      const header = await importCsv('code,ten,level\nA1,Điểm,district\n').expect(422);
      expect(header.body.errors).toEqual([
        {
          line: 1,
          message: expect.stringMatching(/Cột không hợp lệ "ten".*Thiếu cột name/),
          messages: {
            vi: expect.stringMatching(/^Cột không hợp lệ "ten"; Thiếu cột name\. Tiêu đề cần có/),
            en: expect.stringMatching(/^unknown column "ten"/),
          },
        },
      ]);
      const quote = await importCsv(`${HEADER}\nQ1,Điểm,district,,,,,\nQ2,"Không đóng,district,,,,,\nQ3,Điểm,district,,,,,\n`).expect(422);
      expect(quote.body.errors).toMatchObject([{ line: 3, messages: { vi: expect.stringMatching(/^Dấu ngoặc kép mở nhưng không được đóng/) } }]);
    });

    it('answers 200 with zero counts for a header-only file', async () => {
      expect((await importCsv(`${HEADER}\n`).expect(200)).body).toEqual({ created: 0, updated: 0, errors: [] });
    });

    it('refuses a wrong content type or an empty body (400)', async () => {
      const before = await totalAll();
      const csv = `${HEADER}\n${uniquePointCode()},Điểm,district,,,,,\n`;
      expectError(await post('/api/points/import', { csv }).expect(400), 400, 'validation_failed');
      expectError(await importCsv(csv, admin, 'text/plain').expect(400), 400, 'validation_failed');
      expectError(await t.http().post('/api/points/import').set('Authorization', admin).expect(400), 400, 'validation_failed');
      expectError(await importCsv('', admin).expect(400), 400, 'validation_failed');
      expectError(await importCsv('\uFEFF \n\n', admin).expect(400), 400, 'validation_failed');
      expect(await totalAll()).toBe(before);
    });

    it('imports 10,000 rows (about 2 MB) in one go, then upserts them all again', async () => {
      const run = uniquePointCode('BIG');
      const rows = [
        HEADER,
        `${run}-T,UBND tỉnh Bắc Ninh (nhập khối lượng lớn),province,,"Số 10 Phù Đổng Thiên Vương, phường Suối Hoa, thành phố Bắc Ninh, tỉnh Bắc Ninh",Nguyễn Văn An,0222 3822 456,200`,
      ];
      for (let d = 0; d < 99; d++) {
        rows.push(
          `${run}-H${d},UBND huyện Thuận Thành số ${d},district,${run}-T,"Thị trấn Hồ, huyện Thuận Thành, tỉnh Bắc Ninh, Việt Nam — trụ sở số ${d}",Trần Thị Hồng Nhung,0222 3865 ${String(d).padStart(3, '0')},60`,
        );
      }
      for (let i = 0; rows.length < 10_001; i++) {
        const d = i % 99;
        const level = i % 5 === 4 ? 'enterprise' : 'commune';
        const label = level === 'enterprise' ? `Công ty TNHH Điện tử Đông Bình số ${i}` : `Xã Đình Tổ – Ngũ Thái – Song Liễu số ${i}`;
        rows.push(
          `${run}-${i},"${label}",${level},${run}-H${d},"Thôn Đông Côi, xã Đình Tổ, huyện Thuận Thành, tỉnh Bắc Ninh",Phạm Đức Thắng,0912 345 ${String(i % 1000).padStart(3, '0')},${(i % 200) + 1}`,
        );
      }
      const csv = rows.join('\r\n');
      expect(rows.length - 1).toBe(10_000);
      expect(Buffer.byteLength(csv)).toBeGreaterThan(1_900_000);

      const before = await totalAll();
      let started = Date.now();
      const res = await importCsv(csv).expect(200);
      const firstMs = Date.now() - started;
      expect(res.body).toEqual({ created: 10_000, updated: 0, errors: [] });
      expect(await totalAll()).toBe(before + 10_000);
      const one = await search(`${run}-1233`);
      expect(one.items[0]).toMatchObject({ code: `${run}-1233`, level: 'commune', capacity: 34 });
      expect((await search(`dong binh so 9894`)).items.map((p) => p.code)).toEqual([`${run}-9894`]);

      started = Date.now();
      const again = await importCsv(csv.replace(`${run}-T,UBND tỉnh Bắc Ninh`, `${run}-T,Tỉnh Bắc Ninh`)).expect(200);
      const secondMs = Date.now() - started;
      expect(again.body).toEqual({ created: 0, updated: 10_000, errors: [] });
      expect(await totalAll()).toBe(before + 10_000);
      expect((await search(`${run}-T`)).items[0].name).toBe('Tỉnh Bắc Ninh (nhập khối lượng lớn)');
      process.stdout.write(`[points import] 10,000 rows, ${(Buffer.byteLength(csv) / 1e6).toFixed(1)} MB: create ${firstMs} ms, upsert ${secondMs} ms\n`);
      expect(firstMs).toBeLessThan(20_000);
      expect(secondMs).toBeLessThan(20_000);
    }, 120_000);
  });

  it('documents every points route in /api/docs-json', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/points', '/api/points/tree', '/api/points/import', '/api/points/{id}']));
    expect(doc.paths['/api/points'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreatePointDto' });
    expect(doc.paths['/api/points/{id}'].patch.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PointResponse' });
    expect(doc.paths['/api/points/import'].post.requestBody.content['text/csv'].schema).toMatchObject({
      type: 'string',
      example: expect.stringMatching(/^code,name,level,/),
    });
  });
});
