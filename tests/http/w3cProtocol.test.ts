// The W3C SPARQL 1.1 Protocol test manifest, run as executable tests against this server. The
// manifest and its data are read at test time from ../shared/w3c (beside the clone, in CI too).
// Query tests (query_*) and bad-request tests (bad_*) run as written. Update tests (update_*) do
// not apply to a read-only endpoint: for them we check that the update is refused (403).
//
// Known failures: none. (Add `name: reason` to KNOWN_FAILURES to record one; it then runs as an
// expected failure, so a fix is noticed.)
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, Store, type Term } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startServer, type TestServer } from './helpers.ts';

const DIR = new URL('../../../shared/w3c/sparql11-protocol/', import.meta.url);
const MANIFEST = new URL('manifest.ttl', DIR).pathname;
const present = existsSync(MANIFEST);
if (!present) console.warn(`W3C SPARQL Protocol tests skipped: ${MANIFEST} is absent (a copy of shared/ must sit beside the clone)`);

const KNOWN_FAILURES: Readonly<Record<string, string>> = {};

const NS = {
  mf: 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#',
  ht: 'http://www.w3.org/2011/http#',
  cnt: 'http://www.w3.org/2011/content#',
  hts: 'http://www.w3.org/2011/http-statusCodes#',
  ut: 'http://www.w3.org/2009/sparql/tests/test-update#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
};

interface ProtocolRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: { chars: string; encoding: string };
  expect: { statuses: string[]; boolean?: boolean; format?: string };
}

interface ProtocolTest {
  name: string;
  title: string;
  graphs: Array<{ file: string; label: string }>;
  requests: ProtocolRequest[];
}

function readManifest(): ProtocolTest[] {
  const store = new Store(new Parser({ baseIRI: new URL('manifest.ttl', DIR).href }).parse(readFileSync(MANIFEST, 'utf8')));
  const lists = store.extractLists() as Record<string, Term[]>;
  const one = (s: Term, p: string) => store.getObjects(s, p, null)[0];
  const value = (s: Term, p: string) => one(s, p)?.value;
  const list = (t: Term | undefined) => (t ? lists[t.value] ?? [] : []);
  const manifest = store.getSubjects(`${NS.mf}entries`, null, null)[0];
  if (!manifest) throw new Error('no mf:entries in the manifest');
  return list(one(manifest, `${NS.mf}entries`)).map((test) => ({
    name: test.value.split('#').pop() ?? test.value,
    title: value(test, `${NS.mf}name`) ?? '',
    graphs: store.getObjects(test, `${NS.ut}graphData`, null).map((g) => ({
      file: value(g, `${NS.ut}graph`) ?? '',
      label: value(g, `${NS.rdfs}label`) ?? '',
    })),
    requests: list(one(one(test, `${NS.mf}action`) as Term, `${NS.ht}requests`)).map((r): ProtocolRequest => {
      const body = one(r, `${NS.ht}body`);
      const resp = one(r, `${NS.ht}resp`) as Term;
      const bool = value(resp, `${NS.mf}expectedBoolean`);
      const format = value(resp, `${NS.mf}expectedFormat`);
      return {
        method: value(r, `${NS.ht}methodName`) ?? 'GET',
        path: value(r, `${NS.ht}absolutePath`) ?? '/',
        headers: Object.fromEntries(list(one(r, `${NS.ht}headers`)).map((h) => [value(h, `${NS.ht}fieldName`) ?? '', value(h, `${NS.ht}fieldValue`) ?? ''])),
        ...(body ? { body: { chars: value(body, `${NS.cnt}chars`) ?? '', encoding: value(body, `${NS.cnt}characterEncoding`) ?? 'UTF-8' } } : {}),
        expect: {
          statuses: store.getObjects(resp, `${NS.mf}expectedStatus`, null).map((t) => t.value.replace(NS.hts, '')),
          ...(bool !== undefined ? { boolean: bool === 'true' } : {}),
          ...(format !== undefined ? { format } : {}),
        },
      };
    }),
  }));
}

const FORMATS: Record<string, string[]> = {
  boolean: ['application/sparql-results+xml', 'application/sparql-results+json'],
  tabular: ['application/sparql-results+xml', 'application/sparql-results+json', 'text/csv', 'text/tab-separated-values'],
  RDF: ['application/rdf+xml', 'text/turtle', 'application/n-triples'],
};

const tests = present ? readManifest() : [];
let s: TestServer;

beforeAll(async () => {
  if (!present) return;
  // Every data file the manifest names, each in the named graph its label gives.
  const graphs = new Map(tests.flatMap((t) => t.graphs).map((g) => [g.label, g.file]));
  const nquads = [...graphs].map(([label, file]) => readFileSync(new URL(file).pathname, 'utf8').trim().split('\n')
    .map((line) => line.replace(/ \.\s*$/, ` <${label}> .`)).join('\n')).join('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'w3c-protocol-')), 'data.nq');
  writeFileSync(path, `${nquads}\n`);
  s = await startServer({ files: [path] });
});
afterAll(async () => s?.close());

async function send(r: ProtocolRequest) {
  const body = r.body && (r.body.encoding.toUpperCase() === 'UTF-16' ? Buffer.from(`\ufeff${r.body.chars}`, 'utf16le') : Buffer.from(r.body.chars, 'utf8'));
  return request(s.url + r.path, { method: r.method, headers: r.headers, ...(body ? { body: new Uint8Array(body) } : {}) });
}

async function check(r: ProtocolRequest): Promise<void> {
  const reply = await send(r);
  expect(r.expect.statuses, `status ${reply.status}: ${reply.body}`).toContain(`StatusCode${String(reply.status)[0]}xx`);
  if (r.expect.format) expect(FORMATS[r.expect.format]).toContain(reply.type);
  if (r.expect.boolean !== undefined) {
    const value = reply.type.endsWith('json') ? (JSON.parse(reply.body) as { boolean: boolean }).boolean : /<boolean>true<\/boolean>/.test(reply.body);
    expect(value).toBe(r.expect.boolean);
  }
}

describe.skipIf(!present)('W3C SPARQL 1.1 Protocol manifest', () => {
  it('has the query, bad-request and update tests we expect', () => {
    expect(tests.filter((t) => /^(query|bad)_/.test(t.name))).toHaveLength(27);
  });
  for (const t of tests.filter((x) => /^(query|bad)_/.test(x.name))) {
    const run = KNOWN_FAILURES[t.name] ? it.fails : it;
    run(`${t.name}: ${t.title}`, async () => {
      for (const r of t.requests) await check(r);
    });
  }
  for (const t of tests.filter((x) => x.name.startsWith('update_'))) {
    it(`${t.name}: refused, this endpoint is read-only`, async () => {
      const first = t.requests[0];
      if (!first) throw new Error('no request');
      const reply = await send(first);
      expect(reply.status).toBe(403);
    });
  }
});
