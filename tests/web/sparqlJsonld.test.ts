// JSON-LD answers at /sparql: CONSTRUCT and DESCRIBE results compacted with the dataset's published
// context, and shaped by a `frame` parameter; a bad frame is a 400. Through the whole app (createApp).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { q, request, startServer, type TestServer } from '../http/helpers.ts';
import { buildDist } from './webServer.ts';

let s: TestServer;
let remove: () => Promise<void>;
const BASE = 'https://w3id.org/asean-kg/';
const CONSTRUCT = `PREFIX akg: <https://w3id.org/asean-kg/ontology#>
PREFIX schema: <https://schema.org/>
CONSTRUCT { ?m akg:chairedBy ?p . ?p schema:name ?n . ?m schema:name ?mn } WHERE { ?m akg:chairedBy ?p . ?p schema:name ?n . ?m schema:name ?mn }`;

beforeAll(async () => {
  const dist = await buildDist();
  remove = dist.remove;
  s = await startServer({ dist: dist.dir });
});
afterAll(async () => {
  await s?.close();
  await remove?.();
});

describe('JSON-LD at /sparql', () => {
  it('compacts CONSTRUCT results with the published context', async () => {
    const r = await request(`${s.url}/sparql${q(CONSTRUCT)}`, { headers: { Accept: 'application/ld+json' } });
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/ld+json');
    const doc = JSON.parse(r.body) as { '@context': string; '@graph': Array<Record<string, unknown>> };
    expect(doc['@context']).toBe(`${BASE}context.jsonld`);
    expect(doc['@graph'].find((n) => n['id'] === 'id/meeting/adsom-wg-2022-04')?.['chairedBy']).toBe('id/person/lay-chenda');
  });

  it('frames them when asked: meetings on top with their chair embedded', async () => {
    const frame = JSON.stringify({ '@type': [], chairedBy: { '@embed': '@always' }, '@requireAll': false, name: {} });
    const r = await request(`${s.url}/sparql${q(CONSTRUCT, `&format=jsonld&${new URLSearchParams({ frame })}`)}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('"name": "Lay Chenda"');
    const withFrame = r.headers.get('etag');
    const without = await request(`${s.url}/sparql${q(CONSTRUCT, '&format=jsonld')}`);
    expect(without.headers.get('etag')).not.toBe(withFrame);
  });

  it('answers 400 for a frame that is not a JSON object', async () => {
    const r = await request(`${s.url}/sparql${q(CONSTRUCT, `&format=jsonld&${new URLSearchParams({ frame: '"x"' })}`)}`);
    expect(r.status).toBe(400);
    expect(r.body).toBe('the frame parameter must be a JSON object (a JSON-LD frame), e.g. {"@type": "Meeting"}\n');
  });

  it('serves the landing page and dereferences IRIs through the whole app', async () => {
    const home = await request(`${s.url}/`);
    expect(home.status).toBe(200);
    expect(home.body).toContain('data-count="meetings"');
    const person = await request(`${s.url}/id/person/lay-chenda`, { headers: { Accept: 'text/turtle' }, redirect: 'manual' });
    expect(person.status).toBe(303);
  });
});
