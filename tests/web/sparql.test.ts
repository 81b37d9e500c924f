// The web layer's queries: built by sparqljs from objects, IRIs checked so that no text can break
// out of <…>, literals escaped by the generator; and the engine's TSV answers read back as terms.
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.ts';
import { bgp, filter, call, iri, parseTsv, select, toText, triple, tsvTerm, v } from '../../src/web/sparql.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('building queries', () => {
  it('writes IRIs and literals as terms', () => {
    const q = select(['p', 'o'], [bgp(triple(iri('http://example.org/a'), v('p'), v('o'))), filter(call('=', v('o'), DataFactory.literal('say "hi"\n} #')))]);
    expect(toText(q)).toBe('SELECT ?p ?o WHERE {\n  <http://example.org/a> ?p ?o.\n  FILTER(?o = "say \\"hi\\"\\n} #")\n}');
  });

  it.each([['http://x/a> } ; DROP ALL #'], ['http://x/a b'], ['http://x/"'], ['http://x/{'], ['http://x/\n'], ['http://x/a\\u003e']])('refuses %j as an IRI with 400', (text) => {
    let error: unknown;
    try {
      iri(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).message).toBe(`not an IRI that can be looked up: ${JSON.stringify(text)} (a character IRIs may not hold)`);
  });
});

describe('reading TSV answers', () => {
  it.each([
    ['<http://example.org/a>', { termType: 'NamedNode', value: 'http://example.org/a' }],
    ['_:b0', { termType: 'BlankNode', value: 'b0' }],
    ['"plain"', { termType: 'Literal', value: 'plain', language: '' }],
    ['"x\\ty\\n\\"q\\" \\\\ é \\u00e9"@en', { termType: 'Literal', value: 'x\ty\n"q" \\ é é', language: 'en' }],
    ['"2022-04-20"^^<http://www.w3.org/2001/XMLSchema#date>', { termType: 'Literal', value: '2022-04-20', datatype: { value: `${XSD}date` } }],
    ['42', { termType: 'Literal', value: '42', datatype: { value: `${XSD}integer` } }],
    ['-1.5', { termType: 'Literal', value: '-1.5', datatype: { value: `${XSD}decimal` } }],
    ['1.0E3', { termType: 'Literal', value: '1.0E3', datatype: { value: `${XSD}double` } }],
    ['true', { termType: 'Literal', value: 'true', datatype: { value: `${XSD}boolean` } }],
  ])('%s', (cell, term) => {
    expect(tsvTerm(cell)).toMatchObject(term);
  });

  it('reads rows by variable, with unbound cells left out', () => {
    const rows = parseTsv('?s\t?o\n<http://a>\t"x"\n<http://b>\t\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.['o']?.value).toBe('x');
    expect(rows[1]).not.toHaveProperty('o');
  });

  it('refuses a cell it cannot read', () => {
    expect(() => tsvTerm('what?')).toThrow('unreadable term in the engine\'s TSV answer: what?');
  });
});
