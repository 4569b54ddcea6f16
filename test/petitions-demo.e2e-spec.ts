import { DemoService } from '../src/demo/demo.service';
import { DEMO_DEPARTMENT_ACCOUNT, DEMO_DEPARTMENTS, DEMO_PETITIONS } from '../src/demo/demo-petitions';
import { createTestApp, login, TestApp } from './helpers/test-app';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the Bắc Ninh demo: departments and petitions (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let all: Body[];

  beforeAll(async () => {
    t = await createTestApp({ SEED_DEMO: 'true' });
    const summary = await t.app.get(DemoService).seedIfEmpty();
    expect(summary?.accounts.map((a) => a.username)).toContain(DEMO_DEPARTMENT_ACCOUNT.username);
    admin = await login(t);
    all = (await t.http().get('/api/petitions?limit=1000').set('Authorization', admin).expect(200)).body.items;
  }, 180000);
  afterAll(async () => {
    await t?.close();
  });

  it('has the departments of 2021 and about 40 petitions linked to the FDI and domestic dialogues, spread over the fields', async () => {
    const departments = (await t.http().get('/api/departments').set('Authorization', admin)).body as Body[];
    expect(departments.map((d) => d.name).sort()).toEqual(DEMO_DEPARTMENTS.map((d) => d.name).sort());
    expect(all).toHaveLength(DEMO_PETITIONS.length);
    const byField = (f: string) => all.filter((p) => p.field === f).length;
    expect(byField('investment')).toBeGreaterThan(byField('land'));
    expect(byField('land')).toBeGreaterThan(byField('security'));
    expect(new Set(all.map((p) => p.conferenceId)).size).toBe(2);
  });

  it('some answered on the spot, some in writing, some overdue, one reopened, one commitment still open', async () => {
    const answered = all.filter((p) => p.status === 'answered' || p.status === 'closed');
    expect(answered.filter((p) => p.answer?.mode === 'on_spot').length).toBeGreaterThan(3);
    expect(answered.filter((p) => p.answer?.mode === 'written').length).toBeGreaterThan(3);
    expect(all.filter((p) => p.overdue).length).toBeGreaterThan(3);
    expect(all.filter((p) => p.commitment && !p.commitment.done)).toHaveLength(1);
    const reopened = [];
    for (const p of all.filter((x) => x.status === 'assigned')) {
      const detail = (await t.http().get(`/api/petitions/${p.id}`).set('Authorization', admin)).body;
      if (detail.history.some((h: Body) => h.action === 'reopen')) reopened.push(detail);
    }
    expect(reopened).toHaveLength(1);
    expect((await t.http().get('/api/public/answers')).body.total).toBeGreaterThan(3);
  });

  it("the demo department account signs in and sees only its department's petitions", async () => {
    const auth = await login(t, DEMO_DEPARTMENT_ACCOUNT.username, DEMO_DEPARTMENT_ACCOUNT.password);
    const mine = (await t.http().get('/api/petitions?limit=1000').set('Authorization', auth).expect(200)).body.items as Body[];
    expect(mine.length).toBeGreaterThan(5);
    expect(mine.every((p) => p.leadDepartment?.name === 'Sở Tài nguyên và Môi trường' || p.supportDepartmentIds.length > 0)).toBe(true);
  });
});
