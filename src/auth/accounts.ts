import type { Role } from './entities/user.entity';

/** What an admin may change of an account after it was created (`PATCH /api/users/:id`). */
export interface AccountState {
  role: Role;
  pointId: string | null;
  departmentId: string | null;
  active: boolean;
}

/**
 * The account after a change: the fields not sent keep their value, except that an account leaving role `point`
 * (`department`) loses its point (department) unless one is sent (then the create rules refuse it).
 */
export function nextAccount(current: AccountState, change: Partial<AccountState>): AccountState {
  const role = change.role ?? current.role;
  return {
    role,
    pointId: change.pointId !== undefined ? change.pointId : role === 'point' ? current.pointId : null,
    departmentId: change.departmentId !== undefined ? change.departmentId : role === 'department' ? current.departmentId : null,
    active: change.active ?? current.active,
  };
}

/** A change that must sign the account out everywhere: what its tokens carry changed, or it was locked. */
export function changeSignsOut(before: AccountState, after: AccountState): boolean {
  return before.role !== after.role || before.pointId !== after.pointId || before.departmentId !== after.departmentId || (before.active && !after.active);
}

/** What the account history records (`GET /api/users/:id/history`). */
export const ACCOUNT_ACTIONS = ['create', 'role', 'point', 'department', 'lock', 'unlock', 'password_reset', 'password_change'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

/** One entry of the account history as a change makes it: `from`/`to` are the role, point id or department id. */
export interface AccountEntry {
  action: AccountAction;
  from?: string | null;
  to?: string | null;
}

/**
 * The history entries of a change, in the order they are shown within one instant (oldest first): one per changed
 * field (role, point, department, each with its old and new value), then the lock or unlock. No change, no entry.
 */
export function accountEntries(before: AccountState, after: AccountState): AccountEntry[] {
  const entries: AccountEntry[] = [];
  if (after.role !== before.role) entries.push({ action: 'role', from: before.role, to: after.role });
  if (after.pointId !== before.pointId) entries.push({ action: 'point', from: before.pointId, to: after.pointId });
  if (after.departmentId !== before.departmentId) entries.push({ action: 'department', from: before.departmentId, to: after.departmentId });
  if (after.active !== before.active) entries.push({ action: after.active ? 'unlock' : 'lock' });
  return entries;
}

/** Within one instant, the order of {@link accountEntries} (a create first, a password last). */
export const ACTION_RANK: Record<AccountAction, number> = Object.fromEntries(ACCOUNT_ACTIONS.map((a, i) => [a, i])) as Record<AccountAction, number>;

export const isActiveAdmin = (a: AccountState): boolean => a.active && a.role === 'admin';

/**
 * Why a change is refused (409), or null: nobody locks or demotes the account they are signed in with, and at least
 * one active admin must remain (`otherActiveAdmins`: active admins other than this account).
 */
export function accountChangeRefusal(
  before: AccountState,
  after: AccountState,
  byThisAccount: boolean,
  otherActiveAdmins: number,
): 'self' | 'last_admin' | null {
  if (!isActiveAdmin(before) || isActiveAdmin(after)) return null;
  if (byThisAccount) return 'self';
  return otherActiveAdmins === 0 ? 'last_admin' : null;
}
