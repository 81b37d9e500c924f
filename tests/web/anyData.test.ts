// The pages over the user's own RDF (`serve --data`): IRIs outside the base are described at
// /resource?iri=…, named graphs too, and the landing page shows only what the data has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, request, startServer, type TestServer } from '../http/helpers.ts';

let s: TestServer;
const EX = 'http://example.org/';

beforeAll(async () => {
  s = await startServer({ files: [fixture('small.trig')], base: 'http://127.0.0.1/' });
});
afterAll(async () => s?.close());

const resource = (iri: string, extra: Record<string, string> = {}) => `${s.url}/resource?${new URLSearchParams({ iri, ...extra })}`;

describe('any RDF data', () => {
  it('describes a resource outside the base, as HTML and as Turtle', async () => {
    const page = await request(resource(`${EX}alice`), { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Alice</h1>');
    expect(page.body).toContain(`href="/resource?${new URLSearchParams({ iri: `${EX}bob` })}"`);
    const ttl = await request(resource(`${EX}alice`, { format: 'ttl' }));
    expect(ttl.type).toBe('text/turtle');
    expect(ttl.body).toContain('foaf:knows <http://example.org/bob>');
  });

  it('describes a named graph with its statements', async () => {
    const r = await request(resource(`${EX}people`, { format: 'trig' }));
    expect(r.status).toBe(200);
    expect(r.body).toContain('<http://example.org/people> {');
  });

  it('answers 404 for an IRI the data does not mention', async () => {
    expect((await request(resource(`${EX}nobody`), { headers: { Accept: 'text/html' } })).status).toBe(404);
  });

  it('shows the counts the data has, and no meeting timeline when there are no meetings', async () => {
    const home = await request(`${s.url}/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain('data-count="triples">17<');
    expect(home.body).not.toContain('data-count="meetings"');
    expect(home.body).not.toContain('id="timeline"');
  });
});
