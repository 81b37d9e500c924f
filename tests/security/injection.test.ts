// SPARQL injection against the search and entity routes: quotes, braces, `>`, newlines, `#`
// comments, backslashes and whole query fragments in the user's text. Search never builds a query
// (an in-memory index); the entity routes put an IRI into a query only as a term the engine's own
// parser accepts. So each answer is the right one — results for the words in the text, a 404 for
// an unknown resource, a 400 for text that is no IRI — and no query ever fails (no query error in
// any response or in the log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leak } from '../helpers/fuzzRunner.ts';
import { startLive, type LiveServer } from '../helpers/liveServer.ts';
import { buildTempDist, REPO, type BuiltDist } from '../helpers/serverProcess.ts';

let dist: BuiltDist;
let s: LiveServer;
beforeAll(async () => {
  dist = await buildTempDist();
  s = await startLive({ dist: dist.dir });
});
afterAll(async () => {
  const queryErrors = s.logs.filter((l) => /SPARQL syntax error|query engine|invalid SPARQL/.test(String(l['error'] ?? '')) || (l['status'] as number) >= 500);
  await s?.close();
  await dist?.remove();
  expect(queryErrors).toEqual([]);
});

const FRAGMENTS = [
  '"', "'", '"""', '\\', '\\"', '>', '<', '{', '}', '"}', '"} ; DROP ALL #', '" . } UNION { ?s ?p ?o } #', '> } # ', '\n', '\r\n', '#', '# }',
  '"@en', '"^^<http://www.w3.org/2001/XMLSchema#integer>', ') } SERVICE <http://127.0.0.1:9/> { ?x ?y ?z } #', '\u0000', '\u202e', '%', '%00', '$x', '?s',
];

interface Hit { iri: string; label: string; matched: string }
async function search(q: string): Promise<{ status: number; count: number; results: Hit[] }> {
  const r = await fetch(`${s.url}/search?q=${encodeURIComponent(q)}&format=json`);
  const body = await r.text();
  expect(leak(body, REPO)).toBeUndefined();
  if (r.status !== 200) return { status: r.status, count: 0, results: [] };
  const json = JSON.parse(body) as { count: number; results: Hit[] };
  return { status: r.status, count: json.count, results: json.results };
}

/** Fragments without letters or digits: search ignores punctuation, so they must not change what is found. */
const PUNCTUATION = FRAGMENTS.filter((f) => !/[\p{L}\p{N}]/u.test(f));

describe('search', () => {
  it.each(PUNCTUATION)('"ADSOM WG" with %j around it still finds the ADSOM WG, as JSON and as escaped HTML', async (fragment) => {
    const found = await search(`${fragment}ADSOM WG${fragment}`);
    expect(found.status).toBe(200);
    expect(found.results.map((h) => h.matched)).toContain('ADSOM WG');
    const html = await fetch(`${s.url}/search?q=${encodeURIComponent(`${fragment}<script>alert(1)</script>ADSOM`)}`, { headers: { Accept: 'text/html' } });
    expect(html.status).toBe(200);
    const page = await html.text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it.each(FRAGMENTS.filter((f) => !PUNCTUATION.includes(f)))('"ADSOM WG" with %j around it: 200, and only what also has those words (search needs every word)', async (fragment) => {
    const found = await search(`${fragment}ADSOM WG${fragment}`);
    expect(found.status).toBe(200);
    expect(found.count).toBe(found.results.length);
  });

  it.each(FRAGMENTS)('%j alone: 200, a well-formed answer', async (fragment) => {
    const found = await search(fragment);
    expect(found.status).toBe(200);
    expect(found.count).toBe(found.results.length);
  });
});

describe('entity routes', () => {
  const BASE = 'https://w3id.org/asean-kg/id/';
  it.each(FRAGMENTS.filter((f) => f !== '\u0000'))('/id/person/lay-chenda + %j: 404 (no such resource), never a query error', async (fragment) => {
    const r = await fetch(`${s.url}/id/person/lay-chenda${encodeURIComponent(fragment)}`, { headers: { Accept: 'text/plain' }, redirect: 'manual' });
    expect(r.status).toBe(404);
    expect(await r.text()).toMatch(/^no resource <.*> in this dataset/);
  });

  it.each(FRAGMENTS)('/resource?iri= a known IRI + %j: 400 (not an IRI) or 404, never a query error', async (fragment) => {
    const r = await fetch(`${s.url}/resource?iri=${encodeURIComponent(`${BASE}person/lay-chenda${fragment}`)}`, { headers: { Accept: 'text/plain' }, redirect: 'manual' });
    const body = await r.text();
    expect([400, 404]).toContain(r.status);
    if (r.status === 400) expect(body).toMatch(/^not an IRI that can be looked up: /);
    else expect(body).toMatch(/^no resource </);
  });

  it.each(FRAGMENTS)('/browse?class= + %j: 404, never a query error', async (fragment) => {
    const r = await fetch(`${s.url}/browse?class=${encodeURIComponent(`https://schema.org/Person${fragment}`)}`, { headers: { Accept: 'text/plain' } });
    expect(r.status).toBe(404);
  });

  it('the untouched IRIs still answer (the guard is not simply closed)', async () => {
    expect((await fetch(`${s.url}/id/person/lay-chenda`, { headers: { Accept: 'text/turtle' }, redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${s.url}/resource?iri=${encodeURIComponent(`${BASE}person/lay-chenda`)}`, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${s.url}/browse?class=${encodeURIComponent('https://schema.org/Person')}`)).status).toBe(200);
  });
});
