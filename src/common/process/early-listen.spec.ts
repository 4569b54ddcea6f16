import { createServer } from 'node:http';
import { connect } from 'node:net';
import { EarlyListener } from './early-listen';

/** One raw HTTP GET over TCP; resolves with the whole answer once the server closes the connection. */
function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let body = '';
    s.on('data', (d: Buffer) => (body += d.toString()));
    s.on('end', () => resolve(body));
    s.on('error', reject);
  });
}

describe('EarlyListener', () => {
  it('holds the connections made before the application is ready and hands them over with the port', async () => {
    const early = await EarlyListener.bind(0);
    const port = early.port;
    const first = get(port, '/first');
    const second = get(port, '/second');
    // Accepted, not refused, and not answered while the application loads.
    for (let i = 0; i < 50 && early.waiting < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(early.waiting).toBe(2);

    const seen: string[] = [];
    const app = createServer((req, res) => {
      seen.push(req.url!);
      res.end(`ok ${req.url}`);
    });
    await early.handOver(app);
    expect(await first).toContain('ok /first');
    expect(await second).toContain('ok /second');
    expect(seen.sort()).toEqual(['/first', '/second']);
    // Later connections go straight to the application's server, on the same port.
    expect(await get(port, '/later')).toContain('ok /later');
    expect(early.waiting).toBe(0);
    await new Promise((r) => app.close(r));
  });

  it('refuses a port that is taken, and closes the port when start-up fails', async () => {
    const early = await EarlyListener.bind(0);
    await expect(EarlyListener.bind(early.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    early.close();
    const again = await EarlyListener.bind(early.port);
    again.close();
  });
});
