// Test helper: parse a dump with an independent parser and return its quads.
import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import * as $rdf from 'rdflib';
import type { Quad } from '@rdfjs/types';
import type { RdfFormatId } from '../../src/rdf/formats.ts';

const N3_NAMES: Partial<Record<RdfFormatId, string>> = {
  turtle: 'Turtle', ntriples: 'N-Triples', nquads: 'N-Quads', trig: 'application/trig',
};

/** Quads of a dump, read with n3 (Turtle family), jsonld.js (JSON-LD) or rdflib (RDF/XML). */
export async function parseDump(path: string, format: RdfFormatId): Promise<{ count: number; quads?: Quad[] }> {
  const text = readFileSync(path, 'utf8');
  const n3Name = N3_NAMES[format];
  if (n3Name) {
    const quads = new Parser({ format: n3Name }).parse(text);
    return { count: quads.length, quads };
  }
  if (format === 'jsonld') {
    const nquads = (await jsonld.toRDF(JSON.parse(text) as object, {
      format: 'application/n-quads',
      documentLoader: () => Promise.reject(new Error('no remote contexts in tests')),
    })) as unknown as string;
    const quads = new Parser({ format: 'N-Quads' }).parse(nquads);
    return { count: quads.length, quads };
  }
  const store = $rdf.graph();
  $rdf.parse(text, store, 'https://example.org/', 'application/rdf+xml');
  return { count: store.statements.length };
}
