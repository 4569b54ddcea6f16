import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { stringify } from 'csv-stringify/sync';
import type { Principal } from '../../auth/principal';
import { AppError, ErrorCode } from '../../common/errors';
import type { ConferenceStatus } from '../../common/domain';
import type { ConferenceSchedule } from '../../conferences/conference-schedule';
import { CONFERENCE_STATUS_LABEL } from '../../conferences/conference-status';
import { CONFERENCE_CHANGED, type ConferenceChangedEvent } from '../../conferences/conferences.events';
import { ConferencesService } from '../../conferences/conferences.service';
import { READINESS_WINDOW_MINUTES } from '../../conferences/readiness-checks';
import { BoardPublisher, type DeltaReadiness } from '../board-publisher';
import type { ReadinessDto } from '../dto/live-payloads.dto';
import type { LiveClient } from '../live-client';
import { LiveConferences } from '../live-conferences';
import { LiveRooms, rooms } from '../live-rooms';
import { NOT_INVITED, pointActor } from '../presence-access';
import { inZone } from '../presence-entry';
import { PresenceEventLog } from '../presence-event-log';
import { PresenceTransitions } from '../presence-transitions';
import type { ReadinessEntry } from '../presence.events';
import type { ReportReadiness } from '../report/report.service';
import { LiveStateLostError, POINT_RECORDS, type LiveSnapshot, type PointRecords } from '../store/presence-store';
import { checkpointId, checkpointsOf, dueCheckpoints, type Checkpoint } from './readiness-checkpoints';
import { missingFor, readinessCounts, readinessKeysOf, type ReadinessMarks } from './readiness-marks';

/** Checkpoints are looked for this often (`readiness:due` goes out within 5 s of its time). */
export const CHECKPOINT_TICK_MS = 1000;
/** The conferences to watch are read again this often (and at once after a conference changes). */
const WATCH_REFRESH_MS = 60_000;
const OPEN = new Set(['scheduled', 'live']);
const CLOSED = (status: ConferenceStatus) => ({
  vi: `Chỉ báo cáo chuẩn bị khi hội nghị đã lên lịch hoặc đang diễn ra (hiện: ${CONFERENCE_STATUS_LABEL[status].vi})`,
  en: `Readiness is reported only while the conference is scheduled or live (now: ${CONFERENCE_STATUS_LABEL[status].en})`,
});
const TOO_EARLY = (hours: number) => ({
  vi: `Chỉ báo cáo chuẩn bị trong vòng ${hours} giờ trước giờ bắt đầu`,
  en: `Readiness is reported from ${hours} hours before the start`,
});
const UNKNOWN_KEY = (key: string, keys: readonly string[]) => ({
  vi: `Hội nghị không có mục chuẩn bị "${key}" (các mục: ${keys.join(', ')})`,
  en: `Unknown readiness key ${key} (keys: ${keys.join(', ')})`,
});

/** A row of `GET /api/conferences/:id/readiness`. */
export type ReadinessRow = { pointId: string; code: string; name: string; level: string; contactName?: string | null; contactPhone?: string | null } & Record<
  string,
  unknown
>;

interface Watched {
  schedule: ConferenceSchedule;
  /** What was sent (ids `key@time`), read from the event log once. */
  sent: Set<string> | null;
}

/**
 * Readiness (v2): the points' reports over `/live`, the counts on the board, `GET …/readiness`, and the checkpoints:
 * at `startsAt − minutesBefore` board members get `readiness:due {conferenceId, key, missing}` once, and the event log
 * gets a `readiness` line (under the host point, `detail.checkpoint`) that also remembers it was sent, across restarts.
 * Several instances each watch the checkpoints; the log line is read before sending, which keeps duplicates rare but
 * is not a lock (see the README).
 */
@Injectable()
export class ReadinessService implements DeltaReadiness, ReportReadiness, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Readiness');
  private readonly watched = new Map<string, Watched>();
  private ticker: NodeJS.Timeout | null = null;
  private refresher: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    @Inject(POINT_RECORDS) private readonly store: PointRecords,
    private readonly live: LiveConferences,
    private readonly transitions: PresenceTransitions,
    private readonly log: PresenceEventLog,
    private readonly rooms: LiveRooms,
    private readonly conferences: ConferencesService,
    board: BoardPublisher,
  ) {
    board.useReadiness(this);
  }

  // ---- reports --------------------------------------------------------------------------------

  /** `readiness {conferenceId, key, ok, note?}` from a point (with or without checking in). */
  async report(client: LiveClient, dto: ReadinessDto): Promise<{ readiness: Record<string, ReadinessEntry | null> }> {
    const pointId = pointActor(client.principal, dto.conferenceId);
    if (!(await this.live.member(dto.conferenceId, pointId))) throw AppError.forbidden(NOT_INVITED);
    let schedule = await this.live.schedule(dto.conferenceId);
    if (!OPEN.has(schedule.status) || !readinessKeysOf(schedule).includes(dto.key)) schedule = await this.live.schedule(dto.conferenceId, true);
    if (!OPEN.has(schedule.status)) throw new AppError(ErrorCode.Conflict, CLOSED(schedule.status));
    if (Date.now() < schedule.startsAt.getTime() - READINESS_WINDOW_MINUTES * 60_000)
      throw new AppError(ErrorCode.Conflict, TOO_EARLY(READINESS_WINDOW_MINUTES / 60));
    const keys = readinessKeysOf(schedule);
    if (!keys.includes(dto.key)) throw new AppError(ErrorCode.BadRequest, UNKNOWN_KEY(dto.key, keys));
    const note = dto.note?.trim() ? dto.note.trim() : null;
    const work = async () =>
      (await client.serial(() => this.transitions.apply(schedule, pointId, { kind: 'readiness', key: dto.key, ok: dto.ok, note }))).record;
    let record;
    try {
      record = await work();
    } catch (e) {
      if (!(e instanceof LiveStateLostError)) throw e;
      await this.live.reload(dto.conferenceId);
      record = await work();
    }
    return { readiness: this.entry(record.readiness, keys, schedule.timezone) };
  }

  /** `GET …/readiness`: one row per invited point with each key's report (null when none); a point sees only its own row. */
  async rows(conferenceId: string, principal: Principal): Promise<ReadinessRow[]> {
    await this.live.ensureLoaded(conferenceId);
    const schedule = await this.live.schedule(conferenceId);
    const keys = readinessKeysOf(schedule);
    const staff = principal.role !== 'point';
    // A point's page asks for its own row (on opening, after its check-in and status, and now and then): one record,
    // not the whole conference filtered, since every point page asks.
    const views = staff ? await this.store.all(conferenceId) : principal.pointId ? await this.store.views(conferenceId, [principal.pointId]) : [];
    const contacts = staff ? new Map((await this.conferences.invitedPoints(conferenceId)).map((p) => [p.pointId, p])) : null;
    return views.map(({ point, record }) => ({
      pointId: point.pointId,
      code: point.code,
      name: point.name,
      level: point.level,
      ...(contacts ? { contactName: contacts.get(point.pointId)?.contactName ?? null, contactPhone: contacts.get(point.pointId)?.contactPhone ?? null } : {}),
      ...this.entry(record.readiness, keys, schedule.timezone),
    }));
  }

  /** The same as CSV (UTF-8 with a BOM): code,name,level, then per key `<key>` (ok|fail|empty), `<key>_at`, `<key>_note`. */
  async csv(conferenceId: string, principal: Principal): Promise<string> {
    const keys = readinessKeysOf(await this.live.schedule(conferenceId));
    const rows = await this.rows(conferenceId, principal);
    const columns = ['code', 'name', 'level', ...keys.flatMap((k) => [k, `${k}_at`, `${k}_note`])];
    const safe = (t: string) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t);
    const records = rows.map((r) => {
      const out: Record<string, string> = { code: r.code, name: safe(r.name), level: r.level };
      for (const k of keys) {
        const e = r[k] as ReadinessEntry | null;
        out[k] = e ? (e.ok ? 'ok' : 'fail') : '';
        out[`${k}_at`] = e?.at ?? '';
        out[`${k}_note`] = e?.note ? safe(e.note) : '';
      }
      return out;
    });
    return `\uFEFF${stringify(records, { header: true, columns, record_delimiter: 'windows' })}`;
  }

  /** Readiness counts for the report. */
  async counts(conferenceId: string): Promise<Record<string, { ok: number; total: number }>> {
    await this.live.ensureLoaded(conferenceId);
    const keys = readinessKeysOf(await this.live.schedule(conferenceId));
    return readinessCounts(keys, await this.store.counts(conferenceId));
  }

  /**
   * What every board delta carries (BoardPublisher): the conference's keys and their counts, from the store's counts
   * of the delta's own `seq` (so every instance's deltas agree).
   */
  async forDelta(conferenceId: string, delta: LiveSnapshot): Promise<{ keys: readonly string[]; counts: Record<string, { ok: number; total: number }> }> {
    const keys = readinessKeysOf(await this.live.schedule(conferenceId));
    return { keys, counts: readinessCounts(keys, delta) };
  }

  private entry(marks: ReadinessMarks | undefined, keys: readonly string[], zone: string): Record<string, ReadinessEntry | null> {
    const out: Record<string, ReadinessEntry | null> = {};
    for (const k of keys) {
      const m = marks?.[k];
      out[k] = m ? { ok: m.ok, at: inZone(m.at, zone), note: m.note } : null;
    }
    return out;
  }

  // ---- checkpoints ----------------------------------------------------------------------------

  onApplicationBootstrap(): void {
    void this.refreshWatch().then(() => this.tick());
    this.ticker = setInterval(() => void this.tick(), CHECKPOINT_TICK_MS);
    this.ticker.unref();
    this.refresher = setInterval(() => void this.refreshWatch(), WATCH_REFRESH_MS);
    this.refresher.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.refresher) clearInterval(this.refresher);
    this.ticker = this.refresher = null;
  }

  /** Moved, re-listed, re-statused: re-read it now (its checkpoints are re-planned from its last change). */
  @OnEvent(CONFERENCE_CHANGED, { async: true })
  async onConferenceChanged(e: ConferenceChangedEvent): Promise<void> {
    try {
      const schedule = await this.live.schedule(e.conferenceId, true);
      this.watch(schedule);
    } catch (err) {
      this.logger.warn(`readiness of ${e.conferenceId} not re-planned: ${(err as Error).message}`);
    }
  }

  private watch(schedule: ConferenceSchedule): void {
    if (!OPEN.has(schedule.status)) {
      this.watched.delete(schedule.id);
      return;
    }
    const w = this.watched.get(schedule.id);
    if (w) w.schedule = schedule;
    else this.watched.set(schedule.id, { schedule, sent: null });
  }

  private async refreshWatch(): Promise<void> {
    try {
      const now = Date.now();
      const list = await this.conferences.readinessWatch(new Date(now - 24 * 3600_000), new Date(now));
      const seen = new Set(list.map((s) => s.id));
      for (const s of list) this.watch(s);
      for (const id of [...this.watched.keys()]) if (!seen.has(id)) this.watched.delete(id);
    } catch (e) {
      this.logger.warn(`readiness watch list not refreshed: ${(e as Error).message}`);
    }
  }

  /** Sends every due checkpoint (one pass at a time). */
  async tick(now = Date.now()): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const w of [...this.watched.values()]) {
        const s = w.schedule;
        const due = dueCheckpoints(checkpointsOf(s.startsAt.getTime(), s.readiness), s.updatedAt.getTime(), now, w.sent ?? new Set());
        if (!due.length) continue;
        try {
          w.sent ??= await this.sentOf(s);
          for (const c of dueCheckpoints(due, s.updatedAt.getTime(), now, w.sent)) await this.send(s, c, w.sent);
        } catch (e) {
          this.logger.error(`readiness checkpoints of ${s.id}: ${(e as Error).stack ?? String(e)}`);
        }
      }
    } finally {
      this.ticking = false;
    }
  }

  /** The checkpoints the event log says were sent. */
  private async sentOf(s: ConferenceSchedule): Promise<Set<string>> {
    const lines = await this.log.list(s.id, s.hostPointId);
    return new Set(
      lines
        .filter((l) => l.type === 'readiness' && typeof l.detail?.checkpoint === 'string' && typeof l.detail?.at === 'number')
        .map((l) => checkpointId({ key: l.detail!.checkpoint as string, at: l.detail!.at as number })),
    );
  }

  private async send(s: ConferenceSchedule, c: Checkpoint, sent: Set<string>): Promise<void> {
    const id = checkpointId(c);
    sent.add(id); // before any await: a second pass never sends it again
    try {
      await this.live.ensureLoaded(s.id);
      const views = await this.store.all(s.id);
      const missing = missingFor(
        c.key,
        views.map((v) => ({ pointId: v.point.pointId, marks: v.record.readiness })),
      );
      // Logged first: the line is what remembers, across restarts, that it went out.
      await this.log.append([
        { conferenceId: s.id, pointId: s.hostPointId, at: Date.now(), type: 'readiness', detail: { checkpoint: c.key, at: c.at, missing: missing.length } },
      ]);
      this.rooms.to(rooms.board(s.id)).emit('readiness:due', { conferenceId: s.id, key: c.key, missing });
    } catch (e) {
      sent.delete(id);
      throw e;
    }
  }
}
