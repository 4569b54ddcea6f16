/**
 * The demo: Bắc Ninh province's plan of June 2021, with dates moved so the first conference is
 * happening today. Names of places, units and industrial parks are real; contact names and phone
 * numbers are invented for the demo.
 */
import type { Level } from '../common/domain';

export interface DemoPoint {
  code: string;
  name: string;
  level: Level;
  parentCode?: string;
  address?: string;
  contactName: string;
  contactPhone: string;
  capacity?: number;
}

export const DEMO_POINTS: DemoPoint[] = [
  {
    code: 'TW',
    name: 'Điểm cầu Trung ương (Văn phòng Chính phủ)',
    level: 'central',
    address: '1 Hoàng Hoa Thám, Ba Đình, Hà Nội',
    contactName: 'Trần Minh Đức',
    contactPhone: '0243 8043 100',
    capacity: 120,
  },
  {
    code: 'T-VPUB',
    name: 'Văn phòng UBND tỉnh Bắc Ninh',
    level: 'province',
    parentCode: 'TW',
    address: 'Số 10 Phù Đổng Thiên Vương, TP Bắc Ninh',
    contactName: 'Nguyễn Thị Thu Hà',
    contactPhone: '0222 3822 589',
    capacity: 250,
  },
  {
    code: 'T-BQLKCN',
    name: 'Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh',
    level: 'province',
    parentCode: 'TW',
    address: 'Số 9 Lý Thái Tổ, TP Bắc Ninh',
    contactName: 'Lê Văn Khánh',
    contactPhone: '0222 3874 346',
    capacity: 60,
  },
  // The eight district-level units as they stood in mid-2021.
  {
    code: 'H-TPBN',
    name: 'UBND thành phố Bắc Ninh',
    level: 'district',
    parentCode: 'T-VPUB',
    contactName: 'Phạm Quốc Hùng',
    contactPhone: '0222 3821 230',
    capacity: 80,
  },
  {
    code: 'H-TUSON',
    name: 'UBND thị xã Từ Sơn',
    level: 'district',
    parentCode: 'T-VPUB',
    contactName: 'Ngô Thị Lan',
    contactPhone: '0222 3831 215',
    capacity: 60,
  },
  {
    code: 'H-QUEVO',
    name: 'UBND huyện Quế Võ',
    level: 'district',
    parentCode: 'T-VPUB',
    contactName: 'Đỗ Văn Tuấn',
    contactPhone: '0222 3863 218',
    capacity: 50,
  },
  {
    code: 'H-THUANTHANH',
    name: 'UBND huyện Thuận Thành',
    level: 'district',
    parentCode: 'T-VPUB',
    contactName: 'Vũ Thị Hồng',
    contactPhone: '0222 3865 226',
    capacity: 50,
  },
  {
    code: 'H-TIENDU',
    name: 'UBND huyện Tiên Du',
    level: 'district',
    parentCode: 'T-VPUB',
    contactName: 'Hoàng Văn Nam',
    contactPhone: '0222 3837 212',
    capacity: 50,
  },
  {
    code: 'H-YENPHONG',
    name: 'UBND huyện Yên Phong',
    level: 'district',
    parentCode: 'T-VPUB',
    contactName: 'Nguyễn Đức Thắng',
    contactPhone: '0222 3860 276',
    capacity: 50,
  },
  {
    code: 'H-GIABINH',
    name: 'UBND huyện Gia Bình',
    level: 'district',
    parentCode: 'T-VPUB',
    contactName: 'Trần Thị Mai',
    contactPhone: '0222 3670 214',
    capacity: 40,
  },
  {
    code: 'H-LUONGTAI',
    name: 'UBND huyện Lương Tài',
    level: 'district',
    parentCode: 'T-VPUB',
    contactName: 'Bùi Văn Long',
    contactPhone: '0222 3867 237',
    capacity: 40,
  },
  // Some communes, wards and townships.
  {
    code: 'X-SUOIHOA',
    name: 'UBND phường Suối Hoa',
    level: 'commune',
    parentCode: 'H-TPBN',
    contactName: 'Nguyễn Văn Bình',
    contactPhone: '0222 3825 101',
    capacity: 20,
  },
  {
    code: 'X-DONGNGAN',
    name: 'UBND phường Đông Ngàn',
    level: 'commune',
    parentCode: 'H-TUSON',
    contactName: 'Lê Thị Hạnh',
    contactPhone: '0222 3832 102',
    capacity: 20,
  },
  {
    code: 'X-TTHO',
    name: 'UBND thị trấn Hồ',
    level: 'commune',
    parentCode: 'H-THUANTHANH',
    contactName: 'Đặng Văn Cường',
    contactPhone: '0222 3865 103',
    capacity: 20,
  },
  {
    code: 'X-DAIDONG',
    name: 'UBND xã Đại Đồng',
    level: 'commune',
    parentCode: 'H-TIENDU',
    contactName: 'Phan Thị Yến',
    contactPhone: '0222 3714 104',
    capacity: 15,
  },
  {
    code: 'X-TTCHO',
    name: 'UBND thị trấn Chờ',
    level: 'commune',
    parentCode: 'H-YENPHONG',
    contactName: 'Trịnh Văn Hải',
    contactPhone: '0222 3860 105',
    capacity: 20,
  },
  {
    code: 'X-TTTHUA',
    name: 'UBND thị trấn Thứa',
    level: 'commune',
    parentCode: 'H-LUONGTAI',
    contactName: 'Mai Thị Huyền',
    contactPhone: '0222 3867 106',
    capacity: 15,
  },
  // Investor offices of the industrial parks, and enterprises.
  {
    code: 'KCN-VSIP',
    name: 'KCN VSIP Bắc Ninh (Công ty TNHH VSIP Bắc Ninh)',
    level: 'enterprise',
    parentCode: 'H-TUSON',
    contactName: 'Nguyễn Hoàng Anh',
    contactPhone: '0222 3765 511',
    capacity: 30,
  },
  {
    code: 'KCN-YENPHONG',
    name: 'KCN Yên Phong (Tổng công ty Viglacera)',
    level: 'enterprise',
    parentCode: 'H-YENPHONG',
    contactName: 'Lương Văn Sơn',
    contactPhone: '0222 3699 512',
    capacity: 30,
  },
  {
    code: 'KCN-QUEVO',
    name: 'KCN Quế Võ (Công ty CP Phát triển đô thị Kinh Bắc)',
    level: 'enterprise',
    parentCode: 'H-QUEVO',
    contactName: 'Tạ Thị Ngọc',
    contactPhone: '0222 3634 513',
    capacity: 30,
  },
  {
    code: 'KCN-TIENSON',
    name: 'KCN Tiên Sơn (Tổng công ty Viglacera)',
    level: 'enterprise',
    parentCode: 'H-TIENDU',
    contactName: 'Hà Văn Quang',
    contactPhone: '0222 3714 514',
    capacity: 25,
  },
  {
    code: 'KCN-DAIDONG',
    name: 'KCN Đại Đồng - Hoàn Sơn',
    level: 'enterprise',
    parentCode: 'H-TIENDU',
    contactName: 'Kiều Thị Thảo',
    contactPhone: '0222 3714 515',
    capacity: 25,
  },
  {
    code: 'KCN-THUANTHANH2',
    name: 'KCN Thuận Thành II',
    level: 'enterprise',
    parentCode: 'H-THUANTHANH',
    contactName: 'Dương Văn Lực',
    contactPhone: '0222 3865 516',
    capacity: 20,
  },
  {
    code: 'KCN-GIABINH',
    name: 'KCN Gia Bình',
    level: 'enterprise',
    parentCode: 'H-GIABINH',
    contactName: 'Cao Thị Vân',
    contactPhone: '0222 3670 517',
    capacity: 20,
  },
  {
    code: 'KCN-NAMSON',
    name: 'KCN Nam Sơn - Hạp Lĩnh',
    level: 'enterprise',
    parentCode: 'H-TPBN',
    contactName: 'Lý Văn Toàn',
    contactPhone: '0222 3825 518',
    capacity: 20,
  },
  {
    code: 'DN-SAMSUNG',
    name: 'Công ty TNHH Samsung Electronics Việt Nam',
    level: 'enterprise',
    parentCode: 'H-YENPHONG',
    contactName: 'Kim Ji-hoon',
    contactPhone: '0222 3696 600',
    capacity: 40,
  },
  {
    code: 'DN-CANON',
    name: 'Công ty TNHH Canon Việt Nam (chi nhánh Quế Võ)',
    level: 'enterprise',
    parentCode: 'H-QUEVO',
    contactName: 'Tanaka Hiroshi',
    contactPhone: '0222 3634 601',
    capacity: 30,
  },
  {
    code: 'DN-DABACO',
    name: 'Công ty CP Tập đoàn Dabaco Việt Nam',
    level: 'enterprise',
    parentCode: 'H-TPBN',
    contactName: 'Nguyễn Văn Thành',
    contactPhone: '0222 3826 077',
    capacity: 30,
  },
];

const DISTRICTS = ['H-TPBN', 'H-TUSON', 'H-QUEVO', 'H-THUANTHANH', 'H-TIENDU', 'H-YENPHONG', 'H-GIABINH', 'H-LUONGTAI'];
const INDUSTRIAL_PARKS = ['KCN-VSIP', 'KCN-YENPHONG', 'KCN-QUEVO', 'KCN-TIENSON', 'KCN-DAIDONG', 'KCN-THUANTHANH2', 'KCN-GIABINH', 'KCN-NAMSON'];

export interface DemoItem {
  title: string;
  kind: 'opening' | 'report' | 'speech' | 'discussion' | 'break' | 'video' | 'qa' | 'closing';
  durationMinutes: number;
  presenter?: string;
  responsibleUnit?: string;
  pointCode?: string;
}

export interface DemoConference {
  key: 'competitiveness' | 'fdi' | 'domestic' | 'investment';
  /** The title it was first planned under (kept in the history when renamed). */
  plannedTitle?: string;
  title: string;
  description: string;
  format: 'online' | 'in_person' | 'hybrid';
  category: string;
  /** Days from today, and local start time in Asia/Ho_Chi_Minh; `null` = starts at the current half hour. */
  dayOffset: number;
  localStart: string | null;
  durationMinutes: number;
  hostCode: string;
  online: string[];
  inPerson: string[];
  status: 'draft' | 'scheduled' | 'live';
  items: DemoItem[];
}

export const DEMO_CONFERENCES: DemoConference[] = [
  {
    key: 'competitiveness',
    plannedTitle: 'Hội thảo cải thiện môi trường kinh doanh, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh',
    title: 'Hội nghị cải tiến các chỉ số nâng cao năng lực cạnh tranh của các địa phương',
    description:
      'Đánh giá kết quả các chỉ số PCI, PAPI, PAR Index, ICT Index năm trước và giải pháp cải thiện; trực tuyến tới điểm cầu Trung ương, cấp tỉnh và cấp huyện.',
    format: 'online',
    category: 'hội nghị chuyên đề',
    dayOffset: 0,
    localStart: null,
    durationMinutes: 210,
    hostCode: 'T-VPUB',
    online: ['TW', 'T-BQLKCN', ...DISTRICTS],
    inPerson: [],
    status: 'live',
    items: [
      { title: 'Tuyên bố lý do, giới thiệu đại biểu', kind: 'opening', durationMinutes: 10, responsibleUnit: 'Văn phòng UBND tỉnh', pointCode: 'T-VPUB' },
      { title: 'Phát biểu khai mạc của Chủ tịch UBND tỉnh', kind: 'speech', durationMinutes: 15, presenter: 'Chủ tịch UBND tỉnh', pointCode: 'T-VPUB' },
      {
        title: 'Báo cáo kết quả chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm trước và giải pháp cải thiện',
        kind: 'report',
        durationMinutes: 25,
        responsibleUnit: 'Viện Nghiên cứu phát triển kinh tế - xã hội tỉnh',
        pointCode: 'T-VPUB',
      },
      {
        title: 'Báo cáo chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)',
        kind: 'report',
        durationMinutes: 20,
        responsibleUnit: 'Viện Nghiên cứu phát triển kinh tế - xã hội tỉnh',
        pointCode: 'T-VPUB',
      },
      {
        title: 'Báo cáo chỉ số sẵn sàng ứng dụng công nghệ thông tin (ICT Index)',
        kind: 'report',
        durationMinutes: 20,
        responsibleUnit: 'Sở Thông tin và Truyền thông',
        pointCode: 'T-VPUB',
      },
      { title: 'Báo cáo chỉ số cải cách hành chính (PAR Index)', kind: 'report', durationMinutes: 20, responsibleUnit: 'Sở Nội vụ', pointCode: 'T-VPUB' },
      { title: 'Nghỉ giải lao', kind: 'break', durationMinutes: 10 },
      {
        title: 'Ý kiến của UBND huyện Thuận Thành',
        kind: 'discussion',
        durationMinutes: 15,
        presenter: 'Chủ tịch UBND huyện Thuận Thành',
        pointCode: 'H-THUANTHANH',
      },
      { title: 'Ý kiến của UBND thị xã Từ Sơn', kind: 'discussion', durationMinutes: 15, presenter: 'Chủ tịch UBND thị xã Từ Sơn', pointCode: 'H-TUSON' },
      { title: 'Thảo luận của các sở, ngành, địa phương', kind: 'discussion', durationMinutes: 40 },
      { title: 'Kết luận hội nghị', kind: 'closing', durationMinutes: 20, presenter: 'Chủ tịch UBND tỉnh', pointCode: 'T-VPUB' },
    ],
  },
  {
    key: 'fdi',
    title: 'Hội nghị đối thoại với doanh nghiệp FDI',
    description:
      'Đối thoại giữa lãnh đạo tỉnh với các doanh nghiệp có vốn đầu tư nước ngoài: tiếp nhận kiến nghị về thủ tục đầu tư, đất đai, lao động, phòng chống dịch COVID-19 trong khu công nghiệp.',
    format: 'hybrid',
    category: 'đối thoại doanh nghiệp',
    dayOffset: 7,
    localStart: '08:00',
    durationMinutes: 210,
    hostCode: 'T-VPUB',
    online: ['T-BQLKCN', ...DISTRICTS, ...INDUSTRIAL_PARKS],
    inPerson: [],
    status: 'scheduled',
    items: [
      { title: 'Tuyên bố lý do, giới thiệu đại biểu', kind: 'opening', durationMinutes: 10, pointCode: 'T-VPUB' },
      {
        title: 'Báo cáo tình hình hoạt động của doanh nghiệp FDI trong các khu công nghiệp',
        kind: 'report',
        durationMinutes: 20,
        responsibleUnit: 'Ban Quản lý các khu công nghiệp tỉnh',
        pointCode: 'T-BQLKCN',
      },
      { title: 'Doanh nghiệp nêu kiến nghị, ý kiến phản ánh', kind: 'qa', durationMinutes: 90, pointCode: 'KCN-VSIP' },
      { title: 'Các sở, ngành trả lời kiến nghị', kind: 'discussion', durationMinutes: 60, responsibleUnit: 'Sở Kế hoạch và Đầu tư' },
      { title: 'Kết luận của Chủ tịch UBND tỉnh', kind: 'closing', durationMinutes: 20, presenter: 'Chủ tịch UBND tỉnh', pointCode: 'T-VPUB' },
    ],
  },
  {
    key: 'domestic',
    title: 'Hội nghị đối thoại với doanh nghiệp trong nước',
    description:
      'Đối thoại giữa lãnh đạo tỉnh với các doanh nghiệp, hợp tác xã trong nước; trực tiếp tại Văn phòng UBND tỉnh, trực tuyến tại các huyện và khu công nghiệp.',
    format: 'hybrid',
    category: 'đối thoại doanh nghiệp',
    dayOffset: 9,
    localStart: '08:00',
    durationMinutes: 210,
    hostCode: 'T-VPUB',
    online: ['T-BQLKCN', ...DISTRICTS, ...INDUSTRIAL_PARKS],
    inPerson: ['DN-DABACO'],
    status: 'scheduled',
    items: [
      { title: 'Tuyên bố lý do, giới thiệu đại biểu', kind: 'opening', durationMinutes: 10, pointCode: 'T-VPUB' },
      {
        title: 'Báo cáo tình hình sản xuất kinh doanh của doanh nghiệp trong nước',
        kind: 'report',
        durationMinutes: 20,
        responsibleUnit: 'Sở Kế hoạch và Đầu tư',
        pointCode: 'T-VPUB',
      },
      { title: 'Doanh nghiệp nêu kiến nghị', kind: 'qa', durationMinutes: 100 },
      { title: 'Các sở, ngành trả lời kiến nghị', kind: 'discussion', durationMinutes: 60 },
      { title: 'Kết luận của Chủ tịch UBND tỉnh', kind: 'closing', durationMinutes: 20, presenter: 'Chủ tịch UBND tỉnh', pointCode: 'T-VPUB' },
    ],
  },
  {
    key: 'investment',
    title: 'Hội nghị xúc tiến đầu tư tỉnh Bắc Ninh',
    description: 'Giới thiệu môi trường đầu tư, quỹ đất khu công nghiệp và dự án kêu gọi đầu tư; trao quyết định chủ trương đầu tư.',
    format: 'hybrid',
    category: 'xúc tiến đầu tư',
    dayOffset: 21,
    localStart: '14:00',
    durationMinutes: 150,
    hostCode: 'T-VPUB',
    online: ['TW', 'T-BQLKCN', 'KCN-VSIP', 'KCN-YENPHONG', 'KCN-QUEVO', 'DN-SAMSUNG', 'DN-CANON'],
    inPerson: ['DN-DABACO'],
    status: 'draft',
    items: [
      { title: 'Phim giới thiệu tiềm năng, cơ hội đầu tư tỉnh Bắc Ninh', kind: 'video', durationMinutes: 10 },
      { title: 'Phát biểu khai mạc', kind: 'opening', durationMinutes: 15, presenter: 'Chủ tịch UBND tỉnh', pointCode: 'T-VPUB' },
      {
        title: 'Giới thiệu môi trường đầu tư và danh mục dự án kêu gọi đầu tư',
        kind: 'report',
        durationMinutes: 30,
        responsibleUnit: 'Sở Kế hoạch và Đầu tư',
        pointCode: 'T-VPUB',
      },
      { title: 'Phát biểu của đại diện nhà đầu tư', kind: 'speech', durationMinutes: 20, pointCode: 'DN-SAMSUNG' },
      { title: 'Trao quyết định chủ trương đầu tư, giấy chứng nhận đăng ký đầu tư', kind: 'speech', durationMinutes: 30, pointCode: 'T-VPUB' },
      { title: 'Bế mạc', kind: 'closing', durationMinutes: 15, pointCode: 'T-VPUB' },
    ],
  },
];

/** Demo accounts, printed at start-up (demo only). */
export const DEMO_ACCOUNTS = [
  { username: 'bantochuc', password: 'BanToChuc@2021', role: 'organizer' as const, label: 'Ban tổ chức / organizer' },
  { username: 'dieuhanh', password: 'DieuHanh@2021', role: 'operator' as const, label: 'Cán bộ điều hành / operator' },
  { username: 'thuanthanh', password: 'ThuanThanh@2021', role: 'point' as const, pointCode: 'H-THUANTHANH', label: 'Điểm cầu huyện Thuận Thành / point' },
];
