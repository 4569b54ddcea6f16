import { busyPortMessage, startupBanner } from './startup-banner';

describe('start-up banner', () => {
  const base = { port: 3000, database: 'SQLite ./data/diemcau.sqlite', admin: null, demo: null };

  it.each([
    [
      'PUBLIC_URL set: that address, no warning',
      { publicUrl: 'https://diemcau.bacninh.gov.vn', lan: ['192.168.1.20'] },
      ['https://diemcau.bacninh.gov.vn/'],
      ['⚠', '192.168.1.20'],
    ],
    [
      'a LAN address: it first, localhost second, the loopback warning',
      { publicUrl: undefined, lan: ['192.168.1.20', '10.0.0.5'] },
      ['http://192.168.1.20:3000/', 'http://10.0.0.5:3000/', 'http://localhost:3000/', '⚠ Mở bằng localhost', 'PUBLIC_URL'],
      [],
    ],
    [
      'no LAN address: localhost with the warning',
      { publicUrl: undefined, lan: [] },
      ['http://localhost:3000/', '⚠ Máy này chưa có địa chỉ mạng nội bộ'],
      ['192.168'],
    ],
  ])('%s', (_name, input, present, absent) => {
    const text = startupBanner({ ...base, ...input });
    for (const p of present) expect(text).toContain(p);
    for (const a of absent) expect(text).not.toContain(a);
  });

  it('shows a generated admin password inside the banner, and the demo board on the LAN address', () => {
    const text = startupBanner({
      ...base,
      publicUrl: undefined,
      lan: ['192.168.1.20'],
      admin: { username: 'admin', password: 's3cret-Once' },
      demo: { liveConferenceId: 'c1', accounts: [{ username: 'dieuhanh', password: 'DieuHanh@2021', label: 'operator' }] } as never,
    });
    expect(text).toMatch(/admin {2}s3cret-Once/);
    expect(text).toContain('http://192.168.1.20:3000/board/c1');
  });

  it('explains a busy port in Vietnamese with what to do', () => {
    expect(busyPortMessage(3000)).toContain('Cổng 3000 đang được dùng');
    expect(busyPortMessage(3000)).toContain('PORT=3001 npm start');
  });
});
