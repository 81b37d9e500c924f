// The server never fetches anything a request names: SERVICE, LOAD, FROM / FROM NAMED of a graph it
// does not hold, the protocol's dataset parameters, IRIs to describe, and JSON-LD contexts (in a
// frame at /sparql or on a resource, or in a user's data file at start-up) all point at a local
// listener here that records every hit — and it records none.
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, type LiveServer } from '../helpers/liveServer.ts';
import { buildTempDist, spawnCli, type BuiltDist } from '../helpers/serverProcess.ts';

let dist: BuiltDist;
let s: LiveServer;
let trap: Server;
let trapUrl: string;
const hits: string[] = [];

beforeAll(async () => {
  trap = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/ld+json' });
    res.end('{"@context": {"name": "http://schema.org/name"}}');
  });
  trap.listen(0, '127.0.0.1');
  await once(trap, 'listening');
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  dist = await buildTempDist();
  s = await startLive({ dist: dist.dir });
});
afterAll(async () => {
  await s?.close();
  await dist?.remove();
  trap?.close();
});

const sparql = (query: string, extra = '') => fetch(`${s.url}/sparql?query=${encodeURIComponent(query)}${extra}`, { headers: { Accept: 'application/sparql-results+json' } });

describe('queries that name other servers', () => {
  it.each([
    ['SERVICE', () => `SELECT * WHERE { SERVICE <${trapUrl}/sparql> { ?s ?p ?o } }`, 403, /^SERVICE <.*> is refused: this endpoint does not send queries to other services/],
    ['SERVICE SILENT in a sub-query', () => `SELECT * WHERE { { SELECT ?s WHERE { SERVICE SILENT <${trapUrl}/sparql> { ?s ?p ?o } } } }`, 403, /^SERVICE <.*> is refused/],
    ['FROM a remote graph', () => `SELECT * FROM <${trapUrl}/data.ttl> WHERE { ?s ?p ?o }`, 403, /^FROM <.*> is refused: that graph is not in this dataset, and this endpoint never fetches remote data/],
    ['FROM NAMED a remote graph', () => `SELECT * FROM NAMED <${trapUrl}/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }`, 403, /^FROM <.*> is refused/],
    ['LOAD', () => `LOAD <${trapUrl}/data.ttl>`, 403, /^this endpoint is read-only/],
    ['DESCRIBE of a remote IRI', () => `DESCRIBE <${trapUrl}/thing>`, 200, /.*/],
  ])('%s: %i, nothing fetched', async (_name, query, status, message) => {
    const r = await fetch(`${s.url}/sparql?query=${encodeURIComponent(query())}`);
    expect(r.status).toBe(status);
    expect(await r.text()).toMatch(message);
    expect(hits).toEqual([]);
  });

  it('default-graph-uri / named-graph-uri of a remote graph: an empty dataset, nothing fetched', async () => {
    const r = await sparql('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', `&default-graph-uri=${encodeURIComponent(`${trapUrl}/g`)}&named-graph-uri=${encodeURIComponent(`${trapUrl}/h`)}`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0]?.n.value).toBe('0');
    expect(hits).toEqual([]);
  });
});

describe('JSON-LD contexts are never fetched', () => {
  const CONSTRUCT = 'CONSTRUCT WHERE { ?s <https://schema.org/name> ?o } LIMIT 3';
  it.each([
    ['a context URL', () => ({ '@context': `${trapUrl}/context.jsonld` })],
    ['a context URL in a list', () => ({ '@context': [`${trapUrl}/context.jsonld`, { x: 'http://x/' }] })],
    ['an @import', () => ({ '@context': { '@version': 1.1, '@import': `${trapUrl}/context.jsonld` } })],
    ['a scoped context URL', () => ({ '@context': { knows: { '@id': 'http://x/knows', '@context': `${trapUrl}/scoped.jsonld` } } })],
  ])('a frame with %s at /sparql: 400, nothing fetched', async (_name, frame) => {
    const r = await fetch(`${s.url}/sparql?query=${encodeURIComponent(CONSTRUCT)}&format=jsonld&frame=${encodeURIComponent(JSON.stringify(frame()))}`);
    expect(r.status).toBe(400);
    // Refused by our document loader, or rejected by jsonld.js before it would load anything.
    expect(await r.text()).toMatch(/^(the JSON-LD context <http:\/\/127\.0\.0\.1:\d+\/.*> is refused: this server never fetches documents|the JSON-LD frame was rejected: )/);
    expect(hits).toEqual([]);
  });

  it('a frame with a context URL on a resource\'s JSON-LD: 400, nothing fetched', async () => {
    const r = await fetch(`${s.url}/id/person/lay-chenda.jsonld?frame=${encodeURIComponent(JSON.stringify({ '@context': `${trapUrl}/c.jsonld` }))}`);
    expect(r.status).toBe(400);
    expect(hits).toEqual([]);
  });

  it('a data file whose @context is a URL: refused at start-up (exit 1), nothing fetched', async () => {
    const file = join(dist.dir, 'remote-context.jsonld');
    writeFileSync(file, JSON.stringify({ '@context': `${trapUrl}/context.jsonld`, '@id': 'http://example.org/x', name: 'X' }));
    const c = spawnCli(['serve', '--data', file, '--port', '0']);
    expect(await c.exit).toBe(1);
    expect(c.stderr()).toBe(`${file}: invalid JSON-LD: remote context <${trapUrl}/context.jsonld> refused: this server never fetches documents; inline the @context\n`);
    expect(hits).toEqual([]);
  });
});

describe('IRIs to describe', () => {
  it('/resource?iri= of a remote IRI: 404 from what the graph holds, nothing fetched', async () => {
    const r = await fetch(`${s.url}/resource?iri=${encodeURIComponent(`${trapUrl}/thing`)}`, { headers: { Accept: 'text/plain' } });
    expect(r.status).toBe(404);
    expect(hits).toEqual([]);
  });
});
