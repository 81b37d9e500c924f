// The nesting guard that runs before the parser: depth counted outside strings, IRIs and comments,
// linear in the query's length, and the 400 a too-deep query gets.
import { describe, expect, it } from 'vitest';
import { checkQueryDepth, MAX_QUERY_DEPTH, queryDepth } from '../../src/graph/queryDepth.ts';
import { HttpError } from '../../src/errors.ts';

describe('queryDepth', () => {
  it.each([
    ['ASK {}', 1],
    ['SELECT * WHERE { ?s ?p ?o FILTER((?o > 1)) }', 3],
    ['SELECT * WHERE { { SELECT ?s WHERE { ?s ?p [ ?q ?r ] } } }', 4],
    ['ASK { ?s ?p "{{{{((((" }', 1],
    ["ASK { ?s ?p '''\n((((\n''' }", 1],
    ['ASK { ?s ?p "a\\"((((" }', 1],
    ['ASK { ?s <http://x/((((> ?o }', 1],
    ['ASK { FILTER(?a <?b) }', 2],
    ['ASK { # {{{{{{\n ?s ?p ?o }', 1],
    ['}}}} ASK { ?s ?p ?o }', 1],
  ])('%j nests %i deep', (text, depth) => {
    expect(queryDepth(text)).toBe(depth);
  });

  it('is linear: 100,000 nested groups are measured in well under a second', () => {
    const text = `SELECT * WHERE {${' {'.repeat(100_000)}${' }'.repeat(100_000)} }`;
    const started = performance.now();
    expect(queryDepth(text)).toBe(100_001);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a query deeper than the limit is a 400 that says what to do', () => {
    const text = `ASK { FILTER(${'('.repeat(MAX_QUERY_DEPTH)}1${')'.repeat(MAX_QUERY_DEPTH)}) }`;
    let error: unknown;
    try {
      checkQueryDepth(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).message).toBe(`the query nests brackets ${MAX_QUERY_DEPTH + 2} levels deep; the limit is ${MAX_QUERY_DEPTH}. Flatten it (fewer nested groups, sub-queries or parentheses).`);
    expect(() => checkQueryDepth(`ASK { FILTER(${'('.repeat(MAX_QUERY_DEPTH - 2)}1${')'.repeat(MAX_QUERY_DEPTH - 2)}) }`)).not.toThrow();
  });
});
