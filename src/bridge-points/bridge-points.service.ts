import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppError } from '../common/errors';
import { BridgePointEntity, Level } from './bridge-point.entity';
import { PointSummary, toPointSummary } from './point-summary';

@Injectable()
export class BridgePointsService {
  constructor(@InjectRepository(BridgePointEntity) private readonly points: Repository<BridgePointEntity>) {}

  // ---- used by other features -------------------------------------------------------------

  exists(id: string): Promise<boolean> {
    return this.points.existsBy({ id });
  }

  /** The point, or 404. */
  async findOne(id: string): Promise<PointSummary> {
    const p = await this.points.findOneBy({ id });
    if (!p) throw AppError.notFound('điểm cầu / point', id);
    return toPointSummary(p);
  }

  /** The points with these ids that exist (any order; unknown ids are simply absent). */
  async summaries(ids: string[]): Promise<PointSummary[]> {
    const out: PointSummary[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.points.findBy({ id: In(unique.slice(i, i + 500)) });
      out.push(...rows.map(toPointSummary));
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
    const stack = [...(children.get(rootId) ?? [])];
    while (stack.length) {
      const id = stack.pop()!;
      ids.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    const rows = await this.summaries(ids);
    return rows.filter((p) => p.active && (!levels?.length || levels.includes(p.level)));
  }
}
