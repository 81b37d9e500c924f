// Read-only by default — and in fact always: this server has no update path at all (no SPARQL
// Update, no Graph Store Protocol, no write method on any route), so there is no admin token to
// guard one. The data changes only by rebuilding dist/ and restarting (THREAT_MODEL.md). Every way
// of asking for a change gets a 4xx with a message, and the data is the same afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/http/createApp.ts';
import { startLive, type LiveServer } from '../helpers/liveServer.ts';
import { buildTempDist, type BuiltDist } from '../helpers/serverProcess.ts';

let dist: BuiltDist;
let s: LiveServer;
let before: { triples: number; count: string };

const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';
async function count(): Promise<string> {
  const r = await fetch(`${s.url}/sparql?query=${encodeURIComponent(COUNT)}`, { headers: { Accept: 'text/tab-separated-values' } });
  return r.text();
}

beforeAll(async () => {
  dist = await buildTempDist();
  s = await startLive({ dist: dist.dir });
  before = { triples: s.graph.info.triples, count: await count() };
});
afterAll(async () => {
  await s?.close();
  await dist?.remove();
});

const UPDATES = [
  'INSERT DATA { <http://example.org/a> <http://example.org/b> "c" }',
  'DELETE WHERE { ?s ?p ?o }',
  'DELETE { ?s ?p ?o } INSERT { ?s ?p "x" } WHERE { ?s ?p ?o }',
  'LOAD <http://127.0.0.1:9/evil.ttl>',
  'CLEAR ALL', 'DROP DEFAULT', 'CREATE GRAPH <http://example.org/g>', 'ADD DEFAULT TO <http://example.org/g>',
  'MOVE DEFAULT TO <http://example.org/g>', 'COPY DEFAULT TO <http://example.org/g>',
];
const form = (body: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });

describe('no route takes a write', () => {
  it('the route table has GET everywhere and POST only on /sparql (queries)', () => {
    for (const r of ROUTES) {
      for (const m of r.methods) expect(m === 'GET' || (m === 'POST' && r.path === '/sparql')).toBe(true);
    }
  });

  it.each(UPDATES)('%s: 403 whichever way it is sent', async (update) => {
    const ways: Array<[string, RequestInit]> = [
      [`/sparql?query=${encodeURIComponent(update)}`, {}],
      ['/sparql', form(`query=${encodeURIComponent(update)}`)],
      ['/sparql', form(`update=${encodeURIComponent(update)}`)],
      [`/sparql?update=${encodeURIComponent(update)}`, {}],
      ['/sparql', { method: 'POST', headers: { 'Content-Type': 'application/sparql-update' }, body: update }],
      ['/sparql', { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: update }],
    ];
    for (const [path, init] of ways) {
      const r = await fetch(`${s.url}${path}`, init);
      expect(r.status).toBe(403);
      expect(await r.text()).toMatch(/^this endpoint is read-only: .*(refused|UPDATE)/);
    }
  });

  it.each([
    ['PUT', '/sparql?graph=http://example.org/g'], ['POST', '/sparql?graph=http://example.org/g'], ['DELETE', '/sparql?default'],
    ['PUT', '/data?graph=http://example.org/g'], ['PUT', '/rdf-graph-store?default'], ['PATCH', '/sparql'],
    ['PUT', '/dumps/asean-kg.ttl'], ['DELETE', '/dumps/asean-kg.ttl'], ['POST', '/dumps/'], ['PUT', '/void'], ['DELETE', '/ready'],
    ['PUT', '/'], ['POST', '/search?q=x'], ['DELETE', '/id/person/lay-chenda'], ['PUT', '/id/person/lay-chenda'], ['POST', '/ontology'],
    ['PUT', '/assets/site.css'], ['PUT', '/context.jsonld'],
  ])('%s %s: refused with a message (Graph Store Protocol and other writes)', async (method, path) => {
    const r = await fetch(`${s.url}${path}`, { method, headers: { 'Content-Type': 'text/turtle' }, body: '<http://example.org/a> <http://example.org/b> "c" .' });
    expect([400, 403, 404, 405, 415]).toContain(r.status);
    expect((await r.text()).trim()).not.toBe('');
  });

  it('the data is exactly as before', async () => {
    expect(s.graph.info.triples).toBe(before.triples);
    expect(await count()).toBe(before.count);
  });
});
