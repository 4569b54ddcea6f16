import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError, ErrorCode, type Message } from '../common/errors';
import { formatInZone, now } from '../common/time/time';
import { Transactions } from '../database/transactions';
import { accountChangeRefusal, accountEntries, ACTION_RANK, changeSignsOut, nextAccount, type AccountEntry, type AccountState } from './accounts';
import { toUserResponse, UpdateUserDto, UserHistoryEntryResponse, UserResponse } from './dto/auth.dto';
import { recordAccountEntries } from './account-history';
import { UserHistoryEntity } from './entities/user-history.entity';
import { UserEntity } from './entities/user.entity';
import { hashPassword } from './password-hasher';
import { actorId, type Principal } from './principal';
import { UserSessions } from './user-sessions';
import { UsersService } from './users.service';

const REFUSALS: Record<'self' | 'last_admin', Message> = {
  self: {
    vi: 'Không thể tự khóa hoặc tự bỏ quyền quản trị của tài khoản đang đăng nhập',
    en: 'You cannot lock your own account or take away your own admin role',
  },
  last_admin: {
    vi: 'Phải còn ít nhất một tài khoản quản trị đang hoạt động',
    en: 'At least one active admin account must remain',
  },
};

type Changes = Partial<Pick<UserEntity, 'role' | 'pointId' | 'departmentId' | 'active' | 'passwordHash' | 'tokenGeneration'>>;

/** What a change decides: the columns to write, whether it signs the account out, and its history entries. */
interface Decision {
  changes: Changes;
  signOut: boolean;
  entries: AccountEntry[];
}

/**
 * Accounts after their creation (admins): lock and unlock, change of role, point or department, a new password.
 * Each change is one transaction that also raises the account's token generation when it must sign the account out;
 * the news of it (sockets closed with `revoked`, every instance's cache dropped) follows the commit, before the answer.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: UserSessions,
    private readonly tx: Transactions,
    @InjectRepository(UserHistoryEntity) private readonly historyRows: Repository<UserHistoryEntity>,
  ) {}

  /** `PATCH /api/users/:id`. 400 when the result breaks the create rules, 409 for a refusal; either changes nothing. */
  async update(id: string, dto: UpdateUserDto, actor: Principal): Promise<UserResponse> {
    const user = await this.change(id, actorId(actor), async (current, otherActiveAdmins) => {
      const before = stateOf(current);
      const after = nextAccount(before, dto);
      await this.users.checkAssignment(after.role, after.pointId, after.departmentId);
      const refusal = accountChangeRefusal(before, after, actor.kind === 'user' && actor.id === id, otherActiveAdmins);
      if (refusal) throw new AppError(ErrorCode.Conflict, REFUSALS[refusal], undefined, { reason: refusal });
      const changes: Changes = {};
      for (const key of ['role', 'pointId', 'departmentId', 'active'] as const) {
        if (after[key] !== before[key]) (changes as Record<string, unknown>)[key] = after[key];
      }
      return { changes, signOut: changeSignsOut(before, after), entries: accountEntries(before, after) };
    });
    return toUserResponse(user);
  }

  /**
   * `GET /api/users/:id/history`: the account's history, newest first (404 for an unknown account). Who acted is
   * named by id and username; `from`/`to` only on a change of role, point or department.
   */
  async history(id: string): Promise<UserHistoryEntryResponse[]> {
    if (!(await this.users.findById(id))) throw AppError.notFound('user', id);
    const rows = await this.historyRows.find({ where: { userId: id } });
    // Newest first; the rows of one change share their instant and come in the reverse of their rank.
    rows.sort((a, b) => b.at.getTime() - a.at.getTime() || ACTION_RANK[b.action] - ACTION_RANK[a.action]);
    const byIds = [...new Set(rows.map((r) => r.byUserId).filter((v): v is string => v !== null))];
    const names = new Map(byIds.length ? (await this.users.namesOf(byIds)).map((u) => [u.id, u.username] as const) : []);
    return rows.map((r) => {
      const by = r.byUserId ? { id: r.byUserId, username: names.get(r.byUserId) ?? '' } : null;
      const entry: UserHistoryEntryResponse = { at: formatInZone(r.at), action: r.action, by };
      if (r.action === 'role' || r.action === 'point' || r.action === 'department') Object.assign(entry, { from: r.from, to: r.to });
      return entry;
    });
  }

  /**
   * A new password for the account (`POST /api/users/:id/password`, and `POST /api/auth/password` once the current
   * one was checked): stored hashed, and every token signed so far is revoked. The account as it is now.
   */
  async setPassword(id: string, password: string, actor: Principal, action: 'password_reset' | 'password_change'): Promise<UserEntity> {
    const passwordHash = await hashPassword(password);
    return this.change(id, actorId(actor), () => Promise.resolve({ changes: { passwordHash }, signOut: true, entries: [{ action }] }));
  }

  /**
   * One change of one account, all or nothing. On PostgreSQL the active admins' rows and then the account's are held
   * (`FOR UPDATE`, always in that order) so two admins cannot lock each other out at once; SQLite writes one at a time.
   */
  private async change(id: string, by: string | null, decide: (current: UserEntity, otherActiveAdmins: number) => Promise<Decision>): Promise<UserEntity> {
    const { user, changed } = await this.tx.run(async (em) => {
      const admins = await em.find(UserEntity, { where: { role: 'admin', active: true }, order: { id: 'ASC' }, ...this.lock() });
      const current = await em.findOne(UserEntity, { where: { id }, ...this.lock() });
      if (!current) throw AppError.notFound('user', id);
      const { changes, signOut, entries } = await decide(current, admins.filter((a) => a.id !== id).length);
      if (signOut) changes.tokenGeneration = current.tokenGeneration + 1;
      const changed = Object.keys(changes).length > 0;
      if (changed) await em.update(UserEntity, { id }, changes);
      await recordAccountEntries(em, id, by, now(), entries);
      return { user: Object.assign(current, changes), changed };
    });
    // Every instance drops what it cached of the account (an unlock too); a raised generation closes its sockets.
    if (changed) await this.sessions.changed(id, user.tokenGeneration);
    return user;
  }

  private lock(): { lock?: { mode: 'pessimistic_write' } } {
    return this.tx.postgres ? { lock: { mode: 'pessimistic_write' } } : {};
  }
}

function stateOf(u: UserEntity): AccountState {
  return { role: u.role, pointId: u.pointId, departmentId: u.departmentId, active: Boolean(u.active) };
}
