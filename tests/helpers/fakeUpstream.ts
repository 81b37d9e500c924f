// Test helper: a tiny SPARQL server (node:http on 127.0.0.1) standing in for the remote store in
// fault tests: a real server, not a mock object, whose behaviour the test switches — answer, drop
// the connection mid-answer, stop answering, fail with 500, or go away and come back on its port.
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type UpstreamMode = 'ok' | 'cut' | 'hang' | 'error' | 'big' | 'bigCut';

export interface FakeUpstream {
  readonly queryUrl: string;
  mode: UpstreamMode;
  /** Queries received so far. */
  readonly received: string[];
  /** Closes the listener and every connection: the server is gone (connection refused). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

const ROW = (i: number) => `{"s":{"type":"uri","value":"http://example.org/s${i}"},"o":{"type":"literal","value":"value ${i} ${'x'.repeat(200)}"}}`;

function answer(res: ServerResponse, query: string, rows: number): void {
  if (/\bASK\b/i.test(query)) {
    res.writeHead(200, { 'Content-Type': 'application/sparql-results+json' });
    res.end('{"head":{},"boolean":true}');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/sparql-results+json' });
  res.end(`{"head":{"vars":["s","o"]},"results":{"bindings":[${Array.from({ length: rows }, (_, i) => ROW(i)).join(',')}]}}`);
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const state = { mode: 'ok' as UpstreamMode, received: [] as string[] };
  const listen = async () => {
    const s = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const query = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('query') ?? '';
        state.received.push(query);
        // The readiness probe (ASK {}) is always answered, except when the server is gone.
        const mode = query.trim() === 'ASK {}' && state.mode !== 'hang' ? 'ok' : state.mode;
        if (mode === 'ok') answer(res, query, 3);
        else if (mode === 'big') answer(res, query, 20_000);
        else if (mode === 'error') {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end('Virtuoso 42000 Error SR001: internal failure\n');
        } else if (mode === 'cut') {
          res.writeHead(200, { 'Content-Type': 'application/sparql-results+json' });
          res.write('{"head":{"vars":["s","o"]},"results":{"bindings":[');
          res.write(ROW(0));
          setTimeout(() => res.socket?.destroy(), 20);
        } else if (mode === 'bigCut') {
          // Some megabytes of rows (past the point where our server starts streaming), then the connection drops.
          res.writeHead(200, { 'Content-Type': 'application/sparql-results+json' });
          res.write(`{"head":{"vars":["s","o"]},"results":{"bindings":[${Array.from({ length: 10_000 }, (_, i) => ROW(i)).join(',')},`);
          setTimeout(() => res.socket?.destroy(), 50);
        } else if (mode === 'hang') {
          // Never answers.
        }
      });
    });
    s.on('connection', (c: Socket) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
    s.listen(port, '127.0.0.1');
    await once(s, 'listening');
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  await listen();
  return {
    get queryUrl() { return `http://127.0.0.1:${port}/sparql`; },
    get mode() { return state.mode; },
    set mode(m: UpstreamMode) { state.mode = m; },
    received: state.received,
    stop: async () => {
      const s = server;
      server = undefined;
      if (!s) return;
      for (const c of sockets) c.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: listen,
  };
}
