// Deterministic order and de-duplication of quads: the basis of byte-identical dumps.
import { DataFactory } from 'n3';
import type { Quad, Term } from '@rdfjs/types';

/** A sort key for a term: IRIs, then blank nodes, then literals (by value, datatype, language). */
function termKey(t: Term): string {
  switch (t.termType) {
    case 'NamedNode': return `0${t.value}`;
    case 'BlankNode': return `1${t.value}`;
    case 'Literal': return `2${t.value}\u0001${t.datatype.value}\u0001${t.language}`;
    case 'DefaultGraph': return '';
    default: return `3${t.value}`;
  }
}

const key = (q: Quad, withGraph: boolean) =>
  `${withGraph ? termKey(q.graph) : ''}\u0000${termKey(q.subject)}\u0000${termKey(q.predicate)}\u0000${termKey(q.object)}`;

/** Quads sorted by graph, subject, predicate, object, without duplicates. */
export function sortQuads(quads: Iterable<Quad>): Quad[] {
  return uniqueSorted(quads, true);
}

/** The union of all graphs as default-graph triples, sorted, without duplicates. */
export function unionTriples(quads: Iterable<Quad>): Quad[] {
  const triples: Quad[] = [];
  for (const q of quads) triples.push(DataFactory.quad(q.subject, q.predicate, q.object));
  return uniqueSorted(triples, false);
}

function uniqueSorted(quads: Iterable<Quad>, withGraph: boolean): Quad[] {
  const keyed = new Map<string, Quad>();
  for (const q of quads) keyed.set(key(q, withGraph), q);
  return [...keyed.keys()].sort(compareKeys).map((k) => keyed.get(k) as Quad);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
