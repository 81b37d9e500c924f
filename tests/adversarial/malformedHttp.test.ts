// Malformed HTTP over raw sockets: requests Node's parser refuses, bad percent-encoding, wrong or
// missing content types, oversized bodies, headers and URLs, slow clients that trickle bytes, and a
// client that never reads its answer. Each gets a clean status with a message (or is cut off on
// time), and the connection is closed: the server holds no sockets afterwards.
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.ts';
import { writeDistFixture } from '../http/distFixture.ts';
import { fixture } from '../http/helpers.ts';
import { connectionsDrop, raw, startLive, type LiveServer } from '../helpers/liveServer.ts';
import { leak } from '../helpers/fuzzRunner.ts';
import { REPO, waitFor } from '../helpers/serverProcess.ts';

let s: LiveServer;
const HEADERS_TIMEOUT_MS = 600;
const REQUEST_TIMEOUT_MS = 1_200;

beforeAll(async () => {
  s = await startLive({
    dist: writeDistFixture(fixture('small.trig')),
    limits: { maxBodyBytes: 4_000, maxQueryBytes: 2_000, maxUrlBytes: 3_000 },
    server: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, maxHeaderBytes: 8 * 1024, idleTimeoutMs: 1_500 },
  });
});
afterAll(async () => s?.close());

const get = (path: string, headers = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`;
const post = (path: string, type: string | undefined, body: string, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\n${type === undefined ? '' : `Content-Type: ${type}\r\n`}Content-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;

const FORMS = 'send application/sparql-query (the query as the body) or application/x-www-form-urlencoded (query=…)';

describe('requests the HTTP parser refuses get a status with a message, and the connection closes', () => {
  it.each([
    ['a garbage request line', 'GARBAGE\r\n\r\n', 400, 'malformed HTTP request: Invalid method encountered'],
    ['an unknown HTTP version', 'GET /health HTTP/9.9\r\nHost: x\r\n\r\n', 400, 'malformed HTTP request: Invalid HTTP version'],
    ['a NUL byte in the path', 'GET /health\u0000 HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'malformed HTTP request: Invalid char in url path'],
    ['a negative Content-Length', 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 400, 'malformed HTTP request: Invalid character in Content-Length'],
    ['a bad chunk size', 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400, 'malformed HTTP request: Invalid character in chunk size'],
    ['Content-Length with Transfer-Encoding (request smuggling)', 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', 400, "malformed HTTP request: Transfer-Encoding can't be present with Content-Length"],
    ['HTTP/1.1 without Host', 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n', 400, 'an HTTP/1.1 request needs a Host header'],
    ['headers over MAX_HEADER_BYTES', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(9_000)}\r\n\r\n`, 431, 'the request line and headers are larger than 8192 bytes (MAX_HEADER_BYTES): send long queries by POST, in the body'],
    ['a URL over MAX_HEADER_BYTES', `GET /sparql?query=${'x'.repeat(9_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'the request line and headers are larger than 8192 bytes (MAX_HEADER_BYTES): send long queries by POST, in the body'],
    ['CONNECT (this is not a proxy)', 'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n', 405, 'CONNECT is not supported: this server is not a proxy'],
  ])('%s: %i', async (_name, request, status, message) => {
    const r = await raw(s.port, [request], { deadlineMs: 5_000 });
    expect(r.status).toBe(status);
    expect(r.body).toBe(`${message}\n`);
    expect(r.closed).toBe(true);
  });
});

describe('bad percent-encoding, wrong content types and sizes: 4xx with a message', () => {
  it.each([
    ['invalid UTF-8 in the query parameter', get('/sparql?query=ASK%20%7B%7D%FF'), 400, 'malformed percent-encoding in the URL, near "query=ASK%20%7B%7D%FF": encode the query with encodeURIComponent'],
    ['a truncated escape', get('/sparql?query=%E0%A4%A'), 400, 'malformed percent-encoding in the URL, near "query=%E0%A4%A": encode the query with encodeURIComponent'],
    ['a bad escape in a form body', post('/sparql', 'application/x-www-form-urlencoded', 'query=ASK%G1'), 400, 'malformed percent-encoding in the form body, near "query=ASK%G1": encode the query with encodeURIComponent'],
    ['invalid UTF-8 in a direct body', Buffer.concat([Buffer.from(post('/sparql', 'application/sparql-query', 'ASK {} ').slice(0, -1).replace('Content-Length: 7', 'Content-Length: 8')), Buffer.from([0xff, 0x20])]), 400, 'the query is not valid UTF-8: send it as UTF-8'],
    ['a bad escape in a dump name', get('/dumps/%ZZ'), 400, "Failed to decode param '%ZZ'"],
    ['JSON instead of a query', post('/sparql', 'application/json', '{"query":"ASK {}"}'), 415, `unsupported Content-Type "application/json": ${FORMS}`],
    ['multipart', post('/sparql', 'multipart/form-data; boundary=x', '--x--'), 415, `unsupported Content-Type "multipart/form-data": ${FORMS}`],
    ['no Content-Type', post('/sparql', undefined, 'ASK {}'), 415, 'a POST needs a Content-Type: application/sparql-query (the query as the body) or application/x-www-form-urlencoded (query=…)'],
    ['an empty Content-Type', post('/sparql', ';;;', 'ASK {}'), 415, `unsupported Content-Type "": ${FORMS}`],
    ['a charset other than UTF-8', post('/sparql', 'application/x-www-form-urlencoded; charset=latin1', 'query=ASK+%7B%7D'), 415, 'charset "latin1" is not supported: send the request body as UTF-8'],
    ['a declared body over MAX_BODY_BYTES (refused before it is read)', `POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 999999999999\r\n\r\nASK {}`, 413, 'the request body is larger than 4000 bytes, the limit (MAX_BODY_BYTES)'],
    ['a query over MAX_QUERY_BYTES', post('/sparql', 'application/sparql-query', `ASK {} #${'x'.repeat(2_500)}`), 413, 'the query is 2508 bytes, over the limit of 2000 bytes (MAX_QUERY_BYTES)'],
    ['a URL over MAX_URL_BYTES', get(`/sparql?query=${'x'.repeat(3_100)}`), 414, 'the URL is 3114 bytes, over the limit of 3000 bytes (MAX_URL_BYTES): send long queries by POST'],
    ['TRACE', `TRACE /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 405, 'TRACE is not allowed on /sparql: use GET, HEAD, POST, OPTIONS'],
  ])('%s: %i', async (_name, request, status, message) => {
    const r = await raw(s.port, [request], { deadlineMs: 5_000 });
    expect(r.status).toBe(status);
    expect(r.body).toBe(`${message}\n`);
    expect(leak(r.body, REPO)).toBeUndefined();
  });

  it('a chunked body that grows past MAX_BODY_BYTES is cut off with 413 while it streams', async () => {
    const head = 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = `3e8\r\n${'#'.repeat(1000)}\r\n`;
    const r = await raw(s.port, [head, ...Array.from({ length: 10 }, () => chunk)], { everyMs: 20, deadlineMs: 5_000 });
    expect(r.status).toBe(413);
    expect(r.body).toBe('the request body is larger than 4000 bytes, the limit (MAX_BODY_BYTES)\n');
    expect(r.headers['connection']).toBe('close');
    expect(r.closed).toBe(true);
  });
});

describe('slow clients are cut off on time, bounded in number and time, and others are served meanwhile', () => {
  it('30 clients trickling their headers all get 408 within HEADERS_TIMEOUT_MS (+ check interval); a normal request is answered at once', async () => {
    const parts = ['GET /health HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 20 }, (_, i) => `X-${i}: ${i}\r\n`)];
    const slowEnded: number[] = [];
    const slow = Array.from({ length: 30 }, () => raw(s.port, parts, { everyMs: 150, deadlineMs: 5_000 }).finally(() => slowEnded.push(performance.now())));
    await new Promise((r) => setTimeout(r, 100));
    const normal = await fetch(`${s.url}/health`);
    const normalAnswered = performance.now();
    expect(normal.status).toBe(200);
    const replies = await Promise.all(slow);
    // Answered at once: before the server had cut off any of the trickling clients (order, not a timing).
    expect(normalAnswered).toBeLessThan(Math.min(...slowEnded));
    for (const r of replies) {
      expect(r.status).toBe(408);
      expect(r.body).toMatch(/^the request did not arrive in time \(HEADERS_TIMEOUT_MS 600 ms/);
      expect(r.closed).toBe(true);
      expect(r.ms).toBeLessThan(HEADERS_TIMEOUT_MS + 1_000);
    }
    expect(await connectionsDrop(s)).toBe(0);
  });

  it('a client trickling its body gets 408 within REQUEST_TIMEOUT_MS', async () => {
    const head = 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 200\r\n\r\n';
    const r = await raw(s.port, [head, ...Array.from({ length: 40 }, () => ' ')], { everyMs: 100, deadlineMs: 5_000 });
    expect(r.status).toBe(408);
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
    expect(await connectionsDrop(s)).toBe(0);
  });

  it('a client that opens connections and sends nothing is disconnected', async () => {
    const idle = await Promise.all(Array.from({ length: 20 }, () => raw(s.port, [], { deadlineMs: 5_000 })));
    for (const r of idle) {
      expect(r.closed).toBe(true);
      expect(r.ms).toBeLessThan(HEADERS_TIMEOUT_MS + 1_000);
    }
    expect(await connectionsDrop(s)).toBe(0);
  });
});

describe('after all of it', () => {
  it('the server holds no connections, its pool is idle, and it answers', async () => {
    expect(await connectionsDrop(s)).toBe(0);
    const pool = s.graph.poolState();
    expect({ busy: pool.busy, queued: pool.queued }).toEqual({ busy: 0, queued: 0 });
    const r = await fetch(`${s.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
    expect(r.status).toBe(200);
    expect(s.logs.filter((l) => l['msg'] === 'request failed').map((l) => l['err'])).toEqual([]);
  });
});

describe('a client that never reads its answer', () => {
  let big: LiveServer;
  const IDLE_MS = 1_500;
  beforeAll(async () => {
    // A dump far larger than the socket buffers of both ends (64 MB), so the server's writes stall.
    const dist = writeDistFixture(fixture('small.trig'));
    const manifestFile = join(dist, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const body = Buffer.alloc(64 * 1024 * 1024, '<http://example.org/s> <http://example.org/p> "o" .\n');
    writeFileSync(join(dist, 'asean-kg.nt'), body);
    const dumps = manifest.dumps.map((d) => (d.name === 'asean-kg.nt' ? { ...d, bytes: body.length } : d));
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, dumps }));
    // A long keep-alive, so that only the idle limit can close the connection here.
    big = await startLive({ dist, server: { idleTimeoutMs: IDLE_MS, keepAliveTimeoutMs: 60_000 } });
  });
  afterAll(async () => big?.close());

  it('is disconnected once nothing has moved for IDLE_TIMEOUT_MS, and the server lets go of the answer', async () => {
    const accepted = once(big.server, 'connection') as Promise<[Socket]>;
    const socket = connect(big.port, '127.0.0.1');
    await once(socket, 'connect');
    const [serverSide] = await accepted;
    socket.write('GET /dumps/asean-kg.nt HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    // The server writes into a connection nobody reads until its socket buffer is full.
    await waitFor(() => (serverSide.writableLength > 0 ? true : undefined), 10_000, 'the answer to stall');
    const stalled = performance.now();
    // The paused client cannot see the close (it reads nothing), so the server's side is watched.
    expect(await connectionsDrop(big, 0, IDLE_MS + 3_000)).toBe(0);
    expect(performance.now() - stalled).toBeLessThan(IDLE_MS + 3_000);
    expect(serverSide.destroyed).toBe(true);
    socket.destroy();
    await waitFor(() => big.logs.find((l) => l['route'] === '/dumps/:name'), 5_000, 'the request log');
    expect(big.logs.find((l) => l['route'] === '/dumps/:name')).toMatchObject({ status: 200, completed: false });
  });
});
