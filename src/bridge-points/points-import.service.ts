import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Transactions } from '../database/transactions';
import { AppError, ErrorCode } from '../common/errors';
import { now } from '../common/time/time';
import { BridgePointEntity } from './bridge-point.entity';
import { isUniqueViolation, searchTextOf } from './bridge-points.service';
import { ImportResult } from './dto/point.response';
import { planImport, PlannedPoint } from './import-plan';
import { CSV_COLUMNS, parsePointsCsvAsync, yieldToEventLoop } from './points-csv';

/** Rows per INSERT statement: 13 columns × 500 = 6,500 parameters, under SQLite's and PostgreSQL's limits. */
const CHUNK = 500;
/** Columns an import overwrites on an existing point (`active` and `created_at` are kept). */
const UPDATED_COLUMNS = ['code', 'name', 'level', 'parent_id', 'address', 'contact_name', 'contact_phone', 'capacity', 'search_text', 'updated_at'];

/** Line errors listed in a refused import at most; `details` says how many there were in all. */
export const MAX_IMPORT_ERRORS = 1_000;

/**
 * `POST /api/points/import`: a CSV file of points, all rows or none. Parsing and checking give the event loop a turn
 * every few thousand lines, and the writes one between statements, so a 50,000-row file never stalls the boards.
 */
@Injectable()
export class PointsImportService {
  constructor(private readonly tx: Transactions) {}

  async import(contentType: string | undefined, body: unknown): Promise<ImportResult> {
    if (!/^text\/csv\s*(;|$)/i.test(contentType ?? '')) {
      throw AppError.badRequest([{ vi: 'Nội dung phải là tệp CSV (Content-Type: text/csv)', en: 'The body must be text/csv' }]);
    }
    if (typeof body !== 'string' || body.replace(/^\uFEFF/, '').trim() === '') {
      throw AppError.badRequest([{ vi: `Tệp CSV trống; dòng đầu phải là tiêu đề ${CSV_COLUMNS.join(',')}`, en: `The CSV file is empty` }]);
    }
    const parsed = await parsePointsCsvAsync(body);

    return this.tx.run(async (em) => {
      const existing = await em.getRepository(BridgePointEntity).find({ select: { id: true, code: true, level: true, parentId: true } });
      const plan = planImport(parsed, existing);
      if (!plan.ok) {
        const n = plan.errors.length;
        const listed = plan.errors.slice(0, MAX_IMPORT_ERRORS);
        throw new AppError(
          ErrorCode.ImportFailed,
          {
            vi: `Tệp CSV có ${n} dòng lỗi, chưa có thay đổi nào được ghi${n > listed.length ? ` (liệt kê ${listed.length} dòng đầu)` : ''}`,
            en: `The CSV file has ${n} bad line(s); nothing was written${n > listed.length ? ` (the first ${listed.length} are listed)` : ''}`,
          },
          { errors: listed, totalErrors: n, maxListed: MAX_IMPORT_ERRORS },
          { lines: n },
        );
      }
      try {
        await this.write(em, plan.creates, plan.updates);
      } catch (e) {
        if (isUniqueViolation(e)) {
          throw new AppError(ErrorCode.Conflict, {
            vi: 'Một mã điểm cầu trong tệp vừa được tạo bởi thao tác khác; không có thay đổi nào được ghi, hãy nhập lại',
            en: 'A code in the file was just taken by another request; nothing was written, import again',
          });
        }
        throw e;
      }
      return { created: plan.creates.length, updated: plan.updates.length, errors: [] };
    });
  }

  private async write(em: EntityManager, creates: PlannedPoint[], updates: PlannedPoint[]): Promise<void> {
    const at = now();
    const row = (p: PlannedPoint, active: boolean) => ({ ...p, active, searchText: searchTextOf(p.code, p.name), createdAt: at, updatedAt: at });
    for (let i = 0; i < creates.length; i += CHUNK) {
      await yieldToEventLoop();
      await em
        .createQueryBuilder()
        .insert()
        .into(BridgePointEntity)
        .values(creates.slice(i, i + CHUNK).map((p) => row(p, true)))
        .updateEntity(false)
        .execute();
    }
    // Upsert on the primary key: the row exists, so only the listed columns change (`active` and `created_at` stay).
    for (let i = 0; i < updates.length; i += CHUNK) {
      await yieldToEventLoop();
      await em
        .createQueryBuilder()
        .insert()
        .into(BridgePointEntity)
        .values(updates.slice(i, i + CHUNK).map((p) => row(p, true)))
        .orUpdate(UPDATED_COLUMNS, ['id'])
        .updateEntity(false)
        .execute();
      // An updated point is a changed point: an edit form holding its older version gets 409, not a silent overwrite.
      await em
        .createQueryBuilder()
        .update(BridgePointEntity)
        .set({ version: () => 'version + 1' })
        .where({ id: In(updates.slice(i, i + CHUNK).map((p) => p.id)) })
        .execute();
    }
  }
}
