// /dumps/ and /void against a server over a built dist/ (a fixture shaped like the build's), and
// over --data files (dumps and VoID made by the server). Raw node:http requests, so that gzip bytes
// and literal `..` paths reach the server as sent.
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_BASE, writeDistFixture } from './distFixture.ts';
import { fixture, request, startServer, type TestServer } from './helpers.ts';

interface Raw { status: number; headers: IncomingHttpHeaders; body: Buffer }

function raw(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let dist: string;
let s: TestServer;

beforeAll(async () => {
  dist = writeDistFixture(fixture('small.trig'));
  s = await startServer({ dist });
});
afterAll(async () => s?.close());

const VOID = 'http://rdfs.org/ns/void#';
const DCAT = 'http://www.w3.org/ns/dcat#';

describe('dump files', () => {
  it('serves a dump with its media type, ETag, Last-Modified, length and Content-Disposition', async () => {
    const r = await raw(s.url, '/dumps/asean-kg.ttl');
    const file = readFileSync(join(dist, 'asean-kg.ttl'));
    expect(r.status).toBe(200);
    expect(r.body.equals(file)).toBe(true);
    expect(r.headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect(r.headers['content-length']).toBe(String(file.length));
    expect(r.headers['content-disposition']).toBe('attachment; filename="asean-kg.ttl"');
    expect(r.headers['etag']).toMatch(/^"[0-9a-f]{32}"$/);
    expect(r.headers['last-modified']).toMatch(/GMT$/);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers['vary']).toBe('Accept-Encoding');
  });
  it('serves the precompressed copy to a client that accepts gzip', async () => {
    const r = await raw(s.url, '/dumps/asean-kg.nt', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['content-type']).toBe('application/n-triples; charset=utf-8');
    expect(r.body.equals(readFileSync(join(dist, 'asean-kg.nt.gz')))).toBe(true);
    expect(gunzipSync(r.body).equals(readFileSync(join(dist, 'asean-kg.nt')))).toBe(true);
    expect(r.headers['etag']).not.toBe((await raw(s.url, '/dumps/asean-kg.nt')).headers['etag']);
  });
  it.each([
    ['asean-kg.nq', 'application/n-quads'], ['asean-kg.trig', 'application/trig'], ['asean-kg.jsonld', 'application/ld+json'], ['asean-kg.rdf', 'application/rdf+xml'],
  ])('%s is %s', async (name, type) => {
    expect((await raw(s.url, `/dumps/${name}`)).headers['content-type']).toBe(`${type}; charset=utf-8`);
  });
  it('the .gz file itself is application/gzip', async () => {
    const r = await raw(s.url, '/dumps/asean-kg.ttl.gz');
    expect(r.headers['content-type']).toBe('application/gzip');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers['content-disposition']).toBe('attachment; filename="asean-kg.ttl.gz"');
  });
  it('revalidation: If-None-Match and If-Modified-Since get 304', async () => {
    const first = await raw(s.url, '/dumps/asean-kg.ttl');
    const etag = String(first.headers['etag']);
    const byEtag = await raw(s.url, '/dumps/asean-kg.ttl', { 'If-None-Match': etag });
    expect(byEtag.status).toBe(304);
    expect(byEtag.body.length).toBe(0);
    expect((await raw(s.url, '/dumps/asean-kg.ttl', { 'If-Modified-Since': String(first.headers['last-modified']) })).status).toBe(304);
    expect((await raw(s.url, '/dumps/asean-kg.ttl', { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(200);
    expect((await raw(s.url, '/dumps/asean-kg.ttl', { 'If-None-Match': '"nope"', 'If-Modified-Since': String(first.headers['last-modified']) })).status).toBe(200);
  });
  it('HEAD sends the headers and no body', async () => {
    const r = await raw(s.url, '/dumps/asean-kg.ttl', {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(0);
    expect(r.headers['content-length']).toBe(String(readFileSync(join(dist, 'asean-kg.ttl')).length));
  });
  it.each([
    '/dumps/nothing.ttl', '/dumps/manifest.json', '/dumps/..%2Fmanifest.json', '/dumps/%2e%2e%2fmanifest.json',
    '/dumps/asean-kg.ttl%00.gz', '/dumps/%2Fetc%2Fpasswd',
  ])('%s is 404 (files are found by name in the manifest, never by path)', async (path) => {
    const r = await raw(s.url, path);
    expect(r.status).toBe(404);
    expect(r.body.toString()).toMatch(/^no dump is named ".*": the dumps are listed at \/dumps\/\n$/);
  });
  it.each(['/dumps/../manifest.json', '/dumps/../../../../etc/passwd'])('%s (literal dots) never reaches a file', async (path) => {
    const r = await raw(s.url, path);
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('root:');
  });
});

describe('byte ranges on dump files', () => {
  const ttl = () => readFileSync(join(dist, 'asean-kg.ttl'));

  it('a single range gets 206 with exactly those bytes, Content-Range and Content-Length', async () => {
    const file = ttl();
    const r = await raw(s.url, '/dumps/asean-kg.ttl', { Range: 'bytes=10-29' });
    expect(r.status).toBe(206);
    expect(r.body.equals(file.subarray(10, 30))).toBe(true);
    expect(r.headers['content-range']).toBe(`bytes 10-29/${file.length}`);
    expect(r.headers['content-length']).toBe('20');
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect(r.headers['etag']).toMatch(/^"[0-9a-f]{32}"$/);
  });
  it('open-ended and suffix ranges; an end past the file is cut to it', async () => {
    const file = ttl();
    const from = await raw(s.url, '/dumps/asean-kg.ttl', { Range: `bytes=${file.length - 7}-` });
    expect(from.body.equals(file.subarray(file.length - 7))).toBe(true);
    const last = await raw(s.url, '/dumps/asean-kg.ttl', { Range: 'bytes=-5' });
    expect(last.headers['content-range']).toBe(`bytes ${file.length - 5}-${file.length - 1}/${file.length}`);
    expect(last.body.equals(file.subarray(file.length - 5))).toBe(true);
    const past = await raw(s.url, '/dumps/asean-kg.ttl', { Range: 'bytes=0-99999999' });
    expect(past.status).toBe(206);
    expect(past.body.equals(file)).toBe(true);
  });
  it('a range that starts past the end gets 416 with Content-Range: bytes */size', async () => {
    const size = ttl().length;
    const r = await raw(s.url, '/dumps/asean-kg.ttl', { Range: `bytes=${size}-` });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe(`bytes */${size}`);
    expect(r.headers['content-disposition']).toBeUndefined();
    expect(r.body.toString()).toBe(`the range "bytes=${size}-" is outside asean-kg.ttl, which is ${size} bytes: ask for bytes=0-${size - 1} or less\n`);
  });
  it.each(['items=0-5', 'bytes=5-3', 'bytes=0-1,4-5', 'bytes=abc', 'bytes=-'])('%s is ignored: the whole file, 200', async (range) => {
    const r = await raw(s.url, '/dumps/asean-kg.ttl', { Range: range });
    expect(r.status).toBe(200);
    expect(r.body.equals(ttl())).toBe(true);
  });
  it('If-Range with the current ETag or Last-Modified gets the range; with another validator, the whole file', async () => {
    const first = await raw(s.url, '/dumps/asean-kg.ttl');
    const etag = String(first.headers['etag']);
    const modified = String(first.headers['last-modified']);
    expect((await raw(s.url, '/dumps/asean-kg.ttl', { Range: 'bytes=0-3', 'If-Range': etag })).status).toBe(206);
    expect((await raw(s.url, '/dumps/asean-kg.ttl', { Range: 'bytes=0-3', 'If-Range': modified })).status).toBe(206);
    for (const stale of ['"0000"', `W/${etag}`, 'Thu, 01 Jan 1970 00:00:00 GMT']) {
      const r = await raw(s.url, '/dumps/asean-kg.ttl', { Range: 'bytes=0-3', 'If-Range': stale });
      expect(r.status).toBe(200);
      expect(r.body.equals(ttl())).toBe(true);
    }
  });
  it('ranges apply to the bytes sent: the gzip copy when gzip is chosen', async () => {
    const gz = readFileSync(join(dist, 'asean-kg.nt.gz'));
    const r = await raw(s.url, '/dumps/asean-kg.nt', { 'Accept-Encoding': 'gzip', Range: 'bytes=0-9' });
    expect(r.status).toBe(206);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['content-range']).toBe(`bytes 0-9/${gz.length}`);
    expect(r.body.equals(gz.subarray(0, 10))).toBe(true);
  });
  it('HEAD ignores Range; a revalidation that matches still gets 304', async () => {
    const head = await raw(s.url, '/dumps/asean-kg.ttl', { Range: 'bytes=0-3' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(ttl().length));
    const etag = String(head.headers['etag']);
    expect((await raw(s.url, '/dumps/asean-kg.ttl', { Range: 'bytes=0-3', 'If-None-Match': etag })).status).toBe(304);
  });
});

describe('dump listing', () => {
  it('is JSON by default, with sizes, checksums and URLs on this server', async () => {
    const r = await request(`${s.url}/dumps/`);
    expect(r.type).toBe('application/json');
    const body = JSON.parse(r.body) as { dumps: Array<{ name: string; bytes: number; url: string; gzip: { url: string; bytes: number } }> };
    expect(body.dumps.map((d) => d.name)).toEqual(['asean-kg.ttl', 'asean-kg.nt', 'asean-kg.nq', 'asean-kg.trig', 'asean-kg.jsonld', 'asean-kg.rdf']);
    expect(body.dumps[0]).toMatchObject({ url: `${s.url}/dumps/asean-kg.ttl`, bytes: readFileSync(join(dist, 'asean-kg.ttl')).length, gzip: { url: `${s.url}/dumps/asean-kg.ttl.gz` } });
  });
  it('is HTML for a browser, /dumps too', async () => {
    const r = await request(`${s.url}/dumps`, { headers: { Accept: 'text/html' } });
    expect(r.type).toBe('text/html');
    expect(r.body).toContain('<a href="/dumps/asean-kg.rdf">asean-kg.rdf</a>');
  });
  it('406 for a type it does not offer', async () => {
    const r = await request(`${s.url}/dumps/`, { headers: { Accept: 'text/csv' } });
    expect(r.status).toBe(406);
    expect(r.body).toBe('none of the types in Accept "text/csv" is offered for the dump listing. Offered: application/json (format=json), text/html (format=html)\n');
  });
});

describe('/void', () => {
  it('is the build\'s description with the endpoint and dumps moved to this server', async () => {
    const r = await request(`${s.url}/void`);
    expect(r.type).toBe('text/turtle');
    const quads = new Parser().parse(r.body);
    const objects = (p: string) => quads.filter((x) => x.predicate.value === p).map((x) => x.object.value);
    expect(objects(`${VOID}sparqlEndpoint`)).toEqual([`${s.url}/sparql`]);
    expect(objects(`${VOID}dataDump`)).toHaveLength(6);
    expect(objects(`${VOID}dataDump`).every((u) => u.startsWith(`${s.url}/dumps/asean-kg.`))).toBe(true);
    expect(objects(`${DCAT}downloadURL`)).toEqual([`${s.url}/dumps/asean-kg.ttl`]);
    expect(quads.some((x) => x.subject.value === `${DIST_BASE}dataset`)).toBe(true);
    expect(objects(`${VOID}uriSpace`)).toEqual([`${DIST_BASE}id/`]);
  });
  it('is served at /.well-known/void and in other formats', async () => {
    const r = await request(`${s.url}/.well-known/void`, { headers: { Accept: 'application/ld+json' } });
    expect(r.type).toBe('application/ld+json');
    expect(r.body).toContain(`${s.url}/sparql`);
    expect((await request(`${s.url}/void?format=rdfxml`)).type).toBe('application/rdf+xml');
  });
  it('every dump URL it names answers', async () => {
    const quads = new Parser().parse((await request(`${s.url}/void`)).body);
    for (const q of quads.filter((x) => x.predicate.value === `${VOID}dataDump`)) {
      expect((await raw(q.object.value, '', {}, 'HEAD')).status).toBe(200);
    }
  });
});

describe('serve --data: dumps and VoID made by the server', () => {
  let d: TestServer;
  beforeAll(async () => {
    d = await startServer({ files: [fixture('small.trig')] });
  });
  afterAll(async () => d?.close());
  it('lists and serves dumps of the served data, each parseable', async () => {
    const list = JSON.parse((await request(`${d.url}/dumps/`)).body) as { dumps: Array<{ name: string }> };
    expect(list.dumps.map((x) => x.name)).toEqual(['dataset.ttl', 'dataset.nt', 'dataset.nq', 'dataset.trig', 'dataset.jsonld', 'dataset.rdf']);
    const nq = await raw(d.url, '/dumps/dataset.nq');
    expect(new Parser({ format: 'N-Quads' }).parse(nq.body.toString())).toHaveLength(17);
    const nt = await raw(d.url, '/dumps/dataset.nt', { 'Accept-Encoding': 'gzip' });
    expect(new Parser({ format: 'N-Triples' }).parse(gunzipSync(nt.body).toString())).toHaveLength(17);
  });
  it('describes them in VoID with this server\'s URLs', async () => {
    const quads = new Parser().parse((await request(`${d.url}/void`)).body);
    const objects = (p: string) => quads.filter((x) => x.predicate.value === p).map((x) => x.object.value);
    expect(objects(`${VOID}sparqlEndpoint`)).toEqual([`${d.url}/sparql`]);
    expect(objects(`${VOID}triples`)).toEqual(['17']);
    expect(objects(`${VOID}dataDump`)).toContain(`${d.url}/dumps/dataset.ttl`);
  });
});
