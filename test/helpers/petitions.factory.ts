import { randomBytes } from 'node:crypto';
import { login, type TestApp } from './test-app';

let seq = 0;

/** A department as `POST /api/departments` answers it (as admin). */
export async function makeDepartment(t: TestApp, name = `Sở thử nghiệm ${++seq}`): Promise<{ id: string; code: string; name: string }> {
  const admin = await login(t);
  const res = await t
    .http()
    .post('/api/departments')
    .set('Authorization', admin)
    .send({ code: `D${randomBytes(3).toString('hex')}`, name });
  if (res.status !== 201) throw new Error(`create department failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A `department` user of that department; returns its bearer header value. */
export async function departmentUser(t: TestApp, departmentId: string): Promise<string> {
  const admin = await login(t);
  const username = `songanh${++seq}${randomBytes(2).toString('hex')}`;
  const res = await t
    .http()
    .post('/api/users')
    .set('Authorization', admin)
    .send({ username, password: 'password-for-tests', role: 'department', departmentId });
  if (res.status !== 201) throw new Error(`create department user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return login(t, username, 'password-for-tests');
}

/** A tax code with a right check digit (weights 31, 29, 23, 19, 17, 13, 7, 5, 3). */
export function validTaxCode(prefix = 100_000_000 + Math.floor(Math.random() * 800_000_000)): string {
  const w = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  for (let n = prefix; ; n++) {
    const nine = String(n).padStart(9, '0').slice(0, 9);
    const sum = [...nine].reduce((a, d, i) => a + Number(d) * w[i], 0);
    const check = 10 - (sum % 11);
    if (check < 10) return `${nine}${check}`;
  }
}

/** A public submission body (invented enterprise). */
export function publicBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = ++seq;
  return {
    title: `Kiến nghị thử nghiệm số ${n}`,
    content: 'Doanh nghiệp đề nghị hướng dẫn thủ tục.',
    field: 'procedures',
    submitter: { name: `Người Gửi Thử ${n}`, organization: `Công ty TNHH Thử Nghiệm Số ${n}`, phone: '0912 345 678', taxCode: validTaxCode() },
    consent: true,
    ...overrides,
  };
}
