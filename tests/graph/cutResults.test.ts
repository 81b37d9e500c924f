// Counting and cutting serialised results, per format, on the engine's own output.
import ox from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { cutResults, jsonRows, type RowsFormat } from '../../src/graph/cutResults.ts';

const store = new ox.Store();
store.load('<http://a> <http://p> "one" .\n<http://b> <http://p> "two\\nlines, \\"quoted\\"" .\n<http://c> <http://p> "<result>" .\n<http://d> <http://p> "four"@en .\n', { format: 'application/n-triples' });
const SELECT = 'SELECT ?s ?o WHERE { ?s <http://p> ?o } ORDER BY ?s';
const MEDIA: Record<Exclude<RowsFormat, 'ntriples'>, string> = {
  json: 'application/sparql-results+json', xml: 'application/sparql-results+xml', csv: 'text/csv', tsv: 'text/tab-separated-values',
};
const run = (format: keyof typeof MEDIA, query = SELECT) => store.query(query, { results_format: MEDIA[format] }) as string;

describe('cutResults', () => {
  it.each(Object.keys(MEDIA) as Array<keyof typeof MEDIA>)('%s: counts rows exactly (newlines, quotes and "<result>" in literals)', (format) => {
    const text = run(format);
    expect(cutResults(format, text, 100, 1e6)).toEqual({ text, rows: 4, truncated: null });
  });
  it.each(Object.keys(MEDIA) as Array<keyof typeof MEDIA>)('%s: an empty result has 0 rows', (format) => {
    expect(cutResults(format, run(format, 'SELECT ?s WHERE { ?s <http://nothing> ?o }'), 100, 1e6).rows).toBe(0);
  });
  it.each(Object.keys(MEDIA) as Array<keyof typeof MEDIA>)('%s: cut to 2 rows, the same as asking for 2', (format) => {
    const cut = cutResults(format, run(format), 2, 1e6);
    expect(cut.rows).toBe(2);
    expect(cut.truncated).toBe('rows');
    const limited = run(format, `${SELECT} LIMIT 2`);
    if (format === 'json') expect(JSON.parse(cut.text)).toEqual(JSON.parse(limited));
    else expect(cut.text).toBe(limited);
  });
  it.each(Object.keys(MEDIA) as Array<keyof typeof MEDIA>)('%s: cut by bytes at a row boundary', (format) => {
    const whole = run(format);
    const oneRow = run(format, `${SELECT} LIMIT 1`);
    const cut = cutResults(format, whole, 100, Buffer.byteLength(oneRow) + 5);
    expect(cut).toMatchObject({ rows: 1, truncated: 'bytes' });
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(Buffer.byteLength(oneRow) + 5);
  });
  it('SPARQL JSON rows are counted without parsing, as parsing counts them (braces, brackets, quotes and "bindings":[ inside literals; a variable named bindings)', () => {
    const tricky = new ox.Store();
    tricky.load([
      '<http://a> <http://p> "{[}]" .',
      '<http://b> <http://p> "\\\"bindings\\\":[{" .',
      '<http://c> <http://p> "ends with a backslash \\\\" .',
      '<http://d> <http://p> "\\"bindings\\":[{}, {}] and a brace }" .',
    ].join('\n'), { format: 'application/n-triples' });
    for (const query of [
      'SELECT ?bindings ?o WHERE { ?bindings <http://p> ?o }',
      'SELECT * WHERE { ?s <http://p> ?o OPTIONAL { ?s <http://q> ?x } }',
      'SELECT * WHERE { ?s <http://nothing> ?o }',
      'SELECT * WHERE {}',
      'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
    ]) {
      const text = tricky.query(query, { results_format: MEDIA.json }) as string;
      const parsed = (JSON.parse(text) as { results: { bindings: unknown[] } }).results.bindings.length;
      expect(jsonRows(text), query).toBe(parsed);
      expect(cutResults('json', text, 100, 1e6)).toEqual({ text, rows: parsed, truncated: null });
    }
    expect(jsonRows('{"head":{"vars":["s"]},"results":{"bindings":[{"s":')).toBeUndefined();
  });
  it('a byte limit below the header leaves no rows', () => {
    expect(cutResults('tsv', run('tsv'), 100, 3)).toMatchObject({ rows: 0, truncated: 'bytes' });
  });
  it('N-Triples: one triple per line', () => {
    const nt = store.query('CONSTRUCT WHERE { ?s ?p ?o }', { results_format: 'application/n-triples' }) as string;
    expect(cutResults('ntriples', nt, 100, 1e6).rows).toBe(4);
    const cut = cutResults('ntriples', nt, 3, 1e6);
    expect(cut).toMatchObject({ rows: 3, truncated: 'rows' });
    expect(cut.text.trim().split('\n')).toHaveLength(3);
  });
  it('TSV rows of a SELECT with no variables are empty lines, and count', () => {
    const tsv = store.query('SELECT * WHERE { ?s <http://p> ?o FILTER(false) } ', { results_format: 'text/tab-separated-values' }) as string;
    expect(cutResults('tsv', tsv, 10, 1e6).rows).toBe(0);
    const empty = store.query('SELECT * WHERE {}', { results_format: 'text/tab-separated-values' }) as string;
    expect(cutResults('tsv', empty, 10, 1e6).rows).toBe(1);
  });
});
