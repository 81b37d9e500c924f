// Every entity IRI of the dump, dereferenced as a browser and as an RDF client would: the HTML page
// answers 200 and names the entity; the Turtle parses and has statements whose subject is that IRI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/http/html.ts';
import { rdfs, schema, skos } from '../../src/vocab.ts';
import { follow, startWebServer, type WebServer } from './webServer.ts';

let s: WebServer;
let entities: Array<{ iri: string; name: string }>;

beforeAll(async () => {
  s = await startWebServer();
  const quads = new Parser({ format: 'N-Quads' }).parse(readFileSync(join(s.distDir, 'asean-kg.nq'), 'utf8'));
  const space = `${s.site.model.base}id/`;
  const names = new Map<string, Map<string, string>>();
  for (const q of quads) {
    if (!q.subject.value.startsWith(space)) continue;
    const byPredicate = names.get(q.subject.value) ?? new Map<string, string>();
    names.set(q.subject.value, byPredicate);
    if (q.object.termType === 'Literal' && !byPredicate.has(q.predicate.value)) byPredicate.set(q.predicate.value, q.object.value);
  }
  entities = [...names.entries()].map(([iri, byPredicate]) => ({
    iri,
    name: byPredicate.get(schema('name')) ?? byPredicate.get(skos('prefLabel')) ?? byPredicate.get(rdfs('label')) ?? iri.slice(iri.lastIndexOf('/') + 1),
  }));
});
afterAll(() => s.close());

/** Runs `task` over `items`, `width` at a time. */
async function pool<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  }));
}

describe('every entity IRI in the dump', () => {
  it('covers a real number of entities of every collection', () => {
    expect(entities.length).toBeGreaterThan(100);
    const collections = new Set(entities.map((e) => e.iri.split('/id/')[1]?.split('/')[0]));
    for (const c of ['meeting', 'person', 'body', 'country', 'document', 'decision', 'concept', 'source', 'provenance']) expect(collections).toContain(c);
  });

  it('dereferences as HTML: 200, a page that names it', async () => {
    const failures: string[] = [];
    await pool(entities, 8, async (e) => {
      const path = e.iri.slice(s.site.model.base.length - 1);
      const r = await follow(`${s.url}${path}`, { Accept: 'text/html' });
      if (r.status !== 200 || r.type !== 'text/html' || !r.body.includes(`<h1>${escapeHtml(e.name)}</h1>`)) failures.push(`${e.iri}: ${r.status} ${r.type}`);
    });
    expect(failures).toEqual([]);
  });

  it('dereferences as Turtle: 200, parseable, with statements whose subject is the IRI', async () => {
    const failures: string[] = [];
    await pool(entities, 8, async (e) => {
      const path = e.iri.slice(s.site.model.base.length - 1);
      const r = await follow(`${s.url}${path}`, { Accept: 'text/turtle' });
      if (r.status !== 200 || r.type !== 'text/turtle') {
        failures.push(`${e.iri}: ${r.status} ${r.type}`);
        return;
      }
      const quads = new Parser({ baseIRI: s.site.model.base }).parse(r.body);
      if (!quads.some((q) => q.subject.value === e.iri)) failures.push(`${e.iri}: no statement about it`);
    });
    expect(failures).toEqual([]);
  });
});
