// A remote server's answer, read as it arrives and written in our formats, equals what the embedded
// engine writes for the same query: SPARQL JSON from oxigraph is fed through the streaming reader in
// pieces of every size and must come out byte for byte as oxigraph's JSON, XML, CSV and TSV. Virtuoso's
// variants of the same terms (typed-literal, explicit xsd:string, nodeID:// blank nodes) come out the same.
import ox from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { JsonResultsReader, type ResultEvent } from '../../src/remote/JsonResultsReader.ts';
import { resultsOutput, triplesOutput, type ResultSummary, type Shape } from '../../src/remote/remoteResults.ts';
import { RESULTS_FORMATS, type ResultsFormatId } from '../../src/rdf/formats.ts';

const DATA = `<http://a> <http://p> "x\\ty\\n\\"q\\" \\\\ <b> & é" .
_:b1 <http://p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://a> <http://p> "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<http://a> <http://p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://a> <http://p> "1.0E3"^^<http://www.w3.org/2001/XMLSchema#double> .
<http://a> <http://p> "hi"@en-gb .
<http://a> <http://p> "2022"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<http://a> <http://p> "a,b" .
<http://a> <http://q> <http://b?x=1&y=2> .
`;

const store = new ox.Store();
store.load(DATA, { format: 'application/n-triples' });

const QUERIES = [
  'SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?o',
  'SELECT * WHERE { ?s <http://q> ?o }',
  'SELECT ?s WHERE { ?s <http://nothing> ?o }',
  'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
];

function mediaType(id: ResultsFormatId): string {
  return RESULTS_FORMATS.find((f) => f.id === id)?.mediaTypes[0] ?? '';
}

async function* pieces(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function run(json: string, shape: Shape, size: number): Promise<{ text: string; summary: ResultSummary }> {
  const summary: ResultSummary = { rows: null, truncated: null };
  const parts: Uint8Array[] = [];
  for await (const p of resultsOutput(pieces(json, size), shape, summary)) parts.push(p);
  return { text: Buffer.concat(parts).toString('utf8'), summary };
}

const shape = (format: ResultsFormatId, kind: 'SELECT' | 'ASK' = 'SELECT', maxRows = 1000, maxBytes = 1 << 20): Shape =>
  ({ kind, format, mediaType: mediaType(format), maxRows, maxBytes });

describe('remote results → our formats', () => {
  for (const query of QUERIES) {
    const json = store.query(query, { results_format: 'application/sparql-results+json' }) as string;
    for (const format of ['json', 'xml', 'csv', 'tsv'] as const) {
      it.each([1, 7, 64, 100_000])(`${format} of ${query} (pieces of %i bytes) equals oxigraph's`, async (size) => {
        const expected = store.query(query, { results_format: mediaType(format) }) as string;
        expect((await run(json, shape(format), size)).text).toBe(expected);
      });
    }
  }

  it.each(['json', 'xml'] as const)('ASK as %s equals oxigraph\'s', async (format) => {
    for (const q of ['ASK { ?s ?p ?o }', 'ASK { ?s <http://nothing> ?o }']) {
      const json = store.query(q, { results_format: 'application/sparql-results+json' }) as string;
      expect((await run(json, shape(format, 'ASK'), 3)).text).toBe(store.query(q, { results_format: mediaType(format) }));
    }
  });

  it('normalises Virtuoso\'s typed-literal, xsd:string, upper-case language tags and nodeID:// blank nodes', async () => {
    const virtuoso = `
{ "head": { "link": [], "vars": ["s", "l", "n", "t"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "s": { "type": "bnode", "value": "nodeID://b10000" }\t, "l": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#string", "value": "x" }\t, "n": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "4" }\t, "t": { "type": "literal", "xml:lang": "en-GB", "value": "colour" }} ] } }`;
    expect((await run(virtuoso, shape('tsv'), 5)).text).toBe('?s\t?l\t?n\t?t\n_:b10000\t"x"\t4\t"colour"@en-gb\n');
    expect(JSON.parse((await run(virtuoso, shape('json'), 5)).text).results.bindings[0]).toEqual({
      s: { type: 'bnode', value: 'b10000' }, l: { type: 'literal', value: 'x' },
      n: { type: 'literal', value: '4', datatype: 'http://www.w3.org/2001/XMLSchema#integer' }, t: { type: 'literal', value: 'colour', 'xml:lang': 'en-gb' },
    });
  });

  it('cuts at the row limit and at the byte limit on a row boundary, and says which', async () => {
    const json = store.query(QUERIES[0] ?? '', { results_format: 'application/sparql-results+json' }) as string;
    const byRows = await run(json, shape('tsv', 'SELECT', 3), 10);
    expect(byRows.summary).toEqual({ rows: 3, truncated: 'rows' });
    expect(byRows.text.split('\n').length).toBe(5);
    const byBytes = await run(json, shape('json', 'SELECT', 1000, 200), 10);
    expect(byBytes.summary.truncated).toBe('bytes');
    expect(Buffer.byteLength(byBytes.text)).toBeLessThanOrEqual(200);
    expect(JSON.parse(byBytes.text).results.bindings).toHaveLength(byBytes.summary.rows ?? -1);
  });

  it('refuses an answer that is not SPARQL JSON results with a 502', async () => {
    await expect(run('<html>oops</html>', shape('json'), 5)).rejects.toMatchObject({ status: 502 });
    await expect(run('{"head":{"vars":["a"]},"results":{"bindings":[{"a":', shape('json'), 5)).rejects.toMatchObject({ status: 502 });
  });
});

describe('streaming JSON reader', () => {
  it('emits the variables, each binding and the boolean however the text is split', () => {
    const text = '{"head":{"vars":["a"],"link":[]},"results":{"distinct":false,"bindings":[{"a":{"type":"literal","value":"}{\\"]["}},{}]}}';
    for (const size of [1, 2, 5, 1000]) {
      const r = new JsonResultsReader();
      const events: ResultEvent[] = [];
      for (let i = 0; i < text.length; i += size) events.push(...r.push(new TextEncoder().encode(text.slice(i, i + size))));
      events.push(...r.end());
      expect(events).toEqual([{ kind: 'vars', vars: ['a'] }, { kind: 'binding', binding: { a: { type: 'literal', value: '}{"][' } } }, { kind: 'binding', binding: {} }]);
    }
    const ask = new JsonResultsReader();
    expect([...ask.push(new TextEncoder().encode('{ "head": { "link": [] }, "boolean": false}')), ...ask.end()]).toEqual([{ kind: 'vars', vars: [] }, { kind: 'boolean', value: false }]);
  });
});

describe('remote triples → our formats', () => {
  const nt = store.query('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', { results_format: 'application/n-triples' }) as string;
  const triples = async (format: 'ntriples' | 'turtle', maxRows: number, contentType = 'application/n-triples') => {
    const summary: ResultSummary = { rows: null, truncated: null };
    const parts: Uint8Array[] = [];
    const mt = format === 'ntriples' ? 'application/n-triples' : 'text/turtle';
    for await (const p of triplesOutput(pieces(nt, 13), contentType, { kind: 'CONSTRUCT', format, mediaType: mt, maxRows, maxBytes: 1 << 20 }, summary)) parts.push(p);
    return { text: Buffer.concat(parts).toString('utf8'), summary };
  };
  it('passes N-Triples through, counted, and cuts at the row limit', async () => {
    expect((await triples('ntriples', 1000)).summary).toEqual({ rows: 9, truncated: null });
    const cut = await triples('ntriples', 4);
    expect(cut.summary).toEqual({ rows: 4, truncated: 'rows' });
    expect(cut.text.trim().split('\n')).toHaveLength(4);
  });
  it('converts to Turtle through a scratch store (the same graph)', async () => {
    const turtle = (await triples('turtle', 1000)).text;
    const back = new ox.Store();
    back.load(turtle, { format: 'text/turtle' });
    expect(back.size).toBe(9);
  });
});
