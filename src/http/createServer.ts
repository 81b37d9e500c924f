// The node:http server around the app, with the limits that protect it from slow or oversized
// clients, and a graceful stop. It does not listen: the CLI (or a test) does.
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';

export interface ServerLimits {
  readonly maxHeaderBytes: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
}

export function createServer(app: RequestListener, limits: ServerLimits): Server {
  const server = createHttpServer({
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts above only this often (30 s by default), so a short limit needs a short interval.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
  }, app);
  return server;
}

/**
 * Stops accepting connections, closes idle ones, and waits for in-flight requests up to `graceMs`;
 * then closes whatever is left. Resolves 'drained' or 'forced'.
 */
export function stopServer(server: Server, graceMs: number): Promise<'drained' | 'forced'> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      server.closeAllConnections();
      resolve('forced');
    }, graceMs);
    server.close(() => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve('drained');
    });
    server.closeIdleConnections();
  });
}
