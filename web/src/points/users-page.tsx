import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api';
import { PageState } from '../components/page-state';
import { PointSearchPicker, type PickedPoint } from '../components/points';
import { Loading, Notice } from '../components/ui';
import { errorText, useT } from '../i18n';
import { useSession } from '../session';
import { ROLES, type Page, type PointDetail, type Role, type User } from '../types';
import type { components } from '../api/schema';
import { useAW } from './words';
import './points.css';

type Department = components['schemas']['DepartmentResponse'];

/** Accounts shown per page (`GET /api/users?limit=&offset=`). */
export const USERS_PAGE = 100;

/**
 * `/users` (admins; anyone else sees the page's "not allowed" state): the accounts, a page at a time, and the form that
 * creates one. The API offers list and create only, so the page offers nothing more.
 */
export function UsersPage() {
  const session = useSession();
  if (session?.user.role !== 'admin') return <PageState failure="forbidden" />;
  return <Accounts />;
}

function Accounts() {
  const T = useT();
  const A = useAW();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<User> | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    document.title = `${A.usersTitle} · Diemcau`;
  }, [A]);
  useEffect(() => {
    let live = true;
    get<Page<User>>(`/api/users?limit=${USERS_PAGE}&offset=${offset}`)
      .then(async (r) => {
        if (!live) return;
        setPage(r);
        // the names of the points of the point accounts shown (the list carries ids only)
        const ids = [...new Set(r.items.map((u) => u.pointId).filter((id): id is string => !!id))];
        const points = await Promise.all(ids.map((id) => get<PointDetail>(`/api/points/${id}`).catch(() => null)));
        if (live) setNames(new Map(points.filter((p): p is PointDetail => !!p).map((p) => [p.id, `${p.name} (${p.code})`])));
      })
      .catch((e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [offset, tick]);

  return (
    <div class="users-page">
      <div class="page-head">
        <div>
          <h1>{A.usersTitle}</h1>
          <p class="muted small">{A.usersIntro}</p>
        </div>
      </div>
      <NewUserForm onCreated={(u) => (setSaid(A.userCreated(u.username)), setTick((n) => n + 1))} />
      {said && <Notice kind="success">{said}</Notice>}
      <section class="card" aria-label={A.usersTitle}>
        {error && <Notice kind="error">{error}</Notice>}
        {!page && !error && <Loading />}
        {page && page.items.length === 0 && <p class="muted">{A.noUsers}</p>}
        {page && page.items.length > 0 && (
          <>
            <p class="muted small">{A.pageOf(offset + 1, offset + page.items.length, page.total)}</p>
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th>{T.username}</th>
                    <th>{A.role}</th>
                    <th>{A.point}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((u) => (
                    <tr key={u.id} data-user={u.username}>
                      <td>{u.username}</td>
                      <td>{T.roles[u.role]}</td>
                      <td>{u.pointId ? (names.get(u.pointId) ?? '…') : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {page.total > USERS_PAGE && (
              <div class="row wrap">
                <button type="button" class="btn small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - USERS_PAGE))}>
                  {A.prevPage}
                </button>
                <button type="button" class="btn small" disabled={offset + USERS_PAGE >= page.total} onClick={() => setOffset(offset + USERS_PAGE)}>
                  {A.nextPage}
                </button>
              </div>
            )}
          </>
        )}
        <p class="muted small">{A.usersOnlyList}</p>
      </section>
    </div>
  );
}

/** Creates an account: the contract's username and password rules are checked before sending; a point account needs its point. */
function NewUserForm({ onCreated }: { onCreated: (u: User) => void }) {
  const T = useT();
  const A = useAW();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [point, setPoint] = useState<PickedPoint | null>(null);
  const [departmentId, setDepartmentId] = useState('');
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (role === 'department' && departments === null) get<Department[]>('/api/departments').then(setDepartments, (e) => setError(errorText(e)));
  }, [role, departments]);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const body = {
        username: username.trim(),
        password,
        role,
        ...(role === 'point' && point ? { pointId: point.id } : {}),
        ...(role === 'department' && departmentId ? { departmentId } : {}),
      };
      const created = await post<User>('/api/users', body);
      setUsername('');
      setPassword('');
      setPoint(null);
      onCreated(created);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="nu-h" data-new-user>
      <h2 id="nu-h">{A.newUser}</h2>
      <form class="form grid2" onSubmit={submit}>
        <label>
          <span>{T.username}</span>
          <input
            name="new-username"
            required
            autocomplete="off"
            pattern="[A-Za-z0-9._\-]{3,64}"
            maxLength={64}
            title={A.usernameTitle}
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{T.password}</span>
          <input
            name="new-password"
            type="password"
            required
            autocomplete="new-password"
            minLength={10}
            maxLength={256}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <small class="muted">{A.passwordHint}</small>
        </label>
        <label>
          <span>{A.role}</span>
          <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {T.roles[r]}
              </option>
            ))}
          </select>
        </label>
        {role === 'point' && (
          <div class="field">
            <span class="field-label">{A.point}</span>
            <PointSearchPicker
              name="user-point"
              value={point}
              onChange={setPoint}
              placeholder={A.pointPick}
              pickHint={A.pointRequired}
              clearLabel={A.clearParent}
              required
            />
          </div>
        )}
        {role === 'department' && (
          <label>
            <span>{T.roles.department}</span>
            <select name="department" required value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)}>
              <option value="">{T.choose}</option>
              {(departments ?? []).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {error && (
          <div class="span2">
            <Notice kind="error">{error}</Notice>
          </div>
        )}
        <div class="row wrap span2">
          <button type="submit" class="btn primary" disabled={busy}>
            {busy ? T.saving : A.createUser}
          </button>
        </div>
      </form>
    </section>
  );
}
