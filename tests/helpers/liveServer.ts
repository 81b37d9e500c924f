// Test helper: the app and node:http server the CLI builds (createApp + createServer, same limits),
// in this process on an ephemeral loopback port, exposing what a resource check needs: the
// http.Server (open connections), the Graph (pool state) and the log lines. Raw-socket helpers too.
import { once } from 'node:events';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Graph } from '../../src/graph/Graph.ts';
import { openDist, openFiles } from '../../src/graph/openDataset.ts';
import type { AppLimits } from '../../src/http/context.ts';
import { createApp } from '../../src/http/createApp.ts';
import { createServer, stopServer, type ServerLimits } from '../../src/http/createServer.ts';
import { capturingLogger } from './loopback.ts';

export const LIMITS: AppLimits = {
  queryTimeoutMs: 10_000, maxQueryBytes: 100 * 1024, maxBodyBytes: 1024 * 1024, maxUrlBytes: 8 * 1024,
  maxResultRows: 100_000, maxResultBytes: 50 * 1024 * 1024,
};
export const SERVER_LIMITS: ServerLimits = { maxHeaderBytes: 16 * 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 };

export interface LiveServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly graph: Graph;
  readonly logs: Array<Record<string, unknown>>;
  /** Open TCP connections. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

export interface LiveOptions {
  readonly dist?: string;
  readonly files?: readonly string[];
  readonly limits?: Partial<AppLimits>;
  readonly server?: Partial<ServerLimits>;
  readonly poolSize?: number;
  readonly queueLimit?: number;
}

export async function startLive(o: LiveOptions): Promise<LiveServer> {
  const source = o.dist ? await openDist(o.dist) : await openFiles(o.files ?? []);
  const { logger, logs } = capturingLogger();
  const base = source.origin.kind === 'dist' ? source.origin.manifest.base : 'http://example.org/base/';
  const graph = await Graph.open(source, { base, poolSize: o.poolSize ?? 2, queueLimit: o.queueLimit ?? 16, logger });
  const limits = { ...LIMITS, ...o.limits };
  const app = createApp(graph, { limits, cacheControl: 'public, max-age=300', logger });
  const server = createServer(app, { ...SERVER_LIMITS, ...o.server });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, port, server, graph, logs,
    connections: () => new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n)))),
    close: async () => {
      await stopServer(server, 1_000);
      await graph.close();
    },
  };
}

export interface RawReply {
  /** Everything the server sent. */
  readonly text: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Milliseconds until the server closed the connection (or the deadline). */
  readonly ms: number;
  readonly closed: boolean;
}

/**
 * Writes `parts` on a fresh connection (each after `everyMs`), reads until the server closes it or
 * `deadlineMs` passes, and parses the first response.
 */
export function raw(port: number, parts: ReadonlyArray<string | Buffer>, options: { everyMs?: number; deadlineMs?: number; endAfter?: boolean } = {}): Promise<RawReply> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let i = 0;
    let closed = false;
    const writeNext = () => {
      if (socket.destroyed || i >= parts.length) return;
      socket.write(parts[i++] ?? '', () => undefined);
      if (i >= parts.length && options.endAfter) socket.end();
      else if (options.everyMs) setTimeout(writeNext, options.everyMs);
      else writeNext();
    };
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ ...parseResponse(text), text, ms: performance.now() - started, closed });
    };
    const timer = setTimeout(finish, options.deadlineMs ?? 10_000);
    socket.on('connect', writeNext);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
  });
}

function parseResponse(text: string): { status: number; headers: Record<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const c = l.indexOf(':');
    if (c > 0) headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
  }
  let body = end === -1 ? '' : Buffer.from(text.slice(end + 4), 'latin1').toString('utf8');
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl === -1) return out;
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

/** Waits until the server holds no more than `n` connections. */
export async function connectionsDrop(s: LiveServer, n = 0, ms = 5_000): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    const open = await s.connections();
    if (open <= n || Date.now() > until) return open;
    await new Promise((r) => setTimeout(r, 25));
  }
}
