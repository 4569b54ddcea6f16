import { accountChangeRefusal, accountEntries, changeSignsOut, nextAccount, type AccountEntry, type AccountState } from './accounts';

const operator: AccountState = { role: 'operator', pointId: null, departmentId: null, active: true };
const pointStaff: AccountState = { role: 'point', pointId: 'p1', departmentId: null, active: true };
const admin: AccountState = { role: 'admin', pointId: null, departmentId: null, active: true };

describe('nextAccount (the account after a PATCH)', () => {
  it.each<[string, AccountState, Partial<AccountState>, AccountState]>([
    ['nothing sent: unchanged', pointStaff, {}, pointStaff],
    ['lock only', operator, { active: false }, { ...operator, active: false }],
    ['leaving role point drops the point', pointStaff, { role: 'operator' }, operator],
    [
      'leaving role point with a point sent keeps it (the create rules refuse it)',
      pointStaff,
      { role: 'operator', pointId: 'p1' },
      { ...operator, pointId: 'p1' },
    ],
    ['another point', pointStaff, { pointId: 'p2' }, { ...pointStaff, pointId: 'p2' }],
    ['null clears', pointStaff, { pointId: null }, { ...pointStaff, pointId: null }],
    ['to department', operator, { role: 'department', departmentId: 'd1' }, { ...operator, role: 'department', departmentId: 'd1' }],
  ])('%s', (_, current, change, expected) => {
    expect(nextAccount(current, change)).toEqual(expected);
  });
});

describe('changeSignsOut', () => {
  it.each<[string, AccountState, AccountState, boolean]>([
    ['no change', operator, operator, false],
    ['role', operator, { ...operator, role: 'organizer' }, true],
    ['point', pointStaff, { ...pointStaff, pointId: 'p2' }, true],
    ['department', operator, { ...operator, departmentId: 'd1' }, true],
    ['lock', operator, { ...operator, active: false }, true],
    ['unlock', { ...operator, active: false }, operator, false],
  ])('%s → %s', (_, before, after, expected) => {
    expect(changeSignsOut(before, after)).toBe(expected);
  });
});

describe('accountEntries (the history rows of a PATCH)', () => {
  it.each<[string, AccountState, AccountState, AccountEntry[]]>([
    ['no change: no row', operator, operator, []],
    ['lock', operator, { ...operator, active: false }, [{ action: 'lock' }]],
    ['unlock', { ...operator, active: false }, operator, [{ action: 'unlock' }]],
    ['another point', pointStaff, { ...pointStaff, pointId: 'p2' }, [{ action: 'point', from: 'p1', to: 'p2' }]],
    [
      'leaving role point: the role, then the point cleared',
      pointStaff,
      operator,
      [
        { action: 'role', from: 'point', to: 'operator' },
        { action: 'point', from: 'p1', to: null },
      ],
    ],
    [
      'to department and locked at once',
      operator,
      { ...operator, role: 'department', departmentId: 'd1', active: false },
      [{ action: 'role', from: 'operator', to: 'department' }, { action: 'department', from: null, to: 'd1' }, { action: 'lock' }],
    ],
  ])('%s', (_, before, after, expected) => {
    expect(accountEntries(before, after)).toEqual(expected);
  });
});

describe('accountChangeRefusal', () => {
  it.each<[string, AccountState, AccountState, boolean, number, 'self' | 'last_admin' | null]>([
    ['lock yourself', admin, { ...admin, active: false }, true, 3, 'self'],
    ['demote yourself', admin, { ...admin, role: 'operator' }, true, 3, 'self'],
    ['lock another admin', admin, { ...admin, active: false }, false, 1, null],
    ['lock the last active admin', admin, { ...admin, active: false }, false, 0, 'last_admin'],
    ['demote the last active admin', admin, { ...admin, role: 'organizer' }, false, 0, 'last_admin'],
    ['a non-admin, whatever the count', operator, { ...operator, active: false }, false, 0, null],
    ['promote yourself (cannot happen, harmless)', operator, admin, true, 0, null],
    ['an admin stays an active admin', admin, admin, true, 0, null],
    ['unlock a locked admin', { ...admin, active: false }, admin, false, 0, null],
  ])('%s', (_, before, after, byThisAccount, others, expected) => {
    expect(accountChangeRefusal(before, after, byThisAccount, others)).toBe(expected);
  });
});
