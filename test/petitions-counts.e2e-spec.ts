import { DataSource } from 'typeorm';
import { organizerAuth } from './helpers/conferences.factory';
import { departmentUser, makeDepartment } from './helpers/petitions.factory';
import { createTestApp, TestApp, userWithRole } from './helpers/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A deterministic pseudo-random sequence (the same run every time). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

/**
 * The counts kept per transition (`petition_counts`) against a fresh COUNT of the petitions, after a random sequence
 * of actions through the API: intake, assign and reassign with support departments, answer, close, reject, merge,
 * reopen, edits of field and kind, and refused ones (illegal transitions, stale versions) that must move nothing.
 */
describe('petition counts kept per transition (e2e)', () => {
  let t: TestApp;
  let organizer: string;
  let operator: string;
  let departments: Array<{ id: string; user: string }>;
  const ids: string[] = [];

  const http = () => t.http();
  const get = async (id: string): Promise<Body> => (await http().get(`/api/petitions/${id}`).set('Authorization', organizer).expect(200)).body;

  /** The kept counts, rows with n = 0 left out, as sorted `department|relation|kind|field|status=n` lines. */
  const kept = async (): Promise<string[]> => {
    const rows: Body[] = await t.app.get(DataSource).query('SELECT department_id, relation, kind, field, status, n FROM petition_counts');
    return rows
      .filter((r) => Number(r.n) !== 0)
      .map((r) => `${r.department_id}|${r.relation}|${r.kind}|${r.field}|${r.status}=${Number(r.n)}`)
      .sort();
  };
  /** The same, counted now from the petitions and their support departments. */
  const fresh = async (): Promise<string[]> => {
    const ds = t.app.get(DataSource);
    const leads: Body[] = await ds.query(
      'SELECT lead_department_id AS d, kind, field, status, COUNT(*) AS n FROM petitions GROUP BY lead_department_id, kind, field, status',
    );
    const supports: Body[] = await ds.query(
      'SELECT s.department_id AS d, p.kind, p.field, p.status, COUNT(*) AS n FROM petition_support_departments s JOIN petitions p ON p.id = s.petition_id GROUP BY s.department_id, p.kind, p.field, p.status',
    );
    return [
      ...leads.map((r) => `${r.d ?? ''}|${r.d ? 'lead' : 'none'}|${r.kind}|${r.field}|${r.status}=${Number(r.n)}`),
      ...supports.map((r) => `${r.d}|support|${r.kind}|${r.field}|${r.status}=${Number(r.n)}`),
    ].sort();
  };
  /** The inbox's counts per status (kept counts when `query` allows, counted from the petitions otherwise). */
  const inboxCounts = async (auth: string, query = ''): Promise<Record<string, number>> =>
    (await http().get(`/api/petitions?limit=1${query}`).set('Authorization', auth).expect(200)).body.countsByStatus;

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await organizerAuth(t);
    operator = await userWithRole(t, 'operator');
    departments = [];
    for (let i = 0; i < 3; i++) {
      const d = await makeDepartment(t);
      departments.push({ id: d.id, user: await departmentUser(t, d.id) });
    }
  }, 120000);
  afterAll(async () => {
    await t?.close();
  });

  it('equal a fresh COUNT after 120 random actions (refused ones included), and the inbox shows the same counts either way', async () => {
    const r = rng(9);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const fields = ['investment', 'land', 'tax', 'labour'];
    const intake = async () => {
      const res = await http()
        .post('/api/petitions')
        .set('Authorization', operator)
        .send({
          channel: 'hotline',
          kind: r() < 0.3 ? 'feedback' : 'petition',
          title: `Kiến nghị thử ${ids.length + 1}`,
          content: 'Nội dung',
          field: pick(fields),
        })
        .expect(201);
      ids.push(res.body.id as string);
    };
    for (let i = 0; i < 8; i++) await intake();
    const seen = new Map<string, number>();
    for (let step = 0; step < 120; step++) {
      const id = pick(ids);
      const p = await get(id);
      // Now and then a stale version: refused with 409, nothing moves.
      const version = r() < 0.1 ? p.version - 1 : p.version;
      const choice = pick(['intake', 'assign', 'assign', 'answer', 'close', 'reject', 'merge', 'reopen', 'edit', 'answer', 'reopen']);
      let res;
      if (choice === 'intake') {
        await intake();
        continue;
      } else if (choice === 'assign') {
        const lead = pick(departments).id;
        const supports = departments.filter((d) => d.id !== lead && r() < 0.4).map((d) => d.id);
        res = await http()
          .post(`/api/petitions/${id}/assign`)
          .set('Authorization', organizer)
          .send({ leadDepartmentId: lead, supportDepartmentIds: supports, version });
      } else if (choice === 'answer') {
        res = await http()
          .post(`/api/petitions/${id}/answer`)
          .set('Authorization', organizer)
          .send({ mode: pick(['on_spot', 'written']), text: 'Trả lời', version });
      } else if (choice === 'reject' || choice === 'reopen') {
        res = await http().post(`/api/petitions/${id}/${choice}`).set('Authorization', organizer).send({ reason: 'Lý do thử', version });
      } else if (choice === 'merge') {
        res = await http()
          .post(`/api/petitions/${id}/merge`)
          .set('Authorization', organizer)
          .send({ intoId: pick(ids), version });
      } else if (choice === 'edit') {
        res = await http()
          .patch(`/api/petitions/${id}`)
          .set('Authorization', organizer)
          .send({ field: pick(fields), kind: pick(['petition', 'feedback']), version });
      } else {
        res = await http().post(`/api/petitions/${id}/${choice}`).set('Authorization', organizer).send({ version });
      }
      expect([200, 400, 409]).toContain(res.status);
      seen.set(`${choice} ${res.status}`, (seen.get(`${choice} ${res.status}`) ?? 0) + 1);
      if (step % 20 === 19) expect(await kept()).toEqual(await fresh());
    }
    // The sequence did what it is meant to: each kind of action went through at least once, and some were refused.
    for (const action of ['assign', 'answer', 'close', 'reject', 'merge', 'reopen', 'edit']) expect(seen.get(`${action} 200`) ?? 0).toBeGreaterThan(0);
    expect([...seen.keys()].some((k) => k.endsWith(' 409'))).toBe(true);
    expect(await kept()).toEqual(await fresh());

    // The inbox's counts from the kept rows equal those counted from the petitions (`channel=hotline` holds every one
    // of them here, and a channel filter is always counted from the petitions).
    expect(await inboxCounts(organizer)).toEqual(await inboxCounts(organizer, '&channel=hotline'));
    expect(await inboxCounts(organizer, '&field=land')).toEqual(await inboxCounts(organizer, '&field=land&channel=hotline'));
    // A department's list (led and supported petitions, read apart and merged) is the staff list's petitions that it
    // leads or supports, in the same order, page after page.
    const all = (await http().get('/api/petitions?limit=1000').set('Authorization', organizer).expect(200)).body.items as Body[];
    for (const d of departments) {
      const expected = all.filter((p) => p.leadDepartmentId === d.id || p.supportDepartmentIds.includes(d.id)).map((p) => p.id);
      expect(expected.length).toBeGreaterThan(2);
      const whole = (await http().get('/api/petitions?limit=1000').set('Authorization', d.user).expect(200)).body;
      expect([whole.total, whole.items.map((p: Body) => p.id)]).toEqual([expected.length, expected]);
      const paged: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 2)
        paged.push(...(await http().get(`/api/petitions?limit=2&offset=${offset}`).set('Authorization', d.user).expect(200)).body.items.map((p: Body) => p.id));
      expect(paged).toEqual(expected);
    }
    for (const d of departments) {
      expect(await inboxCounts(organizer, `&departmentId=${d.id}`)).toEqual(await inboxCounts(organizer, `&departmentId=${d.id}&channel=hotline`));
      expect(await inboxCounts(d.user)).toEqual(await inboxCounts(d.user, '&channel=hotline'));
      expect(await inboxCounts(d.user, '&kind=petition')).toEqual(await inboxCounts(d.user, '&kind=petition&channel=hotline'));
    }
  }, 180000);
});
