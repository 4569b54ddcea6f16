import { createServer, type Server, type Socket } from 'node:net';

/**
 * Connections the kernel queues until Node accepts them (Node's default is 511; Linux caps it at net.core.somaxconn,
 * 4096 by default). Module loading blocks the event loop for seconds: with 511, the 512th reconnecting client's
 * SYN is dropped and it retries only after the kernel's 1 s, 3 s, 7 s… back-off.
 */
export const LISTEN_BACKLOG = 4096;

/**
 * The port, bound before the application is loaded (loading the modules takes seconds on a busy machine).
 *
 * A client that connects while the server starts — after a restart, every point page and board at once — is
 * accepted and held (paused: nothing is read) instead of being refused. A refused socket.io client backs off
 * (0.5 s doubling to 4 s on the point page), so without this the whole room came back up to 4 s after the server
 * was ready; held, each one is served the moment the application takes over the port (`handOver`).
 */
export class EarlyListener {
  private held: Socket[] = [];
  private handedOver = false;

  private constructor(private readonly server: Server) {
    server.on('connection', (s: Socket) => {
      // A held socket whose client gives up is dropped (the client retries by itself).
      s.once('error', () => s.destroy());
      this.held.push(s);
    });
  }

  /** Binds `port` (all interfaces, as `app.listen(port)` would); rejects with the listen error (e.g. EADDRINUSE). */
  static bind(port: number): Promise<EarlyListener> {
    const server = createServer({ pauseOnConnect: true });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, backlog: LISTEN_BACKLOG }, () => {
        server.removeListener('error', reject);
        resolve(new EarlyListener(server));
      });
    });
  }

  /** The port bound (the one asked for, or the one the system chose for 0). */
  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  /** Connections accepted and not yet handed over. */
  get waiting(): number {
    return this.held.length;
  }

  /**
   * `target` (the application's HTTP server, not listening yet) takes over the listening socket — there is no moment
   * when the port is closed — and is given the connections held so far, in the order they came.
   */
  handOver(target: Server): Promise<void> {
    return new Promise((resolve, reject) => {
      target.once('error', reject);
      // `listen(handle)`: the target serves the connections of this listening socket from now on.
      target.listen(this.server, LISTEN_BACKLOG, () => {
        target.removeListener('error', reject);
        this.handedOver = true;
        const held = this.held;
        this.held = [];
        for (const s of held) {
          s.removeAllListeners('error');
          if (s.destroyed) continue;
          target.emit('connection', s);
          s.resume();
        }
        resolve();
      });
    });
  }

  /** Start-up failed: closes the port and the held connections (only before `handOver`; afterwards the target owns the port). */
  close(): void {
    if (this.handedOver) return;
    for (const s of this.held) s.destroy();
    this.held = [];
    this.server.close();
  }
}
