// The result cache (src/http/ResultCache.ts) through a real server: a repeated request is answered
// from memory with the same bytes and headers and a log that says so; format, dataset and frame make
// different entries; errors, cut answers and non-deterministic queries are never kept; the byte
// bound evicts the least recently used; 0 turns it off. And the cache alone, as a unit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultCache } from '../../src/http/ResultCache.ts';
import { FOAF, fixture, q, request, startServer, type Reply, type TestServer } from './helpers.ts';

const NAMES = `PREFIX foaf: <${FOAF}> SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY STR(?name)`;
const ALL = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o';
// No blank nodes: their labels differ between two servers loading the same file.
const CONSTRUCT = `PREFIX foaf: <${FOAF}> CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n FILTER(isIRI(?p)) }`;
const MiB = 1024 * 1024;

type QueryLine = { outcome?: string; rows?: number | null; truncated?: string | null };

/** The `query` field of the log lines written since `from`. */
function outcomes(s: TestServer, from: number): Array<string | undefined> {
  return s.logs.slice(from).map((l) => (l['query'] as QueryLine | undefined)?.outcome).filter((o) => o !== undefined);
}

/** Every header but Date, which differs by the second. */
function headersOf(r: Reply): Record<string, string> {
  return Object.fromEntries([...r.headers].filter(([k]) => k !== 'date'));
}

/** Runs `f` and says how many times `text` reached the workers meanwhile (the web pages run queries of their own). */
async function counting<T>(s: TestServer, text: string, f: () => Promise<T>): Promise<{ result: T; ran: number }> {
  const graph = s.graph as { query: TestServer['graph']['query'] };
  const original = graph.query;
  let ran = 0;
  graph.query = (input) => {
    if (input.parsed.text === text) ran++;
    return original.call(s.graph, input);
  };
  try {
    return { result: await f(), ran };
  } finally {
    graph.query = original;
  }
}

describe('with the cache on', () => {
  let s: TestServer;
  let plain: TestServer;
  beforeAll(async () => {
    [s, plain] = await Promise.all([
      startServer({ files: [fixture('small.trig')], base: 'http://example.org/', resultCache: { bytes: 4 * MiB, maxEntryBytes: MiB }, limits: { maxResultRows: 10 } }),
      startServer({ files: [fixture('small.trig')], base: 'http://example.org/', limits: { maxResultRows: 10 } }),
    ]);
  });
  afterAll(async () => Promise.all([s?.close(), plain?.close()]));

  it('a repeated GET is answered from memory, with the same bytes and headers, and logged as a cache hit', async () => {
    const url = `${s.url}/sparql${q(NAMES)}`;
    const from = s.logs.length;
    const { result: [first, second], ran } = await counting(s, NAMES, async () => [await request(url), await request(url)] as const);
    expect(ran).toBe(1);
    expect(first.status).toBe(200);
    expect(second.body).toBe(first.body);
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(second.headers.get('etag')).toMatch(/^"[\w-]{32}"$/);
    expect(outcomes(s, from)).toEqual(['ok', 'cache-hit']);
    expect(s.logs.slice(from).map((l) => l['query'])).toContainEqual(expect.objectContaining({ outcome: 'cache-hit', type: 'SELECT', format: 'json', rows: 5, truncated: null }));
  });

  it('answers exactly as a server without the cache does (bytes and headers)', async () => {
    const path = `/sparql${q(CONSTRUCT)}`;
    const init = { headers: { Accept: 'text/turtle' } };
    const miss = await request(s.url + path, init);
    const hit = await request(s.url + path, init);
    const uncached = await request(plain.url + path, init);
    expect(hit.body).toBe(uncached.body);
    // The ETag names the dataset's version, which each server loading a file computes for itself.
    const { etag, ...rest } = headersOf(hit);
    const { etag: otherEtag, ...uncachedRest } = headersOf(uncached);
    expect(rest).toEqual(uncachedRest);
    expect(etag).toBe(miss.headers.get('etag'));
    expect(otherEtag).toMatch(/^"[\w-]{32}"$/);
  });

  it('a POST is answered from memory too, with the same headers as its first answer', async () => {
    const init = { method: 'POST', headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+xml' }, body: NAMES };
    const from = s.logs.length;
    const first = await request(`${s.url}/sparql`, init);
    const second = await request(`${s.url}/sparql`, init);
    expect(second.body).toBe(first.body);
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(outcomes(s, from)).toEqual(['ok', 'cache-hit']);
  });

  it('another format is another entry; an alias of the same format shares it and is labelled as asked', async () => {
    const query = 'CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5';
    const from = s.logs.length;
    const nt = await request(`${s.url}/sparql${q(query)}`, { headers: { Accept: 'application/n-triples' } });
    const ttl = await request(`${s.url}/sparql${q(query)}`, { headers: { Accept: 'text/turtle' } });
    const text = await request(`${s.url}/sparql${q(query)}`, { headers: { Accept: 'text/plain' } });
    expect(outcomes(s, from)).toEqual(['ok', 'ok', 'cache-hit']);
    expect(ttl.body).not.toBe(nt.body);
    expect(text.body).toBe(nt.body);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('the dataset parameters and the JSON-LD frame are part of the key', async () => {
    const from = s.logs.length;
    const count = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
    const counts: string[] = [];
    for (const extra of ['', '&default-graph-uri=http%3A%2F%2Fexample.org%2Fg1', '', '&default-graph-uri=http%3A%2F%2Fexample.org%2Fg1']) {
      counts.push((await request(`${s.url}/sparql${q(count, extra)}`)).body);
    }
    expect(counts[2]).toBe(counts[0]);
    expect(counts[3]).toBe(counts[1]);
    expect(counts[1]).not.toBe(counts[0]);
    const frame = (f: object) => `&format=jsonld&frame=${encodeURIComponent(JSON.stringify(f))}`;
    await request(`${s.url}/sparql${q(CONSTRUCT, frame({ '@type': [] }))}`);
    await request(`${s.url}/sparql${q(CONSTRUCT, frame({}))}`);
    await request(`${s.url}/sparql${q(CONSTRUCT, frame({}))}`);
    expect(outcomes(s, from)).toEqual(['ok', 'ok', 'cache-hit', 'cache-hit', 'ok', 'ok', 'cache-hit']);
  });

  it('never keeps a cut answer: it runs again and says it was cut again', async () => {
    const url = `${s.url}/sparql${q(ALL)}`;
    const from = s.logs.length;
    const { result: [a, b], ran } = await counting(s, ALL, async () => [await request(url), await request(url)] as const);
    expect(ran).toBe(2);
    expect(a.headers.get('x-result-truncated')).toBe('rows; limit=10; returned=10');
    expect(b.headers.get('x-result-truncated')).toBe('rows; limit=10; returned=10');
    expect(outcomes(s, from)).toEqual(['ok', 'ok']);
  });

  it('never keeps an error', async () => {
    const failing = 'SELECT ?x WHERE { BIND(<http://example.org/f>(1) AS ?x) }';
    const url = `${s.url}/sparql${q(failing)}`;
    const from = s.logs.length;
    const { result: [a, b], ran } = await counting(s, failing, async () => [await request(url), await request(url)] as const);
    expect(ran).toBe(2);
    expect([a.status, b.status]).toEqual([400, 400]);
    expect(b.body).toBe(a.body);
    expect(outcomes(s, from)).toEqual(['error', 'error']);
  });

  it('never keeps the answer of a query that may answer differently (RAND, NOW, BNODE…)', async () => {
    const random = 'SELECT (RAND() AS ?r) WHERE {}';
    const url = `${s.url}/sparql${q(random)}`;
    const from = s.logs.length;
    const { ran } = await counting(s, random, async () => [await request(url), await request(url)]);
    expect(ran).toBe(2);
    expect(outcomes(s, from)).toEqual(['ok', 'ok']);
  });

  it('revalidation still gets 304 before anything else', async () => {
    const url = `${s.url}/sparql${q(NAMES)}`;
    const etag = (await request(url)).headers.get('etag') ?? '';
    const r = await request(url, { headers: { 'If-None-Match': etag } });
    expect(r.status).toBe(304);
  });

  it('a refused query is still refused when an answer to its text could be cached', async () => {
    const r = await request(`${s.url}/sparql${q('SELECT * FROM <http://elsewhere.example/g> WHERE { ?s ?p ?o }')}`);
    expect(r.status).toBe(403);
  });
});

describe('the byte bound and switching it off', () => {
  it('evicts the least recently used answer when the bytes run out', async () => {
    // Each of these answers costs about 410 bytes in the cache (130 of JSON, the key, the overhead): room for two.
    const s = await startServer({ files: [fixture('small.trig')], base: 'http://example.org/', resultCache: { bytes: 1_000, maxEntryBytes: 1_000 } });
    try {
      const ask = (n: number) => request(`${s.url}/sparql${q(`SELECT ?n WHERE { BIND(${n} AS ?n) }`)}`);
      const from = s.logs.length;
      await ask(1);
      await ask(2);
      await ask(1); // 1 is now the most recent
      await ask(3); // evicts 2
      await ask(1);
      await ask(2);
      expect(outcomes(s, from)).toEqual(['ok', 'ok', 'cache-hit', 'ok', 'cache-hit', 'ok']);
    } finally {
      await s.close();
    }
  });

  it('keeps nothing larger than the per-entry limit', async () => {
    const s = await startServer({ files: [fixture('small.trig')], base: 'http://example.org/', resultCache: { bytes: MiB, maxEntryBytes: 600 } });
    try {
      const from = s.logs.length;
      for (let i = 0; i < 2; i++) await request(`${s.url}/sparql${q(ALL)}`);
      for (let i = 0; i < 2; i++) await request(`${s.url}/sparql${q('ASK {}')}`);
      expect(outcomes(s, from)).toEqual(['ok', 'ok', 'ok', 'cache-hit']);
    } finally {
      await s.close();
    }
  });

  it('0 bytes turns it off', async () => {
    const s = await startServer({ files: [fixture('small.trig')], base: 'http://example.org/', resultCache: { bytes: 0, maxEntryBytes: MiB } });
    try {
      const from = s.logs.length;
      const { ran } = await counting(s, NAMES, async () => {
        for (let i = 0; i < 3; i++) await request(`${s.url}/sparql${q(NAMES)}`);
      });
      expect(ran).toBe(3);
      expect(outcomes(s, from)).toEqual(['ok', 'ok', 'ok']);
    } finally {
      await s.close();
    }
  });
});

describe('ResultCache', () => {
  const key = (query: string, format = 'json') => ResultCache.key({ version: 'v1', query, dataset: undefined, format, frame: undefined });

  it('counts body, key and overhead against the bound and evicts the least recently used', () => {
    const c = new ResultCache(1_000, 1_000);
    expect(c.set(key('a'), { body: 'x'.repeat(300), rows: 1 })).toBe(true);
    expect(c.set(key('b'), { body: new Uint8Array(300), rows: 1 })).toBe(true);
    expect(c.bytes).toBeGreaterThan(600);
    c.get(key('a'));
    expect(c.set(key('c'), { body: 'y'.repeat(300), rows: 1 })).toBe(true);
    expect(c.get(key('b'))).toBeUndefined();
    expect(c.get(key('a'))?.body).toBe('x'.repeat(300));
    expect(c.get(key('c'))?.rows).toBe(1);
    expect(c.bytes).toBeLessThanOrEqual(1_000);
    expect([c.hits, c.misses]).toEqual([3, 1]);
  });

  it('counts UTF-8 bytes of a string body, refuses an entry over the per-entry limit, and replaces a key in place', () => {
    const c = new ResultCache(10_000, 500);
    expect(c.set(key('big'), { body: 'é'.repeat(200), rows: null })).toBe(false);
    expect(c.set(key('small'), { body: 'e'.repeat(200), rows: null })).toBe(true);
    const before = c.bytes;
    expect(c.set(key('small'), { body: 'f'.repeat(200), rows: null })).toBe(true);
    expect([c.size, c.bytes]).toEqual([1, before]);
  });

  it('keys differ by every part', () => {
    const base = { version: 'v1', query: 'ASK {}', dataset: undefined, format: 'json', frame: undefined };
    const keys = new Set([
      ResultCache.key(base),
      ResultCache.key({ ...base, version: 'v2' }),
      ResultCache.key({ ...base, query: 'ASK { }' }),
      ResultCache.key({ ...base, format: 'xml' }),
      ResultCache.key({ ...base, frame: '{}' }),
      ResultCache.key({ ...base, dataset: { defaultGraphs: [], namedGraphs: [] } }),
      ResultCache.key({ ...base, dataset: { defaultGraphs: ['http://a'], namedGraphs: [] } }),
      ResultCache.key({ ...base, dataset: { defaultGraphs: [], namedGraphs: ['http://a'] } }),
    ]);
    expect(keys.size).toBe(8);
  });
});
