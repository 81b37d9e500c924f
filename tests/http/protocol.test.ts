// The SPARQL 1.1 Protocol at /sparql against a real server: every way to send a query, every result
// format, the dataset parameters, content negotiation end to end, and every error with its status
// and exact message.
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EX, FOAF, fixture, q, request, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
let sparql: string;

beforeAll(async () => {
  s = await startServer({ files: [fixture('small.trig')], base: 'http://example.org/' });
  sparql = `${s.url}/sparql`;
});
afterAll(async () => s?.close());

const NAMES = `PREFIX foaf: <${FOAF}> SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY STR(?name)`;
const form = (body: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
const direct = (body: string, type = 'application/sparql-query') => ({ method: 'POST', headers: { 'Content-Type': type }, body });
type Bindings = { head: { vars: string[] }; results: { bindings: Array<Record<string, { type: string; value: string; 'xml:lang'?: string }>> } };
const values = (body: string, v: string) => (JSON.parse(body) as Bindings).results.bindings.map((b) => b[v]?.value);
const count = async (url: string, init?: RequestInit) => Number(values((await request(url, init)).body, 'n')[0]);
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';

describe('sending a query', () => {
  it('GET ?query= answers SPARQL JSON by default', async () => {
    const r = await request(sparql + q(NAMES));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/sparql-results+json; charset=utf-8');
    expect(r.headers.get('vary')).toBe('Accept');
    expect(values(r.body, 'name')).toEqual(['Alice', 'Anonymous', 'Bob', 'Carol "C" Smith', 'Dave']);
  });
  it('POST application/x-www-form-urlencoded', async () => {
    const r = await request(sparql, form(`query=${encodeURIComponent(NAMES)}`));
    expect(r.status).toBe(200);
    expect(values(r.body, 'name')).toHaveLength(5);
  });
  it('POST application/sparql-query (charset utf-8 allowed)', async () => {
    const r = await request(sparql, direct(NAMES, 'application/sparql-query; charset=UTF-8'));
    expect(r.status).toBe(200);
    expect(values(r.body, 'name')).toHaveLength(5);
  });
  it('a trailing slash reaches the same endpoint', async () => {
    expect((await request(`${sparql}/${q('ASK {}')}`)).status).toBe(200);
  });
  it('HEAD runs nothing visible and sends the headers', async () => {
    const r = await request(sparql + q(NAMES), { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(r.type).toBe('application/sparql-results+json');
  });
  it('relative IRIs resolve against the base IRI', async () => {
    const r = await request(sparql + q('ASK { <alice> <http://xmlns.com/foaf/0.1/name> "Alice" }'));
    expect(JSON.parse(r.body)).toEqual({ head: {}, boolean: true });
  });
});

describe('the dataset', () => {
  it('the default graph is the union of every graph, the unnamed one included', async () => {
    expect(await count(sparql + q(COUNT))).toBe(17);
  });
  it('default-graph-uri selects the default graph', async () => {
    expect(await count(sparql + q(COUNT, `&default-graph-uri=${encodeURIComponent(`${EX}people`)}`))).toBe(9);
    const two = `&default-graph-uri=${encodeURIComponent(`${EX}people`)}&default-graph-uri=${encodeURIComponent(`${EX}docs`)}`;
    expect(await count(sparql + q(COUNT, two))).toBe(15);
  });
  it('named-graph-uri selects the named graphs (and leaves the default graph empty)', async () => {
    const named = `&named-graph-uri=${encodeURIComponent(`${EX}docs`)}`;
    const r = await request(sparql + q('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', named));
    expect(values(r.body, 'g')).toEqual([`${EX}docs`]);
    expect(await count(sparql + q(COUNT, named))).toBe(0);
  });
  it('dataset parameters in the URL apply to a form POST too', async () => {
    expect(await count(`${sparql}?default-graph-uri=${encodeURIComponent(`${EX}docs`)}`, form(`query=${encodeURIComponent(COUNT)}`))).toBe(6);
  });
  it('a graph the dataset does not hold is empty when named by the protocol', async () => {
    expect(await count(sparql + q(COUNT, `&default-graph-uri=${encodeURIComponent('http://nowhere.example/g')}`))).toBe(0);
  });
  it('FROM names a local graph; FROM NAMED alone leaves the default graph empty', async () => {
    expect(await count(sparql + q(`SELECT (COUNT(*) AS ?n) FROM <${EX}people> WHERE { ?s ?p ?o }`))).toBe(9);
    expect(await count(sparql + q(`SELECT (COUNT(*) AS ?n) FROM NAMED <${EX}people> WHERE { ?s ?p ?o }`))).toBe(0);
    expect(await count(sparql + q(`SELECT (COUNT(*) AS ?n) FROM NAMED <${EX}people> WHERE { GRAPH ?g { ?s ?p ?o } }`))).toBe(9);
  });
  it('the protocol dataset overrides FROM (no refusal then)', async () => {
    const query = 'SELECT (COUNT(*) AS ?n) FROM <http://remote.example/g> WHERE { ?s ?p ?o }';
    expect(await count(sparql + q(query, `&default-graph-uri=${encodeURIComponent(`${EX}docs`)}`))).toBe(6);
  });
});

describe('result formats', () => {
  it.each([
    ['application/sparql-results+xml', 'application/sparql-results+xml', '<literal xml:lang="en">Bob</literal>'],
    ['text/csv', 'text/csv', 'name\r\nAlice\r\nAnonymous\r\nBob\r\n"Carol ""C"" Smith"\r\nDave\r\n'],
    ['text/tab-separated-values', 'text/tab-separated-values', '?name\n"Alice"\n"Anonymous"\n"Bob"@en\n"Carol \\"C\\" Smith"\n"Dave"\n'],
    ['application/json', 'application/json', '"xml:lang":"en"'],
  ])('SELECT, Accept %s', async (accept, type, expected) => {
    const r = await request(sparql + q(NAMES), { headers: { Accept: accept } });
    expect(r.status).toBe(200);
    expect(r.type).toBe(type);
    expect(r.body).toContain(expected);
  });
  it.each([
    ['ASK { ?s ?p "Alice" }', 'application/sparql-results+json', '{"head":{},"boolean":true}'],
    ['ASK { ?s ?p "Zed" }', 'application/sparql-results+json', '{"head":{},"boolean":false}'],
    ['ASK { ?s ?p "Alice" }', 'application/sparql-results+xml', '<boolean>true</boolean>'],
  ])('%s as %s', async (query, accept, expected) => {
    const r = await request(sparql + q(query), { headers: { Accept: accept } });
    expect(r.type).toBe(accept);
    expect(r.body).toContain(expected);
  });
  it('ASK has no CSV: 406 listing what is offered', async () => {
    const r = await request(sparql + q('ASK {}'), { headers: { Accept: 'text/csv' } });
    expect(r.status).toBe(406);
    expect(r.body).toBe('none of the types in Accept "text/csv" is offered for ASK results. Offered: application/sparql-results+json (format=json), application/sparql-results+xml (format=xml)\n');
  });
  const CONSTRUCT = `PREFIX foaf: <${FOAF}> CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }`;
  it.each([
    ['text/turtle', 'Turtle'], ['application/n-triples', 'N-Triples'], ['application/n-quads', 'N-Quads'], ['application/trig', 'TriG'],
  ])('CONSTRUCT as %s parses back to the same 5 triples', async (accept, parserFormat) => {
    const r = await request(sparql + q(CONSTRUCT), { headers: { Accept: accept } });
    expect(r.status).toBe(200);
    expect(r.type).toBe(accept);
    expect(new Parser({ format: parserFormat }).parse(r.body)).toHaveLength(5);
  });
  it('CONSTRUCT as JSON-LD and RDF/XML', async () => {
    const jsonld = await request(sparql + q(CONSTRUCT), { headers: { Accept: 'application/ld+json' } });
    expect(jsonld.type).toBe('application/ld+json');
    // Compacted with the dataset's published context (src/web/toJsonld.ts), one node per name here.
    const doc = JSON.parse(jsonld.body) as { '@context': string; '@graph': unknown[] };
    expect(doc['@context']).toBe('http://example.org/context.jsonld');
    expect(doc['@graph']).toHaveLength(5);
    const xml = await request(sparql + q(CONSTRUCT), { headers: { Accept: 'application/rdf+xml' } });
    expect(xml.type).toBe('application/rdf+xml');
    expect(xml.body).toContain('<rdf:RDF');
  });
  it('CONSTRUCT defaults to Turtle; Accept: text/plain gets N-Triples labelled text/plain', async () => {
    expect((await request(sparql + q(CONSTRUCT))).type).toBe('text/turtle');
    const plain = await request(sparql + q(CONSTRUCT), { headers: { Accept: 'text/plain' } });
    expect(plain.type).toBe('text/plain');
    expect(plain.body.trim().split('\n')).toHaveLength(5);
  });
  it('DESCRIBE gives the resource and its blank-node closure', async () => {
    const r = await request(sparql + q(`DESCRIBE <${EX}doc2>`), { headers: { Accept: 'application/n-triples' } });
    const quads = new Parser({ format: 'N-Triples' }).parse(r.body);
    expect(quads.map((x) => x.object.value)).toEqual(expect.arrayContaining([`${FOAF}Document`, 'Anonymous']));
  });
  it('a SELECT with a SELECT-only format for CONSTRUCT is 406', async () => {
    const r = await request(sparql + q(CONSTRUCT), { headers: { Accept: 'application/sparql-results+json' } });
    expect(r.status).toBe(406);
    expect(r.body).toBe('none of the types in Accept "application/sparql-results+json" is offered for CONSTRUCT results. Offered: text/turtle (format=turtle), application/n-triples (format=ntriples), application/n-quads (format=nquads), application/trig (format=trig), application/ld+json (format=jsonld), application/rdf+xml (format=rdfxml)\n');
  });
  it('the format parameter overrides Accept', async () => {
    const r = await request(sparql + q(NAMES, '&format=tsv'), { headers: { Accept: 'application/sparql-results+json' } });
    expect(r.type).toBe('text/tab-separated-values');
    const m = await request(sparql + q(NAMES, `&format=${encodeURIComponent('text/csv')}`));
    expect(m.type).toBe('text/csv');
  });
  it('an unknown format parameter is 406 listing the offered formats', async () => {
    const r = await request(sparql + q(NAMES, '&format=yaml'));
    expect(r.status).toBe(406);
    expect(r.body).toBe('format "yaml" is not offered for SELECT results. Offered: application/sparql-results+json (format=json), application/sparql-results+xml (format=xml), text/csv (format=csv), text/tab-separated-values (format=tsv)\n');
  });
});

describe('mistakes, with their status and message', () => {
  const cases: Array<[string, () => Promise<{ status: number; body: string }>, number, string]> = [
    ['no query at all (form POST)', () => request(sparql, form('default-graph-uri=x%3Ay')), 400, 'the request has no "query" parameter: send query=… (GET or form POST) or the query as an application/sparql-query body'],
    ['GET with parameters but no query', () => request(`${sparql}?default-graph-uri=${encodeURIComponent(`${EX}docs`)}`), 400, 'the request has no "query" parameter: send query=… (GET or form POST) or the query as an application/sparql-query body'],
    ['two query parameters', () => request(`${sparql + q('ASK {}')}&query=${encodeURIComponent('ASK {}')}`), 400, 'the request has 2 "query" parameters: send exactly one'],
    ['query in the body and in the URL', () => request(sparql + q('ASK {}'), direct('ASK {}')), 400, 'the query is both in the body and in the URL: send it in one place'],
    ['an empty query', () => request(sparql, direct('  ')), 400, 'the query is empty'],
    ['malformed percent-encoding', () => request(`${sparql}?query=ASK%20%7B%ZZ`), 400, 'malformed percent-encoding in the URL, near "query=ASK%20%7B%ZZ": encode the query with encodeURIComponent'],
    ['a body that is not UTF-8', () => request(sparql, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: new Uint8Array([0x41, 0x53, 0x4b, 0x20, 0xff, 0x7b, 0x7d]) }), 400, 'the query is not valid UTF-8: send it as UTF-8'],
    ['a timeout that is not a number', () => request(sparql + q('ASK {}', '&timeout=soon')), 400, 'timeout must be a whole number of milliseconds above 0, got "soon"'],
    ['a graph parameter that is not an IRI', () => request(sparql + q('ASK {}', '&named-graph-uri=not%20an%20iri')), 400, '"not an iri" is not an absolute IRI: default-graph-uri and named-graph-uri take graph IRIs'],
    ['an unsupported body type', () => request(sparql, direct('ASK {}', 'text/plain')), 415, 'unsupported Content-Type "text/plain": send application/sparql-query (the query as the body) or application/x-www-form-urlencoded (query=…)'],
    ['a POST without Content-Type', () => request(sparql, { method: 'POST', body: new Uint8Array(Buffer.from('ASK {}')) }), 415, 'a POST needs a Content-Type: application/sparql-query (the query as the body) or application/x-www-form-urlencoded (query=…)'],
    ['a body in UTF-16', () => request(sparql, direct('ASK {}', 'application/sparql-query; charset=UTF-16')), 415, 'charset "UTF-16" is not supported: send the request body as UTF-8'],
    ['an update in the query parameter', () => request(sparql + q(`INSERT DATA { <${EX}a> <${EX}b> <${EX}c> }`)), 403, 'this endpoint is read-only: the request is a SPARQL update (INSERT DATA), which is refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).'],
    ['LOAD', () => request(sparql, form(`query=${encodeURIComponent('LOAD <http://example.org/x.ttl>')}`)), 403, 'this endpoint is read-only: the request is a SPARQL update (LOAD), which is refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).'],
    ['an update parameter', () => request(sparql, form('update=CLEAR%20ALL')), 403, 'this endpoint is read-only: SPARQL updates are refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).'],
    ['an application/sparql-update body', () => request(sparql, direct('CLEAR ALL', 'application/sparql-update')), 403, 'this endpoint is read-only: SPARQL updates are refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).'],
    ['SERVICE', () => request(sparql + q('SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }')), 403, 'SERVICE <https://query.wikidata.org/sparql> is refused: this endpoint does not send queries to other services. Query that service directly.'],
    ['SERVICE inside a sub-query', () => request(sparql + q('SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE SILENT <http://x.example/> { ?s ?p ?o } } } } }')), 403, 'SERVICE <http://x.example/> is refused: this endpoint does not send queries to other services. Query that service directly.'],
    ['a remote FROM', () => request(sparql + q('SELECT * FROM <https://dbpedia.org/data/Paris.ttl> WHERE { ?s ?p ?o }')), 403, 'FROM <https://dbpedia.org/data/Paris.ttl> is refused: that graph is not in this dataset, and this endpoint never fetches remote data. The graphs it holds are listed in the service description (GET /sparql).'],
    ['a method other than GET or POST', () => request(sparql + q('ASK {}'), { method: 'PUT' }), 405, 'PUT is not allowed on /sparql: use GET, HEAD, POST, OPTIONS'],
    ['an unknown path', () => request(`${s.url}/nothing-here`), 404, 'nothing at /nothing-here: the routes are listed at /'],
  ];
  it.each(cases)('%s', async (_name, send, status, message) => {
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.body).toBe(`${message}\n`);
  });
  it('a syntax error gives the line and column and the parser\'s own words', async () => {
    const r = await request(sparql + q('SELECT *\nWHERE {\n  ?s ?p\n}'));
    expect(r.status).toBe(400);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body.split('\n').slice(0, 3)).toEqual(['SPARQL syntax error at line 4, column 1:', '...T *WHERE {  ?s ?p}', '--------------------^']);
    expect(r.body).toContain("got '}'");
  });
  it('405 says which methods are allowed', async () => {
    const r = await request(sparql, { method: 'DELETE' });
    expect(r.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
  });
});

describe('caching', () => {
  it('GET results carry a strong ETag from version, query and format; If-None-Match gets 304', async () => {
    const a = await request(sparql + q(NAMES));
    const etag = a.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{32}"$/);
    expect(a.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await request(sparql + q(NAMES))).headers.get('etag')).toBe(etag);
    const csv = await request(sparql + q(NAMES), { headers: { Accept: 'text/csv' } });
    expect(csv.headers.get('etag')).not.toBe(etag);
    const revalidated = await request(sparql + q(NAMES), { headers: { 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect((await request(sparql + q(NAMES), { headers: { 'If-None-Match': `"other", W/${etag}` } })).status).toBe(304);
    expect((await request(sparql + q(NAMES), { headers: { 'If-None-Match': '"other"' } })).status).toBe(200);
  });
  it('the ETag is honest: the same query answered by different workers gives the same bytes, blank nodes included', async () => {
    const query = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }';
    const replies = await Promise.all(Array.from({ length: 6 }, () => request(sparql + q(query), { headers: { Accept: 'text/tab-separated-values' } })));
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect(replies[0]?.body).toContain('_:');
  });
  it('a query that may answer differently each time gets no ETag', async () => {
    const r = await request(sparql + q('SELECT (RAND() AS ?r) WHERE {}'));
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBeNull();
    expect(r.headers.get('cache-control')).toBe('no-store');
  });
  it('POST results get no ETag', async () => {
    expect((await request(sparql, direct(NAMES))).headers.get('etag')).toBeNull();
  });
});

describe('CORS', () => {
  it('every answer allows any origin, without credentials', async () => {
    const r = await request(sparql + q('ASK {}'), { headers: { Origin: 'https://app.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    expect(r.headers.get('access-control-expose-headers')).toContain('X-Result-Truncated');
  });
  it('a preflight for a POST with a JSON Accept and a SPARQL body is allowed', async () => {
    const r = await request(sparql, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, accept' },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, OPTIONS');
    expect(r.headers.get('access-control-allow-headers')).toBe('content-type, accept');
    expect(r.headers.get('access-control-max-age')).toBe('86400');
  });
});

describe('service description at GET /sparql', () => {
  it('is Turtle by default and names the endpoint, the formats, the union default graph and the graphs', async () => {
    const r = await request(sparql);
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/turtle');
    const quads = new Parser().parse(r.body);
    const SD = 'http://www.w3.org/ns/sparql-service-description#';
    const objects = (p: string) => quads.filter((x) => x.predicate.value === SD + p).map((x) => x.object.value);
    expect(objects('endpoint')).toEqual([sparql]);
    expect(objects('supportedLanguage')).toEqual([`${SD}SPARQL11Query`]);
    expect(objects('feature')).toEqual([`${SD}UnionDefaultGraph`]);
    expect(objects('resultFormat')).toHaveLength(10);
    expect(objects('name').sort()).toEqual([`${EX}docs`, `${EX}people`]);
  });
  it('comes in other RDF formats by Accept or format', async () => {
    const jsonld = await request(sparql, { headers: { Accept: 'application/ld+json' } });
    expect(jsonld.type).toBe('application/ld+json');
    expect(Array.isArray(JSON.parse(jsonld.body))).toBe(true);
    expect((await request(`${sparql}?format=nt`)).type).toBe('application/n-triples');
  });
  it('a browser gets the query form', async () => {
    const r = await request(sparql, { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(r.type).toBe('text/html');
    expect(r.body).toContain('<form method="get" action="/sparql">');
  });
});

describe('operations', () => {
  it('/health and /ready', async () => {
    expect(JSON.parse((await request(`${s.url}/health`)).body)).toEqual({ status: 'ok' });
    const ready = await request(`${s.url}/ready`);
    expect(ready.status).toBe(200);
    const body = JSON.parse(ready.body) as Record<string, unknown>;
    expect(body).toMatchObject({ ready: true, triples: 17, quads: 17, graphs: 2, source: 'files', pool: { size: 2, workers: 3, ready: true } });
  });
  it('each query is logged with its hash, type, rows and outcome', async () => {
    await request(sparql + q(`${NAMES} # log-ok`));
    await request(sparql + q('ASK { # log-bad'));
    const queryLogs = s.logs.filter((l) => l['route'] === '/sparql').map((l) => l['query'] as Record<string, unknown> | undefined);
    expect(queryLogs).toContainEqual({ hash: expect.stringMatching(/^[0-9a-f]{12}$/), type: 'SELECT', format: 'json', rows: 5, truncated: null, outcome: 'ok' });
    expect(queryLogs).toContainEqual({ hash: expect.stringMatching(/^[0-9a-f]{12}$/), outcome: 'error' });
    expect(s.logs.find((l) => l['route'] === '/sparql')).toMatchObject({ method: expect.any(String), status: expect.any(Number), ms: expect.any(Number) });
  });
});
