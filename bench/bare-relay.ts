/**
 * The floor the presence benchmark compares Diemcau against: a bare Socket.IO 4.8.3 relay on the same
 * namespace and events, with no auth, no validation and no persistence. The handshake's `auth.token`
 * is taken as the point id. `checkin` is acked and `{pointId}` relayed to the board room at once;
 * `board:join` joins that room. Started as a child process by presence.bench.ts (PORT from the environment).
 * RELAY_WORK_US=n (`--relay-work-us`): it first spends n µs of CPU on each check-in, a stand-in for a server's own
 * work that shows how the burst's latencies follow the CPU per check-in.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? '0');
const workNs = BigInt(Number(process.env.RELAY_WORK_US ?? '0') * 1000);
const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
});
const io = new Server(http, { transports: ['websocket', 'polling'], serveClient: false });
const live = io.of('/live');

type Ack = (response: object) => void;

live.on('connection', (socket) => {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  const pointId = typeof auth?.token === 'string' ? auth.token : socket.id;
  socket.on('board:join', (_payload: unknown, ack: unknown) => {
    void socket.join('board');
    if (typeof ack === 'function') (ack as Ack)({ ok: true, snapshot: null });
  });
  socket.on('checkin', (_payload: unknown, ack: unknown) => {
    if (workNs > 0n) for (const end = process.hrtime.bigint() + workNs; process.hrtime.bigint() < end;);
    if (typeof ack === 'function') (ack as Ack)({ ok: true, state: 'online' });
    live.to('board').emit('presence', { pointId });
  });
});

http.listen(port, '127.0.0.1', () => {
  console.log(`bare relay listening on http://127.0.0.1:${port}`);
});

const shutdown = () => {
  void io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
