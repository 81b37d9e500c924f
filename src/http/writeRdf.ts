// Serialises the small documents the server writes itself (service description, VoID) in any RDF
// format: Turtle/TriG/N-Triples/N-Quads through n3's Writer (with prefixes, for people), JSON-LD and
// RDF/XML through a scratch oxigraph store. Query results never come here: the workers write those.
import { Writer } from 'n3';
import ox from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import type { RdfFormat } from '../rdf/formats.ts';

const N3_NAMES: Readonly<Record<string, string>> = {
  turtle: 'Turtle', trig: 'application/trig', ntriples: 'N-Triples', nquads: 'N-Quads',
};

export function writeRdf(quads: readonly Quad[], format: RdfFormat, prefixes: Readonly<Record<string, string>>): string {
  const n3Name = N3_NAMES[format.id];
  if (n3Name) {
    const pretty = format.id === 'turtle' || format.id === 'trig';
    const grouped = groupBySubject(quads);
    const writer = new Writer({ format: n3Name, ...(pretty ? { prefixes: usedPrefixes(grouped, prefixes) } : {}) });
    writer.addQuads(grouped);
    let out = '';
    writer.end((error, result: string) => {
      if (error) throw error;
      out = result;
    });
    return out;
  }
  const store = new ox.Store(quads.map((q) => ox.fromQuad(q) as ox.Quad));
  const mediaType = format.mediaTypes[0] ?? '';
  return format.quads ? store.dump({ format: mediaType }) : store.dump({ format: mediaType, from_graph_name: ox.defaultGraph() });
}

/** Quads of one subject together, and of one predicate within it (first-seen order kept), so that Turtle can group them. */
function groupBySubject(quads: readonly Quad[]): Quad[] {
  const groups = new Map<string, Map<string, Quad[]>>();
  for (const q of quads) {
    const key = `${q.graph.value}\u0000${q.subject.termType}\u0000${q.subject.value}`;
    const bySubject = groups.get(key) ?? new Map<string, Quad[]>();
    groups.set(key, bySubject);
    bySubject.set(q.predicate.value, [...(bySubject.get(q.predicate.value) ?? []), q]);
  }
  return [...groups.values()].flatMap((m) => [...m.values()].flat());
}

/** Only the prefixes whose namespace some IRI in the document starts with. */
function usedPrefixes(quads: readonly Quad[], prefixes: Readonly<Record<string, string>>): Record<string, string> {
  const iris = new Set<string>();
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, q.graph]) {
      if (t.termType === 'NamedNode') iris.add(t.value);
      if (t.termType === 'Literal') iris.add(t.datatype.value);
    }
  }
  return Object.fromEntries(Object.entries(prefixes).filter(([, ns]) => [...iris].some((iri) => iri.startsWith(ns))));
}
