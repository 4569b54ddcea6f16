import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppConfig } from '../common/config/app-config';
import { AppError, ErrorCode, unknownPointMessage } from '../common/errors';
import { Page } from '../common/pagination/pagination.dto';
import { now } from '../common/time/time';
import { DepartmentsService } from '../departments/departments.service';
import { CreateUserDto, ListUsersQueryDto, toUserResponse, UserResponse } from './dto/auth.dto';
import { type Role, UserEntity } from './entities/user.entity';
import { recordAccountEntries } from './account-history';
import { hashPassword } from './password-hasher';

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly points: BridgePointsService,
    private readonly departments: DepartmentsService,
    private readonly config: AppConfig,
    private readonly tx: Transactions,
  ) {}

  /**
   * A new account, and its `create` history entry in the same transaction. `by`: the admin creating it (POST
   * /api/users); null for the accounts the system makes (the first admin, the demo's).
   */
  async create(dto: CreateUserDto, by: string | null = null): Promise<UserResponse> {
    await this.checkAssignment(dto.role, dto.pointId ?? null, dto.departmentId ?? null);
    const key = dto.username.toLowerCase();
    if (await this.users.existsBy({ usernameKey: key })) {
      throw new AppError(ErrorCode.Conflict, { vi: `Tên đăng nhập "${dto.username}" đã được dùng`, en: `Username "${dto.username}" is already taken` });
    }
    const user = this.users.create({
      id: randomUUID(),
      username: dto.username,
      usernameKey: key,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
      pointId: dto.pointId ?? null,
      departmentId: dto.departmentId ?? null,
      active: true,
      tokenGeneration: 0,
      createdAt: now(),
      lastSignInAt: null,
    });
    await this.tx.run(async (em) => {
      await em.insert(UserEntity, user);
      await recordAccountEntries(em, user.id, by, user.createdAt, [{ action: 'create' }]);
    });
    return toUserResponse(user);
  }

  /**
   * The create rules of an account's role and what it is bound to (also for `PATCH /api/users/:id`): role `point`
   * needs an existing point, role `department` an existing department, and no other role has either (400).
   */
  async checkAssignment(role: Role, pointId: string | null, departmentId: string | null): Promise<void> {
    if (role === 'point' && !pointId) throw AppError.badRequest([{ vi: 'pointId là bắt buộc với vai trò point', en: 'pointId is required for role point' }]);
    if (role !== 'point' && pointId) throw AppError.badRequest([{ vi: 'pointId chỉ dùng cho vai trò point', en: 'pointId is only for role point' }]);
    if (pointId && !(await this.points.exists(pointId))) throw AppError.badRequest([unknownPointMessage('pointId', pointId)]);
    if (role === 'department' && !departmentId)
      throw AppError.badRequest([{ vi: 'departmentId là bắt buộc với vai trò department', en: 'departmentId is required for role department' }]);
    if (role !== 'department' && departmentId)
      throw AppError.badRequest([{ vi: 'departmentId chỉ dùng cho vai trò department', en: 'departmentId is only for role department' }]);
    if (departmentId && !(await this.departments.exists(departmentId)))
      throw AppError.badRequest([{ vi: `Không có cơ quan, đơn vị ${departmentId}`, en: `departmentId ${departmentId} refers to no department` }]);
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserResponse>> {
    const where = query.active === undefined ? {} : { active: query.active === 'true' };
    const [rows, total] = await this.users.findAndCount({ where, order: { usernameKey: 'ASC' }, take: query.limit, skip: query.offset });
    return { items: rows.map(toUserResponse), total };
  }

  /** `GET /api/users/:id`; 404 for an id that names no account. */
  async findOne(id: string): Promise<UserResponse> {
    const user = await this.findById(id);
    if (!user) throw AppError.notFound('user', id);
    return toUserResponse(user);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ usernameKey: username.toLowerCase() });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** The usernames of these accounts (those that still exist). */
  namesOf(ids: string[]): Promise<Pick<UserEntity, 'id' | 'username'>[]> {
    return this.users.find({ where: { id: In(ids) }, select: { id: true, username: true } });
  }

  /** A successful password sign-in: kept as the account's `lastSignInAt`. The instant written. */
  async signedIn(id: string): Promise<Date> {
    const at = now();
    await this.tx.write((em) => em.update(UserEntity, { id }, { lastSignInAt: at }));
    return at;
  }

  /** The admin created by this start with a generated password (shown once in the start-up banner), else null. */
  generatedAdmin: { username: string; password: string } | null = null;

  /** Revokes every token of the user signed so far (sign-out): raises its token generation. */
  /** Raises the user's token generation; the new value (null when the user is gone). */
  async raiseTokenGeneration(id: string): Promise<number | null> {
    await this.users.increment({ id }, 'tokenGeneration', 1);
    return (await this.users.findOne({ where: { id }, select: { id: true, tokenGeneration: true } }))?.tokenGeneration ?? null;
  }

  /** First start on an empty database: the admin from ADMIN_USERNAME/ADMIN_PASSWORD, or a generated password printed once. */
  async ensureAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    try {
      await this.create({ username: this.config.adminUsername, password, role: 'admin' });
    } catch (e) {
      // Several instances starting together on an empty database: one of them created it first.
      if (await this.users.existsBy({ usernameKey: this.config.adminUsername.toLowerCase() })) return;
      throw e;
    }
    if (!this.config.adminPassword) {
      // Shown once, in the start-up banner (src/main.ts), not in the log stream.
      this.generatedAdmin = { username: this.config.adminUsername, password };
    }
  }
}
