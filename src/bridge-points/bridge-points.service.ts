import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Transactions } from '../database/transactions';
import { AppError, ErrorCode, type Message } from '../common/errors';
import { Page } from '../common/pagination/pagination.dto';
import { containsPattern, fold } from '../common/text/fold';
import { now } from '../common/time/time';
import { BridgePointEntity, Level } from './bridge-point.entity';
import { POINT_DEACTIVATING, PointDeactivatingEvent } from './bridge-points.events';
import { CreatePointDto } from './dto/create-point.dto';
import { ActiveFilter, ListPointsQueryDto } from './dto/list-points.query';
import { PointResponse, PointTreeNode, toPointResponse, type VersionedPoint } from './dto/point.response';
import { UpdatePointDto } from './dto/update-point.dto';
import { isSelfOrAncestor, placementProblems } from './hierarchy';
import type { PointSummary } from './point-summary';

/** The text `q` searches: code and name, folded (lower-case, no accents, đ→d). */
export function searchTextOf(code: string, name: string): string {
  return fold(`${code} ${name}`);
}

/** True for a unique-index violation on SQLite or PostgreSQL. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  const code = err?.driverError?.code ?? err?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function codeTaken(code: string, existingId?: string): AppError {
  return new AppError(
    ErrorCode.Conflict,
    { vi: `Mã điểm cầu "${code}" đã được dùng`, en: `Point code "${code}" is already taken` },
    existingId ? { pointId: existingId } : undefined,
  );
}

@Injectable()
export class BridgePointsService {
  constructor(
    @InjectRepository(BridgePointEntity) private readonly points: Repository<BridgePointEntity>,
    private readonly events: EventEmitter2,
    private readonly tx: Transactions,
  ) {}

  // ---- REST ---------------------------------------------------------------------------------

  async create(dto: CreatePointDto): Promise<PointResponse> {
    await this.assertCodeFree(dto.code);
    const parent = dto.parentId ? await this.parentOf400(dto.parentId) : null;
    this.assertPlacement(placementProblems({ level: dto.level, parent, children: [], parentIsSelfOrDescendant: false }));
    const at = now();
    const point = this.points.create({
      id: randomUUID(),
      code: dto.code,
      name: dto.name,
      level: dto.level,
      parentId: parent?.id ?? null,
      address: dto.address ?? null,
      contactName: dto.contactName ?? null,
      contactPhone: dto.contactPhone ?? null,
      capacity: dto.capacity ?? null,
      active: true,
      searchText: searchTextOf(dto.code, dto.name),
      createdAt: at,
      updatedAt: at,
    });
    try {
      await this.tx.write((em) => em.insert(BridgePointEntity, point));
    } catch (e) {
      if (isUniqueViolation(e)) throw codeTaken(dto.code);
      throw e;
    }
    return toPointResponse(point);
  }

  async list(query: ListPointsQueryDto): Promise<Page<PointResponse>> {
    const qb = this.points.createQueryBuilder('p');
    this.whereActive(qb, query.active);
    if (query.level) qb.andWhere('p.level = :level', { level: query.level });
    if (query.parentId) qb.andWhere('p.parentId = :parentId', { parentId: query.parentId });
    const pattern = query.q !== undefined ? containsPattern(query.q) : null;
    if (pattern) qb.andWhere("p.searchText LIKE :pattern ESCAPE '\\'", { pattern });
    const [rows, total] = await qb.orderBy('p.code', 'ASC').offset(query.offset).limit(query.limit).getManyAndCount();
    return { items: rows.map(toPointResponse), total };
  }

  /** The whole hierarchy from the roots; a point whose parent is filtered out (e.g. inactive) appears as a root. */
  async tree(active: ActiveFilter): Promise<PointTreeNode[]> {
    const qb = this.points.createQueryBuilder('p');
    this.whereActive(qb, active);
    const rows = await qb.orderBy('p.code', 'ASC').getMany();
    const nodes = new Map<string, PointTreeNode>(rows.map((p) => [p.id, { ...toPointResponse(p), children: [] }]));
    const roots: PointTreeNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  async get(id: string): Promise<VersionedPoint> {
    return versioned(await this.entity(id));
  }

  /** `expected`: the version the edit was made on, when the client sent one (409 `stale_version` when older). */
  async update(id: string, dto: UpdatePointDto, expected?: number): Promise<VersionedPoint> {
    const point = await this.entityAt(id, expected);
    if (dto.code !== undefined && dto.code !== point.code) await this.assertCodeFree(dto.code, id);
    const level = dto.level ?? point.level;
    const parentId = dto.parentId !== undefined ? dto.parentId : point.parentId;
    if (level !== point.level || parentId !== point.parentId) {
      const parent = parentId ? await this.parentOf400(parentId) : null;
      const children = await this.points.find({ select: { code: true, level: true }, where: { parentId: id }, order: { code: 'ASC' } });
      const parentIsSelfOrDescendant = parentId
        ? await isSelfOrAncestor(id, parentId, async (x) => (await this.points.findOne({ select: { id: true, parentId: true }, where: { id: x } }))?.parentId)
        : false;
      this.assertPlacement(placementProblems({ id, level, parent, children, parentIsSelfOrDescendant }));
    }
    if (dto.active === false && point.active) await this.emitDeactivating(id);

    const changes: Partial<BridgePointEntity> = {};
    if (dto.code !== undefined) changes.code = dto.code;
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.level !== undefined) changes.level = dto.level;
    if (dto.parentId !== undefined) changes.parentId = dto.parentId;
    if (dto.address !== undefined) changes.address = dto.address;
    if (dto.contactName !== undefined) changes.contactName = dto.contactName;
    if (dto.contactPhone !== undefined) changes.contactPhone = dto.contactPhone;
    if (dto.capacity !== undefined) changes.capacity = dto.capacity;
    if (dto.active !== undefined) changes.active = dto.active;
    if (Object.keys(changes).length === 0) return versioned(point);
    Object.assign(point, changes);
    changes.searchText = point.searchText = searchTextOf(point.code, point.name);
    changes.updatedAt = point.updatedAt = now();
    try {
      await this.bumpVersion(id, point.version, changes);
    } catch (e) {
      if (isUniqueViolation(e)) throw codeTaken(point.code);
      throw e;
    }
    point.version += 1;
    return versioned(point);
  }

  /** `DELETE`: deactivates (idempotent). Listeners of `point.deactivating` may refuse (e.g. 409 while invited). */
  async deactivate(id: string, expected?: number): Promise<VersionedPoint> {
    const point = await this.entityAt(id, expected);
    if (!point.active) return versioned(point);
    await this.emitDeactivating(id);
    point.active = false;
    point.updatedAt = now();
    await this.bumpVersion(id, point.version, { active: false, updatedAt: point.updatedAt });
    point.version += 1;
    return versioned(point);
  }

  /** The point, or 404; 409 `stale_version` when the client sent the version it edits (`expected`) and it is not this one. */
  private async entityAt(id: string, expected: number | undefined): Promise<BridgePointEntity> {
    const point = await this.entity(id);
    if (expected !== undefined && expected !== point.version) throw AppError.staleVersion(point.version);
    return point;
  }

  /**
   * Writes `set` and raises the version, only if the point is still at `version` (as read by the caller): a change
   * that landed in between is never overwritten, the caller gets 409 `stale_version` with the version now stored.
   */
  private async bumpVersion(id: string, version: number, set: Partial<BridgePointEntity>): Promise<void> {
    const affected = await this.tx.write(async (em) => {
      const res = await em
        .createQueryBuilder()
        .update(BridgePointEntity)
        .set({ ...set, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version })
        .execute();
      return res.affected;
    });
    if (affected === 1) return;
    throw AppError.staleVersion((await this.entity(id)).version);
  }

  // ---- used by other features -------------------------------------------------------------

  exists(id: string): Promise<boolean> {
    return this.points.existsBy({ id });
  }

  /** The point, or 404. */
  async findOne(id: string): Promise<PointSummary> {
    return toPointResponse(await this.entity(id));
  }

  /** The points with these ids that exist (any order; unknown ids are simply absent). */
  async summaries(ids: string[]): Promise<PointSummary[]> {
    const out: PointSummary[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.points.findBy({ id: In(unique.slice(i, i + 500)) });
      out.push(...rows.map(toPointResponse));
    }
    return out;
  }

  /** Every active point under `rootId` (the root itself excluded), optionally only at these levels. 404 for an unknown root. */
  async activeSubtree(rootId: string, levels?: Level[]): Promise<PointSummary[]> {
    await this.findOne(rootId);
    const all = await this.points.find({ select: { id: true, parentId: true } });
    const children = new Map<string, string[]>();
    for (const p of all) {
      if (!p.parentId) continue;
      const list = children.get(p.parentId) ?? [];
      list.push(p.id);
      children.set(p.parentId, list);
    }
    const ids: string[] = [];
    const seen = new Set<string>([rootId]);
    const stack = [...(children.get(rootId) ?? [])];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    const rows = await this.summaries(ids);
    return rows.filter((p) => p.active && (!levels?.length || levels.includes(p.level)));
  }

  // ---- internals ----------------------------------------------------------------------------

  private async entity(id: string): Promise<BridgePointEntity> {
    const p = await this.points.findOneBy({ id });
    if (!p) throw AppError.notFound('point', id);
    return p;
  }

  private async parentOf400(parentId: string): Promise<{ id: string; level: Level }> {
    const parent = await this.points.findOne({ select: { id: true, level: true }, where: { id: parentId } });
    if (!parent) throw AppError.badRequest([{ vi: `Không có điểm cầu cấp trên ${parentId}`, en: `parentId ${parentId} refers to no point` }]);
    return parent;
  }

  /** Codes are unique regardless of case. */
  private async assertCodeFree(code: string, exceptId?: string): Promise<void> {
    const qb = this.points.createQueryBuilder('p').select(['p.id']).where('LOWER(p.code) = :code', { code: code.toLowerCase() });
    if (exceptId) qb.andWhere('p.id <> :exceptId', { exceptId });
    const other = await qb.getOne();
    if (other) throw codeTaken(code, other.id);
  }

  private assertPlacement(problems: Message[]): void {
    if (problems.length) throw AppError.badRequest(problems);
  }

  private whereActive(qb: ReturnType<Repository<BridgePointEntity>['createQueryBuilder']>, active: ActiveFilter): void {
    if (active !== 'all') qb.andWhere('p.active = :active', { active: active === 'true' });
  }

  private async emitDeactivating(pointId: string): Promise<void> {
    const payload: PointDeactivatingEvent = { pointId };
    await this.events.emitAsync(POINT_DEACTIVATING, payload);
  }
}

const versioned = (point: BridgePointEntity): VersionedPoint => ({ point: toPointResponse(point), version: point.version });
