// Dereferencing over HTTP, against the real dataset on a real server: 303 for things (to the document
// in the negotiated format), 200 for documents (named graphs, suffix URLs, the ontology), every
// Accept type, suffix and format parameter, Vary, Content-Location, Link, ETag/304, HEAD, 404 with
// suggestions, 406 listing the offers, and answers for the base's IRIs on a different origin.
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { akg, foaf, rdf, schema } from '../../src/vocab.ts';
import { follow, get, startWebServer, type WebServer } from './webServer.ts';

let s: WebServer;
let base: string;
const PERSON = 'id/person/lay-chenda';
const MEETING = 'id/meeting/adsom-wg-2022-04';

beforeAll(async () => {
  s = await startWebServer();
  base = s.site.model.base;
});
afterAll(() => s.close());

const TYPES: ReadonlyArray<[string, string, string]> = [
  ['text/turtle', 'ttl', 'text/turtle'],
  ['application/ld+json', 'jsonld', 'application/ld+json'],
  ['application/n-triples', 'nt', 'application/n-triples'],
  ['application/rdf+xml', 'rdf', 'application/rdf+xml'],
  ['application/trig', 'trig', 'application/trig'],
  ['application/n-quads', 'nq', 'application/n-quads'],
  ['text/html', 'html', 'text/html'],
];

describe('an entity IRI (a thing: 303 See Other)', () => {
  it('answers the base IRI at the same path although the server origin differs', () => {
    expect(base).toBe('https://w3id.org/asean-kg/');
    expect(s.url.startsWith('http://127.0.0.1:')).toBe(true);
  });

  it.each(TYPES)('Accept %s → 303 to the .%s document, which is %s', async (accept, ext, type) => {
    const r = await get(`${s.url}/${PERSON}`, { Accept: accept });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/${PERSON}.${ext}`);
    expect(r.headers.get('vary')).toMatch(/\bAccept\b/);
    const doc = await get(`${s.url}/${PERSON}.${ext}`);
    expect(doc.status).toBe(200);
    expect(doc.type).toBe(type);
    expect(doc.headers.get('vary')).toBeNull();
    expect(doc.body).toContain(type === 'application/ld+json' ? PERSON : `${base}${PERSON}`);
  });

  it.each(TYPES)('format=%s (by name) also redirects to the .%s document', async (_accept, ext) => {
    const name = { ttl: 'turtle', jsonld: 'jsonld', nt: 'ntriples', rdf: 'rdfxml', trig: 'trig', nq: 'nquads', html: 'html' }[ext] ?? ext;
    const r = await get(`${s.url}/${PERSON}?format=${name}`, { Accept: 'text/html' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/${PERSON}.${ext}`);
  });

  it('gives browsers and curl (*/*) the HTML page', async () => {
    for (const accept of ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', '*/*']) {
      const r = await follow(`${s.url}/${PERSON}`, { Accept: accept });
      expect(r.url).toBe(`${s.url}/${PERSON}.html`);
      expect(r.status).toBe(200);
      expect(r.body).toContain('<h1>Lay Chenda</h1>');
    }
  });

  it('answers 406 listing what is offered when nothing fits, for Accept and for format', async () => {
    const r = await get(`${s.url}/${PERSON}`, { Accept: 'image/png' });
    expect(r.status).toBe(406);
    expect(r.body).toBe(`none of the types in Accept "image/png" is offered for <${base}${PERSON}>. Offered: text/html (format=html), text/turtle (format=turtle), application/ld+json (format=jsonld), application/n-triples (format=ntriples), application/rdf+xml (format=rdfxml), application/trig (format=trig), application/n-quads (format=nquads)\n`);
    const f = await get(`${s.url}/${PERSON}?format=pdf`);
    expect(f.status).toBe(406);
    expect(f.body).toMatch(/^format "pdf" is not offered for </);
  });

  it('serves the Turtle document about the IRI: its statements, incoming links, labels of neighbours and the document link', async () => {
    const r = await get(`${s.url}/${PERSON}.ttl`);
    const quads = new Parser({ baseIRI: base }).parse(r.body);
    const has = (sub: string, p: string, o: string) => quads.some((q) => q.subject.value === sub && q.predicate.value === p && q.object.value === o);
    const me = `${base}${PERSON}`;
    expect(has(me, schema('name'), 'Lay Chenda')).toBe(true);
    expect(has(me, rdf('type'), akg('Person'))).toBe(true);
    expect(has(`${base}${MEETING}`, akg('chairedBy'), me)).toBe(true);
    expect(quads.some((q) => q.subject.value === `${base}${MEETING}` && q.predicate.value === schema('name'))).toBe(true);
    expect(has(`${me}.ttl`, foaf('primaryTopic'), me)).toBe(true);
    expect(r.headers.get('link')).toContain(`</${PERSON}.trig>; rel="alternate"; type="application/trig"`);
  });

  it('puts each fact in the named graph that states it in TriG, with what the graph was derived from', async () => {
    const r = await get(`${s.url}/${PERSON}.trig`);
    const quads = new Parser({ format: 'application/trig' }).parse(r.body);
    const name = quads.find((q) => q.predicate.value === schema('name') && q.object.value === 'Lay Chenda');
    expect(name?.graph.value).toBe(`${base}graph/ppp-2022-04-article`);
    expect(quads.some((q) => q.subject.value === `${base}graph/ppp-2022-04-article` && q.predicate.value.endsWith('wasDerivedFrom') && q.object.value === `${base}id/source/ppp-2022-04-article` && q.graph.value === `${base}graph/meta`)).toBe(true);
    const nq = await get(`${s.url}/${PERSON}.nq`);
    expect(new Parser({ format: 'N-Quads' }).parse(nq.body).length).toBe(quads.length);
  });

  it('answers HEAD like GET without a body, and revalidation with 304', async () => {
    const head = await get(`${s.url}/${PERSON}.ttl`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const etag = head.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await get(`${s.url}/${PERSON}.ttl`, { 'If-None-Match': etag })).status).toBe(304);
    expect((await get(`${s.url}/${PERSON}.nt`, { 'If-None-Match': etag })).status).toBe(200);
  });

  it('keeps the frame parameter across the redirect to JSON-LD', async () => {
    const frame = JSON.stringify({ '@id': PERSON });
    const r = await get(`${s.url}/${PERSON}?${new URLSearchParams({ frame })}`, { Accept: 'application/ld+json' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/${PERSON}.jsonld?${new URLSearchParams({ frame })}`);
  });

  it('describes the dataset IRI and the VoID distributions (from the build\'s VoID)', async () => {
    const r = await follow(`${s.url}/dataset`, { Accept: 'text/turtle' });
    expect(r.status).toBe(200);
    const quads = new Parser({ baseIRI: base }).parse(r.body);
    expect(quads.some((q) => q.subject.value === `${base}dataset` && q.predicate.value.endsWith('#sparqlEndpoint'))).toBe(true);
    const d = await follow(`${s.url}/dataset/distribution/turtle`, { Accept: 'text/turtle' });
    expect(d.status).toBe(200);
    expect(d.body).toContain('downloadURL');
  });
});

describe('a named graph IRI (a document: 200 in place)', () => {
  const GRAPH = 'graph/year-2022-inferred';

  it.each(TYPES)('Accept %s → 200 %s with Content-Location .%s', async (accept, ext, type) => {
    const r = await get(`${s.url}/${GRAPH}`, { Accept: accept });
    expect(r.status).toBe(200);
    expect(r.type).toBe(type);
    expect(r.headers.get('content-location')).toBe(`/${GRAPH}.${ext}`);
    expect(r.headers.get('vary')).toMatch(/\bAccept\b/);
  });

  it('holds the graph\'s statements in that graph, and what it was derived from and why', async () => {
    const r = await get(`${s.url}/${GRAPH}.trig`);
    const quads = new Parser({ format: 'application/trig' }).parse(r.body);
    expect(quads.some((q) => q.graph.value === `${base}${GRAPH}` && q.predicate.value === schema('startDate'))).toBe(true);
    expect(quads.some((q) => q.predicate.value === akg('reason'))).toBe(true);
    const page = await get(`${s.url}/${GRAPH}`);
    expect(page.body).toContain('inferred by the curators');
    expect(page.body).toContain('Why these facts are held');
  });

  it('serves the VoID graph, which is not in the store, from the build\'s description', async () => {
    const r = await get(`${s.url}/graph/void.nt`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<http://rdfs.org/ns/void#sparqlEndpoint>');
  });
});

describe('unknown IRIs', () => {
  it('answers 404 with suggestions and a search box for a browser', async () => {
    const r = await get(`${s.url}/id/person/lay-chenda-x`, { Accept: 'text/html' });
    expect(r.status).toBe(404);
    expect(r.type).toBe('text/html');
    expect(r.body).toContain('Did you mean');
    expect(r.body).toContain(`href="/${PERSON}"`);
    expect(r.body).toMatch(/<input id="q" type="search" name="q" value="lay chenda x">/);
  });

  it('answers 404 as text for an RDF client, with the suggestions', async () => {
    const r = await get(`${s.url}/id/person/lay-chendaa.ttl`, { Accept: 'text/turtle' });
    expect(r.status).toBe(404);
    expect(r.body).toBe(`no resource <${base}id/person/lay-chendaa.ttl> in this dataset; did you mean:\n  ${base}${PERSON} (Lay Chenda)\nSearch names and acronyms at /search?q=…\n`);
  });

  it('answers 404 for an unknown suffix of a known IRI, and under /graph/', async () => {
    expect((await get(`${s.url}/${PERSON}.pdf`)).status).toBe(404);
    expect((await get(`${s.url}/graph/nothing`)).status).toBe(404);
  });

  it('leaves paths outside the dataset\'s spaces to the next handler', async () => {
    const r = await get(`${s.url}/no-such-page`);
    expect(r.status).toBe(404);
    expect(r.body).toBe('nothing at /no-such-page\n');
  });

  it('refuses an IRI parameter that could break out of a query, and explains', async () => {
    const r = await get(`${s.url}/resource?${new URLSearchParams({ iri: 'http://x.org/a> } ; DROP ALL #' })}`);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('/resource?iri=', () => {
  it('redirects an IRI under the base to its path', async () => {
    const r = await get(`${s.url}/resource?${new URLSearchParams({ iri: `${base}${PERSON}` })}`);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/${PERSON}`);
  });

  it('describes a resource outside the base that the graph describes (an external class)', async () => {
    const r = await get(`${s.url}/resource?${new URLSearchParams({ iri: schema('Event'), format: 'ttl' })}`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/turtle');
    expect(r.body).toContain(`${base}${MEETING}`);
  });
});

describe('the ontology (hash namespace: one document for every term)', () => {
  it.each(TYPES.filter(([, ext]) => ext !== 'trig' && ext !== 'nq'))('Accept %s → 200 %s in place, Content-Location .%s', async (accept, ext, type) => {
    const r = await get(`${s.url}/ontology`, { Accept: accept });
    expect(r.status).toBe(200);
    expect(r.type).toBe(type);
    expect(r.headers.get('content-location')).toBe(`/ontology.${ext}`);
    expect(r.headers.get('vary')).toMatch(/\bAccept\b/);
  });

  it('serves the Turtle file as written, and every term IRI is defined in it', async () => {
    const r = await get(`${s.url}/ontology.ttl`);
    expect(r.body).toContain('# The asean-kg ontology');
    const quads = new Parser().parse(r.body);
    expect(quads.some((q) => q.subject.value === akg('Meeting') && q.predicate.value.endsWith('#label'))).toBe(true);
  });

  it('has an anchor for every term in the HTML documentation', async () => {
    const page = await get(`${s.url}/ontology`, { Accept: 'text/html' });
    for (const term of s.site.ontology?.terms.values() ?? []) {
      expect(page.body, term.iri).toContain(`id="${term.local}"`);
    }
    expect(page.body).toContain('id="Meeting"');
    expect(page.body).toContain('<svg viewBox=');
    expect(page.body).toContain('class="pending"');
    expect(page.body).toContain('sh:minCount');
  });

  it('answers the version IRI with the same document', async () => {
    const r = await get(`${s.url}/ontology/0.1.0`, { Accept: 'text/turtle' });
    expect(r.status).toBe(200);
    expect(r.body).toBe((await get(`${s.url}/ontology.ttl`)).body);
  });

  it('documents the shapes at /shapes with an anchor per shape', async () => {
    const page = await get(`${s.url}/shapes`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="MeetingShape"');
    const ttl = await get(`${s.url}/shapes.ttl`);
    expect(ttl.body).toContain('akgsh:MeetingShape');
  });
});

describe('JSON-LD', () => {
  const loader = (context: string) => async (url: string) => {
    if (url !== `${base}context.jsonld`) throw new Error(`unexpected fetch of ${url}`);
    return { contextUrl: null, documentUrl: url, document: JSON.parse(context) as object };
  };

  it('serves the published context at /context.jsonld', async () => {
    const r = await get(`${s.url}/context.jsonld`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/ld+json');
    expect((JSON.parse(r.body) as { '@context': Record<string, unknown> })['@context']['chairedBy']).toEqual({ '@id': akg('chairedBy'), '@type': '@id' });
  });

  it('compacts with the published context, by reference, and reads back to the same triples as Turtle', async () => {
    const context = (await get(`${s.url}/context.jsonld`)).body;
    const r = await get(`${s.url}/${MEETING}.jsonld`);
    const doc = JSON.parse(r.body) as { '@context': string; '@graph': Array<Record<string, unknown>> };
    expect(doc['@context']).toBe(`${base}context.jsonld`);
    const node = doc['@graph'].find((n) => n['id'] === MEETING);
    expect(node?.['chairedBy']).toBe(PERSON);
    const options = { format: 'application/n-quads', documentLoader: loader(context) } as unknown as jsonld.Options.ToRdf;
    const nquads = (await jsonld.toRDF(doc as unknown as jsonld.JsonLdDocument, options)) as unknown as string;
    const fromJson = new Parser({ format: 'N-Quads' }).parse(nquads);
    const fromTurtle = new Parser({ baseIRI: base }).parse((await get(`${s.url}/${MEETING}.ttl`)).body);
    const key = (q: { subject: { value: string }; predicate: { value: string }; object: { value: string } }) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`;
    const jsonKeys = new Set(fromJson.map(key));
    expect(fromTurtle.filter((q) => !q.subject.value.endsWith('.ttl')).map(key).filter((k) => !jsonKeys.has(k))).toEqual([]);
  });

  it('shapes the answer with a frame: the meeting on top, its chair embedded', async () => {
    const frame = { '@id': MEETING, chairedBy: { '@embed': '@always' } };
    const r = await get(`${s.url}/${MEETING}.jsonld?${new URLSearchParams({ frame: JSON.stringify(frame) })}`);
    expect(r.status).toBe(200);
    const doc = JSON.parse(r.body) as Record<string, unknown>;
    expect(doc['@context']).toBe(`${base}context.jsonld`);
    expect(doc['id']).toBe(MEETING);
    expect(doc['chairedBy']).toMatchObject({ id: PERSON, name: 'Lay Chenda' });
  });

  it('refuses frames that are not JSON objects, or that name a remote context, with 400', async () => {
    const bad = async (frame: string) => get(`${s.url}/${MEETING}.jsonld?${new URLSearchParams({ frame })}`);
    const notJson = await bad('{');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatch(/^the frame parameter is not JSON: /);
    expect((await bad('[1]')).body).toBe('the frame parameter must be a JSON object (a JSON-LD frame), e.g. {"@type": "Meeting"}\n');
    const remote = await bad(JSON.stringify({ '@context': 'http://169.254.169.254/latest' }));
    expect(remote.status).toBe(400);
    expect(remote.body).toBe(`the JSON-LD context <http://169.254.169.254/latest> is refused: this server never fetches documents. Use the dataset's context <${base}context.jsonld> or an inline @context\n`);
  });
});

describe('methods', () => {
  it('answers 405 with Allow for other methods on the pages', async () => {
    const r = await get(`${s.url}/search`, {}, 'POST');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(r.body).toBe('POST is not allowed on /search: use GET or HEAD\n');
  });
});
