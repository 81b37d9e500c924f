// Content negotiation as a table: Accept header (or format parameter) → the chosen format or 406.
import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../src/http/dumpsRoute.ts';
import { byFormatParameter, negotiate, parseAccept } from '../../src/http/negotiate.ts';
import { RDF_FORMATS, RESULTS_FORMATS } from '../../src/rdf/formats.ts';

const ASK = RESULTS_FORMATS.filter((f) => f.id === 'json' || f.id === 'xml');
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('negotiate: SELECT results', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/sparql-results+json', 'json'],
    ['application/json', 'json'],
    ['application/sparql-results+xml', 'xml'],
    ['application/xml', 'xml'],
    ['text/csv', 'csv'],
    ['text/tab-separated-values', 'tsv'],
    ['TEXT/CSV', 'csv'],
    ['text/*', 'csv'],
    ['text/*;q=0.9, application/sparql-results+xml;q=0.5', 'csv'],
    ['application/sparql-results+xml;q=0.5, text/csv;q=0.6', 'csv'],
    ['application/sparql-results+json;q=0.1, application/sparql-results+xml', 'xml'],
    ['*/*;q=0.1, text/tab-separated-values', 'tsv'],
    ['application/sparql-results+json;q=0, */*', 'xml'],
    ['text/csv;q=0, text/*', 'tsv'],
    [BROWSER, 'xml'],
    ['application/json;charset=utf-8', 'json'],
    ['text/html', undefined],
    ['image/png, text/turtle', undefined],
    ['application/sparql-results+json;q=0', undefined],
    ['garbage', 'json'],
    ['text/csv;q=2', 'json'],
    ['text/csv;q=abc, text/tab-separated-values', 'tsv'],
  ])('Accept %j → %s', (accept, expected) => {
    expect(negotiate(accept, RESULTS_FORMATS)?.offer.id).toBe(expected);
  });
});

describe('negotiate: ASK results (no CSV/TSV for booleans)', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, 'json'],
    ['application/sparql-results+xml', 'xml'],
    ['text/csv', undefined],
    ['text/csv, */*;q=0.1', 'json'],
  ])('Accept %j → %s', (accept, expected) => {
    expect(negotiate(accept, ASK)?.offer.id).toBe(expected);
  });
});

describe('negotiate: CONSTRUCT/DESCRIBE graphs', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, 'turtle'],
    ['*/*', 'turtle'],
    ['text/turtle', 'turtle'],
    ['application/x-turtle', 'turtle'],
    ['application/n-triples', 'ntriples'],
    ['text/plain', 'ntriples'],
    ['application/n-quads', 'nquads'],
    ['application/trig', 'trig'],
    ['application/ld+json', 'jsonld'],
    ['application/rdf+xml', 'rdfxml'],
    ['application/rdf+xml;q=0.9, text/turtle;q=0.8', 'rdfxml'],
    ['application/ld+json, text/turtle', 'turtle'],
    ['application/*', 'ntriples'],
    ['application/sparql-results+json', undefined],
    [BROWSER, 'turtle'],
  ])('Accept %j → %s', (accept, expected) => {
    expect(negotiate(accept, RDF_FORMATS)?.offer.id).toBe(expected);
  });
});

describe('negotiate: the media type sent is one the client accepts', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'application/sparql-results+json'],
    ['*/*', 'application/sparql-results+json'],
    ['application/json', 'application/json'],
    ['application/xml', 'application/xml'],
    ['application/*', 'application/sparql-results+json'],
    ['application/json, application/sparql-results+json;q=0.9', 'application/json'],
  ])('SELECT, Accept %j → %s', (accept, expected) => {
    expect(negotiate(accept, RESULTS_FORMATS)?.mediaType).toBe(expected);
  });
  it.each<[string, string]>([
    ['text/plain', 'text/plain'],
    ['application/x-turtle', 'application/x-turtle'],
    ['text/*', 'text/turtle'],
  ])('CONSTRUCT, Accept %j → %s', (accept, expected) => {
    expect(negotiate(accept, RDF_FORMATS)?.mediaType).toBe(expected);
  });
});

describe('format parameter', () => {
  it.each<[string, string | undefined]>([
    ['json', 'json'], ['srj', 'json'], ['XML', 'xml'], ['csv', 'csv'], ['tsv', 'tsv'],
    ['application/sparql-results+json', 'json'], ['text/csv', 'csv'], ['turtle', undefined], ['', undefined],
  ])('SELECT format=%j → %s', (format, expected) => {
    expect(byFormatParameter(format, RESULTS_FORMATS)?.id).toBe(expected);
  });
  it.each<[string, string | undefined]>([
    ['ttl', 'turtle'], ['turtle', 'turtle'], ['nt', 'ntriples'], ['nq', 'nquads'], ['trig', 'trig'], ['jsonld', 'jsonld'],
    ['json-ld', 'jsonld'], ['rdf', 'rdfxml'], ['xml', 'rdfxml'], ['text/turtle', 'turtle'], ['csv', undefined],
  ])('CONSTRUCT format=%j → %s', (format, expected) => {
    expect(byFormatParameter(format, RDF_FORMATS)?.id).toBe(expected);
  });
});

describe('parseAccept', () => {
  it('reads ranges, lower-cases them and reads q', () => {
    expect(parseAccept('Text/HTML;level=1, */*;q=0.25')).toEqual([
      { type: 'text', subtype: 'html', q: 1 }, { type: '*', subtype: '*', q: 0.25 },
    ]);
  });
  it('skips malformed ranges and says when none is left', () => {
    expect(parseAccept('*/html, text, a/b/c')).toBeUndefined();
    expect(parseAccept(undefined)).toBeUndefined();
  });
});

describe('acceptsGzip', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false], ['', false], ['gzip', true], ['gzip, deflate, br', true], ['br;q=1, gzip;q=0.5', true],
    ['gzip;q=0', false], ['*', true], ['*;q=0', false], ['gzip;q=0, *', false], ['identity', false], ['x-gzip', true],
  ])('Accept-Encoding %j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
