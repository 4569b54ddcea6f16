import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Principal } from '../auth/principal';
import { UsersService } from '../auth/users.service';
import { DEFAULT_TIMEZONE } from '../common/time/time';
import { DepartmentsService } from '../departments/departments.service';
import { toViewer } from '../petitions/petition-viewer';
import { PetitionsService } from '../petitions/petitions.service';
import { DEMO_DEPARTMENT_ACCOUNT, DEMO_DEPARTMENTS, DEMO_PETITIONS, type DemoPetition } from './demo-petitions';

const ORGANIZER: Principal = { kind: 'user', id: 'demo', username: 'bantochuc', role: 'organizer', pointId: null };
const CHANNELS = ['paper', 'email', 'web', 'hotline'] as const;
const FIRST_NAMES = ['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Minh Châu', 'Phạm Quốc Duy', 'Hoàng Thu Hà', 'Vũ Đức Long', 'Đặng Thị Mai', 'Bùi Thanh Sơn'];

/** The petitions part of the demo: departments, their demo account, about 40 petitions in every state. */
@Injectable()
export class DemoPetitionsSeeder {
  private readonly logger = new Logger('DemoPetitions');

  constructor(
    private readonly departments: DepartmentsService,
    private readonly users: UsersService,
    private readonly petitions: PetitionsService,
  ) {}

  async seed(conferenceIds: Record<'fdi' | 'domestic', string>): Promise<void> {
    const ids = new Map<string, string>();
    for (const d of DEMO_DEPARTMENTS) ids.set(d.code, (await this.departments.create({ code: d.code, name: d.name, shortName: d.shortName })).id);
    const a = DEMO_DEPARTMENT_ACCOUNT;
    await this.users.create({ username: a.username, password: a.password, role: a.role, departmentId: ids.get(a.departmentCode) });
    const v = toViewer(ORGANIZER);
    for (const [i, d] of DEMO_PETITIONS.entries()) await this.seedOne(d, i, ids, conferenceIds, v);
    this.logger.log(`Đã nạp ${DEMO_DEPARTMENTS.length} đơn vị và ${DEMO_PETITIONS.length} kiến nghị mẫu / loaded the demo petitions`);
  }

  private async seedOne(
    d: DemoPetition,
    i: number,
    ids: Map<string, string>,
    conferenceIds: Record<'fdi' | 'domestic', string>,
    v: ReturnType<typeof toViewer>,
  ): Promise<void> {
    const received = DateTime.now()
      .setZone(DEFAULT_TIMEZONE)
      .minus({ days: d.daysAgo })
      .set({ hour: 8 + (i % 8), minute: (i * 7) % 60, second: 0, millisecond: 0 });
    const created = await this.petitions.create(
      {
        channel: CHANNELS[i % CHANNELS.length],
        kind: 'petition',
        title: d.title,
        field: d.field,
        anonymous: d.anonymous ?? false,
        conferenceId: conferenceIds[d.conference],
        content: `${d.title}. Doanh nghiệp trình bày vướng mắc và đề nghị cơ quan có thẩm quyền xem xét, hướng dẫn (nội dung minh họa, doanh nghiệp giả định).`,
        submitter: { name: FIRST_NAMES[i % FIRST_NAMES.length], organization: d.organization, phone: `0912 000 ${String(100 + i).padStart(3, '0')}` },
      },
      v,
    );
    const id = created.id;
    let version = created.version;
    if (d.state === 'received') {
      await this.petitions.backdate(id, { receivedAt: received.toJSDate() });
      return;
    }
    const support = (d.support ?? []).map((c) => ids.get(c)!);
    version = (await this.petitions.assign(id, { leadDepartmentId: ids.get(d.lead)!, supportDepartmentIds: support }, version, v)).version;
    const assignedAt = received.plus({ days: 2 }).set({ hour: 9 });
    if (d.state === 'assigned' || d.state === 'overdue') {
      await this.petitions.backdate(id, { receivedAt: received.toJSDate(), assignedAt: assignedAt.toJSDate() });
      return;
    }
    const onSpot = d.state === 'on_spot' || d.state === 'commitment';
    const answeredAt = assignedAt.plus({ days: onSpot ? 3 : 6 }).set({ hour: 15 });
    version = (
      await this.petitions.answer(
        id,
        {
          mode: onSpot ? 'on_spot' : 'written',
          text: onSpot
            ? `Tại hội nghị, lãnh đạo đơn vị đã trả lời trực tiếp và giao bộ phận chuyên môn hướng dẫn doanh nghiệp hoàn thiện hồ sơ.`
            : `Đơn vị đã có văn bản trả lời, hướng dẫn doanh nghiệp thực hiện theo quy định hiện hành.`,
          documentNo: onSpot ? undefined : `${100 + i}/${d.lead}-VP`,
          signedBy: onSpot ? undefined : 'Phó Giám đốc',
          commitment:
            d.state === 'commitment'
              ? {
                  text: 'Gửi báo cáo kết quả rà soát cho doanh nghiệp và Tổ công tác',
                  dueAt: DateTime.now().setZone(DEFAULT_TIMEZONE).plus({ days: 20 }).set({ hour: 17, minute: 0, second: 0, millisecond: 0 }).toISO()!,
                }
              : undefined,
        },
        version,
        v,
      )
    ).version;
    if (d.published) version = (await this.petitions.publish(id, version, v)).version;
    if (d.state === 'closed' || d.state === 'reopened') await this.petitions.close(id, version, v);
    await this.petitions.backdate(id, { receivedAt: received.toJSDate(), assignedAt: assignedAt.toJSDate(), answeredAt: answeredAt.toJSDate() });
    if (d.state === 'reopened') {
      await this.petitions.reopen(
        id,
        { reason: 'Tại hội nghị đối thoại, doanh nghiệp cho biết kiến nghị vẫn chưa được giải quyết dứt điểm' },
        (await this.petitions.detail(id, v)).version,
        v,
      );
    }
  }
}
