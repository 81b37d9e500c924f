// Where the time of one cheap /sparql request goes at concurrency 1 (for bench/results/sparql.md).
// Everything in this one process, one request at a time over a keep-alive connection, so that the
// differences between the servers below are what each layer adds:
//   1. node:http answering a fixed string (HTTP itself, and this client);
//   2. node:http + oxigraph in this thread (the HTTP floor of bench/sparqlFloor.ts);
//   3. Express with our middleware (request log to /dev/null, headers, CORS, URL check) answering a fixed string;
//   4. the asean-kg app (createApp) with the result cache off, 4b. the same with the query run in
//   this thread (to split the worker's cost from the handler's), and 5. with the cache on (the default);
// then the pieces of the /sparql handler timed alone in loops (parse cache, ETag, negotiation, the
// worker round trip, a pino line).
//
//   npm run bench:sparql-breakdown -- [--dist DIR] [--requests N] [--query FILE.rq] [--only N] [--no-pieces]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import ox from 'oxigraph';
import pino from 'pino';
import { Graph } from '../src/graph/Graph.ts';
import { loadNquads } from '../src/graph/loadNquads.ts';
import { openDist } from '../src/graph/openDataset.ts';
import { parseQuery, withRowLimit } from '../src/graph/parseQuery.ts';
import { createApp } from '../src/http/createApp.ts';
import { negotiate } from '../src/http/negotiate.ts';
import { RESULTS_FORMATS } from '../src/rdf/formats.ts';

const argv = process.argv.slice(2);
const arg = (flag: string) => {
  const i = argv.indexOf(flag);
  return i === -1 ? undefined : argv[i + 1];
};
/** A built dist/ (`npm run build`); the default is the repository's. */
const dist = arg('--dist') ?? new URL('../dist/', import.meta.url).pathname;
const REQUESTS = Number(arg('--requests') ?? 3000);
const QUERY = readFileSync(arg('--query') ?? new URL('../tests/queries/01-meetings-chaired-by-lay-chenda.rq', import.meta.url), 'utf8');
const ACCEPT = 'application/sparql-results+json';
const PATH = `/sparql?query=${encodeURIComponent(QUERY)}`;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = request({ host: '127.0.0.1', port, path: PATH, agent, headers: { Accept: ACCEPT } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(handler: RequestListener): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Median latency (ms) of `REQUESTS` sequential requests, after a warm-up. */
async function latency(server: Server): Promise<number> {
  const { port } = server.address() as AddressInfo;
  for (let i = 0; i < 300; i++) await get(port);
  const xs: number[] = [];
  for (let i = 0; i < REQUESTS; i++) xs.push(await get(port));
  return median(xs);
}

/** Median µs of one call of `f`, over batches of 200 calls. */
function micro(f: () => unknown): number {
  for (let i = 0; i < 2000; i++) f();
  const batches: number[] = [];
  for (let b = 0; b < 50; b++) {
    const t = performance.now();
    for (let i = 0; i < 200; i++) f();
    batches.push(((performance.now() - t) * 1000) / 200);
  }
  return median(batches);
}

const devNull = pino.destination({ dest: '/dev/null', sync: true });
const logger = pino({ level: 'info' }, devNull);
const source = await openDist(dist);
const base = source.origin.kind === 'dist' ? source.origin.manifest.base : '';
const graph = await Graph.open(source, { base, poolSize: 2, queueLimit: 64, logger });
const store = new ox.Store();
loadNquads(store, new Uint8Array(source.nquads, 0, source.byteLength));
const runHere = () => store.query(QUERY, { use_default_graph_as_union: true, base_iri: base, results_format: ACCEPT }) as string;
const fixed = runHere();

const limits = { queryTimeoutMs: 10_000, maxQueryBytes: 100 * 1024, maxBodyBytes: 1024 * 1024, maxUrlBytes: 8 * 1024, maxResultRows: 100_000, maxResultBytes: 50 * 1024 * 1024, clientQueryLimit: 1 };

const servers: Array<[string, RequestListener]> = [
  ['1. node:http, fixed answer', (_req, res) => {
    res.writeHead(200, { 'Content-Type': ACCEPT });
    res.end(fixed);
  }],
  ['2. node:http + oxigraph in this thread (HTTP floor)', (req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    const body = store.query(q, { use_default_graph_as_union: true, base_iri: base, results_format: ACCEPT }) as string;
    res.writeHead(200, { 'Content-Type': ACCEPT });
    res.end(body);
  }],
  ['3. Express + our middleware, fixed answer', expressWithMiddleware()],
  ['4. asean-kg app, result cache off', createApp(graph, { limits, cacheControl: 'public, max-age=300', logger })],
  ['4b. the same, the query run in this thread instead of a worker (only to split the cost)', createApp(graph, { limits, cacheControl: 'public, max-age=300', logger })],
  ['5. asean-kg app, result cache on (default)', createApp(graph, { limits, cacheControl: 'public, max-age=300', logger, resultCache: { bytes: 32 * 1024 * 1024, maxEntryBytes: 1024 * 1024 } })],
];

/** Stage 3: the app's own middleware (same order and work as createApp) in front of a fixed answer. */
function expressWithMiddleware(): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    const started = performance.now();
    res.once('close', () => logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: performance.now() - started }, 'request'));
    next();
  });
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('Access-Control-Allow-Origin', '*');
    next();
  });
  app.get('/sparql', (_req, res) => {
    res.setHeader('Content-Type', ACCEPT);
    res.end(fixed);
  });
  return app;
}

// Server side: from the request event to the last byte handed to the socket, and the part of it
// spent waiting for graph.query() (the worker round trip as the handler sees it); medians.
const timing = { server: [] as number[], query: [] as number[], inQuery: 0 };
const originalQuery = graph.query.bind(graph);
/** Row 4b only: the query run here instead of in a worker (not a configuration to serve with: nothing could stop it). */
let inThisThread = false;
const encoder = new TextEncoder();
graph.query = async (input) => {
  const t = performance.now();
  try {
    if (inThisThread) {
      const text = store.query(input.parsed.text, { use_default_graph_as_union: true, base_iri: base, results_format: input.mediaType }) as string;
      return { body: encoder.encode(text), rows: null, truncated: null };
    }
    return await originalQuery(input);
  } finally {
    timing.inQuery += performance.now() - t;
  }
};
function timed(handler: RequestListener): RequestListener {
  return (req, res) => {
    const t = performance.now();
    timing.inQuery = 0;
    res.once('finish', () => {
      timing.server.push(performance.now() - t);
      timing.query.push(timing.inQuery);
    });
    handler(req, res);
  };
}

const rows: string[] = [];
const only = arg('--only');
for (const [name, handler] of servers.filter(([n]) => only === undefined || n.startsWith(`${only}.`) || n.startsWith(`${only} `))) {
  inThisThread = name.startsWith('4b.');
  const server = await listen(timed(handler));
  const ms = await latency(server);
  const [serverMs, queryMs] = [median(timing.server.slice(-REQUESTS)), median(timing.query.slice(-REQUESTS))];
  rows.push(`| ${name} | ${(ms * 1000).toFixed(0)} | ${(serverMs * 1000).toFixed(0)} | ${queryMs > 0 ? (queryMs * 1000).toFixed(0) : '—'} |`);
  await new Promise((r) => server.close(r));
}
agent.destroy();

const parsed = parseQuery(QUERY, base);
const pieces: Array<[string, () => unknown]> = [
  ['oxigraph query() in this thread', runHere],
  ['worker round trip: graph.query() (postMessage both ways, query in the worker)', () => undefined],
  ['parseQuery, cache hit', () => parseQuery(QUERY, base)],
  ['withRowLimit (cached regenerated text)', () => withRowLimit(parsed, 100_000)],
  ['sha256 of the query (log hash)', () => createHash('sha256').update(QUERY).digest('hex').slice(0, 12)],
  ['strong ETag (sha256 over 7 parts)', () => {
    const h = createHash('sha256');
    for (const part of [source.version, QUERY, 'null', 'json', '100000', '52428800', '']) h.update(part).update('\u0000');
    return h.digest('base64url').slice(0, 32);
  }],
  ['negotiate(Accept, results formats)', () => negotiate(ACCEPT, RESULTS_FORMATS)],
  ['pino info line with the query fields (to /dev/null)', () => logger.info({ method: 'GET', route: '/sparql', path: '/sparql', status: 200, ms: 0.3, bytes: 400, completed: true, query: { hash: 'abc', type: 'SELECT', format: 'json', rows: 3, truncated: null, outcome: 'ok' } }, 'request')],
  ['TextEncoder.encode + Buffer of the result', () => Buffer.from(new TextEncoder().encode(fixed))],
];
const micros: string[] = [];
for (const [name, f] of argv.includes('--no-pieces') ? [] : pieces) {
  if (name.startsWith('worker round trip')) {
    const xs: number[] = [];
    const input = { parsed, format: 'json' as const, mediaType: ACCEPT, dataset: undefined, timeoutMs: 10_000, limitName: 'x', maxRows: 100_000, maxBytes: 50 * 1024 * 1024 };
    for (let i = 0; i < 300; i++) await graph.query(input);
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await graph.query(input);
      xs.push((performance.now() - t) * 1000);
    }
    micros.push(`| ${name} | ${median(xs).toFixed(1)} |`);
    continue;
  }
  micros.push(`| ${name} | ${micro(f).toFixed(1)} |`);
}
await graph.close();

process.stdout.write([
  `Query: ${QUERY.split('\n').find((l) => l.startsWith('# title:'))?.slice(9) ?? 'given'} (${fixed.length} bytes of JSON); ${REQUESTS} sequential requests each, medians.`,
  '',
  '| server (this process, one keep-alive connection) | round trip µs | in the server µs | of which in graph.query() µs |',
  '|---|---:|---:|---:|',
  ...rows,
  '',
  '| piece of the handler, alone | median µs |',
  '|---|---:|',
  ...micros,
  '',
].join('\n'));
