import type { PetitionField } from '../petitions/entities/petition.entity';

/** The departments that answered the enterprises' petitions at Bắc Ninh's 2021 dialogues. */
export const DEMO_DEPARTMENTS = [
  { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư', shortName: 'Sở KH&ĐT' },
  { code: 'STNMT', name: 'Sở Tài nguyên và Môi trường', shortName: 'Sở TN&MT' },
  { code: 'SXD', name: 'Sở Xây dựng', shortName: 'Sở XD' },
  { code: 'SLDTBXH', name: 'Sở Lao động – Thương binh và Xã hội', shortName: 'Sở LĐ-TB&XH' },
  { code: 'STTTT', name: 'Sở Thông tin và Truyền thông', shortName: 'Sở TT&TT' },
  { code: 'SNV', name: 'Sở Nội vụ', shortName: 'Sở NV' },
  { code: 'CT', name: 'Cục Thuế tỉnh', shortName: 'Cục Thuế' },
  { code: 'CHQ', name: 'Cục Hải quan tỉnh', shortName: 'Cục Hải quan' },
  { code: 'BHXH', name: 'Bảo hiểm xã hội tỉnh', shortName: 'BHXH tỉnh' },
  { code: 'BQLKCN', name: 'Ban Quản lý các khu công nghiệp tỉnh', shortName: 'BQL các KCN' },
  { code: 'CA', name: 'Công an tỉnh', shortName: 'Công an tỉnh' },
  { code: 'VNCPT', name: 'Viện Nghiên cứu phát triển kinh tế – xã hội tỉnh', shortName: 'Viện NCPT KT-XH' },
] as const;

/** The demo department account (printed at start-up with the others). */
export const DEMO_DEPARTMENT_ACCOUNT = {
  username: 'sotnmt',
  password: 'SoTNMT@2021',
  role: 'department' as const,
  departmentCode: 'STNMT',
  label: 'Sở Tài nguyên và Môi trường / department',
};

/** Where a demo petition stands. */
export type DemoState = 'received' | 'assigned' | 'overdue' | 'on_spot' | 'written' | 'closed' | 'reopened' | 'commitment';

export interface DemoPetition {
  conference: 'fdi' | 'domestic';
  field: PetitionField;
  title: string;
  /** Plainly fictitious enterprises ("giả định"). */
  organization: string;
  lead: string;
  support?: string[];
  state: DemoState;
  /** Received this many days ago. */
  daysAgo: number;
  anonymous?: boolean;
  published?: boolean;
}

const fdi = (
  field: PetitionField,
  title: string,
  organization: string,
  lead: string,
  state: DemoState,
  daysAgo: number,
  extra: Partial<DemoPetition> = {},
): DemoPetition => ({ conference: 'fdi', field, title, organization, lead, state, daysAgo, ...extra });
const dom = (
  field: PetitionField,
  title: string,
  organization: string,
  lead: string,
  state: DemoState,
  daysAgo: number,
  extra: Partial<DemoPetition> = {},
): DemoPetition => ({ conference: 'domestic', field, title, organization, lead, state, daysAgo, ...extra });

/**
 * About 40 invented petitions spread over the fields roughly as at the 2023 dialogue (investment 39, land 29,
 * security 16, labour and insurance 13 of 118): investment 13, land 10, security 5, labour 3, social insurance 2, others 7.
 */
export const DEMO_PETITIONS: DemoPetition[] = [
  fdi(
    'investment',
    'Đề nghị rút ngắn thời gian điều chỉnh Giấy chứng nhận đăng ký đầu tư khi tăng vốn',
    'Công ty TNHH Linh Kiện Mẫu Sao Mai (giả định)',
    'SKHDT',
    'written',
    40,
    { published: true },
  ),
  fdi('investment', 'Hướng dẫn thủ tục chuyển nhượng dự án trong khu công nghiệp', 'Công ty TNHH Điện Tử Ví Dụ Kim Long (giả định)', 'BQLKCN', 'on_spot', 35),
  fdi('investment', 'Đề nghị hỗ trợ thủ tục mở rộng nhà xưởng giai đoạn 2', 'Công ty TNHH Thử Nghiệm Hanoi Precision (giả định)', 'BQLKCN', 'assigned', 6, {
    support: ['SXD'],
  }),
  fdi('investment', 'Kiến nghị ưu đãi đầu tư cho dự án công nghệ cao', 'Công ty TNHH Minh Họa Bright Tech (giả định)', 'SKHDT', 'overdue', 30),
  fdi('investment', 'Đề nghị làm rõ điều kiện áp dụng thủ tục đầu tư đặc biệt', 'Công ty TNHH Mẫu Green Circuit (giả định)', 'SKHDT', 'received', 3),
  fdi('investment', 'Thời gian thẩm định dự án điều chỉnh mục tiêu kéo dài', 'Công ty TNHH Ví Dụ Orion Parts (giả định)', 'SKHDT', 'commitment', 28),
  dom('investment', 'Đề nghị bố trí quỹ đất cho dự án cụm công nghiệp làng nghề', 'Công ty CP Đầu Tư Mẫu Đông Hồ (giả định)', 'SKHDT', 'assigned', 8, {
    support: ['STNMT'],
  }),
  dom('investment', 'Kiến nghị công khai danh mục dự án kêu gọi đầu tư năm tới', 'Hiệp hội Doanh nghiệp Mẫu Kinh Bắc (giả định)', 'SKHDT', 'on_spot', 33, {
    published: true,
  }),
  dom('investment', 'Đề nghị hỗ trợ doanh nghiệp nhỏ tiếp cận vốn vay ưu đãi', 'Công ty TNHH Ví Dụ Gốm Phù Lãng (giả định)', 'SKHDT', 'written', 38, {
    published: true,
  }),
  dom('investment', 'Thủ tục chấp thuận chủ trương đầu tư dự án nhà ở xã hội', 'Công ty CP Minh Họa An Cư (giả định)', 'SXD', 'overdue', 26),
  dom('investment', 'Đề nghị đơn giản hóa hồ sơ đăng ký thay đổi ngành nghề kinh doanh', 'Công ty TNHH Thử Nghiệm Tre Việt (giả định)', 'SKHDT', 'closed', 45, {
    published: true,
  }),
  dom('investment', 'Kiến nghị hỗ trợ chuyển đổi số cho doanh nghiệp nhỏ và vừa', 'Công ty TNHH Mẫu Số Hóa Việt (giả định)', 'STTTT', 'assigned', 5),
  dom('investment', 'Đề nghị hướng dẫn thủ tục đầu tư vào khu du lịch sinh thái', 'Công ty CP Ví Dụ Sông Cầu Xanh (giả định)', 'SKHDT', 'received', 2),
  fdi(
    'land',
    'Chậm cấp Giấy chứng nhận quyền sử dụng đất cho phần diện tích mở rộng',
    'Công ty TNHH Linh Kiện Mẫu Sao Mai (giả định)',
    'STNMT',
    'reopened',
    60,
  ),
  fdi('land', 'Đề nghị gia hạn thời hạn thuê đất của dự án', 'Công ty TNHH Ví Dụ Precision Mold (giả định)', 'STNMT', 'on_spot', 34),
  fdi('land', 'Vướng mắc giải phóng mặt bằng đường vào nhà máy', 'Công ty TNHH Thử Nghiệm Kiwa Parts (giả định)', 'STNMT', 'overdue', 32, { support: ['SXD'] }),
  fdi('land', 'Đề nghị điều chỉnh đơn giá thuê đất theo chu kỳ', 'Công ty TNHH Mẫu Nova Film (giả định)', 'STNMT', 'written', 36, {
    support: ['CT'],
    published: true,
  }),
  dom('land', 'Đề nghị cấp đổi Giấy chứng nhận quyền sử dụng đất sau dồn thửa', 'Công ty TNHH Minh Họa Nông Sản Yên Phong (giả định)', 'STNMT', 'assigned', 7),
  dom('land', 'Kiến nghị về giá đất tính tiền sử dụng đất dự án khu đô thị', 'Công ty CP Ví Dụ Địa Ốc Lim (giả định)', 'STNMT', 'overdue', 29, {
    support: ['CT'],
  }),
  dom('land', 'Đề nghị hướng dẫn chuyển mục đích sử dụng đất làm kho bãi', 'Công ty TNHH Thử Nghiệm Vận Tải Thuận Thành (giả định)', 'STNMT', 'written', 37),
  dom('land', 'Chậm bàn giao mặt bằng trong cụm công nghiệp', 'Công ty TNHH Mẫu Đồ Gỗ Đồng Kỵ (giả định)', 'STNMT', 'on_spot', 31, { published: true }),
  dom('land', 'Đề nghị giải quyết tranh chấp ranh giới thửa đất với hộ dân', 'Công ty TNHH Ví Dụ Cơ Khí Quế Võ (giả định)', 'STNMT', 'received', 1),
  dom('land', 'Kiến nghị thủ tục thuê đất trả tiền một lần', 'Công ty CP Minh Họa Thép Tiên Sơn (giả định)', 'STNMT', 'assigned', 4),
  fdi('security', 'Đề nghị tăng cường tuần tra khu vực nhà trọ công nhân', 'Công ty TNHH Ví Dụ Electronics Vina (giả định)', 'CA', 'on_spot', 33),
  fdi('security', 'Tình trạng mất trộm vật tư tại công trường', 'Công ty TNHH Thử Nghiệm Steel Frame (giả định)', 'CA', 'written', 39),
  dom('security', 'Đề nghị đảm bảo an ninh trật tự tại cổng khu công nghiệp giờ tan ca', 'Công ty TNHH Mẫu May Mặc Từ Sơn (giả định)', 'CA', 'assigned', 6, {
    anonymous: true,
  }),
  dom('security', 'Phản ánh tình trạng đua xe trên tuyến đường vào cụm công nghiệp', 'Công ty CP Ví Dụ Bao Bì Lương Tài (giả định)', 'CA', 'overdue', 27),
  dom('security', 'Đề nghị hỗ trợ xác minh lý lịch người lao động', 'Công ty TNHH Minh Họa Dịch Vụ Bảo Vệ (giả định)', 'CA', 'received', 2),
  fdi('labour', 'Khó tuyển dụng lao động kỹ thuật bậc cao', 'Công ty TNHH Ví Dụ Display Tech (giả định)', 'SLDTBXH', 'on_spot', 35, { published: true }),
  fdi(
    'labour',
    'Đề nghị rút ngắn thời gian cấp giấy phép lao động cho chuyên gia',
    'Công ty TNHH Thử Nghiệm Camera Module (giả định)',
    'SLDTBXH',
    'written',
    41,
    { support: ['CA'] },
  ),
  dom('labour', 'Kiến nghị hỗ trợ đào tạo nghề cho lao động địa phương', 'Công ty TNHH Mẫu Dệt May Gia Bình (giả định)', 'SLDTBXH', 'assigned', 5),
  dom(
    'social_insurance',
    'Đề nghị hướng dẫn truy đóng bảo hiểm xã hội cho người lao động',
    'Công ty CP Ví Dụ Xây Lắp Tiên Du (giả định)',
    'BHXH',
    'written',
    36,
  ),
  fdi('social_insurance', 'Thủ tục giải quyết chế độ thai sản chậm', 'Công ty TNHH Minh Họa Optical Parts (giả định)', 'BHXH', 'overdue', 25, {
    anonymous: true,
  }),
  fdi('tax', 'Vướng mắc hoàn thuế giá trị gia tăng hàng xuất khẩu', 'Công ty TNHH Thử Nghiệm Battery Pack (giả định)', 'CT', 'on_spot', 34),
  dom('tax', 'Đề nghị gia hạn nộp tiền thuê đất do khó khăn', 'Công ty TNHH Mẫu Đúc Đồng Đại Bái (giả định)', 'CT', 'written', 40, { published: true }),
  fdi('customs', 'Đề nghị rút ngắn thời gian kiểm tra chuyên ngành hàng nhập khẩu', 'Công ty TNHH Ví Dụ Logistics Kinh Bắc (giả định)', 'CHQ', 'assigned', 7),
  dom(
    'environment',
    'Hướng dẫn thủ tục cấp giấy phép môi trường cho cơ sở tái chế',
    'Công ty TNHH Minh Họa Tái Chế Giấy Phong Khê (giả định)',
    'STNMT',
    'assigned',
    6,
  ),
  dom(
    'construction',
    'Đề nghị rút ngắn thời gian cấp giấy phép xây dựng nhà xưởng',
    'Công ty CP Thử Nghiệm Vật Liệu Xây Dựng (giả định)',
    'SXD',
    'written',
    38,
  ),
  fdi(
    'fire_safety',
    'Đề nghị hướng dẫn nghiệm thu phòng cháy chữa cháy nhà xưởng cải tạo',
    'Công ty TNHH Mẫu Plastic Injection (giả định)',
    'CA',
    'assigned',
    9,
  ),
  fdi(
    'infrastructure',
    'Đề nghị nâng cấp hệ thống thoát nước mưa trong khu công nghiệp',
    'Công ty TNHH Ví Dụ Precision Gear (giả định)',
    'BQLKCN',
    'received',
    3,
  ),
];
