// Content negotiation for resources, as a table: Accept header (or format parameter) → the variant
// served, or 406; and which suffixes name a document.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.ts';
import { chooseVariant, splitSuffix, VARIANTS } from '../../src/web/variants.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const RAPPER = 'application/rdf+xml, text/turtle;q=0.9, application/n-triples;q=0.8, */*;q=0.1';

const ACCEPT: ReadonlyArray<[string | undefined, string]> = [
  [undefined, 'html'],
  ['*/*', 'html'],
  [BROWSER, 'html'],
  ['text/turtle', 'turtle'],
  ['application/x-turtle', 'turtle'],
  ['application/ld+json', 'jsonld'],
  ['application/json', 'jsonld'],
  ['application/n-triples', 'ntriples'],
  ['text/plain', 'ntriples'],
  ['application/rdf+xml', 'rdfxml'],
  ['application/trig', 'trig'],
  ['application/n-quads', 'nquads'],
  [RAPPER, 'rdfxml'],
  ['text/turtle;q=0.5, application/ld+json', 'jsonld'],
  ['text/*', 'html'],
  ['text/html;q=0, */*', 'turtle'],
  ['application/*', 'jsonld'],
];

describe('choosing a representation', () => {
  it.each(ACCEPT)('Accept %s → %s', (accept, id) => {
    expect(chooseVariant(accept, undefined, VARIANTS, 'x').id).toBe(id);
  });

  it.each([['image/png'], ['application/pdf, image/*'], ['text/html;q=0, text/turtle;q=0, application/*;q=0, text/plain;q=0']])('Accept %s → 406 listing the offers', (accept) => {
    let error: unknown;
    try {
      chooseVariant(accept, undefined, VARIANTS, '<x>');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(406);
    expect((error as HttpError).message).toBe(`none of the types in Accept "${accept}" is offered for <x>. Offered: text/html (format=html), text/turtle (format=turtle), application/ld+json (format=jsonld), application/n-triples (format=ntriples), application/rdf+xml (format=rdfxml), application/trig (format=trig), application/n-quads (format=nquads)`);
  });

  it.each([['ttl', 'turtle'], ['turtle', 'turtle'], ['jsonld', 'jsonld'], ['json-ld', 'jsonld'], ['nt', 'ntriples'], ['rdf', 'rdfxml'], ['xml', 'rdfxml'], ['trig', 'trig'], ['nq', 'nquads'], ['html', 'html'], ['text/turtle', 'turtle']])('format=%s → %s, whatever Accept says', (format, id) => {
    expect(chooseVariant('text/html', format, VARIANTS, 'x').id).toBe(id);
  });

  it('refuses an unknown format parameter with 406', () => {
    expect(() => chooseVariant(undefined, 'pdf', VARIANTS, '<x>')).toThrow(/^format "pdf" is not offered for <x>\. Offered: text\/html/);
  });
});

describe('suffixes', () => {
  it.each([
    ['/id/person/lay-chenda.ttl', '/id/person/lay-chenda', 'turtle'],
    ['/id/person/lay-chenda.jsonld', '/id/person/lay-chenda', 'jsonld'],
    ['/id/person/lay-chenda.nt', '/id/person/lay-chenda', 'ntriples'],
    ['/id/person/lay-chenda.rdf', '/id/person/lay-chenda', 'rdfxml'],
    ['/id/person/lay-chenda.trig', '/id/person/lay-chenda', 'trig'],
    ['/id/person/lay-chenda.nq', '/id/person/lay-chenda', 'nquads'],
    ['/id/person/lay-chenda.html', '/id/person/lay-chenda', 'html'],
    ['/graph/meta.TTL', '/graph/meta', 'turtle'],
  ])('%s is %s as %s', (path, stem, id) => {
    expect(splitSuffix(path)).toMatchObject({ path: stem, variant: { id } });
  });

  it.each([['/id/person/lay-chenda'], ['/id/person/lay-chenda.pdf'], ['/id/v1.2/x'], ['/dataset']])('%s has no suffix of ours', (path) => {
    expect(splitSuffix(path)).toBeUndefined();
  });
});
