// The node:http server around the app, with the limits that protect it from slow or oversized
// clients, and a graceful stop. It does not listen: the CLI (or a test) does.
import { createServer as createHttpServer, STATUS_CODES, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ServerLimits {
  readonly maxHeaderBytes: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** Close a connection on which nothing moves for this long (a client that stops reading); none when absent. */
  readonly idleTimeoutMs?: number;
}

export function createServer(app: RequestListener, limits: ServerLimits): Server {
  const server = createHttpServer({
    // HTTP/1.1 without Host is still refused (below), but with a message; Node's own 400 has none.
    requireHostHeader: false,
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts above only this often (30 s by default), so a short limit needs a short interval.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
  }, (req, res) => {
    if (req.headers.host === undefined && req.httpVersion === '1.1') {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
      res.end('an HTTP/1.1 request needs a Host header\n');
      return;
    }
    app(req, res);
  });
  // Without it, a client that never reads its answer holds the socket and the buffered response forever.
  if (limits.idleTimeoutMs) server.setTimeout(limits.idleTimeoutMs);
  // This is not a proxy: CONNECT gets a 405 rather than a silent close.
  server.on('connect', (_req, socket: Socket) => {
    const body = 'CONNECT is not supported: this server is not a proxy\n';
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST, OPTIONS\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    setTimeout(() => socket.destroy(), 1_000).unref();
  });
  server.on('clientError', (err: NodeJS.ErrnoException & { reason?: string }, socket: Socket) => answerClientError(err, socket, limits));
  return server;
}

/**
 * A request Node's parser refused (malformed, head too large, too slow) gets its status with a
 * message, as every other 4xx does; Node's own answer has an empty body. Then the connection closes.
 */
function answerClientError(err: NodeJS.ErrnoException & { reason?: string }, socket: Socket, limits: ServerLimits): void {
  // Like Node's default: answer only when nothing of a response was written on this connection yet.
  // `_httpMessage` is Node's in-flight response on the socket: a marked boundary with Node internals.
  const inFlight = (socket as unknown as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, message] = err.code === 'HPE_HEADER_OVERFLOW'
    ? [431, `the request line and headers are larger than ${limits.maxHeaderBytes} bytes (MAX_HEADER_BYTES): send long queries by POST, in the body`]
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, `the request did not arrive in time (HEADERS_TIMEOUT_MS ${limits.headersTimeoutMs} ms for the head, REQUEST_TIMEOUT_MS ${limits.requestTimeoutMs} ms for all of it)`]
      : [400, `malformed HTTP request: ${err.reason ?? 'the request could not be parsed'}`];
  const body = `${message}\n`;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
    + `Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`);
  // A peer that never reads must not keep the socket: close it whatever happens.
  setTimeout(() => socket.destroy(), 1_000).unref();
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
