// No stack trace, internal path or module name in any answer: every error path of every route —
// syntax errors, refusals, limits, negotiation, bad parameters, bad frames, unknown resources,
// malformed HTTP — is asked for, and each body is searched for this machine's paths
// (the repository, node_modules, file: URLs) and for stack frames ("    at f (file:1:2)").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leak } from '../helpers/fuzzRunner.ts';
import { raw, startLive, type LiveServer } from '../helpers/liveServer.ts';
import { buildTempDist, REPO, type BuiltDist } from '../helpers/serverProcess.ts';

let dist: BuiltDist;
let s: LiveServer;
beforeAll(async () => {
  dist = await buildTempDist();
  s = await startLive({ dist: dist.dir, limits: { maxQueryBytes: 4_000, maxBodyBytes: 8_000, maxUrlBytes: 6_000, queryTimeoutMs: 1_000 } });
});
afterAll(async () => {
  await s?.close();
  await dist?.remove();
});

const enc = encodeURIComponent;
const q = (query: string, extra = '') => `/sparql?query=${enc(query)}${extra}`;
const RUNAWAY = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 4 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;

const ERRORS: Array<[string, RequestInit?]> = [
  [q('SELECT * WHERE { ?s ?p }')], [q('SELECT * WHERE { ?s ?p ?o } LIMIT x')], [q('PREFIX : <> SELECT * { :a :b "\\u00ZZ" }')],
  [q('SELECT (<urn:no-such-function>(?s) AS ?x) WHERE { ?s ?p ?o } LIMIT 1')],
  [q('SELECT * FROM <http://example.org/nowhere> WHERE { ?s ?p ?o }')], [q('INSERT DATA { <a:b> <a:c> <a:d> }')], [q('SERVICE')],
  [q(`ASK { FILTER(${'('.repeat(100)}1${')'.repeat(100)}) }`)], [q(RUNAWAY)], [q(RUNAWAY, '&timeout=5')],
  [q('ASK {}', '&format=nope')], [q('ASK {}', '&timeout=-1')], [q('ASK {}', '&default-graph-uri=not%20an%20iri')], [`${q('ASK {}')}&query=x`],
  [q('CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2', '&format=jsonld&frame=%7Bnot%20json')], [q('CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2', '&format=jsonld&frame=%5B%5D')],
  [q('CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2', `&format=jsonld&frame=${enc('{"@context": {"@version": 2.5}}')}`)],
  [q(`ASK {} #${'x'.repeat(4_100)}`.slice(0, 5_000))], [q(`ASK {} #${'x'.repeat(7_000)}`)],
  ['/sparql', { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: `ASK {} #${'x'.repeat(9_000)}` }],
  ['/sparql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }],
  ['/sparql', { method: 'POST', body: new Uint8Array([0xff]) }],
  ['/sparql', { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: new Uint8Array([0x41, 0xff]) }],
  ['/sparql', { method: 'DELETE' }], ['/sparql', { headers: { Accept: 'image/png' } }],
  ['/dumps/nothing.ttl'], ['/dumps/%ZZ'], ['/dumps/', { headers: { Accept: 'image/png' } }], ['/void', { headers: { Accept: 'image/png' } }],
  ['/id/person/nobody', { headers: { Accept: 'text/plain' } }], ['/id/person/nobody', { headers: { Accept: 'text/html' } }],
  ['/id/person/lay-chenda', { headers: { Accept: 'image/png' } }], ['/id/person/lay-chenda.jsonld?frame=%7Bbad'],
  ['/resource'], ['/resource?iri=x'], ['/resource?iri=http%3A%2F%2Fa%2F%25ZZ'], ['/resource?iri=a&iri=b'],
  ['/search?q=a&q=b'], ['/search?q=x', { headers: { Accept: 'image/png' } }], ['/browse?class=x'], ['/browse?class=a&class=b'],
  ['/assets/nothing.js'], ['/assets/vendor/nothing.js'], ['/ontology.xyz'], ['/nothing/at/all'], ['/', { method: 'DELETE' }],
  ['/api/examples', { method: 'PUT' }], ['/context.jsonld', { method: 'POST' }],
];

describe('error answers show nothing of the machine', () => {
  it.each(ERRORS)('%s', async (path, init) => {
    const r = await fetch(`${s.url}${path}`, { redirect: 'manual', ...init });
    const body = await r.text();
    expect(r.status, body).toBeGreaterThanOrEqual(400);
    expect(body.trim(), `${r.status} without a message`).not.toBe('');
    expect(leak(body, REPO)).toBeUndefined();
    expect(body).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SyntaxError): /);
    if (r.status >= 500) expect([503]).toContain(r.status);
  });

  it.each([
    'GARBAGE\r\n\r\n', 'GET /\u0000 HTTP/1.1\r\n\r\n', `GET /health HTTP/1.1\r\nHost: x\r\nX: ${'y'.repeat(20_000)}\r\n\r\n`,
    'POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'GET /health HTTP/1.1\r\n\r\n',
  ])('malformed HTTP %#', async (request) => {
    const r = await raw(s.port, [request], { deadlineMs: 5_000 });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body.trim()).not.toBe('');
    expect(leak(r.text, REPO)).toBeUndefined();
  });

  it('the details stay in the log', () => {
    expect(s.logs.filter((l) => (l['status'] as number) >= 400).length).toBeGreaterThan(ERRORS.length / 2);
  });
});
