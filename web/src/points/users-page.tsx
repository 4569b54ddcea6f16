import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, patch, post } from '../api';
import { PageState } from '../components/page-state';
import { PointSearchPicker, type PickedPoint } from '../components/points';
import { Loading, Notice } from '../components/ui';
import { errorText, useT } from '../i18n';
import { useSession } from '../session';
import { fmtDateTime } from '../time';
import { ROLES, type Page, type PointDetail, type Role, type User, type UserHistoryEntry } from '../types';
import type { components } from '../api/schema';
import { NewPasswordField } from './password-page';
import { useAW } from './words';
import './points.css';

type Department = components['schemas']['DepartmentResponse'];

/** The zone the page shows instants in (accounts belong to no conference): the conferences' default. */
const OFFICE_ZONE = 'Asia/Ho_Chi_Minh';

/** Accounts shown per page (`GET /api/users?limit=&offset=`). */
export const USERS_PAGE = 100;

/**
 * `/users` (admins; anyone else sees the page's "not allowed" state): the accounts, a page at a time (all, active or
 * locked), the form that creates one, and per account: its state and last sign-in, lock / unlock, change of role and
 * point, a password reset, and its history. The admin's own account cannot be locked or demoted (the server refuses
 * it too).
 */
export function UsersPage() {
  const session = useSession();
  if (session?.user.role !== 'admin') return <PageState failure="forbidden" />;
  return <Accounts />;
}

type ActiveFilter = '' | 'true' | 'false';

function Accounts() {
  const T = useT();
  const A = useAW();
  const session = useSession();
  const [offset, setOffset] = useState(0);
  const [active, setActive] = useState<ActiveFilter>('');
  const [page, setPage] = useState<Page<User> | null>(null);
  const [points, setPoints] = useState<Map<string, PickedPoint>>(new Map());
  /** Department names, read once a department account is listed (the list carries ids only). */
  const [departments, setDepartments] = useState<Map<string, string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    document.title = `${A.usersTitle} · Diemcau`;
  }, [A]);
  useEffect(() => {
    let live = true;
    get<Page<User>>(`/api/users?limit=${USERS_PAGE}&offset=${offset}${active ? `&active=${active}` : ''}`)
      .then(async (r) => {
        if (!live) return;
        setPage(r);
        // the points of the point accounts shown (the list carries ids only)
        const ids = [...new Set(r.items.map((u) => u.pointId).filter((id): id is string => !!id))];
        const found = await Promise.all(ids.map((id) => get<PointDetail>(`/api/points/${id}`).catch(() => null)));
        if (live) setPoints(new Map(found.filter((p): p is PointDetail => !!p).map((p) => [p.id, p])));
        if (live && r.items.some((u) => u.departmentId)) {
          const all = await get<Department[]>('/api/departments').catch(() => null);
          if (live && all) setDepartments(new Map(all.map((d) => [d.id, d.name])));
        }
      })
      .catch((e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [offset, active, tick]);

  const names = useMemo<KnownNames>(() => ({ points, departments }), [points, departments]);

  /** After a change: say it, show the account as the server answered at once, and read the page again. */
  const done = (text: string, changed?: User) => {
    setSaid(text);
    if (changed) setPage((p) => p && { ...p, items: p.items.map((x) => (x.id === changed.id ? changed : x)) });
    setTick((n) => n + 1);
  };

  return (
    <div class="users-page">
      <div class="page-head">
        <div>
          <h1>{A.usersTitle}</h1>
          <p class="muted small">{A.usersIntro}</p>
        </div>
      </div>
      <NewUserForm onCreated={(u) => done(A.userCreated(u.username))} />
      {said && <Notice kind="success">{said}</Notice>}
      <section class="card" aria-label={A.usersTitle}>
        <p class="muted small">{A.usersSignOutNote}</p>
        <label class="row wrap">
          <span>{A.showUsers}</span>
          <select
            name="active-filter"
            value={active}
            onChange={(e) => {
              setActive(e.currentTarget.value as ActiveFilter);
              setOffset(0);
            }}
          >
            <option value="">{A.showAll}</option>
            <option value="true">{A.showActive}</option>
            <option value="false">{A.showLocked}</option>
          </select>
        </label>
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
                    <th>{A.pointOrDepartment}</th>
                    <th>{A.state}</th>
                    <th>{A.lastSignIn}</th>
                    <th>{A.actions}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((u) => (
                    <UserRow key={u.id} user={u} names={names} self={u.id === session?.user.id} onDone={done} />
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
      </section>
    </div>
  );
}

type Panel = 'lock' | 'role' | 'password' | 'history' | null;

/** The names the page has already read: points of the accounts listed, departments (once one is listed). */
interface KnownNames {
  points: Map<string, PickedPoint>;
  departments: Map<string, string> | null;
}

/**
 * One account: its state and what an admin may do with it (lock or unlock, change role and point, reset the
 * password). Each action opens its panel under the row; a refusal is shown there in the server's words.
 */
function UserRow({ user: u, names, self, onDone }: { user: User; names: KnownNames; self: boolean; onDone: (text: string, changed?: User) => void }) {
  const T = useT();
  const A = useAW();
  const point = u.pointId ? names.points.get(u.pointId) : undefined;
  const department = u.departmentId ? names.departments?.get(u.departmentId) : undefined;
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const open = (p: Panel) => {
    setError(null);
    setPanel(p);
  };
  /** `work` answers the account as changed (PATCH), or nothing (a password reset changes nothing shown). */
  async function run(work: () => Promise<User | void>, said: string) {
    setError(null);
    setBusy(true);
    try {
      const changed = await work();
      setPanel(null);
      onDone(said, changed ?? undefined);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const cancel = (
    <button type="button" class="btn ghost" onClick={() => open(null)}>
      {T.cancel}
    </button>
  );

  return (
    <>
      <tr data-user={u.username} data-active={String(u.active)}>
        <td>
          {u.username} {self && <span class="muted small">{A.you}</span>}
        </td>
        <td>{T.roles[u.role]}</td>
        <td data-assigned>{point ? `${point.name} (${point.code})` : u.pointId ? '…' : (department ?? (u.departmentId ? '…' : ''))}</td>
        <td>
          <span class={u.active ? 'badge' : 'badge muted'} data-state>
            {u.active ? A.userActive : A.userLocked}
          </span>
        </td>
        <td data-last-sign-in>{u.lastSignInAt ? fmtDateTime(u.lastSignInAt, OFFICE_ZONE) : A.neverSignedIn}</td>
        <td>
          <div class="row wrap">
            {u.active ? (
              <button type="button" class="btn small" data-action="lock" disabled={self} title={self ? A.notYourself : undefined} onClick={() => open('lock')}>
                {A.lock}
              </button>
            ) : (
              <button
                type="button"
                class="btn small"
                data-action="unlock"
                disabled={busy}
                onClick={() => void run(() => patch<User>(`/api/users/${u.id}`, { active: true }), A.unlocked(u.username))}
              >
                {A.unlock}
              </button>
            )}
            <button type="button" class="btn small" data-action="role" disabled={self} title={self ? A.notYourself : undefined} onClick={() => open('role')}>
              {A.changeRole}
            </button>
            <button type="button" class="btn small" data-action="password" onClick={() => open('password')}>
              {A.resetPassword}
            </button>
            <button type="button" class="btn small" data-action="history" onClick={() => open('history')}>
              {A.history}
            </button>
          </div>
          {error && !panel && <Notice kind="error">{error}</Notice>}
        </td>
      </tr>
      {panel && (
        <tr data-panel-of={u.username}>
          <td colSpan={6}>
            {panel === 'lock' && (
              <Notice
                kind="warning"
                action={
                  <div class="row wrap">
                    {cancel}
                    <button
                      type="button"
                      class="btn danger"
                      disabled={busy}
                      onClick={() => void run(() => patch<User>(`/api/users/${u.id}`, { active: false }), A.locked(u.username))}
                    >
                      {A.lock}
                    </button>
                  </div>
                }
              >
                {A.lockAsk(u.username)}
              </Notice>
            )}
            {panel === 'role' && (
              <RoleForm
                user={u}
                point={point ?? null}
                busy={busy}
                cancel={cancel}
                onSave={(body) => void run(() => patch<User>(`/api/users/${u.id}`, body), A.roleChanged(u.username))}
              />
            )}
            {panel === 'password' && (
              <ResetPasswordForm
                username={u.username}
                busy={busy}
                cancel={cancel}
                onReset={(password) => void run(() => post<void>(`/api/users/${u.id}/password`, { password }), A.resetDone(u.username))}
              />
            )}
            {panel === 'history' && <AccountHistory user={u} names={names} close={() => open(null)} />}
            {error && <Notice kind="error">{error}</Notice>}
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * The account's history, newest first: who created, locked or unlocked it, changed its role, point or department,
 * reset or changed its password, and when (in the office's zone). Roles, points and departments by name where the
 * page has read them, else by id; `by` null is the system (the first admin, the demo's accounts).
 */
function AccountHistory({ user, names, close }: { user: User; names: KnownNames; close: () => void }) {
  const T = useT();
  const A = useAW();
  const [entries, setEntries] = useState<UserHistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    get<UserHistoryEntry[]>(`/api/users/${user.id}/history`).then(
      (r) => live && setEntries(r),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [user.id]);
  const named = (e: UserHistoryEntry, value: string | null | undefined): string => {
    if (!value) return A.historyNone;
    if (e.action === 'role') return T.roles[value as Role] ?? value;
    if (e.action === 'point') {
      const p = names.points.get(value);
      return p ? `${p.name} (${p.code})` : value;
    }
    return names.departments?.get(value) ?? value;
  };
  const title = A.historyTitle(user.username);
  return (
    <div role="dialog" aria-label={title} data-history-of={user.username} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <h3>{title}</h3>
      {error && <Notice kind="error">{error}</Notice>}
      {!entries && !error && <Loading />}
      {entries && entries.length === 0 && <p class="muted">{A.historyEmpty}</p>}
      {entries && entries.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{A.historyAt}</th>
                <th>{A.historyChange}</th>
                <th>{A.historyBy}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.at}-${i}`} data-history-action={e.action}>
                  <td>{fmtDateTime(e.at, OFFICE_ZONE)}</td>
                  <td>
                    {A.historyActions[e.action]}
                    {e.from !== undefined && `: ${named(e, e.from)} → ${named(e, e.to)}`}
                  </td>
                  <td data-history-by>{e.by ? e.by.username : A.bySystem}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="row wrap">
        <button type="button" class="btn ghost" onClick={close}>
          {T.close}
        </button>
      </div>
    </div>
  );
}

/** The role and what it is bound to; only what changed is sent (leaving role point clears the point on the server). */
function RoleForm(props: {
  user: User;
  point: PickedPoint | null;
  busy: boolean;
  cancel: ComponentChildren;
  onSave: (body: { role?: Role; pointId?: string; departmentId?: string }) => void;
}) {
  const T = useT();
  const A = useAW();
  const u = props.user;
  const assignment = useAssignment(u.role, props.point, u.departmentId ?? '');
  const { role, point, departmentId } = assignment;
  function submit(e: Event) {
    e.preventDefault();
    props.onSave({
      ...(role !== u.role ? { role } : {}),
      ...(role === 'point' && point && point.id !== u.pointId ? { pointId: point.id } : {}),
      ...(role === 'department' && departmentId && departmentId !== u.departmentId ? { departmentId } : {}),
    });
  }
  return (
    <form class="form grid2" role="dialog" aria-label={A.changeRoleTitle(u.username)} data-role-form={u.username} onSubmit={submit}>
      <h3 class="span2">{A.changeRoleTitle(u.username)}</h3>
      <AssignmentFields name="edit" {...assignment} />
      <p class="muted small span2">{A.changeRoleNote}</p>
      <div class="row wrap span2">
        {props.cancel}
        <button type="submit" class="btn primary" disabled={props.busy}>
          {props.busy ? T.saving : T.save}
        </button>
      </div>
    </form>
  );
}

/** The admin's "reset password" dialog: the new password (the create rule: at least 10 characters). */
function ResetPasswordForm(props: { username: string; busy: boolean; cancel: ComponentChildren; onReset: (password: string) => void }) {
  const A = useAW();
  const [password, setPassword] = useState('');
  return (
    <form
      class="form"
      role="dialog"
      aria-label={A.resetTitle(props.username)}
      data-reset-form={props.username}
      onSubmit={(e) => {
        e.preventDefault();
        props.onReset(password);
      }}
    >
      <h3>{A.resetTitle(props.username)}</h3>
      <NewPasswordField name="reset-password" label={A.newPassword} value={password} onInput={setPassword} hint={A.passwordHint} />
      <div class="row wrap">
        {props.cancel}
        <button type="submit" class="btn danger" disabled={props.busy}>
          {A.resetYes}
        </button>
      </div>
    </form>
  );
}

type Assignment = ReturnType<typeof useAssignment>;

/** The state of {@link AssignmentFields}: a role and the point or department it is bound to. */
function useAssignment(initialRole: Role, initialPoint: PickedPoint | null, initialDepartmentId: string) {
  const [role, setRole] = useState<Role>(initialRole);
  const [point, setPoint] = useState<PickedPoint | null>(initialPoint);
  const [departmentId, setDepartmentId] = useState(initialDepartmentId);
  return { role, setRole, point, setPoint, departmentId, setDepartmentId };
}

/** Role, and the point (role point) or department (role department) it needs: for a new account and for a change. */
function AssignmentFields(props: Assignment & { name: string }) {
  const T = useT();
  const A = useAW();
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (props.role === 'department' && departments === null) get<Department[]>('/api/departments').then(setDepartments, (e) => setError(errorText(e)));
  }, [props.role, departments]);
  return (
    <>
      <label>
        <span>{A.role}</span>
        <select name="role" value={props.role} onChange={(e) => props.setRole(e.currentTarget.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {T.roles[r]}
            </option>
          ))}
        </select>
      </label>
      {props.role === 'point' && (
        <div class="field">
          <span class="field-label">{A.point}</span>
          <PointSearchPicker
            name={props.name === 'new' ? 'user-point' : `${props.name}-point`}
            value={props.point}
            onChange={props.setPoint}
            placeholder={A.pointPick}
            pickHint={A.pointRequired}
            clearLabel={A.clearParent}
            required
          />
        </div>
      )}
      {props.role === 'department' && (
        <label>
          <span>{T.roles.department}</span>
          <select name="department" required value={props.departmentId} onChange={(e) => props.setDepartmentId(e.currentTarget.value)}>
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
    </>
  );
}

/** Creates an account: the contract's username and password rules are checked before sending; a point account needs its point. */
function NewUserForm({ onCreated }: { onCreated: (u: User) => void }) {
  const T = useT();
  const A = useAW();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const assignment = useAssignment('operator', null, '');
  const { role, point, departmentId, setPoint } = assignment;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

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
        <NewPasswordField name="new-password" label={T.password} value={password} onInput={setPassword} hint={A.passwordHint} />
        <AssignmentFields name="new" {...assignment} />
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
