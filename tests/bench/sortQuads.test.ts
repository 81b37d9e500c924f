// The fast quad sort (term ranks + radix sort) gives exactly the order and the de-duplication of
// the reference sort by string keys, which the dumps' byte-identity rests on.
import { DataFactory } from 'n3';
import type { Quad, Quad_Graph, Quad_Object } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import { sortQuads, sortQuadsByKeys, SortedQuads, unionTriples } from '../../src/rdf/sortQuads.ts';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;

function randomQuads(n: number, seed: number, withNul = false): Quad[] {
  let s = seed;
  const rnd = (k: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  const iris = ['http://a/', 'http://a/b', 'http://a/b/c', 'http://a/ba', 'http://b/', 'https://a/', 'http://a/b#x', 'http://a/\u00e9'];
  const values = ['', 'a', 'ab', 'a b', 'a\u0001b', 'B', '\u00e9', '"q"', '10', '9', withNul ? 'a\u0000b' : 'a\u0002'];
  const datatypes = ['http://www.w3.org/2001/XMLSchema#string', 'http://www.w3.org/2001/XMLSchema#integer', 'http://x/dt'];
  const term = (): Quad_Object => {
    switch (rnd(3)) {
      case 0: return namedNode(iris[rnd(iris.length)] as string);
      case 1: return blankNode(`b${rnd(4)}`);
      default: return rnd(2) === 0
        ? literal(values[rnd(values.length)] as string, ['en', 'en-gb', 'km'][rnd(3)] as string)
        : literal(values[rnd(values.length)] as string, namedNode(datatypes[rnd(datatypes.length)] as string));
    }
  };
  const graph = (): Quad_Graph => (rnd(4) === 0 ? defaultGraph() : namedNode(iris[rnd(iris.length)] as string));
  const out: Quad[] = [];
  for (let i = 0; i < n; i++) {
    const subject = rnd(4) === 0 ? blankNode(`b${rnd(4)}`) : namedNode(iris[rnd(iris.length)] as string);
    out.push(quad(subject, namedNode(iris[rnd(3)] as string), term(), graph()));
  }
  return out;
}

const show = (qs: readonly Quad[]) => qs.map((q) => [q.graph, q.subject, q.predicate, q.object].map((t) => `${t.termType}:${t.value}:${t.termType === 'Literal' ? `${t.datatype.value}@${t.language}` : ''}`).join(' '));

describe('sortQuads', () => {
  it('orders and de-duplicates exactly like the string-key reference', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const quads = randomQuads(3000, seed);
      expect(show(sortQuads(quads))).toEqual(show(sortQuadsByKeys(quads, true)));
      expect(show(unionTriples(quads))).toEqual(show(sortQuadsByKeys(quads, false)));
    }
  });

  it('keeps the last of equal quads, as the reference does', () => {
    const a = quad(namedNode('http://a/'), namedNode('http://p/'), literal('x'), namedNode('http://g/'));
    const b = quad(namedNode('http://a/'), namedNode('http://p/'), literal('x'), namedNode('http://g/'));
    expect(sortQuads([a, b])[0]).toBe(b);
  });

  it('falls back to the reference when a term holds U+0000', () => {
    const quads = randomQuads(2000, 7, true);
    expect(show(sortQuads(quads))).toEqual(show(sortQuadsByKeys(quads, true)));
    expect(show(unionTriples(quads))).toEqual(show(sortQuadsByKeys(quads, false)));
  });

  it('SortedQuads sorts once and serves both orders', () => {
    const quads = randomQuads(500, 9);
    const sorted = new SortedQuads(quads);
    expect(sorted.quads()).toBe(sorted.quads());
    expect(show(sorted.triples())).toEqual(show(unionTriples(quads)));
  });

  it('gives each row the term ids of its terms: equal ids exactly for equal terms, 0 for the default graph', () => {
    for (const withNul of [false, true]) {
      const data = new SortedQuads(randomQuads(3000, 11, withNul));
      const key = (t: Quad['graph'] | Quad['object']) => `${t.termType}:${t.value}:${t.termType === 'Literal' ? `${t.datatype.value}@${t.language}` : ''}`;
      const byKey = new Map<string, number>();
      const byId = new Map<number, string>();
      for (const [rows, withGraph] of [[data.quadRows(), true], [data.tripleRows(), false]] as const) {
        expect(rows.quads.length).toBe(withGraph ? data.quads().length : data.triples().length);
        rows.quads.forEach((q, i) => {
          const terms = [q.graph, q.subject, q.predicate, q.object] as const;
          for (let k = withGraph ? 0 : 1; k < 4; k++) {
            const id = rows.ids[4 * i + k] as number;
            const t = terms[k] as Quad['object'] | Quad['graph'];
            expect(id).toBeLessThan(data.termCount);
            if (t.termType === 'DefaultGraph') expect(id).toBe(0);
            expect(byKey.get(key(t)) ?? id).toBe(id);
            expect(byId.get(id) ?? key(t)).toBe(key(t));
            byKey.set(key(t), id);
            byId.set(id, key(t));
          }
          if (!withGraph) expect(rows.ids[4 * i]).toBe(0);
        });
      }
      // The rows of triples are the triples, in the same order.
      expect(show(data.tripleRows().quads.map((q) => quad(q.subject, q.predicate, q.object)))).toEqual(show(data.triples()));
    }
  });
});
