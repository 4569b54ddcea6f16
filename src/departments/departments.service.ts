import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { BridgePointsService } from '../bridge-points/bridge-points.service';
import { AppError, ErrorCode } from '../common/errors';
import { now } from '../common/time/time';
import { DepartmentEntity } from './department.entity';
import { CreateDepartmentDto, DepartmentResponse, toDepartmentResponse, UpdateDepartmentDto } from './dto/department.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Something that can say whether a department still leads open work (the petitions feature registers one). */
export type DepartmentUseCheck = (departmentId: string) => Promise<boolean>;

/** Departments (cơ quan, đơn vị xử lý): create, list, edit, deactivate. */
@Injectable()
export class DepartmentsService {
  private useChecks: DepartmentUseCheck[] = [];

  constructor(
    @InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>,
    private readonly points: BridgePointsService,
  ) {}

  /** Registered by features whose open work keeps a department from being deactivated. */
  registerUseCheck(check: DepartmentUseCheck): void {
    this.useChecks.push(check);
  }

  async create(dto: CreateDepartmentDto): Promise<DepartmentResponse> {
    await this.assertPoint(dto.pointId);
    const key = dto.code.toLowerCase();
    if (await this.departments.existsBy({ codeKey: key })) throw this.duplicate(dto.code);
    const at = now();
    const d = this.departments.create({
      id: randomUUID(),
      code: dto.code,
      codeKey: key,
      name: dto.name.trim(),
      shortName: dto.shortName ?? null,
      contactName: dto.contactName ?? null,
      contactPhone: dto.contactPhone ?? null,
      email: dto.email ?? null,
      pointId: dto.pointId ?? null,
      active: true,
      createdAt: at,
      updatedAt: at,
    });
    try {
      await this.departments.insert(d);
    } catch (e) {
      if (await this.departments.existsBy({ codeKey: key })) throw this.duplicate(dto.code);
      throw e;
    }
    return toDepartmentResponse(d);
  }

  /** Active departments ordered by code (every one with `all`). */
  async list(all: boolean): Promise<DepartmentResponse[]> {
    const rows = await this.departments.find({ where: all ? {} : { active: true }, order: { codeKey: 'ASC' } });
    return rows.map(toDepartmentResponse);
  }

  async findOne(id: string): Promise<DepartmentResponse> {
    return toDepartmentResponse(await this.load(id));
  }

  async update(id: string, dto: UpdateDepartmentDto): Promise<DepartmentResponse> {
    const d = await this.load(id);
    await this.assertPoint(dto.pointId);
    if (dto.code !== undefined && dto.code.toLowerCase() !== d.codeKey && (await this.departments.existsBy({ codeKey: dto.code.toLowerCase() })))
      throw this.duplicate(dto.code);
    if (dto.active === false && d.active) await this.assertNotInUse(id);
    const changes: Partial<DepartmentEntity> = { updatedAt: now() };
    if (dto.code !== undefined) Object.assign(changes, { code: dto.code, codeKey: dto.code.toLowerCase() });
    if (dto.name !== undefined) changes.name = dto.name.trim();
    for (const f of ['shortName', 'contactName', 'contactPhone', 'email', 'pointId', 'active'] as const)
      if (dto[f] !== undefined) Object.assign(changes, { [f]: dto[f] });
    await this.departments.update({ id }, changes);
    return this.findOne(id);
  }

  /** Deactivates (never deletes); 409 `department_in_use` while it leads a petition that is not finished. */
  async deactivate(id: string): Promise<DepartmentResponse> {
    const d = await this.load(id);
    if (d.active) {
      await this.assertNotInUse(id);
      await this.departments.update({ id }, { active: false, updatedAt: now() });
    }
    return this.findOne(id);
  }

  // ---- for other features ----------------------------------------------------------------------

  exists(id: string): Promise<boolean> {
    return UUID.test(id) ? this.departments.existsBy({ id }) : Promise.resolve(false);
  }

  /** Names of these departments (any state), by id. */
  async names(ids: string[]): Promise<Map<string, { name: string; active: boolean }>> {
    const unique = [...new Set(ids)].filter((i) => UUID.test(i));
    if (!unique.length) return new Map();
    const rows = await this.departments.find({ where: { id: In(unique) }, select: { id: true, name: true, active: true } });
    return new Map(rows.map((r) => [r.id, { name: r.name, active: r.active }]));
  }

  /** Every department's id and name (reports). */
  async all(): Promise<Array<{ id: string; name: string; code: string; active: boolean }>> {
    const rows = await this.departments.find({ select: { id: true, name: true, code: true, active: true, codeKey: true }, order: { codeKey: 'ASC' } });
    return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, active: r.active }));
  }

  // ---- internals ----------------------------------------------------------------------------

  private async load(id: string): Promise<DepartmentEntity> {
    const d = UUID.test(id) ? await this.departments.findOneBy({ id }) : null;
    if (!d) throw AppError.notFound('department', id);
    return d;
  }

  private async assertPoint(pointId: string | undefined): Promise<void> {
    if (pointId && !(await this.points.exists(pointId)))
      throw AppError.badRequest([{ vi: `pointId: không có điểm cầu ${pointId}`, en: `no such point` }], { field: 'pointId' });
  }

  private async assertNotInUse(id: string): Promise<void> {
    for (const check of this.useChecks) {
      if (await check(id)) {
        throw new AppError(ErrorCode.DepartmentInUse, {
          vi: 'Đơn vị đang chủ trì kiến nghị chưa hoàn thành, không thể ngừng hoạt động',
          en: 'The department leads a petition that is not finished',
        });
      }
    }
  }

  private duplicate(code: string): AppError {
    return new AppError(ErrorCode.Conflict, { vi: `Mã đơn vị "${code}" đã được dùng`, en: `department code already taken` }, { field: 'code' });
  }
}
