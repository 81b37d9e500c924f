// Chunked loading keeps every quad and every blank-node label, so that every worker holds the same
// store and answers the same query with the same bytes.
import ox from 'oxigraph';
import { describe, expect, it } from 'vitest';
import { lineChunks, loadNquads } from '../../src/graph/loadNquads.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('lineChunks', () => {
  it.each<[string, number, Array<[number, number]>]>([
    ['a\nb\nc\n', 2, [[0, 4], [4, 6]]],
    ['a\nb\nc', 2, [[0, 4], [4, 5]]],
    ['a\nb\n', 2, [[0, 4]]],
    ['', 2, []],
    ['abc', 5, [[0, 3]]],
  ])('%j in chunks of %i lines', (text, n, expected) => {
    expect(lineChunks(enc(text), n)).toEqual(expected);
  });
});

describe('loadNquads', () => {
  const lines = [
    '<http://a> <http://p> "1" .',
    '_:x <http://p> "2" <http://g> .',
    '<http://b> <http://p> "text with _:notablank" .',
    '<http://c> <http://p> _:y .',
    '_:x <http://q> _:y .',
    '<http://d> <http://p> "4"@en <http://g> .',
  ];
  it('loads every quad, in chunks of any size', () => {
    for (const size of [1, 2, 4, 100]) {
      const store = new ox.Store();
      expect(loadNquads(store, enc(`${lines.join('\n')}\n`), size)).toBe(6);
    }
  });
  it('keeps blank-node labels, so two loads give identical stores', () => {
    const dump = (size: number) => {
      const store = new ox.Store();
      loadNquads(store, enc(`${lines.join('\n')}\n`), size);
      return store.query('SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o', { results_format: 'text/tab-separated-values' }) as string;
    };
    expect(dump(2)).toBe(dump(3));
    expect(dump(2)).toContain('_:x');
  });
  it('reads from a SharedArrayBuffer without copying it first', () => {
    const bytes = enc(`${lines.join('\n')}\n`);
    const shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
    expect(loadNquads(new ox.Store(), new Uint8Array(shared), 2)).toBe(6);
  });
});
