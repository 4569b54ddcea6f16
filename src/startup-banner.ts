import { networkInterfaces } from 'node:os';
import type { DemoSummary } from './demo/demo.service';

/** The machine's IPv4 addresses other than loopback: what district phones on the office network can open. */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

export interface BannerInput {
  port: number;
  publicUrl: string | undefined;
  database: string;
  lan: string[];
  admin: { username: string; password: string } | null;
  demo: DemoSummary | null;
}

/**
 * The start-up banner: where to open the pages (the LAN address, so links and QR codes work on the points' phones),
 * a warning when only loopback would be used, the one-time admin password and the demo accounts. Vietnamese first.
 */
export function startupBanner(b: BannerInput): string {
  const line = '──────────────────────────────────────────────────────────────────────';
  const local = `http://localhost:${b.port}`;
  const lanUrl = b.lan[0] ? `http://${b.lan[0]}:${b.port}` : null;
  const base = b.publicUrl ?? lanUrl ?? local;
  const out = ['', line, ` Diemcau đang chạy / is running (${b.database})`];
  if (b.publicUrl) {
    out.push(` Mở / open:  ${b.publicUrl}/   (PUBLIC_URL)`);
  } else if (lanUrl) {
    out.push(` Mở trên mạng nội bộ / open on the office network:  ${lanUrl}/`);
    for (const extra of b.lan.slice(1)) out.push(`                                                   http://${extra}:${b.port}/`);
    out.push(` Trên chính máy này / on this machine:  ${local}/`);
    out.push(' ⚠ Mở bằng localhost thì đường dẫn tham dự và mã QR sẽ trỏ về localhost: điện thoại của điểm cầu không mở được.');
    out.push('   Hãy mở bằng địa chỉ mạng nội bộ ở trên, hoặc đặt PUBLIC_URL (ví dụ PUBLIC_URL=https://diemcau.tinh.gov.vn).');
    out.push('   Links opened through localhost point at localhost: use the LAN address above, or set PUBLIC_URL.');
  } else {
    out.push(` Mở / open:  ${local}/`);
    out.push(' ⚠ Máy này chưa có địa chỉ mạng nội bộ: đường dẫn tham dự chỉ mở được trên chính máy này. Đặt PUBLIC_URL khi có mạng.');
    out.push('   No LAN address found: check-in links only open on this machine. Set PUBLIC_URL once it is on the network.');
  }
  if (b.admin) {
    out.push(line);
    out.push(` Tài khoản quản trị vừa được tạo / admin account created (chỉ hiện một lần / shown once):`);
    out.push(`   ${b.admin.username}  ${b.admin.password}`);
  }
  if (b.demo) {
    out.push(line);
    out.push(' Dữ liệu mẫu tỉnh Bắc Ninh / Bắc Ninh demo');
    out.push(` Bảng điều hành / board:  ${base}/board/${b.demo.liveConferenceId}`);
    out.push(' Tài khoản mẫu / demo accounts (chỉ dùng thử / demo only):');
    for (const a of b.demo.accounts) out.push(`   ${a.username.padEnd(12)} ${a.password.padEnd(18)} ${a.label}`);
  }
  out.push(` API: ${base}/api/docs`);
  out.push(line);
  return out.join('\n');
}

/** A clear message for a port already in use (a second `npm start`), instead of a raw EADDRINUSE trace. */
export function busyPortMessage(port: number): string {
  return [
    '',
    `✖ Cổng ${port} đang được dùng: có thể Diemcau (hoặc chương trình khác) đã chạy sẵn.`,
    `  Mở http://localhost:${port}/ để dùng bản đang chạy, hoặc dừng nó trước, hoặc chạy trên cổng khác: PORT=3001 npm start`,
    `✖ Port ${port} is already in use (Diemcau may already be running). Open it, stop it, or choose another: PORT=3001 npm start`,
    '',
  ].join('\n');
}
