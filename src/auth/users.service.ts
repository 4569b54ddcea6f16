import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppConfig } from '../common/config/app-config';
import { AppError, ErrorCode, unknownPointMessage } from '../common/errors';
import { Page, PaginationQueryDto } from '../common/pagination/pagination.dto';
import { now } from '../common/time/time';
import { DepartmentsService } from '../departments/departments.service';
import { CreateUserDto, toUserResponse, UserResponse } from './dto/auth.dto';
import { UserEntity } from './entities/user.entity';
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

  async create(dto: CreateUserDto): Promise<UserResponse> {
    if (dto.role === 'point' && !dto.pointId)
      throw AppError.badRequest([{ vi: 'pointId là bắt buộc với vai trò point', en: 'pointId is required for role point' }]);
    if (dto.role !== 'point' && dto.pointId) throw AppError.badRequest([{ vi: 'pointId chỉ dùng cho vai trò point', en: 'pointId is only for role point' }]);
    if (dto.pointId && !(await this.points.exists(dto.pointId))) throw AppError.badRequest([unknownPointMessage('pointId', dto.pointId)]);
    if (dto.role === 'department' && !dto.departmentId)
      throw AppError.badRequest([{ vi: 'departmentId là bắt buộc với vai trò department', en: 'departmentId is required for role department' }]);
    if (dto.role !== 'department' && dto.departmentId)
      throw AppError.badRequest([{ vi: 'departmentId chỉ dùng cho vai trò department', en: 'departmentId is only for role department' }]);
    if (dto.departmentId && !(await this.departments.exists(dto.departmentId)))
      throw AppError.badRequest([{ vi: `Không có cơ quan, đơn vị ${dto.departmentId}`, en: `departmentId ${dto.departmentId} refers to no department` }]);
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
      tokenGeneration: 0,
      createdAt: now(),
    });
    await this.tx.write((em) => em.insert(UserEntity, user));
    return toUserResponse(user);
  }

  async list(page: PaginationQueryDto): Promise<Page<UserResponse>> {
    const [rows, total] = await this.users.findAndCount({ order: { usernameKey: 'ASC' }, take: page.limit, skip: page.offset });
    return { items: rows.map(toUserResponse), total };
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ usernameKey: username.toLowerCase() });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
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
