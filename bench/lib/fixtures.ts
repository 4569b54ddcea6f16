/**
 * Benchmark data built through the public REST interface: a tree of bridge points imported as CSV,
 * conferences, invitations, check-in links.
 */
import { DateTime } from 'luxon';
import { ApiClient, ApiError, CheckinLink, Conference, Level } from './api-client';

export const CSV_HEADER = 'code,name,level,parentCode,address,contactName,contactPhone,capacity';
/** Rows per import request (the contract promises at least 10,000 per file). */
const IMPORT_CHUNK = 5000;

export interface PointTree {
  rootCode: string;
  /** CSV rows (without header), parents before children. */
  rows: string[];
  total: number;
}

/**
 * `total` points: one province (the root, host of the conference), about one district per hundred
 * communes, the rest communes spread evenly over the districts. Codes start with `prefix`.
 */
export function pointTree(total: number, prefix: string): PointTree {
  if (total < 1) throw new Error('at least one point');
  const rootCode = `${prefix}-P`;
  const rows = [`${rootCode},UBND tỉnh Bắc Ninh (${prefix}),province,,Số 10 Phù Đổng Thiên Vương,Văn phòng UBND tỉnh,0222 3822 001,120`];
  const remaining = total - 1;
  const districts = remaining === 0 ? 0 : Math.max(1, Math.ceil(remaining / 100));
  const communes = remaining - districts;
  for (let d = 0; d < districts; d++) {
    const code = `${prefix}-D${String(d + 1).padStart(4, '0')}`;
    rows.push(`${code},UBND huyện Thuận Thành ${d + 1},district,${rootCode},Thị trấn Hồ,Văn phòng huyện ${d + 1},0222 38${String(d).padStart(5, '0')},40`);
  }
  for (let c = 0; c < communes; c++) {
    const parent = `${prefix}-D${String((c % districts) + 1).padStart(4, '0')}`;
    const code = `${prefix}-C${String(c + 1).padStart(6, '0')}`;
    rows.push(`${code},UBND xã Song Hồ ${c + 1},commune,${parent},Thôn ${c % 12} xã Song Hồ,Cán bộ văn phòng ${c + 1},09${String(c).padStart(8, '0')},15`);
  }
  return { rootCode, rows, total };
}

/** Imports the rows in chunks of 5,000 (parents are always in an earlier or the same chunk). */
export async function importTree(api: ApiClient, tree: PointTree): Promise<void> {
  for (let i = 0; i < tree.rows.length; i += IMPORT_CHUNK) {
    const csv = [CSV_HEADER, ...tree.rows.slice(i, i + IMPORT_CHUNK)].join('\n') + '\n';
    const res = await api.importPoints(csv);
    if (res.errors?.length) throw new Error(`import reported errors: ${JSON.stringify(res.errors.slice(0, 5))}`);
  }
}

/** ISO-8601 with offset in the conference's zone, as the contract requires. */
export function iso(dt: DateTime): string {
  return dt.setZone('Asia/Ho_Chi_Minh').toISO({ suppressMilliseconds: false }) ?? '';
}

/**
 * Invites every point under `root` (district and commune levels; the root itself is the host).
 * Uses `subtreeOf`+`levels`; if the server refuses that form, falls back to `pointIds` in chunks of 1,000.
 */
export async function inviteTree(api: ApiClient, conferenceId: string, rootId: string, expected: number): Promise<void> {
  const levels: Level[] = ['district', 'commune'];
  try {
    await api.invitePoints(conferenceId, { subtreeOf: rootId, levels, mode: 'online' });
    return;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e;
    console.error(`subtreeOf invitation refused (${e.message}); inviting by pointIds instead`);
  }
  const ids: string[] = [];
  for (let offset = 0; ids.length < expected; offset += 1000) {
    const page = await api.listPoints({ limit: 1000, offset });
    if (!page.items.length) break;
    ids.push(...page.items.filter((p) => p.id !== rootId).map((p) => p.id));
  }
  for (let i = 0; i < ids.length; i += 1000) await api.invitePoints(conferenceId, { pointIds: ids.slice(i, i + 1000), mode: 'online' });
}

export interface LiveConference {
  conference: Conference;
  links: CheckinLink[];
}

/**
 * A live conference inviting `total` fresh points (imported as CSV), with one check-in link per point.
 * Runs against any instance; returns the links in the tree's order (root first). `maxConnectedPoints`: the
 * conference's connection cap (none by default).
 */
export async function liveConferenceWithPoints(api: ApiClient, total: number, prefix: string, maxConnectedPoints?: number): Promise<LiveConference> {
  const tree = pointTree(total, prefix);
  await importTree(api, tree);
  const root = await api.pointByCode(tree.rootCode);
  const start = DateTime.now().setZone('Asia/Ho_Chi_Minh').startOf('hour');
  const conference = await api.createConference({
    title: `Hội nghị trực tuyến đo tải ${prefix}`,
    format: 'online',
    startsAt: iso(start),
    endsAt: iso(start.plus({ hours: 4 })),
    timezone: 'Asia/Ho_Chi_Minh',
    hostPointId: root.id,
    ...(maxConnectedPoints !== undefined ? { maxConnectedPoints } : {}),
  });
  await inviteTree(api, conference.id, root.id, total);
  const live = await api.goLive(conference.id);
  const links = await api.checkinLinks(conference.id);
  if (links.length !== total) throw new Error(`expected ${total} check-in links, got ${links.length} (invitation incomplete?)`);
  return { conference: live, links };
}
