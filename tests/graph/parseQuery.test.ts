// Queries are classified from their parse: kind, FROM graphs, whether the answer can change between
// runs; updates and SERVICE are refused; the row limit goes in as a LIMIT on the parsed query.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.ts';
import { checkFromGraphs, parseQuery, withRowLimit } from '../../src/graph/parseQuery.ts';

const BASE = 'http://example.org/';

describe('parseQuery', () => {
  it.each([
    ['SELECT * WHERE { ?s ?p ?o }', 'SELECT'],
    ['ask {}', 'ASK'],
    ['CONSTRUCT WHERE { ?s ?p ?o }', 'CONSTRUCT'],
    ['DESCRIBE <x>', 'DESCRIBE'],
    ['# CONSTRUCT in a comment\nSELECT ("CONSTRUCT" AS ?x) {}', 'SELECT'],
    ['PREFIX s: <http://schema.org/>\n  select ?n where { ?x s:name ?n }', 'SELECT'],
  ])('%j is a %s', (text, kind) => {
    expect(parseQuery(text, BASE).kind).toBe(kind);
  });
  it.each([
    ['SELECT * WHERE { ?s ?p ?o }', true],
    ['SELECT (RAND() AS ?r) {}', false],
    ['SELECT ?s WHERE { ?s ?p ?o FILTER(?o < NOW()) }', false],
    ['SELECT (UUID() AS ?u) {}', false],
    ['SELECT * WHERE { { SELECT (STRUUID() AS ?u) {} } }', false],
    ['CONSTRUCT { _:b <p> ?o } WHERE { ?s ?p ?o }', false],
    ['CONSTRUCT { ?s <p> ?o } WHERE { ?s ?p ?o }', true],
    ['SELECT (BNODE() AS ?b) {}', false],
  ])('%j deterministic: %s', (text, deterministic) => {
    expect(parseQuery(text, BASE).deterministic).toBe(deterministic);
  });
  it('lists FROM and FROM NAMED, resolved against the base', () => {
    expect(parseQuery('SELECT * FROM <g1> FROM NAMED <http://x/g2> WHERE { ?s ?p ?o }', BASE).from).toEqual({ default: [`${BASE}g1`], named: ['http://x/g2'] });
  });
  it.each([
    ['CLEAR ALL', 403, 'this endpoint is read-only: the request is a SPARQL update (CLEAR), which is refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).'],
    ['DELETE WHERE { ?s ?p ?o }', 403, 'this endpoint is read-only: the request is a SPARQL update (DELETE WHERE), which is refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).'],
    ['INSERT { ?s <p> 1 } WHERE { ?s ?p ?o }; DROP ALL', 403, 'this endpoint is read-only: the request is a SPARQL update (DELETE/INSERT, DROP), which is refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).'],
    ['SELECT * WHERE { SERVICE <http://s/> { ?s ?p ?o } }', 403, 'SERVICE <http://s/> is refused: this endpoint does not send queries to other services. Query that service directly.'],
    ['SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s', 400, 'invalid SPARQL query: Projection of ungrouped variable (?x)'],
  ])('%j is refused with %i', (text, status, message) => {
    let error: unknown;
    try {
      parseQuery(text, BASE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status, message });
  });
  it.each([
    ['ASK {', 1, 6],
    ['SELECT *\nWHERE {\n  ?s ?p # no object\n}', 4, 1],
    ['SELECT * WHERE { ?s ?p ?o } LIMT 1', 1, 29],
  ])('a syntax error in %j is placed at line %i, column %i', (text, line, col) => {
    expect(() => parseQuery(text, BASE)).toThrow(new RegExp(`^SPARQL syntax error at line ${line}, column ${col}:\\n`));
  });
});

describe('withRowLimit', () => {
  it('adds LIMIT max+1 to a SELECT without a lower one', () => {
    const text = withRowLimit(parseQuery('SELECT * WHERE { ?s ?p ?o }', BASE), 10);
    expect(text).toMatch(/LIMIT 11$/);
    expect(parseQuery(text, BASE).ast).toMatchObject({ limit: 11 });
    expect(withRowLimit(parseQuery('SELECT * WHERE { ?s ?p ?o } LIMIT 500', BASE), 10)).toMatch(/LIMIT 11$/);
  });
  it('leaves a query with a lower LIMIT, and non-SELECT queries, as written', () => {
    const text = 'SELECT * WHERE { ?s ?p ?o } LIMIT 5';
    expect(withRowLimit(parseQuery(text, BASE), 10)).toBe(text);
    expect(withRowLimit(parseQuery('CONSTRUCT WHERE { ?s ?p ?o }', BASE), 10)).toBe('CONSTRUCT WHERE { ?s ?p ?o }');
  });
});

describe('checkFromGraphs', () => {
  it('allows graphs the dataset holds and refuses others', () => {
    const graphs = new Set([`${BASE}g1`]);
    expect(() => checkFromGraphs(parseQuery('SELECT * FROM <g1> {}', BASE), graphs)).not.toThrow();
    expect(() => checkFromGraphs(parseQuery('SELECT * FROM NAMED <http://elsewhere/> {}', BASE), graphs)).toThrow(/^FROM <http:\/\/elsewhere\/> is refused/);
  });
});
