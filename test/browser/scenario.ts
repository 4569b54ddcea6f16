import { DateTime } from 'luxon';
import { makeConference, organizerAuth } from '../helpers/conferences.factory';
import { makePoint, type TestLevel } from '../helpers/points.factory';
import { login, type TestApp } from '../helpers/test-app';

/** A small Bắc Ninh-like network and a live conference for the page tests (and the screenshots). */
export interface Scenario {
  conferenceId: string;
  title: string;
  /** The conference start, in Asia/Ho_Chi_Minh. */
  startsAt: DateTime;
  points: Array<{ id: string; code: string; name: string; level: TestLevel }>;
  links: Array<{ pointId: string; code: string; name: string; token: string; url: string }>;
  agendaItemIds: string[];
  operator: { username: string; password: string };
  organizer: { username: string; password: string; token: string };
}

const TREE: Array<{ code: string; name: string; level: TestLevel; parent?: string; contact?: [string, string] }> = [
  { code: 'TW-VPCP', name: 'Văn phòng Chính phủ', level: 'central', contact: ['Nguyễn Văn Hùng', '024 3825 8261'] },
  { code: 'T-BACNINH', name: 'UBND tỉnh Bắc Ninh', level: 'province', parent: 'TW-VPCP', contact: ['Trần Thị Lan', '0222 3822 526'] },
  { code: 'H-TPBACNINH', name: 'UBND thành phố Bắc Ninh', level: 'district', parent: 'T-BACNINH', contact: ['Lê Minh Tuấn', '0912 345 601'] },
  { code: 'H-TUSON', name: 'UBND thành phố Từ Sơn', level: 'district', parent: 'T-BACNINH', contact: ['Phạm Thu Hà', '0912 345 602'] },
  { code: 'H-THUANTHANH', name: 'UBND huyện Thuận Thành', level: 'district', parent: 'T-BACNINH', contact: ['Nguyễn Đức Anh', '0912 345 603'] },
  { code: 'H-QUEVO', name: 'UBND thị xã Quế Võ', level: 'district', parent: 'T-BACNINH', contact: ['Vũ Thị Mai', '0912 345 604'] },
  { code: 'H-TIENDU', name: 'UBND huyện Tiên Du', level: 'district', parent: 'T-BACNINH', contact: ['Đỗ Văn Nam', '0912 345 605'] },
  { code: 'H-YENPHONG', name: 'UBND huyện Yên Phong', level: 'district', parent: 'T-BACNINH', contact: ['Hoàng Thị Hương', '0912 345 606'] },
  { code: 'H-GIABINH', name: 'UBND huyện Gia Bình', level: 'district', parent: 'T-BACNINH', contact: ['Bùi Quang Huy', '0912 345 607'] },
  { code: 'H-LUONGTAI', name: 'UBND huyện Lương Tài', level: 'district', parent: 'T-BACNINH', contact: ['Ngô Thị Thảo', '0912 345 608'] },
  { code: 'X-VUNINH', name: 'UBND phường Vũ Ninh', level: 'commune', parent: 'H-TPBACNINH', contact: ['Đinh Văn Long', '0987 654 301'] },
  { code: 'X-HOALONG', name: 'UBND xã Hòa Long', level: 'commune', parent: 'H-TPBACNINH', contact: ['Lý Thị Ngọc', '0987 654 302'] },
  { code: 'X-HO', name: 'UBND thị trấn Hồ', level: 'commune', parent: 'H-THUANTHANH', contact: ['Trịnh Văn Sơn', '0987 654 303'] },
  { code: 'X-CHUADAU', name: 'UBND xã Thanh Khương', level: 'commune', parent: 'H-THUANTHANH' },
  {
    code: 'DN-SAMSUNG',
    name: 'Công ty TNHH Samsung Electronics Việt Nam',
    level: 'enterprise',
    parent: 'H-YENPHONG',
    contact: ['Kim Min-jun', '0222 3696 000'],
  },
  { code: 'DN-CANON', name: 'Công ty TNHH Canon Việt Nam (Quế Võ)', level: 'enterprise', parent: 'H-QUEVO', contact: ['Nguyễn Thị Hoa', '0222 3634 000'] },
  { code: 'DN-DABACO', name: 'Công ty CP Tập đoàn Dabaco Việt Nam', level: 'enterprise', parent: 'H-TPBACNINH', contact: ['Phan Văn Quân', '0222 3826 077'] },
];

/** Now, floored to five minutes, in the conference's zone: a conference that started a little while ago. */
function startNearNow(): DateTime {
  const now = DateTime.now().setZone('Asia/Ho_Chi_Minh');
  return now.minus({ minutes: 20 + (now.minute % 5) }).startOf('minute');
}

export async function buildScenario(t: TestApp): Promise<Scenario> {
  const admin = await login(t);
  const byCode = new Map<string, { id: string; code: string; name: string; level: TestLevel }>();
  for (const p of TREE) {
    const created = await makePoint(t, {
      code: p.code,
      name: p.name,
      level: p.level,
      ...(p.parent ? { parentId: byCode.get(p.parent)!.id } : {}),
      ...(p.contact ? { contactName: p.contact[0], contactPhone: p.contact[1] } : {}),
    });
    byCode.set(p.code, { id: created.id, code: created.code, name: created.name, level: created.level });
  }
  const operator = { username: 'dieuhanh', password: 'dieu-hanh-2021' };
  const organizerUser = { username: 'bantochuc', password: 'ban-to-chuc-2021' };
  for (const [u, role] of [
    [operator, 'operator'],
    [organizerUser, 'organizer'],
  ] as const) {
    const res = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin)
      .send({ ...u, role });
    if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  }

  const start = startNearNow();
  const title = 'Hội nghị trực tuyến sơ kết công tác 6 tháng đầu năm 2021';
  const host = byCode.get('T-BACNINH')!;
  const conf = await makeConference(t, {
    title,
    startsAt: start.toISO()!,
    endsAt: start.plus({ hours: 3 }).toISO()!,
    hostPointId: host.id,
    invite: [...byCode.values()].filter((p) => p.id !== host.id).map((p) => p.id),
    status: 'live',
  });

  const organizer = await organizerAuth(t);
  const items: Array<Record<string, unknown>> = [
    { title: 'Khai mạc hội nghị', kind: 'opening', durationMinutes: 10, presenter: 'Đồng chí Chủ tịch UBND tỉnh', pointId: host.id },
    {
      title: 'Báo cáo kết quả thực hiện nhiệm vụ 6 tháng đầu năm',
      kind: 'report',
      durationMinutes: 25,
      responsibleUnit: 'Sở Kế hoạch và Đầu tư',
      pointId: host.id,
    },
    {
      title: 'Tham luận của huyện Thuận Thành',
      kind: 'speech',
      durationMinutes: 15,
      presenter: 'Chủ tịch UBND huyện Thuận Thành',
      pointId: byCode.get('H-THUANTHANH')!.id,
    },
    { title: 'Giải lao', kind: 'break', durationMinutes: 10 },
    { title: 'Thảo luận, kiến nghị của doanh nghiệp', kind: 'discussion', durationMinutes: 60, pointId: byCode.get('DN-SAMSUNG')!.id },
    { title: 'Phát biểu kết luận, bế mạc', kind: 'closing', durationMinutes: 15, presenter: 'Đồng chí Chủ tịch UBND tỉnh', pointId: host.id },
  ];
  let version = (await t.http().get(`/api/conferences/${conf.id}/agenda`).set('Authorization', organizer)).body.version as number;
  let agendaItemIds: string[] = [];
  for (const item of items) {
    const res = await t
      .http()
      .post(`/api/conferences/${conf.id}/agenda/items`)
      .set('Authorization', organizer)
      .send({ version, ...item });
    if (res.status !== 201) throw new Error(`add item failed: ${res.status} ${JSON.stringify(res.body)}`);
    version = res.body.version;
    agendaItemIds = res.body.items.map((i: { id: string }) => i.id);
  }

  const links = await t.http().post(`/api/conferences/${conf.id}/checkin-links`).set('Authorization', organizer).send({});
  if (links.status !== 200 && links.status !== 201) throw new Error(`checkin-links failed: ${links.status} ${JSON.stringify(links.body)}`);

  const orgLogin = await t.http().post('/api/auth/login').send(organizerUser);
  return {
    conferenceId: conf.id,
    title,
    startsAt: start,
    points: conf.points.map((p) => ({ id: p.pointId, code: p.code, name: p.name, level: p.level as TestLevel })),
    links: links.body,
    agendaItemIds,
    operator,
    organizer: { ...organizerUser, token: orgLogin.body.accessToken },
  };
}
