import { DateTime } from 'luxon';
import { makePoint, TestLevel } from './points.factory';
import { login, TestApp, userWithRole } from './test-app';

/** The body `POST /api/conferences` takes, plus what the factory can do after creating it. */
export interface ConferenceOverrides {
  title?: string;
  description?: string;
  format?: 'online' | 'in_person' | 'hybrid';
  category?: string;
  startsAt?: string;
  endsAt?: string;
  timezone?: string;
  hostPointId?: string;
  force?: boolean;
  /** Points to invite (as participants) after creating it. */
  invite?: string[];
  /** Walks the status machine up to this status after creating it (draft → scheduled → live → ended, or → cancelled). */
  status?: 'draft' | 'scheduled' | 'live' | 'ended' | 'cancelled';
}

/** What the API answers for a conference (`GET /api/conferences/:id`). */
export interface ConferenceBody {
  id: string;
  title: string;
  description: string | null;
  format: string;
  category: string | null;
  startsAt: string;
  endsAt: string;
  timezone: string;
  hostPointId: string;
  status: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  points: Array<{ pointId: string; code: string; name: string; level: string; role: string; mode: string; expectedAttendees: number | null }>;
}

const organizers = new WeakMap<TestApp, Promise<string>>();

/** A bearer header for one organizer account per test app (created on first use). */
export function organizerAuth(t: TestApp): Promise<string> {
  let auth = organizers.get(t);
  if (!auth) {
    auth = userWithRole(t, 'organizer');
    organizers.set(t, auth);
    auth.catch(() => organizers.delete(t));
  }
  return auth;
}

/** Tomorrow (in Asia/Ho_Chi_Minh) at hh:mm, as ISO with the +07:00 offset. */
export function tomorrowAt(hour: number, minute = 0, daysAhead = 1): string {
  return DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: daysAhead }).set({ hour, minute, second: 0, millisecond: 0 }).toISO()!;
}

/**
 * A start and end `hours` and `hours + length` from now, to the minute. For a conference whose points must be able to
 * report readiness (from 24 hours before the start): "tomorrow at 8" is 24–32 hours away between midnight and 8 in
 * Vietnam (17:00–01:00 UTC), where such a test would be refused `conflict`.
 */
export function startingIn(hours: number, length = 3): { startsAt: string; endsAt: string } {
  const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ hours }).set({ second: 0, millisecond: 0 });
  return { startsAt: start.toISO()!, endsAt: start.plus({ hours: length }).toISO()! };
}

/** Creates an active point with `makePoint` (through `POST /api/points` as admin). */
export async function newPoint(
  t: TestApp,
  level: TestLevel = 'province',
  parentId?: string,
): Promise<{ id: string; code: string; name: string; level: string }> {
  const p = await makePoint(t, { level, ...(parentId ? { parentId } : {}) });
  return { id: p.id, code: p.code, name: p.name, level: p.level };
}

const STEPS: Record<string, string[]> = {
  draft: [],
  scheduled: ['scheduled'],
  live: ['scheduled', 'live'],
  ended: ['scheduled', 'live', 'ended'],
  cancelled: ['cancelled'],
};

/**
 * Creates a conference through the API as an organizer. Defaults: a hybrid conference tomorrow 08:00–11:30 +07:00
 * hosted by a new province point. `invite` adds participants, `status` walks the status machine. Returns the
 * conference as `GET /api/conferences/:id` answers it.
 */
export async function makeConference(t: TestApp, overrides: ConferenceOverrides = {}): Promise<ConferenceBody> {
  const auth = await organizerAuth(t);
  const { invite, status, ...body } = overrides;
  const hostPointId = body.hostPointId ?? (await newPoint(t, 'province')).id;
  const created = await t
    .http()
    .post('/api/conferences')
    .set('Authorization', auth)
    .send({
      title: 'Hội nghị trực tuyến triển khai nhiệm vụ',
      format: 'hybrid',
      startsAt: tomorrowAt(8),
      endsAt: tomorrowAt(11, 30),
      ...body,
      hostPointId,
    });
  if (created.status !== 201) throw new Error(`create conference failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id: string = created.body.id;
  if (invite?.length) {
    const res = await t
      .http()
      .post(`/api/conferences/${id}/points`)
      .set('Authorization', auth)
      .send({ pointIds: invite, ...(body.force ? { force: true } : {}) });
    if (res.status !== 200) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  let version: number = created.body.version;
  for (const next of STEPS[status ?? 'draft']) {
    const res = await t.http().post(`/api/conferences/${id}/status`).set('Authorization', auth).send({ status: next, version });
    if (res.status !== 200) throw new Error(`status ${next} failed: ${res.status} ${JSON.stringify(res.body)}`);
    version = res.body.version;
  }
  const out = await t.http().get(`/api/conferences/${id}`).set('Authorization', auth);
  if (out.status !== 200) throw new Error(`read conference failed: ${out.status} ${JSON.stringify(out.body)}`);
  return out.body as ConferenceBody;
}

/**
 * A live conference hosted by a new province, inviting its `communes` communes (under `districts` districts, invited
 * too, when given; else right under the province), imported as one CSV; with every point's check-in link. Codes:
 * `<prefix>-PROV`, `<prefix>-D<n>`, `<prefix>-C<n>`; commune n is under district n mod `districts`.
 */
export async function provinceConference(
  t: TestApp,
  prefix: string,
  communes: number,
  districts = 0,
): Promise<{ conf: ConferenceBody; organizer: string; invited: number; links: Array<{ code: string; token: string }> }> {
  const admin = await login(t);
  const csv = ['code,name,level,parentCode,address,contactName,contactPhone,capacity', `${prefix}-PROV,UBND tỉnh Bắc Ninh,province,,,,,`];
  for (let d = 0; d < districts; d++) csv.push(`${prefix}-D${d},UBND huyện số ${d},district,${prefix}-PROV,,,,`);
  for (let i = 0; i < communes; i++) {
    const parent = districts ? `${prefix}-D${i % districts}` : `${prefix}-PROV`;
    csv.push(`${prefix}-C${i},UBND xã số ${i},commune,${parent},,Cán bộ ${i},09${String(i).padStart(8, '0')},`);
  }
  const imported = await t.http().post('/api/points/import').set('Authorization', admin).set('Content-Type', 'text/csv').send(csv.join('\n'));
  if (imported.status !== 200) throw new Error(`import failed: ${imported.status} ${JSON.stringify(imported.body)}`);
  const province = (await t.http().get(`/api/points?q=${prefix}-PROV`).set('Authorization', admin)).body.items[0];
  const conf = await makeConference(t, { hostPointId: province.id, status: 'live' });
  const organizer = await organizerAuth(t);
  const invited = await t
    .http()
    .post(`/api/conferences/${conf.id}/points`)
    .set('Authorization', organizer)
    .send({ subtreeOf: province.id, levels: districts ? ['district', 'commune'] : ['commune'] });
  if (invited.status !== 200) throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const links = (await t.http().post(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', organizer).send({})).body;
  return { conf, organizer, invited: invited.body.points.length, links };
}
