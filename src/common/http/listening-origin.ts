import type { Request } from 'express';

/**
 * The origin this server was actually reached on, taken from the connection (the local address and port of the
 * socket), never from the `Host` or `X-Forwarded-*` headers, which a client chooses: links built from it cannot be
 * pointed at another site by a forged header. Behind a reverse proxy or TLS, set PUBLIC_URL instead.
 */
export function listeningOrigin(req: Request): string {
  const socket = req.socket;
  let host = socket.localAddress ?? '127.0.0.1';
  if (host.startsWith('::ffff:')) host = host.slice('::ffff:'.length);
  if (host.includes(':')) host = `[${host}]`;
  return `http://${host}:${socket.localPort ?? 80}`;
}
