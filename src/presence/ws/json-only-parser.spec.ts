import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { Encoder, type Packet, PacketType } from 'socket.io-parser';
import { jsonOnly, JsonOnlyEncoder, jsonOnlyParser } from './json-only-parser';

const delta = () => ({
  conferenceId: '8f0e6a52-0c1f-4c59-9d4e-3b1f0f1f8a11',
  seq: 42,
  changes: [
    { pointId: 'p1', name: 'Điểm cầu xã Tân Phú', state: 'online', since: '2026-12-05T08:00:00+07:00', readiness: { audio: true, video: null } },
    { pointId: 'p2', name: 'UBND huyện "Đông" \\ <b>', state: 'offline', quality: { audio: 'bad' }, note: null, tags: [1, 2.5, -3, true] },
  ],
  counts: { total: 2, online: 1, byLevel: { commune: { total: 2, online: 1 } } },
});

describe('JsonOnlyEncoder', () => {
  const plain = new Encoder();
  const ours = new JsonOnlyEncoder();

  it('writes a marked event exactly as Socket.IO’s own encoder writes it, in every namespace', () => {
    for (const nsp of ['/', '/live', '/a-b']) {
      const packet: Packet = { type: PacketType.EVENT, nsp, data: ['presence', jsonOnly(delta())] };
      expect(ours.encode(packet)).toEqual(plain.encode({ ...packet, data: ['presence', delta()] }));
    }
    const empty: Packet = { type: PacketType.EVENT, nsp: '/live', data: ['presence', jsonOnly({})] };
    expect(ours.encode(empty)).toEqual(['2/live,["presence",{}]']);
  });

  it('does not scan a marked payload for binary data (so a marked payload must hold none)', () => {
    // Proof that the scan is skipped: a Buffer inside a marked payload is written as JSON, where the scan would have
    // made the packet binary (a string and the Buffer as an attachment).
    const payload = { file: Buffer.from('abc') };
    expect(plain.encode({ type: PacketType.EVENT, nsp: '/live', data: ['x', payload] })).toHaveLength(2);
    const out = ours.encode({ type: PacketType.EVENT, nsp: '/live', data: ['x', jsonOnly({ file: Buffer.from('abc') })] });
    expect(out).toEqual([`2/live,${JSON.stringify(['x', { file: Buffer.from('abc') }])}`]);
  });

  it('leaves every other packet to the default encoder: unmarked payloads, acks, several arguments, other types', () => {
    const binary = () => ({ file: Buffer.from('abc') });
    const cases: Packet[] = [
      { type: PacketType.EVENT, nsp: '/live', data: ['x', binary()] },
      { type: PacketType.EVENT, nsp: '/live', data: ['x', delta()] },
      { type: PacketType.EVENT, nsp: '/live', id: 3, data: ['x', jsonOnly(delta())] },
      { type: PacketType.EVENT, nsp: '/live', data: ['x', jsonOnly(delta()), binary()] },
      { type: PacketType.ACK, nsp: '/live', id: 9, data: [jsonOnly(binary())] },
      { type: PacketType.CONNECT, nsp: '/live', data: { sid: 'abc' } },
      { type: PacketType.DISCONNECT, nsp: '/live' },
    ];
    for (const packet of cases) expect(ours.encode(packet)).toEqual(plain.encode(packet));
    // The unmarked Buffer still goes out as binary.
    expect(ours.encode(cases[0])).toHaveLength(2);
  });
});

describe('jsonOnlyParser on a Socket.IO server', () => {
  let http: HttpServer;
  let server: Server;
  let client: ClientSocket;

  beforeAll(async () => {
    http = createServer();
    server = new Server(http, { parser: jsonOnlyParser, transports: ['websocket'] });
    server.of('/live').on('connection', (socket) => {
      void socket.join('board');
      socket.on('echo', (payload: unknown, ack: (reply: unknown) => void) => ack({ ok: true, payload }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    client = connect(`http://127.0.0.1:${port}/live`, { transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
  });

  afterAll(async () => {
    client.close();
    await server.close();
  });

  it('delivers marked broadcasts and unmarked binary events to a socket.io-client unchanged, and reads what clients send', async () => {
    const got: unknown[] = [];
    client.on('presence', (p: unknown) => got.push(p));
    const binary = new Promise<unknown>((resolve) => client.once('file', resolve));
    server.of('/live').to('board').emit('presence', jsonOnly(delta()));
    server
      .of('/live')
      .to('board')
      .emit('file', { name: 'a', bytes: Buffer.from([1, 2, 3]) });
    const file = (await binary) as { name: string; bytes: Uint8Array };
    expect(file.name).toBe('a');
    expect([...new Uint8Array(file.bytes)]).toEqual([1, 2, 3]);
    // Events arrive in order: the delta came before the file.
    expect(got).toEqual([delta()]);
    const reply = await client.timeout(2000).emitWithAck('echo', { conferenceId: 'c1', note: 'Mất tiếng' });
    expect(reply).toEqual({ ok: true, payload: { conferenceId: 'c1', note: 'Mất tiếng' } });
  });
});
