// Size limits and honest truncation, on a server with small limits: 413 for a long query or body,
// 414 for a long URL, 431 for oversized headers, and results cut at a row limit or a byte limit
// that always say so (X-Result-Truncated), in every format, still well-formed.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOAF, fixture, q, request, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
let sparql: string;

beforeAll(async () => {
  s = await startServer({
    files: [fixture('small.trig')],
    limits: { maxQueryBytes: 2000, maxBodyBytes: 4000, maxUrlBytes: 3000, maxResultRows: 3, maxResultBytes: 600 },
    server: { headersTimeoutMs: 500, requestTimeoutMs: 1000 },
  });
  sparql = `${s.url}/sparql`;
});
afterAll(async () => s?.close());

const NAMES = `PREFIX foaf: <${FOAF}> SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY STR(?name)`;

describe('request size limits', () => {
  it('a query over MAX_QUERY_BYTES is 413', async () => {
    const query = `ASK {} #${'x'.repeat(2000)}`;
    const r = await request(sparql, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: query });
    expect(r.status).toBe(413);
    expect(r.body).toBe('the query is 2008 bytes, over the limit of 2000 bytes (MAX_QUERY_BYTES)\n');
  });
  it('a body over MAX_BODY_BYTES is 413 before it is read', async () => {
    const r = await request(sparql, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: 'x'.repeat(5000) });
    expect(r.status).toBe(413);
    expect(r.body).toBe('the request body is larger than 4000 bytes, the limit (MAX_BODY_BYTES)\n');
  });
  it('a URL over MAX_URL_BYTES is 414 and says to POST', async () => {
    const r = await request(sparql + q(`ASK {} #${'x'.repeat(3000)}`));
    expect(r.status).toBe(414);
    expect(r.body).toMatch(/^the URL is \d+ bytes, over the limit of 3000 bytes \(MAX_URL_BYTES\): send long queries by POST\n$/);
  });
  it('headers over the limit are 431 (from Node, before any route)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${s.url}/health`, { headers: { 'X-Big': 'y'.repeat(20_000) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
  });
});

describe('slow clients', () => {
  /** Opens a connection, writes `parts` slowly, and returns what the server answered and when it closed. */
  const trickle = (parts: string[], everyMs: number) => new Promise<{ reply: string; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const { port } = new URL(s.url);
    const socket = connect(Number(port), '127.0.0.1');
    let reply = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < parts.length && !socket.destroyed) socket.write(parts[i++] ?? '');
    }, everyMs);
    socket.on('data', (c: Buffer) => { reply += c.toString(); });
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ reply, ms: performance.now() - started });
    });
  });
  it('a client that trickles its headers is answered 408 and disconnected (HEADERS_TIMEOUT_MS)', async () => {
    const { reply, ms } = await trickle(['GET /health HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n', 'X-D: 4\r\n'], 300);
    expect(reply).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(ms).toBeLessThan(2000);
  });
  it('a client that trickles its body is cut off (REQUEST_TIMEOUT_MS)', async () => {
    const head = 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n';
    const { reply, ms } = await trickle([head, 'ASK', ' {', ' }', ' ', ' ', ' ', ' '], 300);
    expect(reply).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(ms).toBeLessThan(2500);
  });
});

describe('truncation is never silent', () => {
  it('SELECT over MAX_RESULT_ROWS: 200, the first rows, and X-Result-Truncated', async () => {
    const r = await request(sparql + q(NAMES));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-result-truncated')).toBe('rows; limit=3; returned=3');
    const bindings = (JSON.parse(r.body) as { results: { bindings: Array<{ name: { value: string } }> } }).results.bindings;
    expect(bindings.map((b) => b.name.value)).toEqual(['Alice', 'Anonymous', 'Bob']);
  });
  it.each([
    ['application/sparql-results+xml', (b: string) => (b.match(/<result>/g) ?? []).length],
    ['text/csv', (b: string) => b.split('\r\n').filter((l) => l !== '').length - 1],
    ['text/tab-separated-values', (b: string) => b.split('\n').filter((l) => l !== '').length - 1],
  ])('the cut %s result is well-formed and holds 3 rows', async (accept, rows) => {
    const r = await request(sparql + q(NAMES), { headers: { Accept: accept } });
    expect(r.headers.get('x-result-truncated')).toBe('rows; limit=3; returned=3');
    expect(rows(r.body)).toBe(3);
    if (accept.includes('xml')) expect(r.body.endsWith('</results></sparql>')).toBe(true);
  });
  it('a result that fits has no header', async () => {
    const r = await request(sparql + q(`${NAMES} LIMIT 3`));
    expect(r.headers.get('x-result-truncated')).toBeNull();
    expect(r.body).toContain('Bob');
  });
  it('CONSTRUCT over the limit: 3 triples, parseable, and the header', async () => {
    const r = await request(sparql + q('CONSTRUCT WHERE { ?s ?p ?o }'));
    expect(r.headers.get('x-result-truncated')).toBe('rows; limit=3; returned=3');
    expect(new Parser().parse(r.body)).toHaveLength(3);
  });
  it('a result over MAX_RESULT_BYTES is cut at a row boundary', async () => {
    const long = `CONCAT(${Array.from({ length: 10 }, () => 'STR(?s)').join(', ')})`;
    const r = await request(sparql + q(`SELECT ?s (${long} AS ?long) WHERE { ?s ?p ?o } LIMIT 3`));
    expect(r.headers.get('x-result-truncated')).toMatch(/^bytes; limit=600; returned=[12]$/);
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(600);
    expect(() => JSON.parse(r.body) as unknown).not.toThrow();
  });
  it('the log records the cut', async () => {
    await request(sparql + q(`${NAMES} # logged`));
    const logged = s.logs.map((l) => l['query'] as Record<string, unknown> | undefined).filter((x) => x?.['truncated'] === 'rows');
    expect(logged.length).toBeGreaterThan(0);
  });
});
