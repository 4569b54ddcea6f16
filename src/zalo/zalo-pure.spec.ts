import { eventKey, parseEvent } from './zalo-events';
import { replyWindow, type ThreadItem } from './reply-window';
import { signatureMatches, zaloSignature } from './zalo-signature';

describe('zaloSignature', () => {
  const body = '{"app_id":"123","timestamp":"1700000000000"}';
  const good = zaloSignature('123', body, '1700000000000', 'oa-secret-1');
  it.each([
    ['the right header', good, true],
    ['upper-case hex', good.toUpperCase().replace('MAC=', 'mac='), true],
    ['missing', undefined, false],
    ['another secret', zaloSignature('123', body, '1700000000000', 'oa-secret-2'), false],
    ['one byte of the body changed', zaloSignature('123', body.replace('123', '124'), '1700000000000', 'oa-secret-1'), false],
    ['without mac=', good.slice(4), false],
  ])('%s → %s', (_, header, ok) => {
    expect(signatureMatches(header as string | undefined, good)).toBe(ok);
  });
  it('is sha256 of app_id + body + timestamp + secret', () => {
    expect(zaloSignature('a', 'b', 'c', 'd')).toBe('mac=88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589');
  });
});

describe('parseEvent', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  const ts = '1767225600000';
  it.each([
    [
      'user_send_text',
      { event_name: 'user_send_text', timestamp: ts, sender: { id: '11' }, recipient: { id: 'oa' }, message: { msg_id: 'm1', text: 'xin chào' } },
      { kind: 'message', senderId: '11', groupId: null, msgId: 'm1', text: 'xin chào', attachments: [] },
    ],
    [
      'user_send_group_text',
      { event_name: 'user_send_group_text', timestamp: ts, sender: { id: '11' }, recipient: { id: 'g9' }, message: { msg_id: 'm2', text: 'nhóm' } },
      { kind: 'message', senderId: '11', groupId: 'g9', msgId: 'm2' },
    ],
    [
      'anonymous_send_text',
      { event_name: 'anonymous_send_text', sender: { id: 'anon' }, message: { msg_id: 'm3', text: 'ẩn danh' } },
      { kind: 'message', senderId: 'anon', groupId: null },
    ],
    [
      'user_send_image',
      { event_name: 'user_send_image', sender: { id: '11' }, message: { msg_id: 'm4', attachments: [{ type: 'image', payload: { url: 'http://x/a.jpg' } }] } },
      { kind: 'message', attachments: [{ kind: 'image', url: 'http://x/a.jpg', name: 'image', size: 0, type: 'image' }] },
    ],
    [
      'user_send_file',
      {
        event_name: 'user_send_file',
        sender: { id: '11' },
        message: { msg_id: 'm5', attachments: [{ type: 'file', payload: { url: 'http://x/f', name: 'don.pdf', size: '2048', type: 'pdf' } }] },
      },
      { kind: 'message', attachments: [{ kind: 'file', url: 'http://x/f', name: 'don.pdf', size: 2048, type: 'pdf' }] },
    ],
    [
      'user_send_location',
      {
        event_name: 'user_send_location',
        sender: { id: '11' },
        message: { msg_id: 'm6', attachments: [{ type: 'location', payload: { coordinates: { latitude: '21.1', longitude: '106.0' } } }] },
      },
      { kind: 'message', text: 'Vị trí / location: 21.1, 106.0', attachments: [] },
    ],
    ['follow', { event_name: 'follow', follower: { id: '11' } }, { kind: 'follow', userId: '11', following: true }],
    ['unfollow', { event_name: 'unfollow', follower: { id: '11' } }, { kind: 'follow', userId: '11', following: false }],
    [
      'user_received_message',
      { event_name: 'user_received_message', message: { msg_ids: ['z1', 'z2'] } },
      { kind: 'receipt', status: 'delivered', msgIds: ['z1', 'z2'] },
    ],
    ['user_seen_message', { event_name: 'user_seen_message', message: { msg_ids: ['z1'] } }, { kind: 'receipt', status: 'seen', msgIds: ['z1'] }],
    ['oa_send_text', { event_name: 'oa_send_text', message: { msg_id: 'x' } }, { kind: 'ignored', eventName: 'oa_send_text' }],
    ['a message without sender', { event_name: 'user_send_text', message: { msg_id: 'x' } }, { kind: 'ignored' }],
  ])('%s', (_, body, expected) => {
    expect(parseEvent(body, at)).toMatchObject(expected);
  });
  it('reads the timestamp, else the time received', () => {
    expect(parseEvent({ event_name: 'follow', follower: { id: '1' }, timestamp: ts }, at)).toMatchObject({ at: new Date(1767225600000) });
    expect(parseEvent({ event_name: 'follow', follower: { id: '1' }, timestamp: 'x' }, at)).toMatchObject({ at });
  });
  it('keys events by msg_id, else by what identifies them', () => {
    expect(eventKey({ message: { msg_id: 'abc' } })).toBe('msg:abc');
    const f = { event_name: 'follow', follower: { id: '1' }, timestamp: ts };
    expect(eventKey(f)).toBe(eventKey({ ...f }));
    expect(eventKey(f)).not.toBe(eventKey({ ...f, event_name: 'unfollow' }));
  });
});

describe('replyWindow', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const h = (n: number) => new Date(t0.getTime() + n * 3600_000);
  const inb = (n: number): ThreadItem => ({ at: h(n), direction: 'in', status: 'received' });
  const out = (n: number, status = 'sent'): ThreadItem => ({ at: h(n), direction: 'out', status });
  it.each([
    ['no message from the worker', [], h(1), { open: false, repliesUsed: 0, lastInboundAt: null }],
    ['fresh', [inb(0)], h(1), { open: true, repliesUsed: 0, repliesLeft: 8 }],
    ['just before 48 h', [inb(0)], h(47.99), { open: true }],
    ['at 48 h', [inb(0)], h(48), { open: false }],
    ['8 sent', [inb(0), ...Array.from({ length: 8 }, (_, i) => out(i + 1))], h(10), { open: false, repliesUsed: 8, repliesLeft: 0 }],
    ['failed ones do not count', [inb(0), ...Array.from({ length: 8 }, (_, i) => out(i + 1, 'failed'))], h(10), { open: true, repliesUsed: 0 }],
    ['delivered and seen count', [inb(0), out(1, 'delivered'), out(2, 'seen')], h(3), { repliesUsed: 2 }],
    [
      'a new message starts a new window and count',
      [inb(0), ...Array.from({ length: 8 }, (_, i) => out(i + 1)), inb(20)],
      h(60),
      { open: true, repliesUsed: 0, until: h(68) },
    ],
    ['notes do not count', [inb(0), { at: h(1), direction: 'note', status: 'sent' } as ThreadItem], h(2), { repliesUsed: 0 }],
  ])('%s', (_, thread, now, expected) => {
    expect(replyWindow(thread as ThreadItem[], now)).toMatchObject(expected);
  });
});
